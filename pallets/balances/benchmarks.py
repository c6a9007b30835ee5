"""Benchmarks of the Balances pallet, each in FRAME's worst case: a transfer reaps the sender (its dust lost)
and creates the recipient; force_set_balance creates an account; force_unreserve frees a reserve."""

from __future__ import annotations

from collections.abc import Generator

from frame.benchmarking import Benchmarks, ExtrinsicCall, ensure, extrinsic_call
from frame.dispatch import ROOT, Signed
from frame.system import System
from pallets.balances.pallet import Balances
from primitives.multiaddress import Id

bench = Benchmarks(Balances)
CALLER = b"\x0b" * 32
RECIPIENT = b"\x0c" * 32


def _funded(who: bytes, units: int = 100) -> int:
    """Give `who` `units` existential deposits (minted); returns the amount."""
    amount = Balances.ExistentialDeposit * units
    Balances.deposit_creating(who, amount)
    return amount


@bench()
def transfer_allow_death() -> Generator[ExtrinsicCall, None, None]:
    amount = _funded(CALLER)
    yield extrinsic_call(Balances.tx.transfer_allow_death(Id(RECIPIENT), amount - 1), Signed(CALLER))
    ensure(not System.account_exists(CALLER), "the sender was not reaped")
    ensure(Balances.free_balance(RECIPIENT) == amount - 1, "the recipient was not created")


@bench()
def transfer_keep_alive() -> Generator[ExtrinsicCall, None, None]:
    amount = _funded(CALLER)
    value = amount - Balances.ExistentialDeposit
    yield extrinsic_call(Balances.tx.transfer_keep_alive(Id(RECIPIENT), value), Signed(CALLER))
    ensure(Balances.free_balance(RECIPIENT) == value, "the recipient was not created")


@bench()
def force_transfer() -> Generator[ExtrinsicCall, None, None]:
    amount = _funded(CALLER)
    yield extrinsic_call(Balances.tx.force_transfer(Id(CALLER), Id(RECIPIENT), amount - 1), ROOT)
    ensure(not System.account_exists(CALLER), "the source was not reaped")


@bench()
def transfer_all() -> Generator[ExtrinsicCall, None, None]:
    amount = _funded(CALLER)
    yield extrinsic_call(Balances.tx.transfer_all(Id(RECIPIENT), False), Signed(CALLER))
    ensure(Balances.free_balance(RECIPIENT) == amount, "not everything was transferred")


@bench()
def force_unreserve() -> Generator[ExtrinsicCall, None, None]:
    _funded(CALLER)
    Balances.reserve(CALLER, Balances.ExistentialDeposit)
    yield extrinsic_call(Balances.tx.force_unreserve(Id(CALLER), Balances.ExistentialDeposit), ROOT)
    ensure(Balances.reserved_balance(CALLER) == 0, "not unreserved")


@bench()
def force_set_balance() -> Generator[ExtrinsicCall, None, None]:
    value = Balances.ExistentialDeposit * 100
    yield extrinsic_call(Balances.tx.force_set_balance(Id(RECIPIENT), value), ROOT)
    ensure(Balances.free_balance(RECIPIENT) == value, "balance not set")


@bench()
def burn() -> Generator[ExtrinsicCall, None, None]:
    amount = _funded(CALLER)
    yield extrinsic_call(Balances.tx.burn(amount - 1, False), Signed(CALLER))
    ensure(not System.account_exists(CALLER), "the account was not reaped")


__all__ = ["bench"]
