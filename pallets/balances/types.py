"""Balances' types: the account data System.Account carries, locks, and the address calls take."""

from __future__ import annotations

import enum

from frame.account import NEW_LOGIC_FLAGS, AccountData
from primitives.multiaddress import MultiAddress, multi_address
from primitives.types import U128, Bytes8, index_enum, scale_struct

__all__ = ["NEW_LOGIC_FLAGS", "AccountData", "BalanceLock", "LockId", "MultiAddress", "Reasons", "multi_address"]

#: A lock's identifier: 8 bytes (FRAME's LockIdentifier), e.g. ``b"staking "``.
LockId = Bytes8


@index_enum
class Reasons(enum.IntEnum):
    """What a lock stops the funds from paying for (pallet_balances::Reasons)."""

    Fee = 0
    Misc = 1
    All = 2


@scale_struct
class BalanceLock:
    """A lock on an account's funds: `amount` of `free + reserved` cannot be transferred while it exists."""

    id: LockId
    amount: U128
    reasons: Reasons = Reasons.All
