"""The Balances pallet: balances in System.Account, the existential deposit, transfers, reserves and locks."""

from pallets.balances import events
from pallets.balances._genesis import GenesisConfig
from pallets.balances.errors import (
    DeadAccount,
    DeltaZero,
    Error,
    ExistentialDeposit,
    ExistingVestingSchedule,
    Expendability,
    InsufficientBalance,
    IssuanceDeactivated,
    LiquidityRestrictions,
    TooManyFreezes,
    TooManyHolds,
    TooManyReserves,
    VestingBalance,
)
from pallets.balances.events import Event
from pallets.balances.pallet import EXISTENTIAL_DEPOSIT, Balances
from pallets.balances.types import AccountData, BalanceLock, MultiAddress, Reasons, multi_address

__all__ = ["EXISTENTIAL_DEPOSIT", "AccountData", "BalanceLock", "Balances", "DeadAccount", "DeltaZero", "Error",
           "Event", "ExistentialDeposit", "ExistingVestingSchedule", "Expendability", "GenesisConfig",
           "InsufficientBalance", "IssuanceDeactivated", "LiquidityRestrictions", "MultiAddress", "Reasons",
           "TooManyFreezes", "TooManyHolds", "TooManyReserves", "VestingBalance", "events",
           "multi_address"]  # fmt: skip
