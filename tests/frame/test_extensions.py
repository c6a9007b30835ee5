"""Issue 13: signed extensions. Each one's refusal by name, in a block and in `validate_transaction`; mortal eras
inside and after their window; the tip; tags, priority and longevity; the fee hook; a runtime's own list."""

from __future__ import annotations

from typing import Any

import pytest
import sr25519

from frame import Chain, InvalidBlock, construct_runtime
from frame import extensions as ext
from frame import extrinsic as xt
from frame.block import Block
from frame.era import IMMORTAL, Era
from frame.metadata import metadata
from frame.runtime import RuntimeDefinitionError
from frame.system import System
from frame.tagged_queue import validate_transaction
from frame.transaction_validity import LONGEVITY_MAX, TransactionSource
from frame.weights import DEFAULT_BLOCK_WEIGHTS, BlockWeights
from pallets.example import Counter
from pallets.sudo import Sudo
from primitives.hashing import blake2_256
from primitives.scale import encode_compact
from tests.harness.runtime import ALICE, BOB, DAVE, Clock, TestRuntime, genesis, new_chain, tick

EXTERNAL = TransactionSource.EXTERNAL


class ZeroKey:
    """The all-zero account: the identity point, for which any sr25519 signature of the right shape verifies."""

    public_key = bytes(32)

    def sign(self, message: bytes) -> bytes:
        return bytes(sr25519.sign((bytes(32), bytes(64)), message))


def signed(chain: Chain, call: Any, key: Any, nonce: int = 0, tip: int = 0, era: Era = IMMORTAL,
           **params: Any) -> bytes:  # fmt: skip
    """Inner bytes of `call` signed with SigningParams overridden by `params` (spec_version, genesis_hash ...)."""
    rt, v = chain.runtime, chain.runtime.version
    birth = None if era.is_immortal or "birth_hash" in params else chain.block_hash(era.birth(chain.head.number))
    p = {"spec_version": v.spec_version, "transaction_version": v.transaction_version,
         "genesis_hash": chain.genesis_hash, "birth_hash": birth or chain.genesis_hash, **params}  # fmt: skip
    part = xt.SignaturePart(bytes(key.public_key), b"", nonce, era, tip)
    sig = key.sign(xt.signing_payload(rt, rt.encode_call(call), part, ext.SigningParams(**p)))
    return xt.encode(rt, xt.Extrinsic(call, xt.SignaturePart(part.signer, sig, nonce, era, tip)))


def validate(chain: Chain, encoded: bytes, **kw: Any) -> Any:
    return validate_transaction(chain.runtime, chain.backend, EXTERNAL, encoded, chain.head.hash(), **kw)


def refused_everywhere(chain: Chain, encoded: bytes, error: type, match: str | None = None) -> None:
    """Refused by the pool check, left out by a block author, and an imported block carrying it is invalid."""
    with pytest.raises(error, match=match):
        validate(chain, encoded)
    built = chain.build_block([tick(chain)], [encoded], on_dropped="keep")
    assert len(built.dropped) == 1 and isinstance(built.dropped[0][1], error)
    root = chain.state_root
    with pytest.raises(InvalidBlock, match=error.__name__):
        chain.import_block(Block(built.block.header, built.block.extrinsics + (encoded,)))
    assert chain.state_root == root


def advance(chain: Chain, n: int) -> None:
    for _ in range(n):
        chain.produce_block([tick(chain)])


def test_the_standard_eight_in_order_and_in_the_metadata():
    names = [e.identifier for e in TestRuntime.signed_extensions]
    assert names == ["CheckNonZeroSender", "CheckSpecVersion", "CheckTxVersion", "CheckGenesis", "CheckMortality",
                     "CheckNonce", "CheckWeight", "ChargeTransactionPayment"]  # fmt: skip
    assert [e["identifier"] for e in metadata(TestRuntime)["extrinsic"]["signed_extensions"]] == names


def test_layout_of_a_signed_extrinsic():
    chain = new_chain()
    x = chain.sign(Counter.tx.store(7), ALICE, tip=5, era=Era(64, 0))
    encoded = xt.encode(TestRuntime, x)
    call = TestRuntime.encode_call(Counter.tx.store(7))
    extra = Era(64, 0).encode() + encode_compact(0) + encode_compact(5)
    assert encoded == b"\x84\x00" + ALICE.public_key + b"\x01" + x.signature.signature + extra + call
    assert xt.decode(TestRuntime, encoded) == (x, call)


