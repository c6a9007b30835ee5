"""What ``System.Account`` holds for each account: frame_system's `AccountInfo` with pallet_balances' `AccountData`.

The layout is Substrate's byte for byte (reference §1.1), so a client that decodes ``System.Account`` with
Substrate's types reads ours: nonce, consumers, providers, sufficients (u32 each), then free, reserved,
frozen and flags (u128 each): 80 bytes. New accounts carry `NEW_LOGIC_FLAGS` (only bit 127 set: FRAME's
``ExtraFlags::default()``, "the new reference-count logic").
"""

from __future__ import annotations

from primitives.types import U32, U128, scale_struct

__all__ = ["NEW_LOGIC_FLAGS", "AccountData", "AccountInfo"]

#: FRAME's ``ExtraFlags::default()``: bit 127 set ("new ref-count logic"), every other bit clear.
NEW_LOGIC_FLAGS = 1 << 127


@scale_struct
class AccountData:
    """An account's balance (pallet_balances::AccountData<u128>). Invariant: the default is 'no balance'.

    `free` is spendable subject to `frozen`; `reserved` is set aside and cannot be spent; `frozen` is the
    largest lock, below which `free + reserved` may not fall by a transfer; `flags` is FRAME's ExtraFlags.
    """

    free: U128 = 0
    reserved: U128 = 0
    frozen: U128 = 0
    flags: U128 = NEW_LOGIC_FLAGS

    @property
    def total(self) -> int:
        """free + reserved."""
        return self.free + self.reserved


@scale_struct
class AccountInfo:
    """Per-account bookkeeping: the nonce (signed extrinsics applied), reference counts, and the balance.

    An account exists while `providers` or `sufficients` is above zero; `consumers` may only be above zero
    while `providers` is (frame_system's rule).
    """

    nonce: U32 = 0
    consumers: U32 = 0
    providers: U32 = 0
    sufficients: U32 = 0
    data: AccountData = AccountData()
