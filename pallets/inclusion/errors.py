"""Inclusion's errors: the reference's list with its indexes (reference §5, commit E), plus DESIGN §4.8's.

Index 10 is the reference's ``UnoccupiedBitInBitfield``. It stays reserved and undeclared: a bitfield with a 1
for a core without a pending candidate is disregarded, not rejected (DESIGN §4.5), so nothing could raise it.
"""

from __future__ import annotations

from frame.dispatch import PalletError


class Error(PalletError):
    """Inclusion's errors."""


class WrongBitfieldSize(Error, index=0):
    """A bitfield does not have one bit per availability core."""


class BitfieldDuplicateOrUnordered(Error, index=1):
    """Bitfields are not in strictly ascending order of validator index."""


class ValidatorIndexOutOfBounds(Error, index=2):
    """A bitfield's validator index is not in the session's validator set."""


class InvalidBitfieldSignature(Error, index=3):
    """A bitfield's signature does not verify in the block's signing context."""


class UnscheduledCandidate(Error, index=4):
    """A candidate's para is not scheduled (or not in core order among the scheduled)."""


class CandidateScheduledBeforeParaFree(Error, index=5):
    """A candidate was backed for a para that still has a candidate pending availability."""


class WrongCollator(Error, index=6):
    """A parathread candidate was not authored by the collator its claim names."""


class ScheduledOutOfOrder(Error, index=7):
    """The scheduled cores are not in strictly ascending order."""


class PrematureCodeUpgrade(Error, index=8):
    """A candidate carries new code before the para may upgrade again."""


class CandidateNotInParentContext(Error, index=9):
    """A candidate's relay parent is not the parent of this block."""


# index 10: UnoccupiedBitInBitfield, reserved (DESIGN §4.5: such bitfields are disregarded).


class InvalidGroupIndex(Error, index=11):
    """The group assigned to a candidate's core does not exist."""


class InsufficientBacking(Error, index=12):
    """A candidate is backed by no more than half of its group."""


class InvalidBacking(Error, index=13):
    """A candidate's backing votes are malformed or a signature does not verify."""


class NotCollatorSigned(Error, index=14):
    """A candidate's collator signature does not verify."""


class InternalError(Error, index=15):
    """Inclusion's storage is inconsistent (a pending record does not fit the session's validators)."""


class HeadDataTooLarge(Error, index=16):
    """A candidate's head data is larger than the configured maximum."""


class NewCodeTooLarge(Error, index=17):
    """A candidate's new validation code is larger than the configured maximum."""


__all__ = [
    "BitfieldDuplicateOrUnordered", "CandidateNotInParentContext", "CandidateScheduledBeforeParaFree", "Error",
    "HeadDataTooLarge", "InsufficientBacking", "InternalError", "InvalidBacking", "InvalidBitfieldSignature",
    "InvalidGroupIndex", "NewCodeTooLarge", "NotCollatorSigned", "PrematureCodeUpgrade", "ScheduledOutOfOrder",
    "UnscheduledCandidate", "ValidatorIndexOutOfBounds", "WrongBitfieldSize", "WrongCollator",
]  # fmt: skip
