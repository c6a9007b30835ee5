"""Scheduler's try_state: cores against the configuration and the parachains, groups, the claim index."""

from __future__ import annotations

from typing import Any

from frame.try_runtime import ensure


def check(scheduler: Any) -> None:
    """Raise InvariantViolated naming the first broken invariant of the Scheduler's storage."""
    cores = scheduler.ExecutionCores.get()
    parachains = scheduler.Paras.parachains()
    config = scheduler.Configuration.config()
    if cores:  # empty until the first session starts
        expected = len(parachains) + config.parathread_cores
        ensure(len(cores) == expected, f"Scheduler.ExecutionCores has {len(cores)} cores, not {len(parachains)} "
               f"parachains + {config.parathread_cores} parathread cores")  # fmt: skip
    groups = scheduler.ValidatorGroups.get()
    members = sorted(v for g in groups for v in g)
    ensure(members == list(range(len(members))), "Scheduler.ValidatorGroups is not a partition of the validators")
    sizes = [len(g) for g in groups]
    ensure(not sizes or max(sizes) - min(sizes) <= 1, f"Scheduler.ValidatorGroups sizes {sizes} differ by more than 1")
    index = list(scheduler.ParathreadClaimIndex.get())
    ensure(all(a < b for a, b in zip(index, index[1:], strict=False)),
           f"Scheduler.ParathreadClaimIndex is not sorted without duplicates: {index[:20]}")  # fmt: skip
    queue = scheduler.ParathreadQueue.get().queue
    offsets = [q.core_offset for q in queue]
    ensure(all(o < config.parathread_cores for o in offsets),
           f"Scheduler.ParathreadQueue has core offsets {offsets} not below {config.parathread_cores}")  # fmt: skip
    queued = [q.claim.claim.para_id for q in queue]
    ensure(len(set(queued)) == len(queued), f"Scheduler.ParathreadQueue has two claims of one para: {queued}")
    ensure(set(queued) <= set(index), f"queued parathreads {sorted(set(queued) - set(index))} are not in "
           "Scheduler.ParathreadClaimIndex")  # fmt: skip
    ensure(not scheduler.Scheduled.get(), "Scheduler.Scheduled is not empty between blocks")
