"""The Session pallet: sessions of fixed length, their validator sets and seeds; it tells its session handlers."""

from pallets.session.pallet import (
    DuplicateValidator,
    EmptyValidatorSet,
    Error,
    Session,
    ZeroSessionLength,
    check_validator_set,
)
from pallets.session.types import (
    SEED_DOMAIN,
    Event,
    GenesisConfig,
    NewSession,
    NextValidatorsQueued,
    SessionGenesisConfig,
    session_seed,
)

__all__ = [
    "SEED_DOMAIN",
    "DuplicateValidator",
    "EmptyValidatorSet",
    "Error",
    "Event",
    "GenesisConfig",
    "NewSession",
    "NextValidatorsQueued",
    "Session",
    "SessionGenesisConfig",
    "ZeroSessionLength",
    "check_validator_set",
    "session_seed",
]
