"""The Bitfield Distribution subsystem: gossips signed availability bitfields among validators.

One job per active leaf. Our own bitfield (`DistributeBitfield`) goes to every validator and to our
Provisioner. A bitfield from a peer is checked (a validator of the set, one bit per availability core, a good
signature in the relay parent's context), handed to the Provisioner and passed on to every other validator,
once per validator and relay parent. Bitfields that arrive before their relay parent is imported wait for it.
"""

from __future__ import annotations

from node.messages import (
    BitfieldDistributionMessage,
    DistributeBitfield,
    OverseerSignal,
    PeerMessage,
    ProvisionableBitfield,
)
from node.network import wire
from node.network.net import Endpoint
from node.overseer import Subsystem, SubsystemContext
from node.subsystems._jobs import Job, JobManager
from node.subsystems._relay_info import relay_parent_info
from node.subsystems.runtime_api import RuntimeApiUnavailable

__all__ = ["BitfieldDistributionSubsystem"]


class _Job(Job):
    def __init__(self, ctx: SubsystemContext, relay_parent: bytes, endpoint: Endpoint) -> None:
        super().__init__(ctx, relay_parent)
        self.endpoint = endpoint
        self.seen: set[int] = set()

    async def run(self) -> None:
        try:
            info = await relay_parent_info(self.ctx, self.relay_parent)
        except RuntimeApiUnavailable:
            return
        while True:
            message = await self.inbox.get()
            if isinstance(message, DistributeBitfield):
                self.seen.add(int(message.bitfield.validator_index))
                await self.ctx.send(ProvisionableBitfield(self.relay_parent, message.bitfield))
                self.endpoint.gossip(wire.BITFIELD, wire.BitfieldGossip(self.relay_parent, message.bitfield),
                                     validators_only=True)  # fmt: skip
                continue
            bitfield = message.payload.bitfield
            index = int(bitfield.validator_index)
            if index in self.seen or index >= len(info.validators) or len(bitfield.payload) != len(info.cores):
                continue
            if not bitfield.check_signature(info.context, info.validators[index]):
                continue
            self.seen.add(index)
            await self.ctx.send(ProvisionableBitfield(self.relay_parent, bitfield))
            self.endpoint.gossip(wire.BITFIELD, message.payload, validators_only=True, exclude=message.peer)


class BitfieldDistributionSubsystem(Subsystem):
    """Gossips bitfields through `endpoint`."""

    name = "bitfield-distribution"
    handles = (BitfieldDistributionMessage,)
    protocols = (wire.BITFIELD,)

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint

    async def run(self, ctx: SubsystemContext) -> None:
        jobs = JobManager(ctx, lambda rp: _Job(ctx, rp, self.endpoint))
        while True:
            message = await ctx.recv()
            if isinstance(message, OverseerSignal):
                jobs.on_signal(message)
            elif isinstance(message, DistributeBitfield):
                jobs.dispatch(message.relay_parent, message)
            elif isinstance(message, PeerMessage) and isinstance(message.payload, wire.BitfieldGossip):
                jobs.dispatch(message.payload.relay_parent, message)