def test_zero_sender_is_bad_signer():
    accounts = [*genesis()["system"]["accounts"], "0x" + "00" * 32]
    chain = Chain(TestRuntime, {**genesis(), "system": {"accounts": accounts}})
    refused_everywhere(chain, signed(chain, Counter.tx.store(1), ZeroKey()), xt.BadSigner)


@pytest.mark.parametrize(
    "params",
    [{"spec_version": 2}, {"transaction_version": 9}, {"genesis_hash": b"\x01" * 32}],
    ids=["CheckSpecVersion", "CheckTxVersion", "CheckGenesis"],
)
def test_signed_for_another_runtime_version_or_chain_is_bad_proof(params):
    chain = new_chain()
    assert not validate(chain, signed(chain, Counter.tx.store(1), ALICE)).requires  # the control is valid
    refused_everywhere(chain, signed(chain, Counter.tx.store(1), ALICE, **params), xt.BadProof)


def test_nonces_stale_future_and_unknown_signer():
    chain = new_chain()
    chain.produce_block([tick(chain)], [chain.sign(Counter.tx.store(1), ALICE)])
    refused_everywhere(chain, signed(chain, Counter.tx.store(1), ALICE, nonce=0), xt.Stale)
    refused_everywhere(chain, signed(chain, Counter.tx.store(1), DAVE), xt.CannotLookup)
    future = signed(chain, Counter.tx.store(1), ALICE, nonce=3)
    assert validate(chain, future).requires == (ALICE.public_key + (2).to_bytes(4, "little"),)  # the pool keeps it
    built = chain.build_block([tick(chain)], [future], on_dropped="keep")
    assert isinstance(built.dropped[0][1], xt.Future)
    with pytest.raises(InvalidBlock, match="Future"):
        chain.import_block(Block(built.block.header, built.block.extrinsics + (future,)))


