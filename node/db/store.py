"""The block database's SQLite file: schema, identification, and the one-transaction writes.

``DIR/chain.sqlite`` (WAL journal, ``synchronous=FULL``), marked by ``PRAGMA application_id`` "PARB" and
``user_version`` (the schema version). Tables:

* ``meta(name, value)``: ``genesis`` (hash), ``best`` and ``finalized`` (hashes), ``runtime`` (its name),
  ``spec`` (the chain spec's JSON), ``keep_states`` (how many recent blocks' states can be rebuilt);
* ``blocks(hash, number, parent, header, body)``: every imported block, header and body SCALE-encoded;
* ``canonical(number, hash)``: the best chain, by number;
* ``state(key, value)``: the whole state of the best block;
* ``journal(hash, number, forward, undo)``: for each recent block, the change set it made and the one that
  undoes it (SCALE ``Vec<(key, Option<value>)>``); rows older than ``keep_states`` below the best are pruned.

A file that is not SQLite, is another application's, has another schema version or lacks a table is refused
with `CorruptBlockDb` before anything is written; so is one whose stored state does not hash to the best
header's state root (checked on every open). Every SQLite error, at open or later on a read or a write,
becomes a named error (`CorruptBlockDb` for damage, `BlockDbIoError` when SQLite cannot read or write the
file) that names the file and says whether anything was changed. A connection that met damage is closed
without SQLite's checkpoint-on-close, so the damaged file and its ``-wal`` stay byte for byte as they were.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from primitives.errors import ParahostError

__all__ = ["APPLICATION_ID", "DB_FILE", "SCHEMA_VERSION", "BlockDbError", "BlockDbIoError", "ChainMismatch",
           "CorruptBlockDb", "StatePruned", "Store", "UnknownBlock"]  # fmt: skip

APPLICATION_ID = 0x50415242  # "PARB"
SCHEMA_VERSION = 1
DB_FILE = "chain.sqlite"

_TABLES = {
    "meta": "CREATE TABLE meta (name TEXT PRIMARY KEY NOT NULL, value NOT NULL) WITHOUT ROWID",
    "blocks": "CREATE TABLE blocks (hash BLOB PRIMARY KEY NOT NULL, number INTEGER NOT NULL, parent BLOB NOT NULL, "
              "header BLOB NOT NULL, body BLOB NOT NULL) WITHOUT ROWID",
    "canonical": "CREATE TABLE canonical (number INTEGER PRIMARY KEY NOT NULL, hash BLOB NOT NULL)",
    "state": "CREATE TABLE state (key BLOB PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID",
    "journal": "CREATE TABLE journal (hash BLOB PRIMARY KEY NOT NULL, number INTEGER NOT NULL, "
               "forward BLOB NOT NULL, undo BLOB NOT NULL) WITHOUT ROWID",
}  # fmt: skip
_INDEXES = ("CREATE INDEX journal_number ON journal (number)",)
_META_KEYS = ("genesis", "best", "finalized", "runtime", "spec", "keep_states")


class BlockDbError(ParahostError):
    """The block database cannot do what was asked (missing, in use, another chain, unknown block ...)."""


class CorruptBlockDb(BlockDbError):
    """The file is not an intact parahost block database; it is left untouched."""


class BlockDbIoError(BlockDbError):
    """SQLite could not read or write the file (locked, read-only, disk full, an I/O error)."""


#: SQLite messages that mean the file could not be reached rather than that its content is damaged
_IO_MESSAGES = ("locked", "readonly", "read-only", "disk is full", "unable to open", "disk i/o error", "busy")

#: what a failed read says about the file
UNCHANGED = "the file was not changed"


class ChainMismatch(BlockDbError):
    """The database belongs to another chain (another genesis hash) or another runtime."""


class UnknownBlock(BlockDbError):
    """No such block in the database (or not on the best chain, for a number)."""


class StatePruned(BlockDbError):
    """The block's state is older than the recent states kept."""


