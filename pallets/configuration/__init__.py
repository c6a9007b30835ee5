"""The Configuration pallet: the parachain host's configuration, changed only at session boundaries."""

from pallets.configuration.pallet import (
    OVER_BOUND_ERRORS,
    SETTER_WEIGHT,
    Configuration,
    Error,
    MaxCodeSizeOverBound,
    MaxHeadDataSizeOverBound,
    ParathreadCoresOverBound,
    ParathreadRetriesOverBound,
    SchedulingLookaheadOverBound,
    ZeroChainAvailabilityPeriod,
    ZeroMaxCodeSize,
    ZeroMaxHeadDataSize,
    ZeroSchedulingLookahead,
    ZeroThreadAvailabilityPeriod,
    check_consistency,
)
from pallets.configuration.types import ConfigurationGenesisConfig, GenesisConfig

__all__ = [
    "OVER_BOUND_ERRORS",
    "SETTER_WEIGHT",
    "Configuration",
    "ConfigurationGenesisConfig",
    "Error",
    "GenesisConfig",
    "MaxCodeSizeOverBound",
    "MaxHeadDataSizeOverBound",
    "ParathreadCoresOverBound",
    "ParathreadRetriesOverBound",
    "SchedulingLookaheadOverBound",
    "ZeroChainAvailabilityPeriod",
    "ZeroMaxCodeSize",
    "ZeroMaxHeadDataSize",
    "ZeroSchedulingLookahead",
    "ZeroThreadAvailabilityPeriod",
    "check_consistency",
]
