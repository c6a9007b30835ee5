"""The inherent's two lookups, each over one read of what cannot change while the inherent runs: a block with C
cores or C backed candidates decodes the cores, the parachains, the schedule and the groups once, not C times.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pallets.traits import CoreScheduler, ParaRegistry
from primitives.parachain import (
    CoreIndex,
    CoreOccupiedParachain,
    CoreOccupiedParathread,
    GroupIndex,
    ParaId,
    ValidatorIndex,
)


def core_lookup(scheduler: CoreScheduler, paras: ParaRegistry) -> Callable[[CoreIndex], ParaId | None]:
    """`scheduler.core_para` for every core: the occupying parathread's para, the parachain owning an occupied
    core, else the para scheduled on the core, else None."""
    cores = scheduler.availability_cores()
    parachains = paras.parachains()
    scheduled = {a.core: a.para_id for a in reversed(scheduler.scheduled())}

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


def group_lookup(scheduler: CoreScheduler) -> Callable[[GroupIndex], Sequence[ValidatorIndex] | None]:
    """`scheduler.group_validators` over one read of the session's groups."""
    groups = scheduler.validator_groups()

    def lookup(group: GroupIndex) -> Sequence[ValidatorIndex] | None:
        return groups[group] if 0 <= group < len(groups) else None

    return lookup
