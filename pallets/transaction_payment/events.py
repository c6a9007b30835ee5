"""TransactionPayment's events, with pallet_transaction_payment's indexes (reference §2.4)."""

from __future__ import annotations

from frame.system import AccountId
from primitives.types import U128, ScaleEnum, scale_variant

__all__ = ["Event", "TransactionFeePaid"]


class Event(ScaleEnum):
    """TransactionPayment's events."""


@scale_variant(0)
class TransactionFeePaid(Event):
    """A transaction fee `actual_fee`, of which `tip` was the tip, was paid by `who` (after any refund)."""

    who: AccountId
    actual_fee: U128
    tip: U128