class Store:
    """The SQLite connection and the statements; `BlockDb` holds the logic."""

    def __init__(self, path: str, read_only: bool) -> None:
        self.path = path
        uri = f"file:{path}?mode={'ro' if read_only else 'rwc'}"
        try:
            self.conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        except sqlite3.Error as e:
            raise BlockDbIoError(f"{path}: cannot open: {e}; {UNCHANGED}") from None
        self.read_only = read_only
        #: set once damage was met: then closing must not let SQLite checkpoint the WAL into the file
        self.damaged = False

    # -- errors

    def corrupt(self, what: str, changed: str = UNCHANGED) -> CorruptBlockDb:
        self.damaged = True
        return CorruptBlockDb(f"{self.path}: {what}; {changed}")

    def sqlite_error(self, e: sqlite3.Error, doing: str, changed: str = UNCHANGED) -> BlockDbError:
        """The named error for a SQLite error met while `doing` something."""
        text = str(e)
        if isinstance(e, sqlite3.OperationalError) and any(m in text.lower() for m in _IO_MESSAGES):
            return BlockDbIoError(f"{self.path}: SQLite could not {doing} ({text}); {changed}")
        return self.corrupt(f"damaged: SQLite failed to {doing} ({text})", changed)

    @contextmanager
    def guarded(self, doing: str, changed: str = UNCHANGED) -> Iterator[None]:
        """Turn a SQLite error inside into `CorruptBlockDb` or `BlockDbIoError`."""
        try:
            yield
        except sqlite3.Error as e:
            raise self.sqlite_error(e, doing, changed) from None

    # -- opening

    def identify(self) -> bool:
        """True for an empty file (a new database); raise CorruptBlockDb if the file is not ours."""
        conn = self.conn
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.OperationalError as e:
            raise self.sqlite_error(e, "read the schema") from None
        except sqlite3.DatabaseError as e:
            raise self.corrupt(f"not a SQLite database or damaged ({e})") from None
        tables = {name: sql for name, sql in rows}
        if app_id == 0 and not tables:
            return True
        if app_id != APPLICATION_ID:
            found = ", ".join(sorted(tables)) or "none"
            raise self.corrupt(f"not a parahost block database (application_id 0x{app_id:08x}, expected "
                               f"0x{APPLICATION_ID:08x}; tables: {found})")  # fmt: skip
        if version != SCHEMA_VERSION:
            raise self.corrupt(f"schema version {version}, this parahost reads version {SCHEMA_VERSION}")
        for name, sql in _TABLES.items():
            if tables.get(name) != sql:
                raise self.corrupt(f"table `{name}` is missing or not as this parahost made it")
        return False

    def initialize(self, meta: dict[str, Any], block: tuple[bytes, int, bytes, bytes, bytes],
                   state: Iterable[tuple[bytes, bytes]]) -> None:  # fmt: skip
        """Create the schema and write the genesis block, its state and `meta`, in one transaction."""
        conn = self.conn
        with self.guarded("create the database"):
            conn.execute("PRAGMA journal_mode=WAL")
        with self.transaction("create the database"):
            for sql in (*_TABLES.values(), *_INDEXES):
                conn.execute(sql)
            conn.executemany("INSERT INTO meta (name, value) VALUES (?, ?)", meta.items())
            conn.execute("INSERT INTO blocks (hash, number, parent, header, body) VALUES (?, ?, ?, ?, ?)", block)
            conn.execute("INSERT INTO canonical (number, hash) VALUES (?, ?)", (block[1], block[0]))
            conn.executemany("INSERT INTO state (key, value) VALUES (?, ?)", state)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def configure(self) -> None:
        if not self.read_only:
            with self.guarded("set the journal mode"):
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=FULL")

    # -- reading

    def meta(self) -> dict[str, Any]:
        with self.guarded("read the table `meta`"):
            meta = dict(self.conn.execute("SELECT name, value FROM meta").fetchall())
        missing = [k for k in _META_KEYS if k not in meta]
        if missing:
            raise self.corrupt(f"meta lacks {', '.join(missing)}")
        return meta

    def block_row(self, block_hash: bytes) -> tuple[int, bytes, bytes, bytes] | None:
        """(number, parent, header, body) of a block."""
        with self.guarded(f"read block 0x{bytes(block_hash).hex()}"):
            return self.conn.execute("SELECT number, parent, header, body FROM blocks WHERE hash = ?",
                                     (block_hash,)).fetchone()  # fmt: skip

    def canonical(self, number: int) -> bytes | None:
        with self.guarded(f"read the best chain at #{number}"):
            row = self.conn.execute("SELECT hash FROM canonical WHERE number = ?", (number,)).fetchone()
        return None if row is None else row[0]

    def state_items(self) -> list[tuple[bytes, bytes]]:
        with self.guarded("read the table `state`"):
            return self.conn.execute("SELECT key, value FROM state ORDER BY key").fetchall()

    def journal(self, block_hash: bytes) -> tuple[bytes, bytes] | None:
        """(forward, undo) change sets of a recent block."""
        with self.guarded(f"read the change sets of block 0x{bytes(block_hash).hex()}"):
            return self.conn.execute("SELECT forward, undo FROM journal WHERE hash = ?", (block_hash,)).fetchone()

    def query(self, sql: str, params: tuple[Any, ...] = (), doing: str = "read") -> list[Any]:
        """Every row of a read-only statement (for the checker)."""
        with self.guarded(doing):
            return self.conn.execute(sql, params).fetchall()

    # -- writing

    def transaction(self, doing: str = "write") -> _Transaction:
        return _Transaction(self, doing)

    def close(self) -> None:
        if self.damaged and not self.read_only:
            self._close_without_checkpoint()
        else:
            self.conn.close()

    def _close_without_checkpoint(self) -> None:
        """Close a writer that met damage so that its file and WAL stay as they are: the last connection to
        close a WAL database checkpoints it into the file, unless another connection still holds it open; a
        read-only one, which never checkpoints, holds it while the writer closes."""
        guard = None
        try:
            guard = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None)
            guard.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.Error:
            pass  # the guard may not be able to read much; its shared lock is taken on opening the WAL
        try:
            self.conn.close()
        finally:
            if guard is not None:
                guard.close()


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``; any exception rolls back everything, and a SQLite error becomes a
    named error saying whether the write was rolled back."""

    def __init__(self, store: Store, doing: str) -> None:
        self.store = store
        self.conn = store.conn
        self.doing = doing

    def __enter__(self) -> sqlite3.Connection:
        with self.store.guarded(f"{self.doing} (starting the transaction)", "nothing was written"):
            self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        failure = exc
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
                return
            except sqlite3.Error as e:
                failure = e
        rolled_back = True
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                rolled_back = False
        if isinstance(failure, sqlite3.Error):
            changed = ("nothing was written (the transaction was rolled back)" if rolled_back else
                       "the transaction could not be rolled back: SQLite discards it when the file is next opened, "
                       "so nothing of it stays")  # fmt: skip
            raise self.store.sqlite_error(failure, self.doing, changed) from None


def db_path(db_dir: str | os.PathLike[str]) -> str:
    return os.path.join(os.fspath(db_dir), DB_FILE)
