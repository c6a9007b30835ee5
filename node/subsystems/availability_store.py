"""The Availability Store subsystem (guide "Availability Store"): chunks and full data of candidates.

A backer's `StoreAvailableData` is re-encoded into the session's n chunks and checked against the receipt's
erasure root (`InvalidErasureRoot` as the reply's exception on a mismatch, and nothing kept); then the data and
all n chunks are kept, so the backer can serve every validator its chunk. Other validators keep the one chunk
Availability Distribution fetched for them (`StoreChunk`). Records live in `node.availability.store` (SQLite in
the node's directory, so a restarted validator still holds what it held), with Polkadot's states: on each new
leaf the candidates included in it (and in its not yet seen ancestors) become ``Unfinalized``, and those in
blocks that are final become ``Finalized``. The local network has no finality gadget: blocks `finality_lag`
below the best block stand in for final ones (None: only the block database's finalized block). A sweep
every `prune_interval` blocks removes what expired and keeps the space within `max_bytes`.
"""

from __future__ import annotations

import os

from node.availability import (
    InvalidErasureRoot,
    decode_available_data,
    encode_available_data,
    erasure_root_and_branches,
    obtain_chunks,
)
from node.availability.store import PRUNING_INTERVAL, AvailabilityStore
from node.db import BlockDb
from node.db.shared import shared
from node.messages import (
    AvailabilityStoreMessage,
    QueryAvailableData,
    QueryChunk,
    QueryChunkAvailability,
    QueryChunkSize,
    RuntimeApiQuery,
    StartWork,
    StoreAvailableData,
    StoreChunk,
)
from node.overseer import Subsystem, SubsystemContext
from node.subsystems._relay_info import query
from node.subsystems._stats import NodeStats
from node.subsystems.runtime_api import RuntimeApiUnavailable
from primitives.hashing import blake2_256
from primitives.parachain import CandidateIncluded, ErasureChunk

__all__ = ["STORE_FILE", "AvailabilityStoreSubsystem"]

#: The store's file name inside a node's directory.
STORE_FILE = "availability.sqlite"
#: How many unseen ancestors of a new leaf are looked at for inclusions.
_MAX_WALK = 16


class AvailabilityStoreSubsystem(Subsystem):
    """Chunks and data by candidate hash, on disk at `path` (None: in memory); `db` gives headers and finality."""

    name = "availability-store"
    handles = (AvailabilityStoreMessage,)

    def __init__(self, path: str | os.PathLike[str] | None = None, db: BlockDb | None = None,
                 stats: NodeStats | None = None, *, max_bytes: int = 1 << 30, finality_lag: int | None = None,
                 prune_interval: int = PRUNING_INTERVAL, store: AvailabilityStore | None = None) -> None:  # fmt: skip
        self.store = store or AvailabilityStore(path, max_bytes=max_bytes)
        self.db = db
        self.stats = stats or NodeStats()
        self.finality_lag = finality_lag
        self.prune_interval = prune_interval
        self.now = 0  # the highest leaf's block number
        self._last_sweep = 0
        self._seen: set[bytes] = set()

    async def run(self, ctx: SubsystemContext) -> None:
        try:
            while True:
                message = await ctx.recv()
                if isinstance(message, StartWork):
                    await self._on_leaf(ctx, message.relay_parent)
                    self.stats.availability_bytes = self.store.stored_bytes()  # once a block: it sums the tables
                elif isinstance(message, AvailabilityStoreMessage):
                    self.handle(message)
        finally:
            self.store.close()

    def handle(self, message: AvailabilityStoreMessage) -> None:
        store = self.store
        if isinstance(message, StoreAvailableData):
            error = self._store_data(message)
            if message.reply is not None and not message.reply.done():
                if error is not None:
                    message.reply.set_exception(error)
                else:
                    message.reply.set_result(None)
        elif isinstance(message, StoreChunk):
            store.store_chunks(message.candidate_hash, message.n_validators, message.erasure_root, [message.chunk],
                               self.now)  # fmt: skip
            if message.reply is not None and not message.reply.done():
                message.reply.set_result(None)
        elif isinstance(message, QueryAvailableData) and not message.reply.done():
            payload = store.data(message.candidate_hash)
            message.reply.set_result(None if payload is None else decode_available_data(payload))
        elif isinstance(message, QueryChunk) and not message.reply.done():
            message.reply.set_result(store.chunk(message.candidate_hash, message.index))
        elif isinstance(message, QueryChunkAvailability) and not message.reply.done():
            message.reply.set_result(store.has_chunk(message.candidate_hash, message.index))
        elif isinstance(message, QueryChunkSize) and not message.reply.done():
            message.reply.set_result(store.chunk_size(message.candidate_hash))

    def _store_data(self, message: StoreAvailableData) -> InvalidErasureRoot | None:
        payload = encode_available_data(message.data)
        n = message.n_validators
        root, branches = shared("erasure", (n, blake2_256(payload)),
                                lambda: erasure_root_and_branches(obtain_chunks(n, payload)))  # fmt: skip
        expected = bytes(message.expected_erasure_root)
        if root != expected:
            self.stats.erasure_root_mismatches += 1
            return InvalidErasureRoot(f"candidate 0x{message.candidate_hash.hex()}: the data re-encodes to erasure "
                                      f"root 0x{root.hex()}, the receipt says 0x{expected.hex()}")  # fmt: skip
        chunks = [ErasureChunk(chunk, i, tuple(proof)) for i, (chunk, proof) in enumerate(branches)]
        self.store.store_chunks(message.candidate_hash, n, root, chunks, self.now, payload)
        return None

    # -- leaves, finality, pruning

    async def _on_leaf(self, ctx: SubsystemContext, leaf: bytes) -> None:
        if self.db is None:
            return
        walk: list[tuple[bytes, int]] = []
        h = leaf
        while h not in self._seen and len(walk) < _MAX_WALK:
            header = self.db.header(h)
            if header is None or header.number == 0:
                break
            walk.append((h, header.number))
            h = header.parent_hash
        for block, number in reversed(walk):
            self._seen.add(block)
            try:
                events = await query(ctx, block, RuntimeApiQuery.CandidateEvents)
            except RuntimeApiUnavailable:
                continue
            for event in events:
                if isinstance(event, CandidateIncluded):
                    self.store.note_included(event.receipt.hash(), number, block, self.now)
        if walk:
            self.now = max(self.now, walk[0][1])
        self._finality()
        if self.now >= self._last_sweep + self.prune_interval:
            self._last_sweep = self.now
            self.store.sweep(self.now)
        if len(self._seen) > 4 * _MAX_WALK:
            self._seen = {b for b, _ in walk}

    def _finality(self) -> None:
        assert self.db is not None
        finalized = self.db.header(self.db.finalized_hash)
        number = 0 if finalized is None else finalized.number
        if self.finality_lag is not None:
            number = max(number, self.db.best_header().number - self.finality_lag)
        if number <= 0:
            return
        db = self.db

        def hash_at(n: int) -> bytes | None:
            header = db.header(n)
            return None if header is None else header.hash()

        self.store.note_finalized(number, hash_at, self.now)
