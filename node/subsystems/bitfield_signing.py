"""The Bitfield Signing subsystem: on each active leaf, says which pending candidates this validator holds.

A while (`delay`, Polkadot's 1.5 s of a 6 s slot scaled to ours) after StartWork(leaf), for each availability
core at the leaf, the bit is set if the core is occupied and the Availability Store holds this validator's own
chunk of the candidate pending there (Availability Distribution fetched it from the backers meanwhile); the
whole data is not needed. The bitfield is signed in the leaf's signing context and handed to Bitfield
Distribution. Nothing is signed when no core is occupied, or when this node is not a validator at the leaf.
"""

from __future__ import annotations

import asyncio

from node.messages import (
    DistributeBitfield,
    QueryChunkAvailability,
    RuntimeApiQuery,
    StartWork,
    StopWork,
)
from node.overseer import Subsystem, SubsystemContext
from node.subsystems._relay_info import query, relay_parent_info
from node.subsystems._stats import NodeStats
from node.subsystems.runtime_api import RuntimeApiUnavailable
from primitives.bitvec import BitVec
from primitives.crypto import Keypair
from primitives.parachain import SignedAvailabilityBitfield

__all__ = ["BitfieldSigningSubsystem"]


class BitfieldSigningSubsystem(Subsystem):
    """Signs this validator's availability bitfield on every active leaf, `delay` seconds after it appears."""

    name = "bitfield-signing"
    handles = ()

    def __init__(self, key: Keypair | None, stats: NodeStats | None = None, *, delay: float = 0.5) -> None:
        self.key = key
        self.stats = stats or NodeStats()
        self.delay = delay

    async def run(self, ctx: SubsystemContext) -> None:
        jobs: dict[bytes, asyncio.Task[None]] = {}
        while True:
            message = await ctx.recv()
            if isinstance(message, StartWork) and self.key is not None:
                jobs[message.relay_parent] = ctx.spawn(self._sign(ctx, message.relay_parent), "bitfield")
            elif isinstance(message, StopWork):
                task = jobs.pop(message.relay_parent, None)
                if task is not None:
                    task.cancel()

    async def _sign(self, ctx: SubsystemContext, relay_parent: bytes) -> None:
        assert self.key is not None
        try:
            info = await relay_parent_info(ctx, relay_parent)
            me = info.index_of(self.key.public_key)
            occupied = info.occupied()
            if me is None or not occupied:
                return
            await asyncio.sleep(self.delay)
            bits = []
            for core, state in occupied:
                para = int(state.value.para_id)
                receipt = await query(ctx, relay_parent, RuntimeApiQuery.CandidatePendingAvailability, para)
                if receipt is None:
                    continue
                if await _holds_chunk(ctx, receipt.hash(), me):
                    bits.append(core)
        except RuntimeApiUnavailable:
            return
        payload = BitVec.from_indices(len(info.cores), bits)
        signed = SignedAvailabilityBitfield.sign(self.key, payload, info.context, me)
        self.stats.bitfields_signed += 1
        await ctx.send(DistributeBitfield(relay_parent, signed))


async def _holds_chunk(ctx: SubsystemContext, candidate_hash: bytes, index: int) -> bool:
    """Whether the Availability Store holds chunk `index` of `candidate_hash`."""
    held: bool = await ctx.ask(lambda reply: QueryChunkAvailability(candidate_hash, index, reply))
    return held
