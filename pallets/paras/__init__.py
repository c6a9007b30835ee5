"""The Paras pallet: registered paras, their heads and validation code, code upgrades and past-code pruning."""

from pallets.paras.errors import (
    AlreadyOutgoing,
    AlreadyRegistered,
    AlreadyScheduled,
    CodeTooLarge,
    DuplicateGenesisPara,
    EmptyValidationCode,
    Error,
    HeadDataTooLarge,
    NotRegistered,
)
from pallets.paras.pallet import Paras
from pallets.paras.types import GenesisConfig, ParasGenesisConfig

__all__ = [
    "AlreadyOutgoing",
    "AlreadyRegistered",
    "AlreadyScheduled",
    "CodeTooLarge",
    "DuplicateGenesisPara",
    "EmptyValidationCode",
    "Error",
    "GenesisConfig",
    "HeadDataTooLarge",
    "NotRegistered",
    "Paras",
    "ParasGenesisConfig",
]
