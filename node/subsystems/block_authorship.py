"""The Block Authorship subsystem: at the start of each slot, if this validator may author it, builds a block.

The parent is the best active leaf (the highest; among equals the one activated first, which is the block
database's fork choice too). The slot rule (`_slots.SlotRule`) is checked against the validator set at the
parent, and the parent's slot must be earlier. The Provisioner gives the bitfields and backed candidates for
the parent; Chain builds the block with the inclusion inherent and the pooled transactions, imports it and
announces it.
"""

from __future__ import annotations

import asyncio

from frame.block import Header
from node.messages import (
    AuthorBlock,
    HeaderRequest,
    InherentData,
    RequestInherentData,
    RuntimeApiQuery,
    StartWork,
    StopWork,
)
from node.overseer import Subsystem, SubsystemContext
from node.subsystems._relay_info import query
from node.subsystems._slots import SlotClock, SlotRule, slot_of
from node.subsystems.runtime_api import RuntimeApiUnavailable
from primitives.crypto import Keypair

__all__ = ["BlockAuthorshipSubsystem"]


class BlockAuthorshipSubsystem(Subsystem):
    """Authors blocks in this validator's slots."""

    name = "block-authorship"
    handles = ()

    def __init__(self, key: Keypair, clock: SlotClock, rule: SlotRule) -> None:
        self.key = key
        self.clock = clock
        self.rule = rule
        self.leaves: dict[bytes, Header] = {}

    async def run(self, ctx: SubsystemContext) -> None:
        ctx.spawn(self._slots(ctx), "slots")
        while True:
            signal = await ctx.recv()
            if isinstance(signal, StartWork):
                leaf = signal.relay_parent
                header: Header | None = await ctx.ask(lambda reply: HeaderRequest(leaf, reply))  # noqa: B023
                if header is not None:
                    self.leaves[leaf] = header
            elif isinstance(signal, StopWork):
                self.leaves.pop(signal.relay_parent, None)

    def best_leaf(self) -> tuple[bytes, Header] | None:
        best: tuple[bytes, Header] | None = None
        for h, header in self.leaves.items():
            if best is None or header.number > best[1].number:
                best = (h, header)
        return best

    async def _slots(self, ctx: SubsystemContext) -> None:
        loop = asyncio.get_running_loop()
        slot = self.clock.slot_at(loop.time()) + 1
        while True:
            await asyncio.sleep(max(0.0, self.clock.slot_start(slot) - loop.time()))
            await self._maybe_author(ctx, slot)
            slot = max(slot + 1, self.clock.slot_at(loop.time()) + 1)

    async def _maybe_author(self, ctx: SubsystemContext, slot: int) -> None:
        best = self.best_leaf()
        if best is None:
            return
        parent, header = best
        if slot_of(header)[0] >= slot:
            return
        try:
            validators = await query(ctx, parent, RuntimeApiQuery.Validators)
        except RuntimeApiUnavailable:
            return
        me = next((i for i, v in enumerate(validators) if bytes(v) == bytes(self.key.public_key)), None)
        if me is None or me not in self.rule.authors(slot, len(validators)):
            return
        data: InherentData = await ctx.ask(lambda reply: RequestInherentData(parent, reply))
        await ctx.ask(lambda reply: AuthorBlock(parent, slot, me, data.bitfields, data.candidates, reply))
