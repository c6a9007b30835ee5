"""What most jobs need to know about a relay parent, fetched through the Runtime API subsystem."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from node.messages import RuntimeApiQuery, RuntimeApiRequest
from node.overseer import SubsystemContext
from primitives.parachain import (
    CoreState,
    CoreStateOccupied,
    CoreStateScheduled,
    GroupRotationInfo,
    OccupiedCoreAssumption,
    ParaId,
    SigningContext,
    ValidatorId,
    ValidatorIndex,
)

__all__ = ["RelayParentInfo", "query", "relay_parent_info"]


async def query(ctx: SubsystemContext, relay_parent: bytes, what: RuntimeApiQuery, arg: Any = None) -> Any:
    """One runtime API query at `relay_parent` (raises `RuntimeApiUnavailable`)."""
    return await ctx.ask(lambda reply: RuntimeApiRequest(relay_parent, what, arg, reply))


@dataclass(frozen=True, slots=True)
class RelayParentInfo:
    """The validator set, groups, cores and session of the child of `relay_parent` (what work under it uses)."""

    relay_parent: bytes
    validators: list[ValidatorId]
    groups: list[list[ValidatorIndex]]
    rotation: GroupRotationInfo
    cores: list[CoreState]
    session_index: int

    @property
    def context(self) -> SigningContext:
        """What every signature under this relay parent is bound to."""
        return SigningContext(self.session_index, self.relay_parent)

    def index_of(self, key: bytes | None) -> int | None:
        """The validator index of the public key `key`, if it is in the set."""
        if key is None:
            return None
        for i, v in enumerate(self.validators):
            if bytes(v) == bytes(key):
                return i
        return None

    def group_of(self, validator: int) -> int | None:
        for g, members in enumerate(self.groups):
            if validator in members:
                return g
        return None

    def group_for_core(self, core: int) -> int:
        return int(self.rotation.group_for_core(core, len(self.cores)))

    def scheduled_para(self, core: int) -> ParaId | None:
        """The para a candidate on `core` is for: the one scheduled there, or, on an occupied core, the one next up
        when the candidate pending there becomes available (a candidate built on that candidate's head, under
        `OccupiedCoreAssumption.Included`, is backed in the block whose bitfields make it available)."""
        state = self.cores[core] if 0 <= core < len(self.cores) else None
        if isinstance(state, CoreStateScheduled):
            return state.value.para_id
        if isinstance(state, CoreStateOccupied) and state.value.next_up_on_available is not None:
            return state.value.next_up_on_available.para_id
        return None

    def assumption(self, para: int) -> OccupiedCoreAssumption:
        """What validation data for a candidate of `para` here assumes: `Included` if its core is occupied (the
        candidate builds on the pending one's head), else `TimedOut` (the state as it is)."""
        core = self.core_of_para(para)
        occupied = core is not None and isinstance(self.cores[core], CoreStateOccupied)
        return OccupiedCoreAssumption.Included if occupied else OccupiedCoreAssumption.TimedOut

    def core_of_para(self, para: int) -> int | None:
        """The core `para` is scheduled on, or next up on (None if neither)."""
        for c in range(len(self.cores)):
            if self.scheduled_para(c) == para:
                return c
        return None

    def assignment(self, validator: int | None) -> tuple[int, ParaId] | None:
        """(core, para) that `validator`'s group is assigned to back, if its core has a para scheduled."""
        if validator is None:
            return None
        group = self.group_of(validator)
        if group is None or not self.cores:
            return None
        core = int(self.rotation.core_for_group(group, len(self.cores)))
        para = self.scheduled_para(core)
        return None if para is None else (core, para)

    def backing_group(self, para: int) -> list[ValidatorIndex] | None:
        """The validators who may back a candidate of `para` here (its core's group), if it is scheduled."""
        core = self.core_of_para(para)
        if core is None:
            return None
        group = self.group_for_core(core)
        return self.groups[group] if group < len(self.groups) else None

    def occupied(self) -> list[tuple[int, CoreStateOccupied]]:
        return [(c, s) for c, s in enumerate(self.cores) if isinstance(s, CoreStateOccupied)]


async def relay_parent_info(ctx: SubsystemContext, relay_parent: bytes) -> RelayParentInfo:
    """Fetch `RelayParentInfo` (raises `RuntimeApiUnavailable` if the block is unknown or pruned)."""
    validators = await query(ctx, relay_parent, RuntimeApiQuery.Validators)
    groups, rotation = await query(ctx, relay_parent, RuntimeApiQuery.ValidatorGroups)
    cores = await query(ctx, relay_parent, RuntimeApiQuery.AvailabilityCores)
    session = await query(ctx, relay_parent, RuntimeApiQuery.SessionIndexForChild)
    return RelayParentInfo(relay_parent, validators, [list(g) for g in groups], rotation, cores, session)
