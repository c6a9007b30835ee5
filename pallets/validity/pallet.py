"""Validity: keeps included candidates with their backing votes for secondary checks, and takes reports of
double votes (guide "The Validity Module", which leaves the module as a TODO; this is the part it names).

Included candidates are kept for the configured acceptance period, then pruned. A double-vote report carries
two conflicting statements signed by one validator in one signing context; it is checked against the keys of
that session (kept for `SessionsKept` sessions) and the offence is recorded once.
"""

from __future__ import annotations

from collections.abc import Sequence

from frame import (
    Hasher,
    Origin,
    Pallet,
    PalletError,
    Requires,
    StorageDoubleMap,
    StorageMap,
    StorageValue,
    call,
    constant,
    ensure_signed,
)
from frame.system import System
from pallets.traits import HostConfigurationSource, SessionChangeNotification
from pallets.validity import weights
from pallets.validity.types import (
    BackingVote,
    DoubleVoteReport,
    IncludedCandidate,
    Offence,
    OffenceKind,
    conflicting,
)
from primitives.parachain import (
    AbridgedCandidateReceipt,
    BlockNumber,
    Hash,
    ParaId,
    SessionIndex,
    ValidatorId,
    ValidatorIndex,
    ValidityAttestation,
)
from primitives.types import U32, ScaleEnum, scale_variant

# ---------------------------------------------------------------------------------------------
# Errors and events


class Error(PalletError):
    """Validity's errors."""


class UnknownSession(Error, index=0):
    """The report's session is not one whose validator keys are kept."""


class ValidatorIndexOutOfBounds(Error, index=1):
    """The reported validator index is not in that session's validator set."""


class DifferentValidators(Error, index=2):
    """The two statements are signed by different validators."""


class NotConflicting(Error, index=3):
    """The two statements do not conflict, so signing both is no offence."""


class InvalidSignature(Error, index=4):
    """A statement's signature does not verify with the validator's key in the report's context."""


class DuplicateReport(Error, index=5):
    """This validator's offence in this session is already recorded."""


class Event(ScaleEnum):
    """Validity's events."""


@scale_variant(0)
class DoubleVoteReported(Event):
    """A validator's double vote was reported and recorded."""

    session_index: SessionIndex
    validator_index: ValidatorIndex
    validator: ValidatorId


# ---------------------------------------------------------------------------------------------
# The pallet


class Validity(Pallet):
    """Included candidates for secondary checks, and double-vote offences."""

    Error = Error
    Event = Event

    SessionsKept = constant(U32, 6, "How many sessions' validator keys are kept for checking reports.")

    # -- Dependencies (wired by construct_runtime; pallets/traits.py)

    Configuration = Requires(HostConfigurationSource, doc="The active host configuration (its acceptance period).")

    # -- Storage

    #: as Polkadot's #[pallet::without_storage_info]:
    #: candidates, blocks and validator keys kept per session are unbounded Vecs
    without_storage_info = True
    IncludedCandidates = StorageMap(
        Hasher.Twox64Concat, BlockNumber, tuple[IncludedCandidate, ...], default=tuple,
        doc="Candidates included in each relay block, with their backing votes.",
    )  # fmt: skip
    IncludedBlocks = StorageValue(
        list[BlockNumber], default=list,
        doc="Blocks with entries in IncludedCandidates. Invariant: ascending, no duplicates.",
    )  # fmt: skip
    SessionValidators = StorageMap(
        Hasher.Twox64Concat, SessionIndex, list[ValidatorId],
        doc="The validator keys of recent sessions, for checking reports.",
    )  # fmt: skip
    Offences = StorageDoubleMap(
        Hasher.Twox64Concat, SessionIndex, Hasher.Twox64Concat, ValidatorIndex, Offence,
        doc="Recorded offences by session and validator. Invariant: at most one each.",
    )  # fmt: skip

    # -- Initialization

    @classmethod
    def initializer_initialize(cls, now: int) -> int:
        """Prune included candidates older than the acceptance period."""
        period = cls.Configuration.config().acceptance_period
        blocks = cls.IncludedBlocks.get()
        keep = [b for b in blocks if b + period >= now]
        if len(keep) != len(blocks):
            for b in blocks[: len(blocks) - len(keep)]:
                cls.IncludedCandidates.remove(b)
            cls.IncludedBlocks.put(keep)
        return 0

    @classmethod
    def initializer_finalize(cls) -> None:
        """Nothing to do at finalization."""

    # -- Session change

    @classmethod
    def initializer_on_new_session(cls, notification: SessionChangeNotification) -> None:
        """Keep the new session's validator keys; forget those older than `SessionsKept` sessions."""
        index = notification.session_index
        cls.SessionValidators.insert(index, list(notification.validators))
        stale = index - cls.SessionsKept
        if stale >= 0:
            cls.SessionValidators.remove(stale)

    # -- Routines

    @classmethod
    def note_included(cls, para_id: int, candidate_hash: bytes, backing: Sequence[BackingVote]) -> None:
        """Keep a candidate included in this block, with the votes that backed it."""
        now = System.block_number()
        record = IncludedCandidate(ParaId(para_id), Hash(candidate_hash), tuple(backing))
        cls.IncludedCandidates.append(now, record)  # no decode of the block's earlier records
        cls.IncludedBlocks.mutate(lambda blocks: blocks if blocks and blocks[-1] == now else [*blocks, now])

    @classmethod
    def candidate_included(cls, receipt: AbridgedCandidateReceipt,
                           backing: Sequence[tuple[ValidatorIndex, ValidityAttestation]]) -> None:  # fmt: skip
        """Inclusion enacted `receipt`, backed by these votes (`pallets.traits.CandidateIncludedHandler`)."""
        votes = [BackingVote(index, attestation) for index, attestation in backing]
        cls.note_included(receipt.parachain_index, receipt.hash(), votes)

    @classmethod
    def included_at(cls, block: int) -> tuple[IncludedCandidate, ...]:
        return cls.IncludedCandidates.get(block)

    @classmethod
    def check_double_vote(cls, report: DoubleVoteReport) -> bytes:
        """Check a report; return the offender's key. Raises the named error of the first failed check."""
        context, first, second = report.context, report.first, report.second
        validators = cls.SessionValidators.get(context.session_index)
        if validators is None:
            raise UnknownSession(f"session {context.session_index}")
        if first.validator_index != second.validator_index:
            raise DifferentValidators(f"{first.validator_index} and {second.validator_index}")
        index = first.validator_index
        if index >= len(validators):
            raise ValidatorIndexOutOfBounds(f"{index} of {len(validators)} in session {context.session_index}")
        if not conflicting(first.payload, second.payload):
            raise NotConflicting(f"{first.payload!r} and {second.payload!r}")
        key = validators[index]
        for which, statement in (("first", first), ("second", second)):
            if not statement.check_signature(context, key):
                raise InvalidSignature(f"{which} statement of validator {index}")
        if cls.Offences.contains_key(context.session_index, index):
            raise DuplicateReport(f"validator {index} in session {context.session_index}")
        return bytes(key)

    # -- Entry points

    @call(0, weight=lambda report: weights.report_double_vote())
    def report_double_vote(cls, origin: Origin, report: DoubleVoteReport) -> None:
        """Report two conflicting statements signed by one validator in one context; records the offence once."""
        ensure_signed(origin)
        key = cls.check_double_vote(report)
        session, index = report.context.session_index, report.first.validator_index
        cls.Offences.insert(session, index, Offence(OffenceKind.DoubleVote, System.block_number()))
        cls.deposit_event(DoubleVoteReported(session, index, ValidatorId(key)))
