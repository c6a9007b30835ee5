"""Inclusion: availability bitfields, candidates pending availability, and their enactment (guide "The
Inclusion Module"; reference §5 for check orders and errors; DESIGN §4.4, §4.5, §4.7, §4.8).

A backed candidate occupies its core until more than 2/3 of the session's validators have signed a bitfield
with its bit set; it is then enacted (code upgrade scheduled, head noted in Paras) and its core freed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from frame import Hasher, Pallet, Requires, StorageMap, StorageValue
from frame.system import System
from pallets.inclusion import _try_state
from pallets.inclusion._checks import check_backing, check_bitfields
from pallets.inclusion._votes import votes_by_core
from pallets.inclusion.errors import (
    CandidateNotInParentContext,
    CandidateScheduledBeforeParaFree,
    Error,
    HeadDataTooLarge,
    InsufficientBacking,
    InternalError,
    InvalidGroupIndex,
    NewCodeTooLarge,
    NotCollatorSigned,
    PrematureCodeUpgrade,
    ScheduledOutOfOrder,
    UnscheduledCandidate,
    WrongCollator,
)
from pallets.inclusion.types import BackingVotes, availability_threshold, backing_sufficient
from pallets.traits import (
    AvailabilityCores,
    CandidateIncludedHandler,
    HostConfigurationSource,
    ParaUpdates,
    SessionChangeNotification,
)
from primitives.bitvec import BitVec
from primitives.parachain import (
    AbridgedCandidateReceipt,
    AvailabilityBitfieldRecord,
    BackedCandidate,
    CandidateBacked,
    CandidateEvent,
    CandidateIncluded,
    CandidatePendingAvailability,
    CandidateTimedOut,
    CoreAssignment,
    CoreIndex,
    GroupIndex,
    HostConfiguration,
    ParaId,
    SessionIndex,
    SignedAvailabilityBitfield,
    SigningContext,
    ValidatorId,
    ValidatorIndex,
)
from primitives.types import evolve

#: `Scheduler.core_para`: the para whose candidate occupies a core, if any.
CoreLookup = Callable[[CoreIndex], ParaId | None]
#: `Scheduler.group_validators`: the members of a validator group, if it exists.
GroupLookup = Callable[[GroupIndex], Sequence[ValidatorIndex] | None]


class Inclusion(Pallet):
    """The guide's Inclusion module."""

    Error = Error
    Event = CandidateEvent

    # -- Dependencies (wired by construct_runtime; pallets/traits.py)

    Configuration = Requires(HostConfigurationSource, doc="The active host configuration.")
    Paras = Requires(ParaUpdates, doc="The registered parachains; enacted candidates update their heads and code.")
    Validity = Requires.optional(CandidateIncludedHandler, doc="Told of every enacted candidate (none: nobody).")
    Scheduler = Requires.optional(AvailabilityCores, doc="try_state only: the cores pending candidates occupy.")

    # -- Storage

    #: as Polkadot's #[pallet::without_storage_info]: bitfields, commitments
    #: and backing votes grow with the validators and the configured code/head sizes
    without_storage_info = True
    AvailabilityBitfields = StorageMap(
        Hasher.Twox64Concat, ValidatorIndex, AvailabilityBitfieldRecord,
        doc="The latest accepted bitfield of each validator (the guide's `bitfields`). Cleared at session change.",
    )  # fmt: skip
    PendingAvailability = StorageMap(
        Hasher.Twox64Concat, ParaId, CandidatePendingAvailability,
        doc="Candidates pending availability, by para. Invariant: at most one per para, on the core it occupies.",
    )  # fmt: skip
    PendingAvailabilityBacking = StorageMap(
        Hasher.Twox64Concat, ParaId, BackingVotes,
        doc="The backing votes of each pending candidate, for Validity. Invariant: same keys as PendingAvailability.",
    )  # fmt: skip
    Validators = StorageValue(
        list[ValidatorId], default=list,
        doc="The session's validators; bitfields and backing votes are signed by these keys.",
    )  # fmt: skip
    CurrentSessionIndex = StorageValue(SessionIndex, default=0, doc="The index of the current session.")

    @classmethod
    def try_state(cls, now: int) -> None:
        """try-runtime: the storage invariants stated above (`pallets.inclusion._try_state`)."""
        _try_state.check(cls)

    # -- Initialization

    @classmethod
    def initializer_initialize(cls, now: int) -> int:
        """Nothing to do at initialization."""
        return 0

    @classmethod
    def initializer_finalize(cls) -> None:
        """Nothing to do at finalization."""

    # -- Session change

    @classmethod
    def initializer_on_new_session(cls, notification: SessionChangeNotification) -> None:
        """Drop every pending candidate and bitfield; keep the new session's validators and index."""
        cls.PendingAvailability.clear()
        cls.PendingAvailabilityBacking.clear()
        cls.AvailabilityBitfields.clear()
        cls.Validators.put([ValidatorId(v) for v in notification.validators])
        cls.CurrentSessionIndex.put(notification.session_index)

    # -- Getters

    @classmethod
    def validators(cls) -> list[ValidatorId]:
        return cls.Validators.get()

    @classmethod
    def session_index(cls) -> int:
        return cls.CurrentSessionIndex.get()

    @classmethod
    def pending_availability(cls, para: ParaId) -> CandidatePendingAvailability | None:
        return cls.PendingAvailability.get(para)

    @classmethod
    def signing_context(cls) -> SigningContext:
        """What validators sign in this block: the session index and the parent hash (DESIGN §4.2)."""
        return SigningContext(cls.CurrentSessionIndex.get(), System.parent_hash())

    # -- Routines

    @classmethod
    def process_bitfields(
        cls, signed_bitfields: Sequence[SignedAvailabilityBitfield], core_lookup: CoreLookup
    ) -> list[CoreIndex]:
        """Check and apply the block's bitfields; enact the candidates that became available.

        Returns the freed cores, ascending. Nothing is written unless every bitfield passes its checks.
        """
        validators = cls.Validators.get()
        n_bits = len(cls.Paras.parachains()) + cls.Configuration.config().parathread_cores
        pending: dict[int, tuple[ParaId, CandidatePendingAvailability]] = {}
        for core in range(n_bits):
            para = core_lookup(CoreIndex(core))
            record = cls.PendingAvailability.get(para) if para is not None else None
            if para is None or record is None:
                continue
            if len(record.availability_votes) != len(validators):
                raise InternalError(
                    f"para {para}: {len(record.availability_votes)} availability votes for {len(validators)} validators"
                )
            pending[core] = (para, record)
        occupied_mask = sum(1 << core for core in pending)
        accepted = check_bitfields(signed_bitfields, n_bits, validators, occupied_mask, cls.signing_context())

        now = System.block_number()
        new_votes = votes_by_core(accepted, pending, len(validators), n_bits)
        votes = {
            core: int.from_bytes(rec.availability_votes.packed, "little") | new_votes[core]
            for core, (_, rec) in pending.items()
        }
        for signed in accepted:
            cls.AvailabilityBitfields.insert(signed.validator_index, AvailabilityBitfieldRecord(signed.payload, now))

        threshold = availability_threshold(len(validators))
        freed: list[CoreIndex] = []
        for core in sorted(pending):
            para, record = pending[core]
            if votes[core].bit_count() >= threshold:
                cls.PendingAvailability.remove(para)
                cls.enact_candidate(record.relay_parent_number, record.receipt)
                freed.append(CoreIndex(core))
            else:
                n = len(validators)
                updated = BitVec.from_packed(votes[core].to_bytes((n + 7) // 8, "little"), n)
                if updated != record.availability_votes:
                    cls.PendingAvailability.insert(para, evolve(record, availability_votes=updated))
        return freed

    @classmethod
    def process_candidates(
        cls,
        candidates: Sequence[BackedCandidate],
        scheduled: Sequence[CoreAssignment],
        group_validators: GroupLookup,
    ) -> list[CoreIndex]:
        """Check the block's backed candidates against the scheduled cores; make each pending availability.

        Candidates come in core order, at most one per scheduled core. Returns the cores they now occupy, in
        candidate order (ascending). Nothing is written unless every candidate passes its checks.
        """
        if len(candidates) > len(scheduled):
            raise UnscheduledCandidate(f"{len(candidates)} candidates for {len(scheduled)} scheduled cores")
        if not scheduled:
            return []
        validators = cls.Validators.get()
        config = cls.Configuration.config()
        parent_hash = System.parent_hash()
        now = System.block_number()
        relay_parent_number = now - 1
        context = cls.signing_context()

        skip = 0
        last_core = -1

        def check_in_order(assignment: CoreAssignment) -> None:
            nonlocal last_core
            if assignment.core <= last_core:
                raise ScheduledOutOfOrder(f"core {assignment.core} scheduled after core {last_core}")
            last_core = assignment.core

        chosen: list[tuple[AbridgedCandidateReceipt, CoreIndex, BackingVotes]] = []
        for position, backed in enumerate(candidates):
            receipt = backed.candidate
            para = receipt.parachain_index
            where = f"candidate {position} (para {para})"
            if receipt.relay_parent != parent_hash:
                raise CandidateNotInParentContext(
                    f"{where}: relay parent 0x{bytes(receipt.relay_parent).hex()}, parent 0x{parent_hash.hex()}"
                )
            cls._check_sizes_and_upgrade(receipt, config, relay_parent_number, where)
            if not receipt.check_collator_signature():
                raise NotCollatorSigned(f"{where}: collator 0x{bytes(receipt.collator).hex()}")
            for offset, assignment in enumerate(scheduled[skip:]):
                check_in_order(assignment)
                if assignment.para_id != para:
                    continue
                required = assignment.required_collator()
                if required is not None and required != receipt.collator:
                    raise WrongCollator(f"{where}: claim of collator 0x{bytes(required).hex()}")
                if cls.PendingAvailability.contains_key(para):
                    raise CandidateScheduledBeforeParaFree(f"{where}: a candidate is already pending")
                skip += offset + 1
                group = group_validators(assignment.group_idx)
                if group is None:
                    raise InvalidGroupIndex(f"{where}: group {assignment.group_idx} of core {assignment.core}")
                backing = check_backing(backed, context, group, validators)
                if not backing_sufficient(len(backing), len(group)):
                    raise InsufficientBacking(f"{where}: {len(backing)} votes from a group of {len(group)}")
                chosen.append((receipt, assignment.core, backing))
                break
            else:
                raise UnscheduledCandidate(f"{where}: not scheduled (after core {last_core})")
        for assignment in scheduled[skip:]:
            check_in_order(assignment)

        no_votes = BitVec.zeros(len(validators))
        for receipt, core, backing in chosen:
            para = receipt.parachain_index
            record = CandidatePendingAvailability(core, receipt, no_votes, relay_parent_number, now)
            cls.PendingAvailability.insert(para, record)
            cls.PendingAvailabilityBacking.insert(para, backing)
            cls.deposit_event(CandidateBacked(receipt, receipt.head_data))
        return [core for _, core, _ in chosen]

    @classmethod
    def _check_sizes_and_upgrade(
        cls, receipt: AbridgedCandidateReceipt, config: HostConfiguration, relay_parent_number: int, where: str
    ) -> None:
        """A candidate with new code must be allowed to upgrade (DESIGN §4.7); head and code fit (§4.8)."""
        code = receipt.commitments.new_validation_code
        if code is not None:
            last = cls.Paras.last_code_upgrade(receipt.parachain_index, True)
            frequency = config.validation_upgrade_frequency
            if last is not None and not (last <= relay_parent_number and relay_parent_number - last >= frequency):
                raise PrematureCodeUpgrade(
                    f"{where}: last upgrade at {last}, relay parent {relay_parent_number}, frequency {frequency}"
                )
        if len(receipt.head_data) > config.max_head_data_size:
            raise HeadDataTooLarge(f"{where}: {len(receipt.head_data)} bytes, max {config.max_head_data_size}")
        if code is not None and len(code) > config.max_code_size:
            raise NewCodeTooLarge(f"{where}: {len(code)} bytes, max {config.max_code_size}")

    @classmethod
    def enact_candidate(cls, relay_parent_number: int, receipt: AbridgedCandidateReceipt) -> None:
        """Apply an available candidate: schedule its code upgrade, note its head, and hand it to Validity."""
        para = receipt.parachain_index
        code = receipt.commitments.new_validation_code
        if code is not None:
            delay = cls.Configuration.config().validation_upgrade_delay
            cls.Paras.schedule_code_upgrade(para, code, relay_parent_number + delay)
        cls.deposit_event(CandidateIncluded(receipt, receipt.head_data))
        cls.Paras.note_new_head(para, receipt.head_data, relay_parent_number)
        backing = cls.PendingAvailabilityBacking.take(para) or ()
        if cls.Validity is not None:
            cls.Validity.candidate_included(receipt, backing)

    @classmethod
    def force_enact(cls, para: ParaId) -> None:
        """Enact `para`'s candidate pending availability now, as if it had become available (Polkadot's
        `force_enact`, for the runtime API's `OccupiedCoreAssumption::Included`); nothing if none is pending."""
        record = cls.PendingAvailability.take(para)
        if record is not None:
            cls.enact_candidate(record.relay_parent_number, record.receipt)

    @classmethod
    def collect_pending(cls, predicate: Callable[[CoreIndex, int], bool]) -> list[CoreIndex]:
        """Drop the pending candidates for which `predicate(core, backed_in_number)` holds; return their cores.

        The cores come back ascending, and each dropped candidate emits `CandidateTimedOut`.
        """
        dropped = [
            (record.core, para, record)
            for para, record in cls.PendingAvailability.iter()
            if predicate(record.core, record.backed_in_number)
        ]
        dropped.sort(key=lambda item: item[0])
        for _, para, record in dropped:
            cls.PendingAvailability.remove(para)
            cls.PendingAvailabilityBacking.remove(para)
            cls.deposit_event(CandidateTimedOut(record.receipt, record.receipt.head_data))
        return [CoreIndex(core) for core, _, _ in dropped]
