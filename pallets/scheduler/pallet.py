"""The Scheduler: execution cores, validator groups and their rotation, and the parathread claim queue
(guide "The Scheduler Module"; reference §4; DESIGN §4.6, §4.7, §4.9, §4.10).

One core per parachain (the i'th parachain owns core i), then `parathread_cores` cores multiplexed among
parathread claims. Each block the free cores are scheduled; Inclusion marks the ones it fills as occupied and
frees them again on availability or timeout. Where the guide, the reference and DESIGN differ: see the
package docstring.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

from frame.coupling import Requires
from frame.dispatch import Origin, ensure_signed
from frame.pallet import Pallet, call
from frame.storage import StorageValue
from frame.system import System
from pallets.scheduler import _rules, _try_state, weights
from pallets.scheduler.errors import AlreadyClaimed, CoreNotScheduled, Error, NotParathread, QueueFull
from pallets.scheduler.groups import validator_groups
from pallets.scheduler.types import TimeoutPredicate
from pallets.traits import HostConfigurationSource, ParaRegistry, SessionChangeNotification
from primitives.parachain import (
    AssignmentKindParachain,
    AssignmentKindParathread,
    BlockNumber,
    CollatorId,
    CoreAssignment,
    CoreIndex,
    CoreOccupied,
    CoreOccupiedParachain,
    CoreOccupiedParathread,
    FreedReason,
    GroupIndex,
    GroupRotationInfo,
    ParaId,
    ParathreadClaim,
    ParathreadClaimQueue,
    ParathreadEntry,
    QueuedParathread,
    ScheduledCore,
    ValidatorIndex,
)
from primitives.parachain.config import MAX_PARATHREAD_QUEUE


class Scheduler(Pallet):
    """The guide's Scheduler module."""

    Error = Error

    # -----------------------------------------------------------------------------------------
    # Dependencies (wired by construct_runtime; pallets/traits.py)

    Configuration = Requires(HostConfigurationSource, doc="The active host configuration.")
    Paras = Requires(ParaRegistry, doc="The registered paras: the i'th parachain owns core i.")

    # -----------------------------------------------------------------------------------------
    # Storage

    #: as Polkadot's #[pallet::without_storage_info]:
    #: groups, cores, claims and assignments are Vecs sized by the validators and cores
    without_storage_info = True
    ValidatorGroups = StorageValue(
        list[list[ValidatorIndex]], default=list,
        doc="The session's validator groups, one per core (none without validators). Invariant: a partition "
            "of the validator indexes, sizes differing by at most one.",
    )  # fmt: skip
    ParathreadQueue = StorageValue(
        ParathreadClaimQueue, default=ParathreadClaimQueue,
        doc="Parathread claims waiting for a core, each bound to a parathread core offset. Invariant: offsets "
            "below parathread_cores; at most one claim per para.",
    )  # fmt: skip
    ExecutionCores = StorageValue(
        list[CoreOccupied | None], default=list,
        doc="What occupies each core (None: free). Invariant: one entry per parachain, then one per parathread "
            "core; the i'th parachain owns core i.",
    )  # fmt: skip
    ParathreadClaimIndex = StorageValue(
        list[ParaId], default=list,
        doc="The parathreads with a claim queued, scheduled or occupying a core. Invariant: sorted ascending, "
            "no duplicates, exactly the paras of those claims.",
    )  # fmt: skip
    SessionStartBlock = StorageValue(
        BlockNumber, default=0, doc="The block at which the current session started; rotations count from it."
    )
    Scheduled = StorageValue(
        list[CoreAssignment], default=list,
        doc="This block's assignments of free cores. Ephemeral: wiped at finalization. Invariant: sorted by "
            "core, every core free in ExecutionCores.",
    )  # fmt: skip

    @classmethod
    def try_state(cls, now: int) -> None:
        """try-runtime: the storage invariants stated above (`pallets.scheduler._try_state`)."""
        _try_state.check(cls)

    # -----------------------------------------------------------------------------------------
    # Initialization

    @classmethod
    def initializer_initialize(cls, now: int) -> int:
        """Schedule the free cores (``schedule([])``); returns the weight used."""
        cls.schedule([])
        return 0

    # -----------------------------------------------------------------------------------------
    # Session Change

    @classmethod
    def initializer_on_new_session(cls, notification: SessionChangeNotification) -> None:
        """Resize and clear the cores, shuffle new groups, and prune and rebalance the claim queue."""
        config = notification.new_config
        n_cores = len(cls.Paras.parachains()) + config.parathread_cores
        cls.SessionStartBlock.put(System.block_number())

        # Every core is cleared; parathread claims on cores go back to the end of the queue, retries unchanged.
        returned = [
            QueuedParathread(c.value, 0) for c in cls.ExecutionCores.get() if isinstance(c, CoreOccupiedParathread)
        ]
        cls.ExecutionCores.put([None] * n_cores)

        cls.ValidatorGroups.put(validator_groups(notification.random_seed, len(notification.validators), n_cores))

        queue = _rules.prune_and_rebalance(
            [*cls.ParathreadQueue.get().queue, *returned], config, cls.Paras.is_parathread
        )
        cls.ParathreadQueue.put(queue)
        # every surviving claim is now in the queue (Scheduled is empty between blocks)
        cls.ParathreadClaimIndex.put(sorted({q.claim.claim.para_id for q in queue.queue}))

    # -----------------------------------------------------------------------------------------
    # Entry points

    # q: at most the full queue, which no configuration within the bounds makes longer than MAX_PARATHREAD_QUEUE
    @call(0, weight=lambda para_id, collator: weights.claim_parathread(q=MAX_PARATHREAD_QUEUE - 1))
    def claim_parathread(cls, origin: Origin, para_id: ParaId, collator: CollatorId) -> None:
        """Claim a slot for a parathread block by `collator` (any signed account may claim; there are no fees).

        The entry point to `add_parathread_claim`: NotParathread, QueueFull or AlreadyClaimed refuse it.
        """
        ensure_signed(origin)
        cls.add_parathread_claim(ParathreadClaim(para_id, collator))

    # -----------------------------------------------------------------------------------------
    # Routines

    @classmethod
    def add_parathread_claim(cls, claim: ParathreadClaim) -> None:
        """Queue `claim` (retries 0) on the next parathread core offset.

        Raises NotParathread, QueueFull or AlreadyClaimed (checked in that order) and then writes nothing.
        """
        para = claim.para_id
        if not cls.Paras.is_parathread(para):
            raise NotParathread(f"para {int(para)}")
        config = cls.Configuration.config()
        queue = cls.ParathreadQueue.get()
        cap = config.parathread_cores * config.scheduling_lookahead
        if len(queue.queue) >= cap:
            raise QueueFull(
                f"{len(queue.queue)} claims queued; the cap is parathread_cores {config.parathread_cores} "
                f"* scheduling_lookahead {config.scheduling_lookahead}"
            )
        index = cls.ParathreadClaimIndex.get()
        at = bisect_left(index, para)
        if at < len(index) and index[at] == para:
            raise AlreadyClaimed(f"para {int(para)}")
        index.insert(at, para)
        cls.ParathreadClaimIndex.put(index)
        cls.ParathreadQueue.put(queue.enqueue_entry(ParathreadEntry(claim, 0), config.parathread_cores))

    @classmethod
    def schedule(cls, just_freed: Sequence[tuple[CoreIndex, FreedReason]]) -> None:
        """Free `just_freed`, then assign every free, unscheduled core (DESIGN §4.7: freed cores stay free).

        A parathread claim whose candidate concluded is done; one that timed out goes back to the queue with
        its retries unchanged (a timeout is not the collator's fault). Parachain cores get their parachain,
        parathread cores the next claim queued for their offset. Nothing is scheduled without groups.
        """
        config = cls.Configuration.config()
        cores: list[CoreOccupied | None] = cls.ExecutionCores.get()
        original_queue = queue = cls.ParathreadQueue.get()
        done: list[ParaId] = []
        freed_any = False
        for core, reason in just_freed:
            if core >= len(cores) or cores[core] is None:
                continue
            occupant, cores[core] = cores[core], None
            freed_any = True
            if isinstance(occupant, CoreOccupiedParathread):
                if reason == FreedReason.TimedOut and config.parathread_cores > 0:
                    queue = queue.enqueue_entry(occupant.value, config.parathread_cores)
                else:
                    done.append(occupant.value.claim.para_id)
        if freed_any:
            cls.ExecutionCores.put(cores)
        cls._unindex(done)

        groups = cls.ValidatorGroups.get()
        if groups:
            queue = cls._assign_free_cores(cores, queue, len(groups))
        if queue is not original_queue:
            cls.ParathreadQueue.put(queue)

    @classmethod
    def _assign_free_cores(
        cls, cores: list[CoreOccupied | None], queue: ParathreadClaimQueue, n_groups: int
    ) -> ParathreadClaimQueue:
        """Add an assignment to Scheduled for each free core not yet in it; returns the queue left."""
        parachains = cls.Paras.parachains()
        rotation = cls.group_rotation_info()
        scheduled: list[CoreAssignment] = cls.Scheduled.get()
        taken = {a.core for a in scheduled}
        new: list[CoreAssignment] = []
        for c, occupant in enumerate(cores):
            if occupant is not None or c in taken or c >= n_groups:
                continue
            group = rotation.group_for_core(c, n_groups)
            if c < len(parachains):
                new.append(CoreAssignment(CoreIndex(c), parachains[c], AssignmentKindParachain(), group))
                continue
            queue, entry = queue.take_next_on_core(c - len(parachains))
            if entry is not None:
                kind = AssignmentKindParathread(entry.claim.collator, entry.retries)
                new.append(CoreAssignment(CoreIndex(c), entry.claim.para_id, kind, group))
        if new:
            cls.Scheduled.put(sorted([*scheduled, *new], key=lambda a: a.core))
        return queue

    @classmethod
    def occupied(cls, now_occupied: Sequence[CoreIndex]) -> None:
        """Move the assignments of `now_occupied` from Scheduled to ExecutionCores.

        Raises CoreNotScheduled (writing nothing) if one of them is not scheduled.
        """
        if not now_occupied:
            return
        scheduled = {a.core: a for a in cls.Scheduled.get()}
        cores: list[CoreOccupied | None] = cls.ExecutionCores.get()
        for core in now_occupied:
            assignment = scheduled.pop(core, None)
            if assignment is None:
                raise CoreNotScheduled(f"core {int(core)}")
            cores[core] = assignment.to_core_occupied()
        cls.Scheduled.put(list(scheduled.values()))
        cls.ExecutionCores.put(cores)

    @classmethod
    def _unindex(cls, paras: Iterable[ParaId]) -> None:
        """Remove `paras` from the claim index (their claims are done or dropped)."""
        gone = set(paras)
        if gone:
            cls.ParathreadClaimIndex.put([p for p in cls.ParathreadClaimIndex.get() if p not in gone])

    # -----------------------------------------------------------------------------------------
    # Queries

    @classmethod
    def scheduled(cls) -> list[CoreAssignment]:
        """This block's assignments so far, sorted by core."""
        return list(cls.Scheduled.get())

    @classmethod
    def availability_cores(cls) -> list[CoreOccupied | None]:
        """What occupies each core (None: free)."""
        return list(cls.ExecutionCores.get())

    @classmethod
    def session_start_block(cls) -> int:
        """The block at which the current session started."""
        return int(cls.SessionStartBlock.get())

    @classmethod
    def group_validators(cls, group: GroupIndex) -> list[ValidatorIndex] | None:
        """The validators of `group`, or None if there is no such group."""
        groups = cls.ValidatorGroups.get()
        return list(groups[group]) if 0 <= group < len(groups) else None

    @classmethod
    def validator_groups(cls) -> list[list[ValidatorIndex]]:
        """The session's validator groups, by group index."""
        return cls.ValidatorGroups.get()

    @classmethod
    def group_rotation_info(cls) -> GroupRotationInfo:
        """Where group rotation stands at the current block (uses the active configuration)."""
        freq = cls.Configuration.config().parachain_rotation_frequency
        return GroupRotationInfo(cls.SessionStartBlock.get(), freq, System.block_number())

    @classmethod
    def group_assigned_to_core(cls, core: CoreIndex, at: int) -> GroupIndex | None:
        """The group serving `core` at block `at` of this session (DESIGN §4.6: group i serves core
        (i + k) % n after k rotations). None before the session started or for a core without a group."""
        start = cls.SessionStartBlock.get()
        n_groups = len(cls.ValidatorGroups.get())
        if at < start or not 0 <= core < n_groups:
            return None
        info = GroupRotationInfo(start, cls.Configuration.config().parachain_rotation_frequency, at)
        return info.group_for_core(core, n_groups)

    @classmethod
    def core_para(cls, core: CoreIndex) -> ParaId | None:
        """The para occupying `core`, else the para scheduled on it, else None."""
        cores = cls.ExecutionCores.get()
        if not 0 <= core < len(cores):
            return None
        occupant = cores[core]
        if isinstance(occupant, CoreOccupiedParathread):
            return occupant.value.claim.para_id
        if isinstance(occupant, CoreOccupiedParachain):
            parachains = cls.Paras.parachains()
            return parachains[core] if core < len(parachains) else None
        return next((a.para_id for a in cls.Scheduled.get() if a.core == core), None)

    @classmethod
    def availability_timeout_predicate(cls) -> TimeoutPredicate | None:
        """A predicate ``(core, pending_since) -> timed out?`` for this block, or None if nothing may time out
        (see `_rules.timeout_predicate`)."""
        config = cls.Configuration.config()
        now = System.block_number()
        return _rules.timeout_predicate(cls.ExecutionCores.get(), config, now, cls.SessionStartBlock.get())

    @classmethod
    def next_up_on_available(cls, core: CoreIndex) -> ScheduledCore | None:
        """What would be scheduled on `core` if it were freed now: its parachain, or the next claim for it."""
        return _rules.next_up(cls.ExecutionCores.get(), cls.Paras.parachains(), cls.ParathreadQueue.get(), core, False)

    @classmethod
    def next_up_on_time_out(cls, core: CoreIndex) -> ScheduledCore | None:
        """Like `next_up_on_available`, but with no claim queued for a parathread core, the claim occupying it
        (a prediction: a timed-out claim is requeued at the queue's next offset, which may be another core)."""
        return _rules.next_up(cls.ExecutionCores.get(), cls.Paras.parachains(), cls.ParathreadQueue.get(), core, True)

    # -----------------------------------------------------------------------------------------
    # Finalization

    @classmethod
    def initializer_finalize(cls) -> None:
        """Wipe Scheduled. Parathread claims scheduled but not occupied go back to the queue with retries + 1,
        or are dropped (and leave the claim index) once that is over `parathread_retries`."""
        config = cls.Configuration.config()
        original_queue = queue = cls.ParathreadQueue.get()
        dropped: list[ParaId] = []
        for assignment in cls.Scheduled.take():
            kind = assignment.kind
            if not isinstance(kind, AssignmentKindParathread):
                continue
            entry = ParathreadEntry(ParathreadClaim(assignment.para_id, kind.collator), kind.retries + 1)
            if entry.retries <= config.parathread_retries and config.parathread_cores > 0:
                queue = queue.enqueue_entry(entry, config.parathread_cores)
            else:
                dropped.append(assignment.para_id)
        if queue is not original_queue:
            cls.ParathreadQueue.put(queue)
        cls._unindex(dropped)
