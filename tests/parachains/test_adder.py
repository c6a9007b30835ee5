"""The adder parachain: its Python state transition, its Wasm (run in-process here), and its collator."""

import pytest

from node.pvf import InvalidReason, Valid, validate_in_process
from parachains import adder
from parachains.adder import GENESIS_HEAD, AdderBlock, AdderError, AdderHead, StateMismatch, hash_state
from parachains.adder.collator import AdderCollator
from primitives.crypto import dev_keypair, verify
from primitives.hashing import keccak_256
from primitives.parachain import PoV, collator_signature_payload
from tests import vectors
from tests.node._pvf_support import params

#: shared/reference/polkadot-2020.md §9: keccak256 of the 72-byte genesis head is 804df47c…31747e.
GENESIS_HEAD_HASH_PREFIX, GENESIS_HEAD_HASH_SUFFIX = "804df47c", "31747e"


def run_wasm(parent: bytes, block: bytes):
    return validate_in_process(adder.wasm(), params(block=block, parent=parent))


def test_genesis():
    assert GENESIS_HEAD.post_state.hex() == vectors.KECCAK_ZERO_U64
    assert GENESIS_HEAD.number == 0 and GENESIS_HEAD.parent_hash == bytes(32)
    encoded = GENESIS_HEAD.encode()
    assert len(encoded) == 72 and AdderHead.decode(encoded) == GENESIS_HEAD
    digest = GENESIS_HEAD.hash().hex()
    assert digest.startswith(GENESIS_HEAD_HASH_PREFIX) and digest.endswith(GENESIS_HEAD_HASH_SUFFIX)


def test_the_first_block_adds_512():
    head = AdderHead.decode(adder.execute(GENESIS_HEAD.encode(), AdderBlock(0, 512).encode()))
    assert head == AdderHead(1, keccak_256(GENESIS_HEAD.encode()), hash_state(512))
    outcome = run_wasm(GENESIS_HEAD.encode(), AdderBlock(0, 512).encode())
    assert isinstance(outcome, Valid) and AdderHead.decode(outcome.result.head_data) == head
    assert outcome.result.new_validation_code is None and outcome.result.processed_downward_messages == 0


def test_wasm_and_python_agree_on_a_chain():
    collator = AdderCollator(dev_keypair("Alice"))
    for n in range(10):
        collation = collator.collate(bytes(32), add=None if n % 2 else 2**64 - 1 - n)  # wrapping adds too
        outcome = run_wasm(collation.parent_head, collation.block_data)
        assert isinstance(outcome, Valid) and outcome.result.head_data == collation.head_data
    assert collator.head.number == 10


def test_a_bad_state_is_rejected_by_both():
    with pytest.raises(StateMismatch):
        adder.execute(GENESIS_HEAD.encode(), AdderBlock(1, 512).encode())
    assert run_wasm(GENESIS_HEAD.encode(), AdderBlock(1, 512).encode()).reason is InvalidReason.Trap


def test_decoding_is_rusts_decode_of_a_prefix():
    longer_head, longer_block = GENESIS_HEAD.encode() + b"\x99", AdderBlock(0, 5).encode() + b"\x99"
    expected = adder.execute(longer_head, longer_block)
    assert AdderHead.decode(expected).parent_hash == keccak_256(longer_head)  # the hash covers every byte
    outcome = run_wasm(longer_head, longer_block)
    assert isinstance(outcome, Valid) and outcome.result.head_data == expected
    for head, block in ((GENESIS_HEAD.encode()[:71], AdderBlock(0, 5).encode()), (GENESIS_HEAD.encode(), bytes(15))):
        with pytest.raises(AdderError):
            adder.execute(head, block)
        outcome = run_wasm(head, block)
        assert outcome.reason is InvalidReason.Trap and "format" in outcome.detail


def test_number_and_state_wrap():
    top = AdderHead(2**64 - 1, bytes(32), hash_state(2**64 - 1))
    head = AdderHead.decode(adder.execute(top.encode(), AdderBlock(2**64 - 1, 2).encode()))
    assert head.number == 0 and head.post_state == hash_state(1)
    outcome = run_wasm(top.encode(), AdderBlock(2**64 - 1, 2).encode())
    assert isinstance(outcome, Valid) and AdderHead.decode(outcome.result.head_data) == head


def test_collator_follows_polkadots_sequence():
    collator = AdderCollator(dev_keypair("Alice"))
    blocks = [collator.collate(bytes(32)).block for _ in range(4)]
    # {state: last.state + last.add, add: head.number % 100} from {0, 0} on the genesis head
    assert blocks == [AdderBlock(0, 0), AdderBlock(0, 1), AdderBlock(1, 2), AdderBlock(3, 3)]


def test_collation_and_signed_receipt():
    alice = dev_keypair("Alice")
    collator = AdderCollator(alice, para_id=2000)
    relay_parent = bytes(range(32))
    c = collator.collate(relay_parent, add=512)
    assert c.block == AdderBlock(0, 512) and c.parent_head == GENESIS_HEAD.encode()
    assert c.pov == PoV(c.block_data) and c.receipt.pov_block_hash == c.pov.hash()
    r = c.receipt
    assert r.parachain_index == 2000 and r.relay_parent == relay_parent and r.head_data == c.head_data
    assert r.collator == alice.public_key and r.commitments == c.commitments
    assert c.commitments.new_validation_code is None and c.commitments.upward_messages == ()
    payload = collator_signature_payload(relay_parent, 2000, c.pov.hash())
    assert len(payload) == 68 and r.collator_payload() == payload
    assert verify(r.signature, payload, alice.public_key) and r.check_collator_signature()
    assert not verify(r.signature, collator_signature_payload(relay_parent, 2001, c.pov.hash()), alice.public_key)
    p = c.validation_params(relay_chain_height=9, code_upgrade_allowed=3)
    assert (p.block_data, p.parent_head, p.relay_chain_height, p.code_upgrade_allowed) == (
        c.block_data,
        c.parent_head,
        9,
        3,
    )
