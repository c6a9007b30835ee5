"""Balances' errors, with pallet_balances' indexes (reference §1.7)."""

from __future__ import annotations

from frame.dispatch import PalletError


class Error(PalletError):
    """Balances' errors."""


class VestingBalance(Error, index=0):
    """Vesting balance too high to send value."""


class LiquidityRestrictions(Error, index=1):
    """Account liquidity restrictions (locks) prevent withdrawal."""


class InsufficientBalance(Error, index=2):
    """Balance too low to send value."""


class ExistentialDeposit(Error, index=3):
    """Value too low to create an account due to the existential deposit."""


class Expendability(Error, index=4):
    """Transfer or payment would kill the account."""


class ExistingVestingSchedule(Error, index=5):
    """A vesting schedule already exists for this account."""


class DeadAccount(Error, index=6):
    """Beneficiary account must pre-exist."""


class TooManyReserves(Error, index=7):
    """Number of named reserves exceeds MaxReserves."""


class TooManyHolds(Error, index=8):
    """Number of holds exceeds MaxHolds."""


class TooManyFreezes(Error, index=9):
    """Number of freezes (or locks) exceeds MaxFreezes."""


class IssuanceDeactivated(Error, index=10):
    """The issuance cannot be modified since it is already deactivated."""


class DeltaZero(Error, index=11):
    """The delta cannot be zero."""


__all__ = ["DeadAccount", "DeltaZero", "Error", "ExistentialDeposit", "ExistingVestingSchedule", "Expendability",
           "InsufficientBalance", "IssuanceDeactivated", "LiquidityRestrictions", "TooManyFreezes", "TooManyHolds",
           "TooManyReserves", "VestingBalance"]  # fmt: skip
