"""The Validity pallet: included candidates kept for secondary checks, and double-vote offences."""

from pallets.validity.pallet import (
    DifferentValidators,
    DoubleVoteReported,
    DuplicateReport,
    Error,
    Event,
    InvalidSignature,
    NotConflicting,
    UnknownSession,
    ValidatorIndexOutOfBounds,
    Validity,
)
from pallets.validity.types import (
    BackingVote,
    DoubleVoteReport,
    IncludedCandidate,
    Offence,
    OffenceKind,
    SignedCompactStatement,
    conflicting,
)

__all__ = [
    "BackingVote", "DifferentValidators", "DoubleVoteReport", "DoubleVoteReported", "DuplicateReport", "Error",
    "Event", "IncludedCandidate", "InvalidSignature", "NotConflicting", "Offence", "OffenceKind",
    "SignedCompactStatement", "UnknownSession", "ValidatorIndexOutOfBounds", "Validity", "conflicting",
]  # fmt: skip
