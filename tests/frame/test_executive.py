"""Blocks: FRAME's execution order, signed extrinsic checks, inherents, and rejected blocks leaving no trace."""

import attrs
import pytest

from frame import InvalidBlock, RuntimeEvent
from frame import extrinsic as xt
from frame.block import Block
from frame.dispatch import BadOriginError, ModuleError, ModuleErrorInfo
from frame.executive import BlockBuildingError
from frame.system import ApplyExtrinsic, ExtrinsicFailed, ExtrinsicSuccess, Initialization, System
from frame.trie import ordered_trie_root
from pallets.example import Counter, TooLarge, ValueStored
from primitives.scale import bytes_codec
from tests.harness.runtime import ALICE, BOB, DAVE, Clock, TestRuntime, new_chain, tick


def build(chain, *extrinsics, inherents=None):
    # the tests look at `.dropped` themselves: no warning
    return chain.build_block([tick(chain)] if inherents is None else inherents, list(extrinsics), on_dropped="keep")


def test_block_with_signed_extrinsic_and_events():
    chain = new_chain()
    built = build(chain, chain.sign(Counter.tx.store(42), ALICE))
    assert not built.dropped and len(built.block.extrinsics) == 2
    header = chain.import_block(built.block)
    assert header.number == 1 and header.parent_hash == chain.genesis_hash
    assert header.state_root == chain.state_root
    with chain.reading():
        assert Counter.Values.get(ALICE.public_key) == 42
        assert Counter.Blocks.get() == 1  # on_initialize ran
        assert System.Number.get() == 1
        assert System.BlockHash.get(0) == chain.genesis_hash
        assert System.Account.get(ALICE.public_key).nonce == 1
        assert System.ExtrinsicCount.get() is None  # taken at finalization, as in frame_system
        assert System.ExecutionPhase.get() is None
        events = System.events()
        assert System.EventCount.get() == len(events) == 3
        assert [e.phase for e in events] == [ApplyExtrinsic(0), ApplyExtrinsic(1), ApplyExtrinsic(1)]
        assert isinstance(events[0].event.event, ExtrinsicSuccess)
        assert events[1].event == RuntimeEvent("Counter", ValueStored(ALICE.public_key, 42))
        assert isinstance(events[2].event.event, ExtrinsicSuccess)
    # the extrinsics root is the ordered trie root of the length-prefixed extrinsics
    assert header.extrinsics_root == ordered_trie_root([bytes_codec.encode(e) for e in built.block.extrinsics])


def test_failed_call_leaves_no_writes_but_nonce_and_event_stay():
    chain = new_chain()
    chain.produce_block([tick(chain)], [chain.sign(Counter.tx.store(5), ALICE)])
    chain.produce_block([tick(chain)], [chain.sign(Counter.tx.store(5000), ALICE)])
    with chain.reading():
        assert Counter.Values.get(ALICE.public_key) == 5
        assert System.Account.get(ALICE.public_key).nonce == 2
        failed = System.events()[-1].event.event
        assert isinstance(failed, ExtrinsicFailed)
        assert failed.dispatch_error == ModuleError(ModuleErrorInfo(2, bytes((TooLarge.index, 0, 0, 0))))
        assert TestRuntime.error_class(failed.dispatch_error) is TooLarge


def test_events_are_reset_each_block():
    chain = new_chain()
    chain.produce_block([tick(chain)], [chain.sign(Counter.tx.store(1), ALICE)])
    chain.produce_block([tick(chain)])
    with chain.reading():
        assert len(System.events()) == 1 and System.events()[0].phase == ApplyExtrinsic(0)


def test_blocks_chain_and_block_hash_history():
    chain = new_chain()
    hashes = [chain.genesis_hash]
    for _ in range(4):
        hashes.append(chain.produce_block([tick(chain)]).hash())
    with chain.reading():
        assert [System.BlockHash.get(i) for i in range(4)] == hashes[:4]
        assert Counter.Blocks.get() == 4


