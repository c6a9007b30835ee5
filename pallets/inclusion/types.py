"""Inclusion's own types and thresholds (DESIGN §4.4).

The stored records themselves (`CandidatePendingAvailability`, `AvailabilityBitfieldRecord`) and the events
(`CandidateEvent`) are declared in `primitives.parachain`, because the runtime API reports them too.
"""

from __future__ import annotations

from primitives.parachain import ValidatorIndex, ValidityAttestation

#: The votes that backed a pending candidate: (the signer's index in the session's validator list, its
#: attestation), in the order of the backing. Kept until the candidate is enacted or dropped, for Validity.
BackingVotes = tuple[tuple[ValidatorIndex, ValidityAttestation], ...]


def availability_threshold(n_validators: int) -> int:
    """Votes a candidate needs to be available: more than 2/3 of the session's validators (DESIGN §4.4)."""
    return 2 * n_validators // 3 + 1


def backing_sufficient(votes: int, group_size: int) -> bool:
    """Whether `votes` is a strict majority of a backing group of `group_size` (DESIGN §4.4)."""
    return votes * 2 > group_size


__all__ = ["BackingVotes", "availability_threshold", "backing_sufficient"]
