"""The Provisioner subsystem: gathers, per active leaf, what a block on it can carry in its inclusion inherent.

On StartWork(leaf) it registers a backing watcher with Candidate Backing (the guide's
`RegisterBackingWatcher`) and keeps every candidate backed under the leaf; Bitfield Distribution hands it the
checked bitfields. `RequestInherentData(leaf)` answers with one bitfield per validator, by validator index
(only those with one bit per core), and at most one backed candidate per para scheduled at the leaf, in core
order (the order the runtime checks them in): exactly what the inherent accepts. A candidate for the para next
up on an occupied core goes in only if the block's bitfields make the candidate pending there available (the
inherent processes bitfields first, so that core is free again when the backed candidates are checked).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from node.messages import (
    InherentData,
    ProvisionableBitfield,
    ProvisionerMessage,
    RegisterBackingWatcher,
    RequestInherentData,
    StartWork,
    StopWork,
)
from node.overseer import Subsystem, SubsystemContext
from node.subsystems._relay_info import RelayParentInfo, relay_parent_info
from node.subsystems.runtime_api import RuntimeApiUnavailable
from pallets.inclusion.types import availability_threshold
from primitives.parachain import BackedCandidate, CoreStateOccupied, SignedAvailabilityBitfield

__all__ = ["ProvisionerSubsystem"]


def _made_available(info: RelayParentInfo, bitfields: tuple[SignedAvailabilityBitfield, ...]) -> set[int]:
    """The occupied cores whose candidates these bitfields (with the votes already recorded) make available."""
    threshold = availability_threshold(len(info.validators))
    out = set()
    for core, state in info.occupied():
        have = {i for i, bit in enumerate(state.value.availability) if bit}
        have.update(int(b.validator_index) for b in bitfields if core < len(b.payload) and b.payload[core])
        if len(have) >= threshold:
            out.add(core)
    return out


@dataclass
class _Leaf:
    bitfields: dict[int, SignedAvailabilityBitfield] = field(default_factory=dict)
    backed: list[BackedCandidate] = field(default_factory=list)
    watcher: asyncio.Task[None] | None = None


class ProvisionerSubsystem(Subsystem):
    """Bitfields and backed candidates per active leaf, for block authors."""

    name = "provisioner"
    handles = (ProvisionerMessage,)

    async def run(self, ctx: SubsystemContext) -> None:
        leaves: dict[bytes, _Leaf] = {}
        while True:
            message = await ctx.recv()
            if isinstance(message, StartWork):
                leaf = leaves[message.relay_parent] = _Leaf()
                queue: asyncio.Queue[BackedCandidate] = asyncio.Queue()
                await ctx.send(RegisterBackingWatcher(message.relay_parent, queue))
                leaf.watcher = ctx.spawn(self._watch(queue, leaf), "watch")
            elif isinstance(message, StopWork):
                gone = leaves.pop(message.relay_parent, None)
                if gone is not None and gone.watcher is not None:
                    gone.watcher.cancel()
            elif isinstance(message, ProvisionableBitfield):
                leaf_or_none = leaves.get(message.relay_parent)
                if leaf_or_none is not None:
                    leaf_or_none.bitfields.setdefault(int(message.bitfield.validator_index), message.bitfield)
            elif isinstance(message, RequestInherentData):
                ctx.spawn(self._answer(ctx, message, leaves.get(message.relay_parent)), "inherent data")

    @staticmethod
    async def _watch(queue: asyncio.Queue[BackedCandidate], leaf: _Leaf) -> None:
        while True:
            leaf.backed.append(await queue.get())

    @staticmethod
    async def _answer(ctx: SubsystemContext, request: RequestInherentData, leaf: _Leaf | None) -> None:
        data = InherentData((), ())
        if leaf is not None:
            try:
                info = await relay_parent_info(ctx, request.relay_parent)
            except RuntimeApiUnavailable:
                info = None
            if info is not None:
                n_cores = len(info.cores)
                bitfields = tuple(b for _, b in sorted(leaf.bitfields.items()) if len(b.payload) == n_cores)
                freed = _made_available(info, bitfields)
                by_core: dict[int, BackedCandidate] = {}
                for backed in leaf.backed:
                    core = info.core_of_para(int(backed.candidate.parachain_index))
                    occupied = core is not None and isinstance(info.cores[core], CoreStateOccupied)
                    if core is not None and core not in by_core and (not occupied or core in freed):
                        by_core[core] = backed
                data = InherentData(bitfields, tuple(by_core[c] for c in sorted(by_core)))
        if not request.reply.done():
            request.reply.set_result(data)