def test_validate_transaction_tags_priority_longevity():
    chain = new_chain()
    advance(chain, 2)
    now = validate(chain, signed(chain, Counter.tx.store(1), ALICE))
    assert now.provides == (ALICE.public_key + bytes(4),) and now.requires == () and now.propagate
    assert now.longevity == LONGEVITY_MAX - 3  # immortal: u64::MAX minus the block it is validated for
    ahead = validate(chain, signed(chain, Counter.tx.store(1), ALICE, nonce=2))
    assert ahead.provides == (ALICE.public_key + (2).to_bytes(4, "little"),)
    assert ahead.requires == (ALICE.public_key + (1).to_bytes(4, "little"),)
    mortal = validate(chain, signed(chain, Counter.tx.store(1), ALICE, era=Era.mortal(8, 2)))
    assert mortal.longevity == 2 + 8 - 3  # born at 2, dies at 10, validated for block 3
    # the tip sets the priority: (tip + 1) times how many such extrinsics fit in a block (FRAME's get_priority)
    tipped = validate(chain, signed(chain, Counter.tx.store(1), ALICE, tip=10))
    assert tipped.priority == 11 * now.priority
    weight = DEFAULT_BLOCK_WEIGHTS.base_extrinsic + Counter.tx.store(1).definition.weight_of((1,))
    length = xt.encoded_length(signed(chain, Counter.tx.store(1), ALICE))
    # FRAME: the scarcer component of max_block / max(weight, (1, 1)) (a call without proof: ref_time decides)
    per_block = min(DEFAULT_BLOCK_WEIGHTS.max_block.ref_time // weight.ref_time,
                    DEFAULT_BLOCK_WEIGHTS.max_block.proof_size // max(weight.proof_size, 1))  # fmt: skip
    assert now.priority == min(per_block, ext.MAX_BLOCK_LENGTH // length)
    # nothing was written
    assert chain.nonce(ALICE.public_key) == 0
    with chain.reading():
        assert System.Number.get() == 2


def test_validate_transaction_refuses_inherents_and_other_unsigned():
    chain = new_chain()
    with pytest.raises(xt.MandatoryValidation):
        validate(chain, xt.encode(TestRuntime, xt.unsigned(tick(chain))))
    with pytest.raises(xt.NoUnsignedValidator):
        validate(chain, xt.encode(TestRuntime, xt.unsigned(Counter.tx.store(1))))


def test_check_weight_refuses_an_extrinsic_heavier_than_allowed():
    chain = new_chain()
    tiny = BlockWeights(base_block=1, base_extrinsic=80, max_block=100)  # 80 > 75% of 100
    with pytest.raises(xt.ExhaustsResources):
        validate(chain, signed(chain, Counter.tx.store(1), ALICE), block_weights=tiny)


def test_tip_travels_in_the_body_and_is_signed():
    chain = new_chain()
    x = chain.sign(Counter.tx.store(1), ALICE, tip=10**20)
    encoded = xt.encode(TestRuntime, x)
    assert xt.decode(TestRuntime, encoded)[0].signature.tip == 10**20
    chain.produce_block([tick(chain)], [x])  # valid; no fee handler: nothing is charged
    forged = xt.encode(TestRuntime, xt.Extrinsic(x.call, xt.SignaturePart(ALICE.public_key, x.signature.signature,
                                                                           0, IMMORTAL, 1)))  # fmt: skip
    with pytest.raises(xt.BadProof):
        validate(chain, forged)


def test_mortal_extrinsic_valid_in_its_window_then_refused():
    chain = new_chain()
    advance(chain, 3)
    x = signed(chain, Counter.tx.store(1), ALICE, era=Era.mortal(4, 3))  # born at block 3, dies at 7
    for _ in range(3):  # blocks 4, 5, 6: inside the window
        assert validate(chain, x).longevity == 7 - (chain.head.number + 1)
        advance(chain, 1)
    # block 7: the era now points at block 7, whose hash is not known in block 7 (Substrate's answer)
    refused_everywhere(chain, x, xt.AncientBirthBlock)
    advance(chain, 1)
    # block 8 on: it points at block 7, a hash it was not signed with: outdated
    refused_everywhere(chain, x, xt.Stale, match="Transaction is outdated")
    # and it was really valid inside the window: the same extrinsic signed again goes in a block
    fresh = chain.sign(Counter.tx.store(1), ALICE, era=4)
    chain.produce_block([tick(chain)], [fresh])
    assert chain.nonce(ALICE.public_key) == 1


def test_birth_block_ahead_or_forgotten_is_ancient_birth_block():
    chain = new_chain()
    advance(chain, 2)
    refused_everywhere(chain, signed(chain, Counter.tx.store(1), ALICE, era=Era(64, 40), birth_hash=bytes(32)),
                       xt.AncientBirthBlock)  # fmt: skip


def test_long_payloads_are_hashed():
    chain = new_chain()
    call = System.tx.remark(b"x" * 300)
    part = xt.SignaturePart(ALICE.public_key, b"", 0, IMMORTAL, 0)
    v = TestRuntime.version
    params = ext.SigningParams(v.spec_version, v.transaction_version, chain.genesis_hash, chain.genesis_hash)
    raw = (TestRuntime.encode_call(call) + xt.encode_extra(TestRuntime, part) + v.spec_version.to_bytes(4, "little")
           + v.transaction_version.to_bytes(4, "little") + chain.genesis_hash * 2)  # fmt: skip
    assert len(raw) > 256
    assert xt.signing_payload(TestRuntime, TestRuntime.encode_call(call), part, params) == blake2_256(raw)
    x = chain.sign(call, ALICE)
    assert ALICE.verify(x.signature.signature, blake2_256(raw))
    chain.produce_block([tick(chain)], [x])
    short = System.tx.remark(b"x")
    assert len(xt.signing_payload(TestRuntime, TestRuntime.encode_call(short), part, params)) < 256


def test_unsupported_address_and_signature_variants_are_named():
    chain = new_chain()
    good = bytearray(signed(chain, Counter.tx.store(1), ALICE))
    address, signature = bytearray(good), bytearray(good)
    address[1], signature[34] = 0x03, 0x00  # MultiAddress::Address32, MultiSignature::Ed25519
    with pytest.raises(xt.UnsupportedAddress, match="Address32"):
        validate(chain, bytes(address))
    with pytest.raises(xt.UnsupportedSignature, match="Ed25519"):
        validate(chain, bytes(signature))
    assert issubclass(xt.UnsupportedAddress, xt.CannotLookup) and issubclass(xt.UnsupportedSignature, xt.BadProof)


class Fees:
    """A fee handler that charges a flat 100 + tip, refuses BOB, and records what happened."""

    def __init__(self) -> None:
        self.log: list[tuple[str, bytes, int]] = []

    def withdraw_fee(self, ctx: ext.TxContext, tip: int) -> tuple[int, Any]:
        if ctx.who == BOB.public_key:
            raise xt.Payment("Bob cannot pay")
        self.log.append(("withdraw", ctx.who, 100 + tip))
        return 100 + tip, 100 + tip

    def correct_and_deposit_fee(self, ctx: ext.TxContext, tip: int, withdrawn: Any, error: Any) -> None:
        self.log.append(("deposit", ctx.who, withdrawn))


def test_fee_handler_is_called_around_dispatch_and_can_refuse():
    fees = Fees()
    rt = construct_runtime("Test", [System, Sudo, Counter, (7, Clock)], fee_handler=fees)
    chain = Chain(rt, genesis())
    validate(chain, signed(chain, Counter.tx.store(1), ALICE, tip=5))
    fees.log.clear()  # the pool check withdrew on a throwaway state
    chain.produce_block([tick(chain)], [chain.sign(Counter.tx.store(1), ALICE, tip=5)])
    # built, then imported: withdrawn before dispatch, corrected after, each time
    assert fees.log == [("withdraw", ALICE.public_key, 105), ("deposit", ALICE.public_key, 105)] * 2
    refused_everywhere(chain, signed(chain, Counter.tx.store(1), BOB), xt.Payment)


def test_a_runtime_declares_its_own_list():
    rt = construct_runtime("Test", [System, Sudo, Counter, (7, Clock)],
                           signed_extensions=(ext.CheckNonce(), ext.CheckGenesis()))  # fmt: skip
    chain = Chain(rt, genesis())
    x = chain.sign(Counter.tx.store(3), ALICE)
    call = rt.encode_call(x.call)
    assert xt.encode(rt, x) == b"\x84\x00" + ALICE.public_key + b"\x01" + x.signature.signature + b"\x00" + call
    assert ALICE.verify(x.signature.signature, call + encode_compact(0) + chain.genesis_hash)  # the old payload
    chain.produce_block([tick(chain)], [x])
    assert [e["identifier"] for e in metadata(rt)["extrinsic"]["signed_extensions"]] == ["CheckNonce", "CheckGenesis"]
    with pytest.raises(RuntimeDefinitionError, match="twice"):
        construct_runtime("Test", [System], signed_extensions=(ext.CheckNonce(), ext.CheckNonce()))


def test_a_blocks_signatures_are_verified_in_advance_and_still_named(monkeypatch):
    from frame import sigbatch
    from primitives import crypto

    chain = new_chain()
    xts = [chain.sign(System.tx.remark(b"%d" % i), ALICE) for i in range(6)]
    block = chain.build_block([tick(chain)], xts, on_dropped="raise").block
    sigbatch.set_workers(1)
    try:
        monkeypatch.setattr(sigbatch, "MIN_BATCH", 4)
        batches: list[int] = []
        real = sigbatch.verify_all
        monkeypatch.setattr(sigbatch, "verify_all", lambda checks: batches.append(len(checks)) or real(checks))
        asked: list[bytes] = []
        real_verify = crypto.sr25519.verify
        monkeypatch.setattr(crypto.sr25519, "verify", lambda s, m, p: asked.append(m) or real_verify(s, m, p))
        root = chain.executive.execute_block(chain.backend, chain.head, block).storage_root()
        # all six in one batch, part of it on the worker; none verified again when its extrinsic is applied
        assert batches == [6] and len(asked) < 6 and len(set(asked)) == len(asked)
        assert root == block.header.state_root
        bad = xt.encode(TestRuntime, chain.sign(System.tx.remark(b"bad"), ALICE, nonce=3, tip=1))
        body = list(block.extrinsics)
        body[4] = bad[:-1] + b"!"  # the 4th remark, with its call changed after signing
        with pytest.raises(InvalidBlock, match="BadProof"):
            chain.executive.execute_block(chain.backend, chain.head, Block(block.header, tuple(body)))
    finally:
        sigbatch.set_workers(None)
