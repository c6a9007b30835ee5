"""The Configuration pallet: the parachain host's configuration, changed only at session boundaries."""

from pallets.configuration.pallet import (
    SETTER_WEIGHT,
    Configuration,
    Error,
    ZeroChainAvailabilityPeriod,
    ZeroMaxCodeSize,
    ZeroMaxHeadDataSize,
    ZeroSchedulingLookahead,
    ZeroThreadAvailabilityPeriod,
    check_consistency,
)
from pallets.configuration.types import ConfigurationGenesisConfig, GenesisConfig

__all__ = [
    "SETTER_WEIGHT",
    "Configuration",
    "ConfigurationGenesisConfig",
    "Error",
    "GenesisConfig",
    "ZeroChainAvailabilityPeriod",
    "ZeroMaxCodeSize",
    "ZeroMaxHeadDataSize",
    "ZeroSchedulingLookahead",
    "ZeroThreadAvailabilityPeriod",
    "check_consistency",
]
