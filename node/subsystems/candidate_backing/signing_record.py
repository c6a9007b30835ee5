"""The signing record: every backing statement this node signed, kept on disk before the signature exists,
so that no restart can make the node sign two conflicting statements (the guide's "Operational Safety").

A statement is recorded under (validator key, session, relay parent) and the record refuses one that would
conflict with what is there (`may_sign`):

- ``Seconded(c)`` after ``Seconded(c')`` for another candidate (one candidate seconded per relay parent),
  or after ``Valid(c)`` or ``Invalid(c)`` (the guide: never second a candidate already voted on);
- ``Valid(c)`` after ``Seconded(c)`` or ``Invalid(c)``;
- ``Invalid(c)`` after ``Seconded(c)`` or ``Valid(c)``.

Signing the very same statement again is allowed (it says nothing new). This is stricter than what
Validity punishes (`pallets.validity.conflicting`: two Seconded for different candidates, or Invalid with a
positive vote for one candidate): Seconded with Valid for one candidate is redundant rather than an offence,
but the guide calls it double voting, so it is refused too. The record is a SQLite file (WAL,
``synchronous=FULL``): a statement is committed before it is signed.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence

from primitives.parachain import CompactInvalid, CompactSeconded, CompactStatement, CompactValid

__all__ = ["RECORD_FILE", "SigningRecord", "may_sign"]

#: The record's file name inside a node's directory.
RECORD_FILE = "signing.sqlite"

_KIND = {CompactSeconded: 1, CompactValid: 2, CompactInvalid: 3}
_FROM_KIND = {1: CompactSeconded, 2: CompactValid, 3: CompactInvalid}


def may_sign(signed: Sequence[CompactStatement], statement: CompactStatement) -> bool:
    """Whether `statement` may be signed in a context where `signed` were signed already."""
    h = bytes(statement.candidate_hash)
    for old in signed:
        same = bytes(old.candidate_hash) == h
        if type(old) is type(statement) and same:
            continue  # the same statement again
        if isinstance(statement, CompactSeconded):
            if isinstance(old, CompactSeconded) or same:
                return False
        elif same:
            return False  # Valid after Seconded/Invalid, Invalid after Seconded/Valid (same candidate)
    return True


class SigningRecord:
    """Statements signed, by validator key, session and relay parent; on disk at `path` (None: in memory)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = None if path is None else os.fspath(path)
        self._conn = sqlite3.connect(self.path or ":memory:", isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS signed (validator BLOB NOT NULL, session INTEGER NOT NULL, "
            "relay_parent BLOB NOT NULL, kind INTEGER NOT NULL, candidate BLOB NOT NULL, "
            "PRIMARY KEY (validator, session, relay_parent, kind, candidate))"
        )

    def signed(self, validator: bytes, session: int, relay_parent: bytes) -> list[CompactStatement]:
        rows = self._conn.execute(
            "SELECT kind, candidate FROM signed WHERE validator = ? AND session = ? AND relay_parent = ? "
            "ORDER BY rowid", (bytes(validator), session, bytes(relay_parent)),
        ).fetchall()  # fmt: skip
        return [_FROM_KIND[kind](candidate) for kind, candidate in rows]

    def record(self, validator: bytes, session: int, relay_parent: bytes, statement: CompactStatement) -> bool:
        """Record `statement` if it may be signed (then return True; it is on disk); else False."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            if not may_sign(self.signed(validator, session, relay_parent), statement):
                conn.execute("ROLLBACK")
                return False
            conn.execute("INSERT OR IGNORE INTO signed VALUES (?, ?, ?, ?, ?)",
                         (bytes(validator), session, bytes(relay_parent), _KIND[type(statement)],
                          bytes(statement.candidate_hash)))  # fmt: skip
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return True

    def close(self) -> None:
        self._conn.close()
