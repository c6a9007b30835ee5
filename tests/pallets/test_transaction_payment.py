"""TransactionPayment in blocks: the fee is the formula's, withdrawn before dispatch and corrected after it (refund of
unused weight), paid to the author named by the digest or burned, TransactionFeePaid; a signer who cannot pay is
invalid (Payment) and never included; the tip raises priority; genesis and the multiplier's update each block."""

import pytest

from frame import extrinsic as xt
from frame import transaction_validity as tv
from frame.block import Digest, PreRuntime
from frame.executive import InvalidBlock
from frame.tagged_queue import validate_transaction
from frame.weights import DEFAULT_BLOCK_WEIGHTS
from pallets.balances import Balances
from pallets.balances.events import Deposit, Withdraw
from pallets.transaction_payment import AUTHOR_ENGINE, TransactionFeePaid, TransactionPayment
from pallets.transaction_payment.fees import FIXED_ONE, slow_adjusting_fee_update
from primitives.hashing import twox_128
from primitives.scale import bytes_codec
from tests.pallets._payment_env import (
    ALICE,
    BOB,
    CHARLIE,
    DECLARED,
    Meter,
    PaymentRuntime,
    events,
    free,
    new_chain,
    read,
)

BASE = DEFAULT_BLOCK_WEIGHTS.base_extrinsic.ref_time


def length(chain, extrinsic):
    return len(bytes_codec.encode(xt.encode(chain.runtime, extrinsic)))


def expected_fee(length_, weight, tip=0, multiplier=FIXED_ONE):
    """The formula, written out: WeightToFee = 10 x ref_time, LengthToFee = 10^6 x bytes."""
    return 10 * BASE + 10**6 * length_ + multiplier * (10 * getattr(weight, "ref_time", weight)) // FIXED_ONE + tip


def test_genesis_writes_the_multiplier_and_the_storage_version():
    chain = new_chain()
    key = bytes.fromhex("3f1467a096bcd71a5b6a0c8155e208103f2edf3bdf381debe331ab7446addfdc")
    assert chain.backend.get(key) == bytes.fromhex("000064a7b3b6e00d0000000000000000")
    assert chain.backend.get(twox_128(b"TransactionPayment") + twox_128(b"StorageVersion")) == b"\x01"
    assert read(new_chain(multiplier=3 * FIXED_ONE), TransactionPayment.next_fee_multiplier) == 3 * FIXED_ONE


@pytest.mark.parametrize("tip", [0, 12345])
def test_the_fee_is_the_formula_and_the_author_gets_it(tip):
    chain = new_chain(multiplier=2 * FIXED_ONE)
    call = Balances.tx.transfer_keep_alive(BOB.public_key, 10**12)
    x = chain.sign(call, ALICE, tip=tip)
    fee = expected_fee(length(chain, x), call.definition.weight_of(call.args), tip, 2 * FIXED_ONE)
    before = free(chain, ALICE)
    author = Digest((PreRuntime(AUTHOR_ENGINE, CHARLIE.public_key),))
    chain.import_block(chain.build_block(extrinsics=[x], digest=author, on_dropped="raise").block)
    assert before - free(chain, ALICE) == 10**12 + fee
    evs = events(chain)
    assert ("Balances", Withdraw(ALICE.public_key, fee)) in evs  # Withdraw
    assert ("Balances", Deposit(CHARLIE.public_key, fee)) in evs  # Deposit to the author
    assert ("TransactionPayment", TransactionFeePaid(ALICE.public_key, fee, tip)) in evs
    assert free(chain, CHARLIE) == 2 * 10**9 + fee


def test_without_an_author_the_fee_is_burned():
    chain = new_chain()
    issuance = read(chain, Balances.total_issuance)
    x = chain.sign(Balances.tx.transfer_keep_alive(BOB.public_key, 10**12), ALICE)
    chain.import_block(chain.build_block(extrinsics=[x], on_dropped="raise").block)
    paid = [e for p, e in events(chain) if isinstance(e, TransactionFeePaid)]
    assert len(paid) == 1 and paid[0].actual_fee > 0
    assert read(chain, Balances.total_issuance) == issuance - paid[0].actual_fee


def test_unused_weight_is_refunded():
    chain = new_chain()
    x = chain.sign(Meter.tx.work(1000), ALICE)
    n = length(chain, x)
    charged, actual = expected_fee(n, DECLARED), expected_fee(n, 1000)
    before = free(chain, ALICE)
    chain.import_block(chain.build_block(extrinsics=[x], on_dropped="raise").block)
    assert before - free(chain, ALICE) == actual
    balances = [e for p, e in events(chain) if p == "Balances"]
    assert balances == [Withdraw(ALICE.public_key, charged),
                        Deposit(ALICE.public_key, charged - actual)]  # fmt: skip
    evs = [e for _, e in events(chain)]
    assert TransactionFeePaid(ALICE.public_key, actual, 0) in evs
    success = [e for e in evs if type(e).__name__ == "ExtrinsicSuccess"][-1]
    assert success.dispatch_info.weight.ref_time == 1000


