"""The Availability Store subsystem: keeps the proofs of validity of candidates, by candidate hash.

Availability here is full replication: every validator keeps the whole PoV of every seconded candidate
(PoV Distribution sends it to all of them), instead of an erasure-coded chunk; a validator's availability bit
for a core says it holds the PoV of the candidate pending there. The store keeps the latest `capacity` PoVs,
in a SQLite file in the node's directory (so a restarted validator still holds what it held), or in memory.
"""

from __future__ import annotations

import os
import sqlite3
from collections import OrderedDict

from node.messages import AvailabilityStoreMessage, QueryAvailableData, StoreAvailableData
from node.overseer import Subsystem, SubsystemContext
from primitives.errors import CodecError
from primitives.parachain import PoV
from primitives.types import codec_of

__all__ = ["STORE_FILE", "AvailabilityStoreSubsystem"]

#: The store's file name inside a node's directory.
STORE_FILE = "availability.sqlite"
_POV = codec_of(PoV)


class AvailabilityStoreSubsystem(Subsystem):
    """PoVs by candidate hash, the latest `capacity` of them; on disk at `path` if given."""

    name = "availability-store"
    handles = (AvailabilityStoreMessage,)

    def __init__(self, capacity: int = 4096, path: str | os.PathLike[str] | None = None) -> None:
        self.capacity = capacity
        self.data: OrderedDict[bytes, PoV] = OrderedDict()
        self._conn: sqlite3.Connection | None = None
        if path is not None:
            self._conn = sqlite3.connect(os.fspath(path), isolation_level=None)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("CREATE TABLE IF NOT EXISTS povs (candidate BLOB PRIMARY KEY, pov BLOB NOT NULL)")
            for candidate, encoded in self._conn.execute("SELECT candidate, pov FROM povs ORDER BY rowid"):
                try:
                    self.data[bytes(candidate)] = _POV.decode(encoded)
                except CodecError:
                    continue

    def store(self, candidate_hash: bytes, pov: PoV) -> None:
        known = candidate_hash in self.data
        self.data[candidate_hash] = pov
        self.data.move_to_end(candidate_hash)
        evicted = []
        while len(self.data) > self.capacity:
            evicted.append(self.data.popitem(last=False)[0])
        if self._conn is not None and not known:
            with self._conn:
                self._conn.execute("BEGIN")
                self._conn.execute("INSERT OR REPLACE INTO povs VALUES (?, ?)", (candidate_hash, _POV.encode(pov)))
                self._conn.executemany("DELETE FROM povs WHERE candidate = ?", [(h,) for h in evicted])

    async def run(self, ctx: SubsystemContext) -> None:
        try:
            while True:
                message = await ctx.recv()
                if isinstance(message, StoreAvailableData):
                    self.store(message.candidate_hash, message.pov)
                elif isinstance(message, QueryAvailableData) and not message.reply.done():
                    message.reply.set_result(self.data.get(message.candidate_hash))
        finally:
            if self._conn is not None:
                self._conn.close()
