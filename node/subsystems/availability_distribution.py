"""The Availability Distribution subsystem (guide "Availability Distribution"): every validator fetches its own
chunk of every candidate pending availability, and serves the chunks and data it holds.

On each new leaf, for each occupied core, a validator that does not hold its chunk of the candidate there
(chunk index = validator index) asks that candidate's backing group for it, one backer at a time in an order
drawn once per session, each request bounded by `request_timeout`. A response is checked against the receipt's
erasure root (`node.availability.checks.check_chunk`); a bad one is refused by name, counted and that backer's
answer ignored. A checked chunk goes to the Availability Store. When no backer gives it, the next leaf on which
the core is still occupied tries again. Requests from peers for a chunk (``chunk``) or a backer's full data
(``av-data``) are answered from the store.
"""

from __future__ import annotations

import logging
import random

from node.availability import ErasureError
from node.availability.checks import check_chunk
from node.availability.erasure import MAX_PAYLOAD_SIZE
from node.messages import (
    PeerRequest,
    QueryAvailableData,
    QueryChunk,
    QueryChunkAvailability,
    RuntimeApiQuery,
    StartWork,
    StoreChunk,
)
from node.network import wire
from node.network.net import Endpoint
from node.overseer import Subsystem, SubsystemContext
from node.subsystems._relay_info import query, relay_parent_info
from node.subsystems._stats import NodeStats
from node.subsystems.runtime_api import RuntimeApiUnavailable
from primitives.crypto import Keypair
from primitives.parachain import AbridgedCandidateReceipt, AvailableData, ErasureChunk

__all__ = ["AvailabilityDistributionSubsystem"]

log = logging.getLogger("parahost.availability")


class AvailabilityDistributionSubsystem(Subsystem):
    """Fetches this validator's chunks (signing key `key`) through `endpoint` and serves the store's."""

    name = "availability-distribution"
    handles = ()
    protocols = (wire.CHUNK, wire.AVAILABLE_DATA)

    def __init__(self, key: Keypair | None, endpoint: Endpoint, stats: NodeStats | None = None, *,
                 request_timeout: float = 0.25, max_payload_size: int = MAX_PAYLOAD_SIZE) -> None:  # fmt: skip
        self.key = key
        self.endpoint = endpoint
        self.stats = stats or NodeStats()
        self.request_timeout = request_timeout
        self.max_payload_size = max_payload_size
        self._fetching: set[bytes] = set()

    async def run(self, ctx: SubsystemContext) -> None:
        while True:
            message = await ctx.recv()
            if isinstance(message, StartWork) and self.key is not None:
                ctx.spawn(self._on_leaf(ctx, message.relay_parent), "chunks")
            elif isinstance(message, PeerRequest):
                await self._serve(ctx, message)

    async def _serve(self, ctx: SubsystemContext, request: PeerRequest) -> None:
        payload = request.payload
        answer: ErasureChunk | AvailableData | None = None
        if isinstance(payload, wire.ChunkRequestPayload) and isinstance(payload.candidate_hash, bytes):
            h, index = payload.candidate_hash, payload.index
            if isinstance(index, int) and index >= 0:
                chunk: ErasureChunk | None = await ctx.ask(lambda reply: QueryChunk(h, index, reply))
                answer = chunk
        elif isinstance(payload, wire.AvailableDataRequestPayload) and isinstance(payload.candidate_hash, bytes):
            h = payload.candidate_hash
            data: AvailableData | None = await ctx.ask(lambda reply: QueryAvailableData(h, reply))
            answer = data
        if not request.reply.done():
            request.reply.set_result(answer)

    async def _on_leaf(self, ctx: SubsystemContext, leaf: bytes) -> None:
        assert self.key is not None
        try:
            info = await relay_parent_info(ctx, leaf)
            me = info.index_of(self.key.public_key)
            if me is None:
                return
            for _, core in info.occupied():
                receipt = await query(ctx, leaf, RuntimeApiQuery.CandidatePendingAvailability, int(core.value.para_id))
                if receipt is None or receipt.hash() in self._fetching:
                    continue
                h = receipt.hash()
                if await _holds_chunk(ctx, h, me):
                    continue
                group = int(core.value.group_responsible)
                backers = [bytes(info.validators[v]) for v in info.groups[group]] if group < len(info.groups) else []
                random.Random(f"{info.session_index}:{me}").shuffle(backers)
                self._fetching.add(h)
                ctx.spawn(self._fetch(ctx, receipt, me, len(info.validators), backers), "fetch-chunk")
        except RuntimeApiUnavailable:
            return

    async def _fetch(self, ctx: SubsystemContext, receipt: AbridgedCandidateReceipt, me: int, n: int,
                     backers: list[bytes]) -> None:  # fmt: skip
        h = receipt.hash()
        root = bytes(receipt.commitments.erasure_root)
        try:
            for backer in backers:
                peer = self.endpoint.peer_of(backer)
                if peer is None or peer == self.endpoint.peer_id:
                    continue
                got = await self.endpoint.request(
                    peer, wire.CHUNK, wire.ChunkRequestPayload(h, me), self.request_timeout
                )
                if got is None:
                    continue
                try:
                    chunk = check_chunk(
                        got, root=root, n_validators=n, index=me, max_payload_size=self.max_payload_size
                    )
                except ErasureError as e:
                    self.stats.bad_chunks += 1
                    log.info("%s: refused chunk %d of 0x%s from %s: %s: %s", ctx.node, me, h.hex()[:8], peer,
                             type(e).__name__, e)  # fmt: skip
                    continue
                await ctx.send(StoreChunk(h, n, root, chunk))
                self.stats.chunks_fetched += 1
                return
            self.stats.chunk_fetch_failures += 1
        finally:
            self._fetching.discard(h)


async def _holds_chunk(ctx: SubsystemContext, candidate_hash: bytes, index: int) -> bool:
    held: bool = await ctx.ask(lambda reply: QueryChunkAvailability(candidate_hash, index, reply))
    return held