def test_a_reported_weight_above_the_declared_one_is_capped():
    chain = new_chain()
    x = chain.sign(Meter.tx.work(10 * DECLARED), ALICE)
    fee = expected_fee(length(chain, x), DECLARED)
    before = free(chain, ALICE)
    chain.import_block(chain.build_block(extrinsics=[x], on_dropped="raise").block)
    assert before - free(chain, ALICE) == fee


def test_a_signer_who_cannot_pay_is_invalid_and_never_included():
    chain = new_chain()
    x = chain.sign(Balances.tx.transfer_allow_death(BOB.public_key, 10**9), CHARLIE)
    encoded = xt.encode(chain.runtime, x)
    with pytest.raises(tv.Payment, match="cannot pay the fee"):
        validate_transaction(PaymentRuntime, chain.backend, tv.TransactionSource.EXTERNAL, encoded, chain.head.hash())
    built = chain.build_block(extrinsics=[x], on_dropped="keep")
    assert len(built.block.extrinsics) == 1 and isinstance(built.dropped[0][1], tv.Payment)
    # an importer refuses a block that carries it, and keeps nothing of it
    good = chain.build_block(on_dropped="raise").block
    forged = xt.encode(chain.runtime, x)
    from frame.block import Block
    from frame.trie import ordered_trie_root
    from primitives.types import evolve

    body = (*good.extrinsics, forged)
    header = evolve(good.header, extrinsics_root=ordered_trie_root(list(body)))
    with pytest.raises(InvalidBlock, match="Payment"):
        chain.import_block(Block(header, body))
    assert chain.head.number == 0 and free(chain, CHARLIE) == 2 * 10**9


def test_a_tip_beyond_the_balance_is_payment_invalid():
    chain = new_chain()
    x = chain.sign(Balances.tx.transfer_keep_alive(BOB.public_key, 1), ALICE, tip=2**100)
    with pytest.raises(tv.Payment):
        validate_transaction(PaymentRuntime, chain.backend, tv.TransactionSource.EXTERNAL,
                             xt.encode(chain.runtime, x), chain.head.hash())  # fmt: skip


def test_the_tip_raises_priority():
    chain = new_chain()
    call = Balances.tx.transfer_keep_alive(BOB.public_key, 1)

    def priority(tip):
        encoded = xt.encode(chain.runtime, chain.sign(call, ALICE, nonce=0, tip=tip))
        return validate_transaction(PaymentRuntime, chain.backend, tv.TransactionSource.EXTERNAL, encoded,
                                    chain.head.hash()).priority  # fmt: skip

    assert priority(0) < priority(1) < priority(10**6)


def test_operational_priority_adds_the_fee_as_a_virtual_tip():
    normal = TransactionPayment.priority(10**8, 100, tip=0, final_fee=10**9)
    operational = TransactionPayment.priority(10**8, 100, tip=0, final_fee=10**9, dispatch_class=1)
    per_block = DEFAULT_BLOCK_WEIGHTS.max_block.ref_time // 10**8  # the scarcer dimension (proof_size: 5 MiB / 1)
    assert normal == per_block and operational == per_block + 5 * 10**9 * per_block


def test_the_multiplier_follows_the_block_weight():
    chain = new_chain()
    update = slow_adjusting_fee_update()
    chain.import_block(chain.build_block(on_dropped="raise").block)
    assert read(chain, TransactionPayment.next_fee_multiplier) == update(FIXED_ONE, 0, DEFAULT_BLOCK_WEIGHTS.max_normal)
    m = read(chain, TransactionPayment.next_fee_multiplier)
    x = chain.sign(Meter.tx.work(DECLARED), ALICE)
    chain.import_block(chain.build_block(extrinsics=[x], on_dropped="raise").block)
    used = BASE + DECLARED
    assert read(chain, TransactionPayment.next_fee_multiplier) == update(m, used, DEFAULT_BLOCK_WEIGHTS.max_normal)
    # the transient note of the block's weight is not left in the state
    assert chain.backend.get(b":transaction_payment:normal_weight") is None


def test_a_configured_subclass_keeps_the_name_and_its_storage():
    from frame import construct_runtime
    from frame.system import System
    from pallets.timestamp import Timestamp
    from pallets.transaction_payment.fees import ConstFeeMultiplier, IdentityFee

    class ConstantFees(TransactionPayment):
        name = "TransactionPayment"
        weight_to_fee = IdentityFee
        fee_multiplier_update = ConstFeeMultiplier(FIXED_ONE)

    rt = construct_runtime("ConstFees", [System, Timestamp, Balances, ConstantFees], fee_handler=ConstantFees)
    from frame import Chain

    chain = Chain(rt, {"balances": {"balances": [[ALICE.ss58_address, 10**18]]}})
    chain.import_block(chain.build_block(on_dropped="raise").block)
    assert read(chain, ConstantFees.next_fee_multiplier) == FIXED_ONE
    assert read(chain, lambda: ConstantFees.compute_fee(100, 10**6, 0)) == BASE + 10**8 + 10**6