@pytest.mark.parametrize(
    "make, error",
    [
        (lambda c: attrs.evolve(c.sign(Counter.tx.store(1), ALICE),
                                signature=attrs.evolve(c.sign(Counter.tx.store(1), ALICE).signature,
                                                       signature=bytes(64))), xt.BadProof),
        (lambda c: c.sign(Counter.tx.store(1), ALICE, nonce=1), xt.Future),
        (lambda c: c.sign(Counter.tx.store(1), DAVE), xt.CannotLookup),
        (lambda c: xt.unsigned(Counter.tx.store(1)), xt.NoUnsignedValidator),
        (lambda c: xt.sign(TestRuntime, Counter.tx.store(1), ALICE, 0, b"\x01" * 32), xt.BadProof),
    ],
    ids=["bad-signature", "future-nonce", "unknown-signer", "unsigned", "other-chain"],
)
def test_invalid_extrinsics_are_rejected_by_name(make, error):
    chain = new_chain()
    bad = make(chain)
    built = build(chain, bad, chain.sign(Counter.tx.store(9), BOB))
    assert len(built.dropped) == 1 and isinstance(built.dropped[0][1], error)
    assert len(built.block.extrinsics) == 2  # the inherent and Bob's
    # the same extrinsic smuggled into a block makes the block invalid, by name
    good = build(chain)
    body = good.block.extrinsics + (xt.encode(TestRuntime, bad),)
    root_before = chain.state_root
    with pytest.raises(InvalidBlock, match=error.__name__):
        chain.import_block(Block(good.block.header, body))
    assert chain.state_root == root_before and chain.head.number == 0


def test_stale_nonce():
    chain = new_chain()
    first = chain.sign(Counter.tx.store(1), ALICE)
    chain.produce_block([tick(chain)], [first])
    built = build(chain, first)
    assert isinstance(built.dropped[0][1], xt.Stale)


def test_undecodable_extrinsic_is_bad_format():
    chain = new_chain()
    good = build(chain).block
    for junk in (b"", b"\x05\x00", b"\x04\xff\x00", b"\x84\x00"):
        with pytest.raises(InvalidBlock, match="BadFormat"):
            chain.import_block(Block(good.header, good.extrinsics + (junk,)))


def test_header_roots_are_checked_and_parent_untouched():
    chain = new_chain()
    block = build(chain, chain.sign(Counter.tx.store(3), ALICE)).block
    root_before, head_before = chain.state_root, chain.head
    for field, pattern in (("state_root", "state root mismatch"), ("extrinsics_root", "extrinsics root mismatch"),
                           ("parent_hash", "parent hash"), ("number", "block number")):  # fmt: skip
        value = 5 if field == "number" else b"\x11" * 32
        with pytest.raises(InvalidBlock, match=pattern):
            chain.import_block(Block(attrs.evolve(block.header, **{field: value}), block.extrinsics))
        assert chain.state_root == root_before and chain.head == head_before
    with chain.reading():
        assert Counter.Values.get(ALICE.public_key) is None and System.Number.get() == 0
    chain.import_block(block)
    assert chain.head.number == 1


def test_mandatory_inherent_missing_failing_or_misplaced():
    chain = new_chain()
    with pytest.raises(BlockBuildingError, match="Clock"):
        chain.build_block([], [])
    with pytest.raises(BlockBuildingError, match="TimeWentBack"):
        chain.build_block([Clock.tx.set(0)], [])
    good = build(chain, chain.sign(Counter.tx.store(3), ALICE)).block
    inherent, signed = good.extrinsics
    with pytest.raises(InvalidBlock, match="lacks the mandatory inherent of Clock"):
        chain.import_block(Block(good.header, (signed,)))
    with pytest.raises(InvalidBlock, match="lacks the mandatory inherent of Clock"):
        chain.import_block(Block(good.header, ()))
    with pytest.raises(InvalidBlock, match="after non-inherent"):
        chain.import_block(Block(good.header, (signed, inherent)))
    failing = xt.encode(TestRuntime, xt.unsigned(Clock.tx.set(0)))
    with pytest.raises(InvalidBlock, match="BadMandatory"):
        chain.import_block(Block(good.header, (failing, signed)))
    assert chain.head.number == 0
    chain.import_block(good)
    assert chain.head.number == 1


def test_signed_origin_cannot_call_an_inherent():
    chain = new_chain()
    chain.produce_block([tick(chain)], [chain.sign(Clock.tx.set(10**9), ALICE)])
    with chain.reading():
        ev = System.events()[-1].event.event
        assert isinstance(ev, ExtrinsicFailed) and ev.dispatch_error == BadOriginError()
        assert Clock.Now.get() == 6000


def test_build_then_execute_agree_and_initialization_phase():
    chain = new_chain()
    built = build(chain, chain.sign(Counter.tx.store(1), ALICE), chain.sign(Counter.tx.store(2), BOB))
    state = chain.executive.execute_block(chain.backend, chain.head, built.block)
    assert state.storage_root() == built.block.header.state_root == built.state.storage_root()
    assert Initialization().encode() == b"\x02"
