"""State backends: the committed key-value state under an overlay, with its state root.

A backend holds bytes-to-bytes items in ascending key order and owns a persistent `Trie` of them, so its
root is always at hand and a commit of k changes rehashes only the paths to those k keys. `commit` applies a
whole change set or nothing. Two implementations: `MemoryBackend` (a SortedDict, for tests and throwaway
state) and `SqliteBackend` (one SQLite file in WAL mode; each commit is one SQLite transaction that also
stores the new root, so a crash leaves either all of a change set or none of it; opening checks the stored
root against the stored items and refuses a file that is not an intact parahost database).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from types import TracebackType
from typing import Protocol, runtime_checkable

from sortedcontainers import SortedDict

from frame.trie import Trie
from primitives.errors import ParahostError

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "Backend",
    "BackendError",
    "CorruptDatabase",
    "MemoryBackend",
    "SqliteBackend",
]


class BackendError(ParahostError):
    """A backend could not do what was asked (bad change set, database in use elsewhere, closed, ...)."""


class CorruptDatabase(BackendError):
    """The file is not an intact parahost state database: not SQLite, foreign tables, wrong schema version,
    or items that do not hash to the stored state root. The file is left untouched."""


@runtime_checkable
class Backend(Protocol):
    """What an overlay needs from committed state. Keys and values are `bytes`; order is bytewise."""

    def get(self, key: bytes) -> bytes | None:
        """The value at `key`, or None."""
        ...

    def iter_from(self, start: bytes, prefix: bytes = b"") -> Iterator[tuple[bytes, bytes]]:
        """Items with key >= `start`, ascending, ending before the first key that does not start with
        `prefix` (that key is not read: a recording backend must not count it)."""
        ...

    def next_key(self, key: bytes) -> bytes | None:
        """The smallest key strictly greater than `key`, or None."""
        ...

    @property
    def root(self) -> bytes:
        """The state root of the items held."""
        ...

    @property
    def trie(self) -> Trie:
        """The (persistent) trie of the items held."""
        ...

    def commit(self, changes: Mapping[bytes, bytes | None]) -> bytes:
        """Apply all of `changes` (None deletes) or none of them; return the new root."""
        ...

    def __len__(self) -> int: ...


def _check_changes(changes: Mapping[bytes, bytes | None]) -> None:
    """Refuse a change set with a non-bytes key or value before anything is applied."""
    for k, v in changes.items():
        if type(k) is not bytes:
            raise BackendError(f"change set key {k!r} is {type(k).__name__}, expected bytes")
        if v is not None and type(v) is not bytes:
            raise BackendError(f"change set value at key 0x{k.hex()} is {type(v).__name__}, expected bytes or None")


def _check_state_version(state_version: int) -> None:
    if state_version not in (0, 1):
        raise BackendError(f"state version {state_version} is not supported (0 or 1)")


def _while_prefixed(items: Iterator[tuple[bytes, bytes]], prefix: bytes) -> Iterator[tuple[bytes, bytes]]:
    for k, v in items:
        if not k.startswith(prefix):
            return
        yield k, v


# ---------------------------------------------------------------------------------------------
# In memory


class MemoryBackend:
    """Items in a SortedDict plus their trie. Iteration re-seeks in chunks, so a commit during iteration
    does not break the iterator (it then sees a mix of before and after, like a database cursor)."""

    _CHUNK = 256

    def __init__(
        self,
        items: Mapping[bytes, bytes] | Iterable[tuple[bytes, bytes]] | None = None,
        state_version: int = 1,
    ) -> None:
        _check_state_version(state_version)
        data: SortedDict = SortedDict(items.items() if isinstance(items, Mapping) else (items or ()))
        _check_changes(data)
        if any(v is None for v in data.values()):
            raise BackendError("initial items may not hold None values")
        self._data = data
        self._state_version = state_version
        self._trie = Trie.from_items(data.items(), state_version)

    @property
    def state_version(self) -> int:
        return self._state_version

    def get(self, key: bytes) -> bytes | None:
        return self._data.get(key)

    def iter_from(self, start: bytes, prefix: bytes = b"") -> Iterator[tuple[bytes, bytes]]:
        data = self._data
        chunk = self._CHUNK
        i = data.bisect_left(start)
        keys = list(data.islice(i, i + chunk))
        while keys:
            for k in keys:
                if not k.startswith(prefix):
                    return
                v = data.get(k)
                if v is not None:
                    yield k, v
            last = keys[-1]
            i = data.bisect_right(last)
            keys = list(data.islice(i, i + chunk))

    def next_key(self, key: bytes) -> bytes | None:
        data = self._data
        i = data.bisect_right(key)
        return data.peekitem(i)[0] if i < len(data) else None

    @property
    def root(self) -> bytes:
        return self._trie.root

    @property
    def trie(self) -> Trie:
        return self._trie

    def commit(self, changes: Mapping[bytes, bytes | None]) -> bytes:
        _check_changes(changes)
        trie = self._trie.updated(changes)  # may raise: then nothing has changed
        root = trie.root
        data = self._data
        for k, v in changes.items():
            if v is None:
                data.pop(k, None)
            else:
                data[k] = v
        self._trie = trie
        return root

    def items(self) -> Iterator[tuple[bytes, bytes]]:
        """All items, ascending."""
        return self.iter_from(b"")

    def __len__(self) -> int:
        return len(self._data)

    def __bool__(self) -> bool:
        return True  # never falsy because it is empty

    def __repr__(self) -> str:
        return f"MemoryBackend({len(self._data)} items, root=0x{self.root.hex()})"


# ---------------------------------------------------------------------------------------------
# SQLite

APPLICATION_ID = 0x50415248  # "PARH" in the SQLite header: marks the file as a parahost state database
SCHEMA_VERSION = 1  # PRAGMA user_version

_SQLITE_NOTADB = 26
_SQLITE_CORRUPT = 11

_SCHEMA = (
    "CREATE TABLE state (key BLOB PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID",
    "CREATE TABLE meta (name TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID",
)
_STATE_COLUMNS = [("key", "BLOB", 1), ("value", "BLOB", 0)]  # (name, type, pk position)
_META_COLUMNS = [("name", "TEXT", 1), ("value", "BLOB", 0)]


class SqliteBackend:
    """Items in one SQLite table (`state`: key BLOB primary key, WITHOUT ROWID), the state root and state
    version in `meta`, WAL journal. Point reads are answered by the trie (it holds the values), iteration by
    `SELECT ... WHERE key >= ? ORDER BY key` in growing batches. `commit` is one `BEGIN IMMEDIATE ... COMMIT`
    that writes the items and the new root together. Opening rebuilds the trie from the items (streamed in
    batches) and checks it against the stored root; any mismatch raises `CorruptDatabase`, nothing is written.

    `durable=True` (the default) uses `synchronous=FULL`: a committed block survives power loss. With
    `durable=False` (`synchronous=NORMAL`) the last commits may be lost on power loss, but the file stays
    consistent (still all-or-nothing per commit); a killed process loses nothing either way.
    """

    _FIRST_BATCH = 16
    _MAX_BATCH = 4096

    def __init__(self, path: str | os.PathLike[str], state_version: int = 1, *, durable: bool = True) -> None:
        _check_state_version(state_version)
        self._path = os.fspath(path)
        try:
            conn = sqlite3.connect(self._path, isolation_level=None)
        except sqlite3.Error as e:
            raise BackendError(f"{self._path}: cannot open: {e}") from e
        self._conn: sqlite3.Connection | None = conn
        try:
            self._open(conn, state_version, durable)
        except BaseException:
            self._conn = None
            conn.close()
            raise

    # -- opening -----------------------------------------------------------------------------

    def _corrupt(self, what: str) -> CorruptDatabase:
        return CorruptDatabase(f"{self._path}: {what}")

    def _open(self, conn: sqlite3.Connection, state_version: int, durable: bool) -> None:
        try:
            fresh = self._identify(conn)
            if fresh:
                # journal mode cannot change inside a transaction: set it first, on a file that is ours
                conn.execute("PRAGMA journal_mode=WAL")
                self._initialize(conn, state_version)
            stored_version, trie = self._load(conn)
            if not fresh:
                conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as e:
            code = getattr(e, "sqlite_errorcode", None)
            if code in (_SQLITE_NOTADB, _SQLITE_CORRUPT) or "not a database" in str(e) or "malformed" in str(e):
                raise self._corrupt(f"not a SQLite database or damaged ({e})") from e
            raise BackendError(f"{self._path}: {e}") from e
        if stored_version != state_version:
            raise BackendError(
                f"{self._path}: the database holds state version {stored_version}, opened as version {state_version}"
            )
        conn.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        self._state_version = stored_version
        self._trie = trie

    def _identify(self, conn: sqlite3.Connection) -> bool:
        """True for a new, empty database; raise CorruptDatabase if the file is not ours."""
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        if app_id == 0 and not tables:
            return True
        if app_id != APPLICATION_ID:
            found = ", ".join(tables) if tables else "none"
            raise self._corrupt(
                f"not a parahost state database (application_id 0x{app_id:08x}, "
                f"expected 0x{APPLICATION_ID:08x}; tables: {found})"
            )
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            raise self._corrupt(f"schema version {version}, this parahost reads version {SCHEMA_VERSION}")
        for table, expected in (("state", _STATE_COLUMNS), ("meta", _META_COLUMNS)):
            if table not in tables:
                raise self._corrupt(f"parahost state database without its `{table}` table")
            cols = [(r[1], r[2].upper(), r[5]) for r in conn.execute(f"PRAGMA table_info({table})")]
            if cols != expected:
                raise self._corrupt(f"table `{table}` has columns {cols}, expected {expected}")
        return False

    def _initialize(self, conn: sqlite3.Connection, state_version: int) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # another process may have initialized it between our look and our lock
            if conn.execute("PRAGMA application_id").fetchone()[0] == 0:
                for stmt in _SCHEMA:
                    conn.execute(stmt)
                root = Trie.from_items((), state_version).root
                conn.executemany(
                    "INSERT INTO meta (name, value) VALUES (?, ?)",
                    [("root", root), ("state_version", state_version)],
                )
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _load(self, conn: sqlite3.Connection) -> tuple[int, Trie]:
        """Read meta and rebuild the trie from the items, in one read transaction (a consistent snapshot)."""
        conn.execute("BEGIN")
        try:
            meta = dict(conn.execute("SELECT name, value FROM meta"))
            root = meta.get("root")
            stored_version = meta.get("state_version")
            if not isinstance(root, bytes) or len(root) != 32:
                raise self._corrupt(f"meta has no valid state root ({root!r})")
            if type(stored_version) is not int or stored_version not in (0, 1):
                raise self._corrupt(f"meta has no valid state version ({stored_version!r})")
            count = 0
            bad: list[str] = []

            def items() -> Iterator[tuple[bytes, bytes]]:
                nonlocal count
                for k, v in self._scan(conn, b"", self._MAX_BATCH):
                    if type(k) is not bytes or type(v) is not bytes:
                        bad.append(f"item {k!r} holds {type(v).__name__}, not a BLOB")
                        return
                    count += 1
                    yield k, v

            trie = Trie.from_items(items(), stored_version)
            if bad:
                raise self._corrupt(bad[0])
            if trie.root != root:
                raise self._corrupt(
                    f"state root mismatch: the {count} stored items hash to 0x{trie.root.hex()}, "
                    f"the database says 0x{root.hex()}"
                )
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")
        return stored_version, trie

    # -- reading -----------------------------------------------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise BackendError(f"{self._path}: the backend is closed")
        return self._conn

    @property
    def path(self) -> str:
        return self._path

    @property
    def state_version(self) -> int:
        return self._state_version

    def get(self, key: bytes) -> bytes | None:
        """Served from the in-memory trie, which holds exactly the committed items (~4x faster than a query)."""
        if self._conn is None:
            raise BackendError(f"{self._path}: the backend is closed")
        return self._trie.get(key)

    def _scan(self, conn: sqlite3.Connection, start: bytes, first_batch: int) -> Iterator[tuple[bytes, bytes]]:
        """Items from `start` on, fetched in growing batches; no cursor stays open between batches."""
        batch = first_batch
        rows = conn.execute(
            "SELECT key, value FROM state WHERE key >= ? ORDER BY key LIMIT ?", (start, batch)
        ).fetchall()
        while True:
            yield from rows
            if len(rows) < batch:
                return
            last = rows[-1][0]
            batch = min(batch * 4, self._MAX_BATCH)
            rows = conn.execute(
                "SELECT key, value FROM state WHERE key > ? ORDER BY key LIMIT ?", (last, batch)
            ).fetchall()

    def iter_from(self, start: bytes, prefix: bytes = b"") -> Iterator[tuple[bytes, bytes]]:
        if not prefix:
            return self._scan(self.conn, start, self._FIRST_BATCH)
        return _while_prefixed(self._scan(self.conn, start, self._FIRST_BATCH), prefix)

    def next_key(self, key: bytes) -> bytes | None:
        row = self.conn.execute("SELECT key FROM state WHERE key > ? ORDER BY key LIMIT 1", (key,)).fetchone()
        return None if row is None else row[0]

    def items(self) -> Iterator[tuple[bytes, bytes]]:
        """All items, ascending."""
        return self._scan(self.conn, b"", self._MAX_BATCH)

    @property
    def root(self) -> bytes:
        return self._trie.root

    @property
    def trie(self) -> Trie:
        return self._trie

    def __len__(self) -> int:
        return len(self._trie)

    def __bool__(self) -> bool:
        return True  # never falsy because it is empty

    # -- writing -----------------------------------------------------------------------------

    def commit(self, changes: Mapping[bytes, bytes | None]) -> bytes:
        conn = self.conn
        _check_changes(changes)
        trie = self._trie.updated(changes)  # computed before any write: if it raises, nothing is written
        root = trie.root
        sets = [(k, v) for k, v in changes.items() if v is not None]
        deletes = [(k,) for k, v in changes.items() if v is None]
        conn.execute("BEGIN IMMEDIATE")
        try:
            stored = conn.execute("SELECT value FROM meta WHERE name = 'root'").fetchone()
            if stored is None or stored[0] != self._trie.root:
                raise BackendError(
                    f"{self._path}: the stored root is not the one this backend last committed: "
                    "the database was changed by another writer; reopen it"
                )
            if sets:
                conn.executemany("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", sets)
            if deletes:
                conn.executemany("DELETE FROM state WHERE key = ?", deletes)
            conn.execute("UPDATE meta SET value = ? WHERE name = 'root'", (root,))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        self._trie = trie
        return root

    # -- lifetime ----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (idempotent). Everything committed is already on disk."""
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()

    @property
    def closed(self) -> bool:
        return self._conn is None

    def __enter__(self) -> SqliteBackend:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._conn is None else f"root=0x{self.root.hex()}"
        return f"SqliteBackend({self._path!r}, {state})"
