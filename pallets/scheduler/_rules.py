"""The Scheduler's rules as functions over values (no storage): claim-queue pruning at a session change,
the availability-timeout predicate, and what comes next on a core (reference §4; DESIGN §4.6, §4.9)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pallets.scheduler.types import TimeoutPredicate
from primitives.parachain import (
    CoreIndex,
    CoreOccupied,
    CoreOccupiedParachain,
    CoreOccupiedParathread,
    HostConfiguration,
    ParaId,
    ParathreadClaimQueue,
    QueuedParathread,
    ScheduledCore,
)


def prune_and_rebalance(
    entries: Sequence[QueuedParathread], config: HostConfiguration, is_parathread: Callable[[ParaId], bool]
) -> ParathreadClaimQueue:
    """The claim queue for a new session: keep, in order, the claims within `parathread_retries` on live
    parathreads, and spread them over the parathread cores again (``core_offset = i % parathread_cores``,
    ``next_core_offset = len % parathread_cores``; always, like the reference). No parathread cores: empty.

    The ``parathread_cores * scheduling_lookahead`` cap is not applied here: it limits new claims only, so a
    smaller cap lets the queue drain rather than dropping claims already accepted.
    """
    n = config.parathread_cores
    if n == 0:
        return ParathreadClaimQueue()
    kept = [
        q.claim
        for q in entries
        if q.claim.retries <= config.parathread_retries and is_parathread(q.claim.claim.para_id)
    ]
    return ParathreadClaimQueue(tuple(QueuedParathread(e, i % n) for i, e in enumerate(kept)), len(kept) % n)


def timeout_predicate(
    cores: Sequence[CoreOccupied | None], config: HostConfiguration, now: int, session_start: int
) -> TimeoutPredicate | None:
    """The availability-timeout predicate at block `now`, over a snapshot of `cores`.

    Let ``r`` be the blocks since the last rotation (``(now - session_start) % frequency``; 0 when groups do
    not rotate, so timeouts are then always possible). None if ``r >= max(chain_period, thread_period)``:
    nothing times out late in a rotation. Otherwise the predicate says, for an occupied core with period
    ``p`` (chain or thread), ``r < p and now - pending_since >= p``; for a free or unknown core, True.
    """
    since_start = max(now - session_start, 0)
    freq = config.parachain_rotation_frequency
    since_rotation = since_start % freq if freq else 0
    chain_period, thread_period = config.chain_availability_period, config.thread_availability_period
    if since_rotation >= max(chain_period, thread_period):
        return None
    snapshot = list(cores)

    def timed_out(core: CoreIndex, pending_since: int) -> bool:
        occupant = snapshot[core] if 0 <= core < len(snapshot) else None
        if isinstance(occupant, CoreOccupiedParachain):
            period = chain_period
        elif isinstance(occupant, CoreOccupiedParathread):
            period = thread_period
        else:
            return True
        return since_rotation < period and now - pending_since >= period

    return timed_out


def next_up(
    cores: Sequence[CoreOccupied | None],
    parachains: Sequence[ParaId],
    queue: ParathreadClaimQueue,
    core: CoreIndex,
    on_time_out: bool,
) -> ScheduledCore | None:
    """What `schedule` would put on `core` once it is freed: a parachain core's parachain; for a parathread
    core the first claim queued for its offset, or (`on_time_out`) failing that the claim occupying it.
    None for a core out of range or with nothing to come."""
    if not 0 <= core < len(cores):
        return None
    if core < len(parachains):
        return ScheduledCore(parachains[core], None)
    entry = queue.get_next_on_core(core - len(parachains))
    occupant = cores[core]
    if entry is None and on_time_out and isinstance(occupant, CoreOccupiedParathread):
        entry = occupant.value
    return ScheduledCore(entry.claim.para_id, entry.claim.collator) if entry is not None else None
