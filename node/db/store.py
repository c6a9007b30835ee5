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
header's state root (checked on every open).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from typing import Any

from primitives.errors import ParahostError

__all__ = ["APPLICATION_ID", "DB_FILE", "SCHEMA_VERSION", "BlockDbError", "ChainMismatch", "CorruptBlockDb",
           "StatePruned", "Store", "UnknownBlock"]  # fmt: skip

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
            raise BlockDbError(f"{path}: cannot open: {e}") from None
        self.read_only = read_only

    # -- opening

    def corrupt(self, what: str) -> CorruptBlockDb:
        return CorruptBlockDb(f"{self.path}: {what}; the file was not changed")

    def identify(self) -> bool:
        """True for an empty file (a new database); raise CorruptBlockDb if the file is not ours."""
        conn = self.conn
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
            version = conn.execute("PRAGMA user_version").fetchone()[0]
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
        conn.execute("PRAGMA journal_mode=WAL")
        with self.transaction():
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
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")

    # -- reading

    def meta(self) -> dict[str, Any]:
        meta = dict(self.conn.execute("SELECT name, value FROM meta").fetchall())
        missing = [k for k in _META_KEYS if k not in meta]
        if missing:
            raise self.corrupt(f"meta lacks {', '.join(missing)}")
        return meta

    def block_row(self, block_hash: bytes) -> tuple[int, bytes, bytes, bytes] | None:
        """(number, parent, header, body) of a block."""
        return self.conn.execute("SELECT number, parent, header, body FROM blocks WHERE hash = ?",
                                 (block_hash,)).fetchone()  # fmt: skip

    def canonical(self, number: int) -> bytes | None:
        row = self.conn.execute("SELECT hash FROM canonical WHERE number = ?", (number,)).fetchone()
        return None if row is None else row[0]

    def state_items(self) -> list[tuple[bytes, bytes]]:
        return self.conn.execute("SELECT key, value FROM state ORDER BY key").fetchall()

    def journal(self, block_hash: bytes) -> tuple[bytes, bytes] | None:
        """(forward, undo) change sets of a recent block."""
        return self.conn.execute("SELECT forward, undo FROM journal WHERE hash = ?", (block_hash,)).fetchone()

    # -- writing

    def transaction(self) -> _Transaction:
        return _Transaction(self.conn)

    def close(self) -> None:
        self.conn.close()


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``; any exception rolls back everything."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        elif self.conn.in_transaction:
            self.conn.execute("ROLLBACK")


def db_path(db_dir: str | os.PathLike[str]) -> str:
    return os.path.join(os.fspath(db_dir), DB_FILE)
