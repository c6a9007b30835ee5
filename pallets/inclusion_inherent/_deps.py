"""What InclusionInherent calls in the Scheduler, through the contract in pallets/README.md.

Every call into the Scheduler goes through one of these functions (called as ``_deps.name()``), so there is
one place where the two meet. The imports are local because the Scheduler sits beside this pallet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from primitives.parachain import CoreAssignment, CoreIndex, FreedReason, GroupIndex, ParaId, ValidatorIndex


def core_para(core: CoreIndex) -> ParaId | None:
    """The para whose candidate occupies `core`, if any (`Scheduler.core_para`)."""
    from pallets.scheduler import Scheduler

    return Scheduler.core_para(core)


def availability_timeout_predicate() -> Callable[[CoreIndex, int], bool] | None:
    """Whether a pending candidate on a core, backed in a given block, has timed out (or None: nothing can)."""
    from pallets.scheduler import Scheduler

    return Scheduler.availability_timeout_predicate()


def schedule(just_freed: Sequence[tuple[CoreIndex, FreedReason]]) -> None:
    """Free these cores and schedule paras on the free ones (`Scheduler.schedule`)."""
    from pallets.scheduler import Scheduler

    Scheduler.schedule(list(just_freed))


def scheduled() -> list[CoreAssignment]:
    """The cores scheduled for this block, in core order (`Scheduler.scheduled`)."""
    from pallets.scheduler import Scheduler

    return list(Scheduler.scheduled())


def group_validators(group: GroupIndex) -> Sequence[ValidatorIndex] | None:
    """The members of a validator group, if it exists (`Scheduler.group_validators`)."""
    from pallets.scheduler import Scheduler

    return Scheduler.group_validators(group)


def occupied(cores: Sequence[CoreIndex]) -> None:
    """Mark these scheduled cores occupied by the candidates just backed (`Scheduler.occupied`)."""
    from pallets.scheduler import Scheduler

    Scheduler.occupied(list(cores))
