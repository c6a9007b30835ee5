"""The Scheduler's types. The stored ones are declared in `primitives.parachain` (reference §4 orders, DESIGN
§4.9) and re-exported here; `TimeoutPredicate` is what `availability_timeout_predicate` hands to Inclusion."""

from __future__ import annotations

from collections.abc import Callable

from primitives.parachain import (
    AssignmentKind,
    AssignmentKindParachain,
    AssignmentKindParathread,
    CoreAssignment,
    CoreIndex,
    CoreOccupied,
    CoreOccupiedParachain,
    CoreOccupiedParathread,
    FreedReason,
    GroupRotationInfo,
    ParathreadClaim,
    ParathreadClaimQueue,
    ParathreadEntry,
    QueuedParathread,
    ScheduledCore,
)

#: ``(core, pending_since) -> bool``: whether the candidate pending on `core` since block `pending_since`
#: has timed out at the current block.
TimeoutPredicate = Callable[[CoreIndex, int], bool]

__all__ = [
    "AssignmentKind",
    "AssignmentKindParachain",
    "AssignmentKindParathread",
    "CoreAssignment",
    "CoreOccupied",
    "CoreOccupiedParachain",
    "CoreOccupiedParathread",
    "FreedReason",
    "GroupRotationInfo",
    "ParathreadClaim",
    "ParathreadClaimQueue",
    "ParathreadEntry",
    "QueuedParathread",
    "ScheduledCore",
    "TimeoutPredicate",
]
