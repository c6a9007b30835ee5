"""What InclusionInherent calls in the Scheduler, through the contract in pallets/README.md.

Every call into the Scheduler goes through one of these functions (called as ``_deps.name()``), so there is
one place where the two meet. The imports are local because the Scheduler sits beside this pallet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from primitives.parachain import (
    CoreAssignment,
    CoreIndex,
    CoreOccupiedParachain,
    CoreOccupiedParathread,
    FreedReason,
    GroupIndex,
    ParaId,
    ValidatorIndex,
)


def core_para(core: CoreIndex) -> ParaId | None:
    """The para whose candidate occupies `core`, if any (`Scheduler.core_para`)."""
    from pallets.scheduler import Scheduler

    return Scheduler.core_para(core)


def core_lookup() -> Callable[[CoreIndex], ParaId | None]:
    """`core_para` for every core over one read of the cores, the parachains and the schedule (none of them
    changes while the bitfields are processed): a block with C cores decodes them once, not C times.

    Same answer as `Scheduler.core_para`: the occupying parathread's para, the parachain owning an occupied
    core, else the para scheduled on the core, else None.
    """
    from pallets.paras import Paras
    from pallets.scheduler import Scheduler

    cores = Scheduler.availability_cores()
    parachains = Paras.parachains()
    scheduled = {a.core: a.para_id for a in reversed(Scheduler.scheduled())}

    def lookup(core: CoreIndex) -> ParaId | None:
        if not 0 <= core < len(cores):
            return None
        occupant = cores[core]
        if isinstance(occupant, CoreOccupiedParathread):
            return occupant.value.claim.para_id
        if isinstance(occupant, CoreOccupiedParachain):
            return parachains[core] if core < len(parachains) else None
        return scheduled.get(core)

    return lookup


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


def group_lookup() -> Callable[[GroupIndex], Sequence[ValidatorIndex] | None]:
    """`group_validators` over one read of the session's groups (they cannot change while the inherent runs):
    a block backing C candidates decodes the groups once, not C times."""
    from pallets.scheduler import Scheduler

    groups = Scheduler.ValidatorGroups.get()

    def lookup(group: GroupIndex) -> Sequence[ValidatorIndex] | None:
        return groups[group] if 0 <= group < len(groups) else None

    return lookup


def occupied(cores: Sequence[CoreIndex]) -> None:
    """Mark these scheduled cores occupied by the candidates just backed (`Scheduler.occupied`)."""
    from pallets.scheduler import Scheduler

    Scheduler.occupied(list(cores))
