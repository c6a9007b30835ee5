"""Inclusion's try_state: every pending candidate occupies its core (when the runtime wires a Scheduler), and has
its backing votes."""

from __future__ import annotations

from typing import Any

from frame.try_runtime import ensure


def check(inclusion: Any) -> None:
    """Raise InvariantViolated naming the first broken invariant of Inclusion's storage."""
    scheduler = inclusion.Scheduler
    cores = scheduler.availability_cores() if scheduler is not None else None
    pending = dict(inclusion.PendingAvailability.iter())
    seen: dict[int, int] = {}
    for para, candidate in sorted(pending.items()):
        core = int(candidate.core)
        if cores is not None:
            ensure(core < len(cores) and cores[core] is not None,
                   f"para {para}'s pending candidate is on core {core}, which is not occupied")  # fmt: skip
        ensure(core not in seen, f"paras {seen.get(core)} and {para} both have a candidate pending on core {core}")
        seen[core] = para
    backing = set(inclusion.PendingAvailabilityBacking.keys())
    ensure(backing == set(pending), f"Inclusion.PendingAvailabilityBacking paras {sorted(backing)} are not the "
           f"pending ones {sorted(pending)}")  # fmt: skip
