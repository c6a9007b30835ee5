"""The PoV Distribution subsystem: brings a seconded candidate's proof of validity to its backing group, and
fetches one on request.

When this node seconds a candidate, its PoV is sent to the other members of its backing group (who validate
it); a validator that receives a PoV matching its receipt keeps it in memory for backing (the Availability
Store keeps only what a backer found valid, and every other validator only its own chunk of it). `FetchPoV`
answers from what is known, else asks peers (a few at a time, `rounds` times over) until one gives a PoV with
the right hash; a requester that gets nothing gives up on its own timeout.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict

from node.messages import (
    DistributePoV,
    FetchPoV,
    PeerMessage,
    PeerRequest,
    PoVDistributionMessage,
)
from node.network import wire
from node.network.net import Endpoint
from node.overseer import Subsystem, SubsystemContext
from node.subsystems._stats import NodeStats
from primitives.parachain import PoV

__all__ = ["PoVDistributionSubsystem"]


class PoVDistributionSubsystem(Subsystem):
    """PoVs by hash (the latest `capacity`), gossiped to validators and fetched from them."""

    name = "pov-distribution"
    handles = (PoVDistributionMessage,)
    protocols = (wire.POV,)

    def __init__(self, endpoint: Endpoint, stats: NodeStats | None = None, *, request_timeout: float = 0.25,
                 fanout: int = 3, rounds: int = 2, capacity: int = 4096) -> None:  # fmt: skip
        self.endpoint = endpoint
        self.stats = stats or NodeStats()
        self.request_timeout = request_timeout
        self.fanout = fanout
        self.rounds = rounds
        self.capacity = capacity
        self.povs: OrderedDict[bytes, PoV] = OrderedDict()
        self._waiters: dict[bytes, list[asyncio.Future[PoV]]] = {}

    async def run(self, ctx: SubsystemContext) -> None:
        while True:
            message = await ctx.recv()
            if isinstance(message, DistributePoV):
                self._learn(message.pov)
                gossip = wire.PoVGossip(message.relay_parent, message.candidate, message.pov)
                for key in message.to:
                    peer = self.endpoint.peer_of(key)
                    if peer is not None and peer != self.endpoint.peer_id:
                        self.endpoint.send(peer, wire.POV, gossip)
            elif isinstance(message, FetchPoV):
                self._fetch(ctx, message)
            elif isinstance(message, PeerRequest):
                if isinstance(message.payload, wire.PoVRequestPayload) and not message.reply.done():
                    message.reply.set_result(self.povs.get(message.payload.pov_hash))
            elif isinstance(message, PeerMessage) and isinstance(message.payload, wire.PoVGossip):
                self._on_gossip(message.payload)

    def _learn(self, pov: PoV) -> bytes:
        pov_hash = pov.hash()
        self.povs[pov_hash] = pov
        self.povs.move_to_end(pov_hash)
        while len(self.povs) > self.capacity:
            self.povs.popitem(last=False)
        for waiter in self._waiters.pop(pov_hash, []):
            if not waiter.done():
                waiter.set_result(pov)
        return pov_hash

    def _on_gossip(self, gossip: wire.PoVGossip) -> None:
        pov_hash = bytes(gossip.candidate.pov_block_hash)
        if pov_hash in self.povs or gossip.pov.hash() != pov_hash:
            return
        self._learn(gossip.pov)

    def _fetch(self, ctx: SubsystemContext, request: FetchPoV) -> None:
        pov_hash = bytes(request.candidate.pov_block_hash)
        known = self.povs.get(pov_hash)
        if known is not None:
            if not request.reply.done():
                request.reply.set_result(known)
            return
        waiting = self._waiters.setdefault(pov_hash, [])
        waiting.append(request.reply)
        if len(waiting) == 1:
            ctx.spawn(self._ask_peers(pov_hash), "fetch")

    async def _ask_peers(self, pov_hash: bytes) -> None:
        peers = self.endpoint.validator_peers()
        for _ in range(self.rounds):
            for i in range(0, len(peers), self.fanout):
                if pov_hash not in self._waiters:
                    return
                asks = [self.endpoint.request(p, wire.POV, wire.PoVRequestPayload(pov_hash), self.request_timeout)
                        for p in peers[i:i + self.fanout]]  # fmt: skip
                for got in await asyncio.gather(*asks):
                    if isinstance(got, PoV) and got.hash() == pov_hash and pov_hash in self._waiters:
                        self._learn(got)
                        return
        self.stats.pov_fetch_failures += 1
        for waiter in self._waiters.pop(pov_hash, []):
            if not waiter.done():
                waiter.set_exception(TimeoutError(f"no peer gave the PoV 0x{pov_hash.hex()}"))
