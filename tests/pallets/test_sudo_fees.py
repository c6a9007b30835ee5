"""Sudo's calls are Pays::No, as FRAME's: the fee TransactionPayment withdrew before dispatch is refunded after a
successful sudo (the tip is kept) and ExtrinsicSuccess records Pays::No; a refused one (RequireSudo) pays."""

from frame import Chain, io
from frame.dispatch import PAYS_NO, PostDispatchInfo
from frame.state import OverlayedState
from frame.system import ExtrinsicFailed, ExtrinsicSuccess, System
from pallets.balances import Balances
from pallets.sudo import Sudo
from pallets.transaction_payment import TransactionFeePaid
from primitives.crypto import dev_keypair
from runtime.example import ExampleRuntime, dev_genesis

ALICE, BOB = dev_keypair("Alice"), dev_keypair("Bob")  # Alice holds the sudo key


def read(chain, f):
    with io.using(OverlayedState(chain.backend, read_only=True), chain.runtime):
        return f()


def free(chain, who) -> int:
    return int(read(chain, lambda: System.account_data(who.public_key).free))


def apply(chain, signer, call, tip=0):
    """Include `call` signed by `signer`; the head's TransactionFeePaid and the extrinsic's outcome event."""
    chain.import_block(chain.build_block(extrinsics=[chain.sign(call, signer, tip=tip)], on_dropped="raise").block)
    evs = read(chain, lambda: [r.event.event for r in System.events()])
    (paid,) = [e for e in evs if isinstance(e, TransactionFeePaid)]
    outcome = [e for e in evs if isinstance(e, (ExtrinsicSuccess, ExtrinsicFailed))][-1]  # after the inherents
    return paid, outcome


def test_a_successful_sudo_pays_no_fee_only_its_tip():
    chain = Chain(ExampleRuntime, dev_genesis())
    before, issuance = free(chain, ALICE), read(chain, Balances.total_issuance)
    paid, outcome = apply(chain, ALICE, Sudo.tx.sudo(System.tx.remark(b"x")))
    assert paid == TransactionFeePaid(ALICE.public_key, 0, 0)
    assert isinstance(outcome, ExtrinsicSuccess) and outcome.dispatch_info.pays_fee == 1  # Pays::No
    assert free(chain, ALICE) == before and read(chain, Balances.total_issuance) == issuance
    paid, _ = apply(chain, ALICE, Sudo.tx.sudo(System.tx.remark(b"x")), tip=12345)
    assert paid == TransactionFeePaid(ALICE.public_key, 12345, 12345) and free(chain, ALICE) == before - 12345


def test_set_key_sudo_as_and_remove_key_pay_no_fee():
    chain = Chain(ExampleRuntime, dev_genesis())
    before = free(chain, ALICE)
    for call in (Sudo.tx.sudo_as(BOB.public_key, System.tx.remark(b"x")), Sudo.tx.set_key(ALICE.public_key),
                 Sudo.tx.remove_key()):  # fmt: skip
        paid, outcome = apply(chain, ALICE, call)
        assert paid.actual_fee == 0 and isinstance(outcome, ExtrinsicSuccess), call
    assert free(chain, ALICE) == before


def test_a_refused_sudo_pays_its_fee():
    chain = Chain(ExampleRuntime, dev_genesis())
    before = free(chain, BOB)
    paid, outcome = apply(chain, BOB, Sudo.tx.sudo(System.tx.remark(b"x")))  # Bob is not the key: RequireSudo
    assert isinstance(outcome, ExtrinsicFailed) and outcome.dispatch_info.pays_fee == 0  # Pays::Yes
    assert paid.actual_fee > 0 and free(chain, BOB) == before - paid.actual_fee


def test_pays_no_is_the_declared_weight_without_the_fee():
    assert PAYS_NO == PostDispatchInfo(actual_weight=None, pays_fee=False)
    assert PostDispatchInfo().pays_fee  # Pays::Yes unless a call says otherwise
