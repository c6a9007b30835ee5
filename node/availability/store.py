"""The availability store's records (guide "Availability Store"; reference ``availability-approval.md`` §2.1).

Per candidate: its meta (state, validator count, erasure root, payload size), the chunks held (with their
proofs) and, for a backer, the full `AvailableData` payload. States, as Polkadot's av-store:

* ``Unavailable(t)``: seen (backed, or a chunk stored) but not included in a known block;
* ``Unfinalized(t, blocks)``: included in the unfinalized blocks `blocks` ((number, hash) pairs);
* ``Finalized(t)``: included in a finalized block.

If only competing blocks get finalized, an unfinalized entry falls back to ``Unavailable``. Time here is
relay-chain block numbers (the highest leaf seen), so Polkadot's durations are scaled to blocks: 1 h unavailable
(600 blocks of 6 s), 25 h after finality (15,000 blocks), a sweep every 5 min (50 blocks). `sweep(now)` prunes
what expired (meta, chunks and data together) and then, if the bytes held exceed `max_bytes`, the oldest
entries (unavailable first, then finalized, then unfinalized). Every change is one SQLite transaction, so a
crash leaves an entry whole or absent; the file (or ``:memory:``) survives restarts.
"""

from __future__ import annotations

import enum
import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from primitives.errors import CodecError, ParahostError
from primitives.parachain import ErasureChunk
from primitives.types import codec_of

__all__ = [
    "KEEP_FINALIZED_FOR",
    "KEEP_UNAVAILABLE_FOR",
    "PRUNING_INTERVAL",
    "AvailabilityStore",
    "Entry",
    "State",
    "StoreCorrupt",
]

#: Polkadot's 1 h / 25 h / 5 min at 6 s blocks, in blocks.
KEEP_UNAVAILABLE_FOR = 600
KEEP_FINALIZED_FOR = 15_000
PRUNING_INTERVAL = 50

