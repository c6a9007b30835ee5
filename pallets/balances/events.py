"""Balances' events, with pallet_balances' indexes (reference §1.6; fields in SCALE order)."""

from __future__ import annotations

import enum

from frame.system import AccountId
from primitives.types import U128, ScaleEnum, index_enum, scale_variant


@index_enum
class BalanceStatus(enum.IntEnum):
    """Where repatriated funds went (frame_support::traits::BalanceStatus)."""

    Free = 0
    Reserved = 1


class Event(ScaleEnum):
    """Balances' events."""


@scale_variant(0)
class Endowed(Event):
    """An account was created with some free balance."""

    account: AccountId
    free_balance: U128


@scale_variant(1)
class DustLost(Event):
    """An account was removed whose balance was non-zero but below ExistentialDeposit: the dust is lost."""

    account: AccountId
    amount: U128


@scale_variant(2)
class Transfer(Event):
    """Transfer succeeded."""

    from_: AccountId
    to: AccountId
    amount: U128


@scale_variant(3)
class BalanceSet(Event):
    """A balance was set by root."""

    who: AccountId
    free: U128


@scale_variant(4)
class Reserved(Event):
    """Some balance was reserved (moved from free to reserved)."""

    who: AccountId
    amount: U128


@scale_variant(5)
class Unreserved(Event):
    """Some balance was unreserved (moved from reserved to free)."""

    who: AccountId
    amount: U128


@scale_variant(6)
class ReserveRepatriated(Event):
    """Some balance was moved from the reserve of the first account to the second account."""

    from_: AccountId
    to: AccountId
    amount: U128
    destination_status: BalanceStatus


@scale_variant(7)
class Deposit(Event):
    """Some amount was deposited (e.g. for transaction fees)."""

    who: AccountId
    amount: U128


@scale_variant(8)
class Withdraw(Event):
    """Some amount was withdrawn from the account (e.g. for transaction fees)."""

    who: AccountId
    amount: U128


@scale_variant(9)
class Slashed(Event):
    """Some amount was removed from the account (e.g. for misbehavior)."""

    who: AccountId
    amount: U128


@scale_variant(10)
class Minted(Event):
    """Some amount was minted into an account."""

    who: AccountId
    amount: U128


@scale_variant(11)
class Burned(Event):
    """Some amount was burned from an account."""

    who: AccountId
    amount: U128


@scale_variant(12)
class Suspended(Event):
    """Some amount was suspended from an account (it can be restored later)."""

    who: AccountId
    amount: U128


@scale_variant(13)
class Restored(Event):
    """Some amount was restored into an account."""

    who: AccountId
    amount: U128


@scale_variant(14)
class Upgraded(Event):
    """An account was upgraded to the new reference-count logic."""

    who: AccountId


@scale_variant(15)
class Issued(Event):
    """Total issuance was increased by `amount`, creating a credit to be balanced."""

    amount: U128


@scale_variant(16)
class Rescinded(Event):
    """Total issuance was decreased by `amount`, creating a debt to be balanced."""

    amount: U128


@scale_variant(17)
class Locked(Event):
    """Some balance was locked."""

    who: AccountId
    amount: U128


@scale_variant(18)
class Unlocked(Event):
    """Some balance was unlocked."""

    who: AccountId
    amount: U128


@scale_variant(19)
class Frozen(Event):
    """Some balance was frozen."""

    who: AccountId
    amount: U128


@scale_variant(20)
class Thawed(Event):
    """Some balance was thawed."""

    who: AccountId
    amount: U128


@scale_variant(21)
class TotalIssuanceForced(Event):
    """The TotalIssuance was forcefully changed."""

    old: U128
    new: U128


__all__ = ["BalanceSet", "BalanceStatus", "Burned", "Deposit", "DustLost", "Endowed", "Event", "Frozen", "Issued",
           "Locked", "Minted", "Rescinded", "ReserveRepatriated", "Reserved", "Restored", "Slashed", "Suspended",
           "Thawed", "TotalIssuanceForced", "Transfer", "Unlocked", "Unreserved", "Upgraded", "Withdraw"]  # fmt: skip
