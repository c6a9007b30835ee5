"""The statement table of one backing job: who said what about which candidate under one relay parent.

Candidates are known from their ``Seconded`` statements; ``Valid``/``Invalid`` statements about a candidate
not yet known wait for it; a candidate whose receipt names another relay parent is ignored. A candidate is
backed once a strict majority of the group assigned to its para's core has signed ``Seconded`` or ``Valid``
for it (DESIGN §4.4: ``votes * 2 > group size``); only the group's votes count and go into the
`BackedCandidate`, ordered by position in the group (``Implicit`` for Seconded, ``Explicit`` for Valid).
Every statement is also compared with the signer's earlier ones: two that conflict by Validity's rule
(`pallets.validity.conflicting`) are a double vote, returned as a `DoubleVoteReport` (once per validator);
the conflicting statement is not counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from node.subsystems._relay_info import RelayParentInfo
from pallets.validity import DoubleVoteReport, SignedCompactStatement, conflicting
from primitives.bitvec import BitVec
from primitives.parachain import (
    AbridgedCandidateReceipt,
    BackedCandidate,
    Explicit,
    Implicit,
    Invalid,
    Seconded,
    SignedStatement,
    Valid,
    ValidatorIndex,
    ValidityAttestation,
)

__all__ = ["ImportResult", "StatementTable"]


@dataclass
class _Candidate:
    receipt: AbridgedCandidateReceipt
    group: list[ValidatorIndex] | None
    votes: dict[int, ValidityAttestation] = field(default_factory=dict)  # validator index -> attestation
    invalid: set[int] = field(default_factory=set)
    backed: BackedCandidate | None = None


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What importing one statement changed."""

    new: bool = False  # the statement was new (not a repeat)
    seconded: AbridgedCandidateReceipt | None = None  # a candidate first seen with this statement
    backed: BackedCandidate | None = None  # the candidate became backed with this statement
    double_vote: DoubleVoteReport | None = None  # the signer double-voted with this statement


class StatementTable:
    """Statements under one relay parent (`info`)."""

    def __init__(self, info: RelayParentInfo) -> None:
        self.info = info
        self.candidates: dict[bytes, _Candidate] = {}
        self._waiting: dict[bytes, list[SignedStatement]] = {}
        self._by_validator: dict[int, list[SignedStatement]] = {}
        self.double_voters: set[int] = set()

    def backed(self) -> list[BackedCandidate]:
        return [c.backed for c in self.candidates.values() if c.backed is not None]

    def receipt(self, candidate_hash: bytes) -> AbridgedCandidateReceipt | None:
        entry = self.candidates.get(candidate_hash)
        return None if entry is None else entry.receipt

    def import_statement(self, signed: SignedStatement) -> ImportResult:
        index = int(signed.validator_index)
        compact = signed.payload.to_compact()
        earlier = self._by_validator.setdefault(index, [])
        for old in earlier:
            old_compact = old.payload.to_compact()
            if old_compact == compact:
                return ImportResult()
            if conflicting(old_compact, compact):
                if index in self.double_voters:
                    return ImportResult()
                self.double_voters.add(index)
                report = DoubleVoteReport(
                    self.info.context,
                    SignedCompactStatement(old_compact, old.validator_index, old.signature),
                    SignedCompactStatement(compact, signed.validator_index, signed.signature),
                )
                return ImportResult(new=True, double_vote=report)
        earlier.append(signed)
        payload = signed.payload
        if isinstance(payload, Seconded):
            return self._seconded(payload.value, signed)
        assert isinstance(payload, Valid | Invalid)
        candidate_hash = bytes(payload.value)
        if candidate_hash not in self.candidates:
            self._waiting.setdefault(candidate_hash, []).append(signed)
            return ImportResult(new=True)
        return ImportResult(new=True, backed=self._vote(candidate_hash, signed))

    def _seconded(self, receipt: AbridgedCandidateReceipt, signed: SignedStatement) -> ImportResult:
        if bytes(receipt.relay_parent) != self.info.relay_parent:
            return ImportResult(new=True)  # a candidate for another relay parent cannot be backed here
        candidate_hash = receipt.hash()
        first = candidate_hash not in self.candidates
        if first:
            group = self.info.backing_group(int(receipt.parachain_index))
            self.candidates[candidate_hash] = _Candidate(receipt, group)
        backed = self._vote(candidate_hash, signed)
        for waiting in self._waiting.pop(candidate_hash, []):
            backed = self._vote(candidate_hash, waiting) or backed
        return ImportResult(new=True, seconded=receipt if first else None, backed=backed)

    def _vote(self, candidate_hash: bytes, signed: SignedStatement) -> BackedCandidate | None:
        """Count `signed` for the candidate; the BackedCandidate if this vote made it backed."""
        entry = self.candidates[candidate_hash]
        index = int(signed.validator_index)
        payload = signed.payload
        if isinstance(payload, Invalid):
            entry.invalid.add(index)
            return None
        if entry.group is None or index not in entry.group:
            return None
        attestation: ValidityAttestation = Implicit(signed.signature) if isinstance(payload, Seconded) else (
            Explicit(signed.signature))  # fmt: skip
        assert isinstance(payload, Seconded | Valid)
        entry.votes.setdefault(index, attestation)
        if entry.backed is not None or len(entry.votes) * 2 <= len(entry.group):
            return None
        positions = sorted(entry.group.index(ValidatorIndex(v)) for v in entry.votes)
        votes = tuple(entry.votes[int(entry.group[p])] for p in positions)
        entry.backed = BackedCandidate(entry.receipt, votes, BitVec.from_indices(len(entry.group), positions))
        return entry.backed
