"""The Inclusion pallet: availability bitfields, candidates pending availability, and their enactment."""

from pallets.inclusion.errors import (
    BitfieldDuplicateOrUnordered,
    CandidateNotInParentContext,
    CandidateScheduledBeforeParaFree,
    Error,
    HeadDataTooLarge,
    InsufficientBacking,
    InternalError,
    InvalidBacking,
    InvalidBitfieldSignature,
    InvalidGroupIndex,
    NewCodeTooLarge,
    NotCollatorSigned,
    PrematureCodeUpgrade,
    ScheduledOutOfOrder,
    UnscheduledCandidate,
    ValidatorIndexOutOfBounds,
    WrongBitfieldSize,
    WrongCollator,
)
from pallets.inclusion.pallet import CoreLookup, GroupLookup, Inclusion
from pallets.inclusion.types import BackingVotes, availability_threshold, backing_sufficient

__all__ = [
    "BackingVotes", "BitfieldDuplicateOrUnordered", "CandidateNotInParentContext", "CandidateScheduledBeforeParaFree",
    "CoreLookup", "Error", "GroupLookup", "HeadDataTooLarge", "Inclusion", "InsufficientBacking", "InternalError",
    "InvalidBacking", "InvalidBitfieldSignature", "InvalidGroupIndex", "NewCodeTooLarge", "NotCollatorSigned",
    "PrematureCodeUpgrade", "ScheduledOutOfOrder", "UnscheduledCandidate", "ValidatorIndexOutOfBounds",
    "WrongBitfieldSize", "WrongCollator", "availability_threshold", "backing_sufficient",
]  # fmt: skip
