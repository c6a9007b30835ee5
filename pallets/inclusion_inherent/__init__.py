"""The InclusionInherent pallet: the mandatory per-block `inclusion` entry point and its inherent provider."""

from pallets.inclusion_inherent.pallet import (
    INCLUSION_WEIGHT,
    INHERENT_IDENTIFIER,
    Error,
    InclusionInherent,
    InclusionInherentData,
    MissingInclusionInherent,
    TooManyInclusionInherents,
)
from pallets.inclusion_inherent.provider import inclusion_inherent_for

__all__ = [
    "INCLUSION_WEIGHT", "INHERENT_IDENTIFIER", "Error", "InclusionInherent", "InclusionInherentData",
    "MissingInclusionInherent", "TooManyInclusionInherents", "inclusion_inherent_for",
]  # fmt: skip
