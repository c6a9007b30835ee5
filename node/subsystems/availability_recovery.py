"""The Availability Recovery subsystem (guide "Availability Recovery"): a candidate's `AvailableData` back.

In Polkadot's order: the local store; then the backers' full data (one backer at a time) when the data is
small (chunk size x n below `small_pov_limit`, or no chunk held to tell); then the k systematic chunks from
validators 0..k-1 (joined without decoding); then any chunks, validators in random order with at most
`n_parallel` requests in flight, until the recovery threshold. Every chunk is checked against the erasure root
on receipt (a bad one is refused by name and counted); decoded data is re-encoded and its root compared. A
mismatch answers `RecoveryInvalid` (the candidate is invalid: what approval checking will act on); too few
chunks answer `RecoveryUnavailable`. The last `cache_size` results are kept, and requests for a candidate
being recovered share its task.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import OrderedDict
from collections.abc import Iterable

from node.availability import (
    ErasureError,
    InvalidErasureRoot,
    decode_available_data,
    erasure_root,
    obtain_chunks,
    reconstruct_and_check,
    reconstruct_from_systematic,
    recovery_threshold,
    systematic_threshold,
)
from node.availability.checks import check_available_data, check_chunk
from node.messages import (
    QueryAvailableData,
    QueryChunkSize,
    RecoverAvailableData,
    RecoveryInvalid,
    RecoveryResult,
    RecoveryUnavailable,
    RuntimeApiQuery,
)
from node.network import wire
from node.network.net import Endpoint
from node.overseer import Subsystem, SubsystemContext
from node.subsystems._relay_info import query
from node.subsystems._stats import NodeStats
from node.subsystems.runtime_api import RuntimeApiUnavailable
from primitives.parachain import AbridgedCandidateReceipt, AvailableData

__all__ = ["N_PARALLEL", "SMALL_POV_LIMIT", "AvailabilityRecoverySubsystem"]

log = logging.getLogger("parahost.recovery")
#: Polkadot's bounds: chunk requests in flight, and the size below which backers are asked for the full data.
N_PARALLEL = 50
SMALL_POV_LIMIT = 128 * 1024


class AvailabilityRecoverySubsystem(Subsystem):
    """Recovers data through `endpoint` (see the module docstring)."""

    name = "availability-recovery"
    handles = (RecoverAvailableData,)

    def __init__(self, endpoint: Endpoint, stats: NodeStats | None = None, *, request_timeout: float = 0.25,
                 n_parallel: int = N_PARALLEL, small_pov_limit: int = SMALL_POV_LIMIT, cache_size: int = 16,
                 seed: int = 0) -> None:  # fmt: skip
        self.endpoint = endpoint
        self.stats = stats or NodeStats()
        self.request_timeout = request_timeout
        self.n_parallel = max(1, n_parallel)
        self.small_pov_limit = small_pov_limit
        self.cache_size = cache_size
        self.rng = random.Random(seed)
        self.cache: OrderedDict[bytes, RecoveryResult] = OrderedDict()
        self._waiting: dict[bytes, list[asyncio.Future[RecoveryResult]]] = {}

    async def run(self, ctx: SubsystemContext) -> None:
        while True:
            message = await ctx.recv()
            if not isinstance(message, RecoverAvailableData):
                continue
            h = message.candidate.hash()
            if h in self.cache:
                if not message.reply.done():
                    message.reply.set_result(self.cache[h])
                continue
            waiting = self._waiting.setdefault(h, [])
            waiting.append(message.reply)
            if len(waiting) == 1:
                ctx.spawn(self._task(ctx, message), "recover")

    async def _task(self, ctx: SubsystemContext, request: RecoverAvailableData) -> None:
        h = request.candidate.hash()
        try:
            result = await self.recover(ctx, request.candidate, request.backing_group)
        finally:
            waiters = self._waiting.pop(h, [])
        if isinstance(result, AvailableData):
            self.stats.recoveries += 1
        elif isinstance(result, RecoveryInvalid):
            self.stats.recoveries_invalid += 1
            log.warning("%s: candidate 0x%s is invalid: %s", ctx.node, h.hex()[:8], result.reason)
        else:
            self.stats.recoveries_unavailable += 1
        self.cache[h] = result
        while len(self.cache) > self.cache_size:
            self.cache.popitem(last=False)
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(result)

    async def recover(self, ctx: SubsystemContext, candidate: AbridgedCandidateReceipt,
                      backing_group: tuple[int, ...] | None) -> RecoveryResult:  # fmt: skip
        h = candidate.hash()
        local: AvailableData | None = await ctx.ask(lambda reply: QueryAvailableData(h, reply))
        if local is not None:
            return local
        try:
            validators = [bytes(v) for v in await query(ctx, bytes(candidate.relay_parent), RuntimeApiQuery.Validators)]
        except RuntimeApiUnavailable as e:
            return RecoveryUnavailable(h, f"the validator set at the relay parent is unknown: {e}")
        n = len(validators)
        root = bytes(candidate.commitments.erasure_root)
        if backing_group:
            size: int | None = await ctx.ask(lambda reply: QueryChunkSize(h, reply))
            if size is None or size * n <= self.small_pov_limit:
                data = await self._from_backers(ctx, h, root, n, [validators[v] for v in backing_group if v < n])
                if data is not None:
                    return data
        chunks: dict[int, bytes] = {}
        k = systematic_threshold(n)
        await self._gather(ctx, h, root, validators, range(k), k, chunks)
        try:
            if len(chunks) >= k:  # chunks 0..k-1 hold the payload itself
                payload = reconstruct_from_systematic(n, chunks)
                found = erasure_root(obtain_chunks(n, payload))
                if found != root:
                    raise InvalidErasureRoot(f"the systematic chunks re-encode to 0x{found.hex()}, not 0x{root.hex()}")
                return decode_available_data(payload)
            rest = list(range(k, n))
            self.rng.shuffle(rest)
            await self._gather(ctx, h, root, validators, rest, recovery_threshold(n), chunks)
            if len(chunks) < recovery_threshold(n):
                return RecoveryUnavailable(h, f"{len(chunks)} of the {recovery_threshold(n)} chunks needed answered")
            return decode_available_data(reconstruct_and_check(root, n, chunks))
        except InvalidErasureRoot as e:
            return RecoveryInvalid(h, f"InvalidErasureRoot: {e}")
        except ErasureError as e:
            return RecoveryInvalid(h, f"{type(e).__name__}: {e}")

    async def _from_backers(self, ctx: SubsystemContext, h: bytes, root: bytes, n: int,
                            backers: list[bytes]) -> AvailableData | None:  # fmt: skip
        backers = list(backers)
        self.rng.shuffle(backers)
        for backer in backers:
            peer = self.endpoint.peer_of(backer)
            if peer is None or peer == self.endpoint.peer_id:
                continue
            got = await self.endpoint.request(peer, wire.AVAILABLE_DATA, wire.AvailableDataRequestPayload(h),
                                              self.request_timeout)  # fmt: skip
            if got is None:
                continue
            try:
                return check_available_data(got, root=root, n_validators=n)
            except ErasureError as e:
                self.stats.bad_chunks += 1
                log.info("%s: refused the data of 0x%s from %s: %s: %s", ctx.node, h.hex()[:8], peer,
                         type(e).__name__, e)  # fmt: skip
        return None

    async def _gather(self, ctx: SubsystemContext, h: bytes, root: bytes, validators: list[bytes],
                      indices: Iterable[int], want: int, chunks: dict[int, bytes]) -> None:  # fmt: skip
        """Ask validators `indices` for their chunks, `n_parallel` at a time, until `chunks` holds `want`."""
        n = len(validators)

        async def ask(i: int) -> None:
            peer = self.endpoint.peer_of(validators[i])
            if peer is None:
                return
            got = await self.endpoint.request(peer, wire.CHUNK, wire.ChunkRequestPayload(h, i), self.request_timeout)
            if got is None:
                return
            try:
                chunks[i] = bytes(check_chunk(got, root=root, n_validators=n, index=i).chunk)
            except ErasureError as e:
                self.stats.bad_chunks += 1
                log.info("%s: refused chunk %d of 0x%s from %s: %s: %s", ctx.node, i, h.hex()[:8], peer,
                         type(e).__name__, e)  # fmt: skip

        todo = iter([i for i in indices if i not in chunks])
        pending: set[asyncio.Task[None]] = set()
        try:
            while len(chunks) < want:
                while len(pending) < self.n_parallel:
                    i = next(todo, None)
                    if i is None:
                        break
                    pending.add(asyncio.ensure_future(ask(i)))
                if not pending:
                    return
                done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    task.result()
        finally:
            for task in pending:
                task.cancel()
