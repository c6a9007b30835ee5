"""Validity's types: included-candidate records, double-vote reports and offences."""

from __future__ import annotations

import enum

from primitives.parachain import (
    BlockNumber,
    CompactStatement,
    Hash,
    ParaId,
    SessionIndex,
    Signed,
    SigningContext,
    ValidatorIndex,
    ValidatorSignature,
    ValidityAttestation,
    signed_struct,
)
from primitives.parachain.signed import CompactInvalid, CompactSeconded, CompactValid
from primitives.types import index_enum, scale_struct


@signed_struct
class SignedCompactStatement(Signed[CompactStatement]):
    """A backing statement by hash, signed by a validator (what backing signatures cover, reference §7.4)."""

    payload: CompactStatement
    validator_index: ValidatorIndex
    signature: ValidatorSignature


@scale_struct
class DoubleVoteReport:
    """Two conflicting statements signed by one validator in one signing context."""

    context: SigningContext
    first: SignedCompactStatement
    second: SignedCompactStatement


@scale_struct
class BackingVote:
    """One backing vote kept with an included candidate: the validator (session index) and its attestation."""

    validator_index: ValidatorIndex
    attestation: ValidityAttestation


@scale_struct
class IncludedCandidate:
    """An included candidate kept for secondary checks: para, candidate hash and its backing votes."""

    para_id: ParaId
    candidate_hash: Hash
    backing: tuple[BackingVote, ...]


@index_enum
class OffenceKind(enum.IntEnum):
    """What a validator did wrong."""

    DoubleVote = 0


@scale_struct
class Offence:
    """A recorded offence: what, and the relay block in which it was reported."""

    kind: OffenceKind
    reported_at: BlockNumber


def conflicting(a: CompactStatement, b: CompactStatement) -> bool:
    """Whether one validator signing both `a` and `b` in one context is a double vote.

    Two ``Seconded`` for different candidates (a validator seconds at most one candidate per relay parent),
    or ``Invalid`` for a candidate together with ``Seconded`` or ``Valid`` for the same candidate.
    """
    if isinstance(a, CompactSeconded) and isinstance(b, CompactSeconded):
        return a.value != b.value
    if a.value != b.value:
        return False
    positive = (CompactSeconded, CompactValid)
    return (isinstance(a, CompactInvalid) and isinstance(b, positive)) or (
        isinstance(b, CompactInvalid) and isinstance(a, positive)
    )


__all__ = [
    "BackingVote",
    "DoubleVoteReport",
    "IncludedCandidate",
    "Offence",
    "OffenceKind",
    "SessionIndex",
    "SignedCompactStatement",
    "conflicting",
]