_CHUNK = codec_of(ErasureChunk)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (candidate BLOB PRIMARY KEY, state INTEGER NOT NULL, since INTEGER NOT NULL,
    n_validators INTEGER NOT NULL, erasure_root BLOB NOT NULL, blocks TEXT NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS chunks (candidate BLOB NOT NULL, idx INTEGER NOT NULL, chunk BLOB NOT NULL,
    size INTEGER NOT NULL, PRIMARY KEY (candidate, idx));
CREATE TABLE IF NOT EXISTS data (candidate BLOB PRIMARY KEY, payload BLOB NOT NULL);
"""


class StoreCorrupt(ParahostError):
    """The availability store's file holds a record that does not decode."""


class State(enum.IntEnum):
    """An entry's state (see the module docstring)."""

    Unavailable = 0
    Unfinalized = 1
    Finalized = 2


@dataclass(frozen=True, slots=True)
class Entry:
    """A candidate's meta: its state since block `since`, and the unfinalized blocks including it."""

    candidate: bytes
    state: State
    since: int
    n_validators: int
    erasure_root: bytes
    blocks: tuple[tuple[int, bytes], ...]


class AvailabilityStore:
    """Chunks and full data by candidate hash in SQLite at `path` (None: in memory)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, max_bytes: int = 1 << 30,
                 keep_unavailable: int = KEEP_UNAVAILABLE_FOR,
                 keep_finalized: int = KEEP_FINALIZED_FOR) -> None:  # fmt: skip
        self.max_bytes = max_bytes
        self.keep_unavailable = keep_unavailable
        self.keep_finalized = keep_finalized
        self.pruned = 0  # entries removed by expiry
        self.evicted = 0  # entries removed to stay within max_bytes
        self._conn = sqlite3.connect(":memory:" if path is None else os.fspath(path), isolation_level=None)
        if path is not None:
            self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        self._conn.close()

    # -- reading

    def entry(self, candidate: bytes) -> Entry | None:
        sql = "SELECT state, since, n_validators, erasure_root, blocks FROM meta WHERE candidate = ?"
        row = self._conn.execute(sql, (candidate,)).fetchone()
        if row is None:
            return None
        try:
            blocks = tuple((int(n), bytes.fromhex(h)) for n, h in json.loads(row[4]))
            state = State(row[0])
        except (ValueError, TypeError) as e:
            raise StoreCorrupt(f"candidate 0x{candidate.hex()}: bad meta record: {e}") from None
        return Entry(candidate, state, int(row[1]), int(row[2]), bytes(row[3]), blocks)

    def entries(self) -> list[Entry]:
        hashes = [bytes(r[0]) for r in self._conn.execute("SELECT candidate FROM meta ORDER BY rowid")]
        return [e for e in map(self.entry, hashes) if e is not None]

    def chunk(self, candidate: bytes, index: int) -> ErasureChunk | None:
        row = self._conn.execute(
            "SELECT chunk FROM chunks WHERE candidate = ? AND idx = ?", (candidate, index)
        ).fetchone()
        if row is None:
            return None
        try:
            return _CHUNK.decode(bytes(row[0]))
        except CodecError as e:
            raise StoreCorrupt(f"candidate 0x{candidate.hex()}: chunk {index} does not decode: {e}") from None

    def has_chunk(self, candidate: bytes, index: int) -> bool:
        return self._conn.execute("SELECT 1 FROM chunks WHERE candidate = ? AND idx = ?",
                                  (candidate, index)).fetchone() is not None  # fmt: skip

    def chunk_size(self, candidate: bytes) -> int | None:
        row = self._conn.execute("SELECT size FROM chunks WHERE candidate = ? LIMIT 1", (candidate,)).fetchone()
        return None if row is None else int(row[0])

    def data(self, candidate: bytes) -> bytes | None:
        row = self._conn.execute("SELECT payload FROM data WHERE candidate = ?", (candidate,)).fetchone()
        return None if row is None else bytes(row[0])

    def data_sizes(self) -> dict[bytes, int]:
        """The size of each full payload held, by candidate."""
        return {bytes(c): int(n) for c, n in self._conn.execute("SELECT candidate, LENGTH(payload) FROM data")}

    def stored_bytes(self) -> int:
        """Bytes of chunks, proofs and payloads held."""
        chunks = self._conn.execute("SELECT COALESCE(SUM(LENGTH(chunk)), 0) FROM chunks").fetchone()[0]
        data = self._conn.execute("SELECT COALESCE(SUM(LENGTH(payload)), 0) FROM data").fetchone()[0]
        return int(chunks) + int(data)

    # -- writing (each one transaction)

    def _ensure(self, conn: sqlite3.Connection, candidate: bytes, n_validators: int, root: bytes, now: int) -> None:
        conn.execute("INSERT OR IGNORE INTO meta (candidate, state, since, n_validators, erasure_root) "
                     "VALUES (?, ?, ?, ?, ?)", (candidate, State.Unavailable, now, n_validators, root))  # fmt: skip

    def store_chunks(self, candidate: bytes, n_validators: int, root: bytes, chunks: Iterable[ErasureChunk],
                     now: int, payload: bytes | None = None) -> None:  # fmt: skip
        """Keep `chunks` (and the full `payload`, for a backer) of `candidate`, creating its meta if new."""
        with self._conn:
            self._conn.execute("BEGIN")
            self._ensure(self._conn, candidate, n_validators, root, now)
            rows = [(candidate, int(c.index), _CHUNK.encode(c), len(c.chunk)) for c in chunks]
            self._conn.executemany("INSERT OR REPLACE INTO chunks VALUES (?, ?, ?, ?)", rows)
            if payload is not None:
                self._conn.execute("INSERT OR REPLACE INTO data VALUES (?, ?)", (candidate, payload))

    def _set(self, conn: sqlite3.Connection, e: Entry, state: State, since: int,
             blocks: tuple[tuple[int, bytes], ...]) -> None:  # fmt: skip
        conn.execute("UPDATE meta SET state = ?, since = ?, blocks = ? WHERE candidate = ?",
                     (state, since, json.dumps([[n, h.hex()] for n, h in blocks]), e.candidate))  # fmt: skip

    def note_included(self, candidate: bytes, number: int, block: bytes, now: int) -> None:
        """`candidate` was included in the unfinalized block (number, block)."""
        e = self.entry(candidate)
        if e is None or e.state is State.Finalized or (number, block) in e.blocks:
            return
        with self._conn:
            self._conn.execute("BEGIN")
            self._set(self._conn, e, State.Unfinalized, now if e.state is State.Unavailable else e.since,
                      tuple(sorted({*e.blocks, (number, block)})))  # fmt: skip

    def note_finalized(self, number: int, hash_at: Callable[[int], bytes | None], now: int) -> None:
        """Blocks up to `number` are final (`hash_at(n)` is the finalized block at height n)."""
        with self._conn:
            self._conn.execute("BEGIN")
            for e in self.entries():
                if e.state is not State.Unfinalized:
                    continue
                settled = [(n, h) for n, h in e.blocks if n <= number]
                if not settled:
                    continue
                if any(hash_at(n) == h for n, h in settled):
                    self._set(self._conn, e, State.Finalized, now, ())
                else:
                    rest = tuple(b for b in e.blocks if b[0] > number)
                    self._set(self._conn, e, State.Unfinalized if rest else State.Unavailable, now, rest)

    def _delete(self, conn: sqlite3.Connection, candidates: list[bytes]) -> None:
        for table in ("meta", "chunks", "data"):
            conn.executemany(f"DELETE FROM {table} WHERE candidate = ?", [(c,) for c in candidates])

    def sweep(self, now: int) -> list[bytes]:
        """Prune expired entries, then the oldest until within `max_bytes`; the candidates removed."""
        expired = []
        for e in self.entries():
            keep = {State.Unavailable: self.keep_unavailable, State.Finalized: self.keep_finalized}.get(e.state)
            if keep is not None and now >= e.since + keep:
                expired.append(e.candidate)
        with self._conn:
            self._conn.execute("BEGIN")
            self._delete(self._conn, expired)
        self.pruned += len(expired)
        removed = list(expired)
        if self.stored_bytes() > self.max_bytes:
            order = {State.Unavailable: 0, State.Finalized: 1, State.Unfinalized: 2}
            for e in sorted(self.entries(), key=lambda e: (order[e.state], e.since)):
                if self.stored_bytes() <= self.max_bytes:
                    break
                with self._conn:
                    self._conn.execute("BEGIN")
                    self._delete(self._conn, [e.candidate])
                self.evicted += 1
                removed.append(e.candidate)
        return removed
