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

A record that is missing is only created when the caller says a new one is safe (``create=True``): a
validator that has run before (its block database exists) and finds no record refuses to sign
(`SigningRecordMissing`) unless the operator accepts the risk (``ValidatorNode(allow_new_signing_record=True)``,
``parahost run --allow-new-signing-record``). A damaged or foreign file is refused untouched
(`CorruptSigningRecord`), and a SQLite error while recording is a `SigningRecordError` saying that the
statement was not recorded (so not signed).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence

from primitives.errors import ParahostError
from primitives.parachain import CompactInvalid, CompactSeconded, CompactStatement, CompactValid

__all__ = ["RECORD_FILE", "CorruptSigningRecord", "SigningRecord", "SigningRecordError", "SigningRecordMissing",
           "may_sign"]  # fmt: skip

#: The record's file name inside a node's directory.
RECORD_FILE = "signing.sqlite"

#: ``PRAGMA application_id`` of a record ("SIGN"); records made before it was set have 0
APPLICATION_ID = 0x5349474E
_TABLE = ("CREATE TABLE signed (validator BLOB NOT NULL, session INTEGER NOT NULL, "
          "relay_parent BLOB NOT NULL, kind INTEGER NOT NULL, candidate BLOB NOT NULL, "
          "PRIMARY KEY (validator, session, relay_parent, kind, candidate))")  # fmt: skip

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


class SigningRecordError(ParahostError):
    """The signing record cannot be read or written: the node does not sign."""


class SigningRecordMissing(SigningRecordError):
    """No signing record where one must exist (the validator has run before); nothing is signed until the
    operator allows a new, empty one."""


class CorruptSigningRecord(SigningRecordError):
    """The signing record file is damaged or is not a signing record; it is left untouched."""


class SigningRecord:
    """Statements signed, by validator key, session and relay parent; on disk at `path` (None: in memory).

    `create`: whether a missing (or empty) file may be started as a new, empty record; when False such a file
    raises `SigningRecordMissing` and nothing is created."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, create: bool = True) -> None:
        self.path = None if path is None else os.fspath(path)
        new = self.path is None or not os.path.exists(self.path) or os.path.getsize(self.path) == 0
        if self.path is not None and not new:
            new = self._verify(self.path)  # read-only first: a damaged file is left byte for byte as it is
        if new and not create:
            raise SigningRecordMissing(
                f"{self.path}: the signing record is missing or empty, but this validator has run before (its "
                "block database exists): with a new, empty record it could sign a statement that conflicts with "
                "one it signed already (a double vote); it refuses to sign. Restore the record, or accept the "
                "risk with --allow-new-signing-record (ValidatorNode(allow_new_signing_record=True)); nothing "
                "was created")  # fmt: skip
        try:
            self._conn = sqlite3.connect(self.path or ":memory:", isolation_level=None)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            if new:
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.execute(_TABLE)
                self._conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self._conn.execute("COMMIT")
        except sqlite3.Error as e:
            raise self._error(e, "open", "nothing was changed") from None

    @staticmethod
    def _verify(path: str) -> bool:
        """Check an existing record file read-only; True if it holds no tables at all (an empty database)."""
        conn = None
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall())
            if not tables and app_id == 0:
                return True
            if app_id not in (0, APPLICATION_ID) or tables.get("signed") != _TABLE:
                found = ", ".join(sorted(tables)) or "none"
                raise CorruptSigningRecord(f"{path}: not a signing record (application_id 0x{app_id:08x}, tables: "
                                           f"{found}); the node refuses to sign; the file was not changed")  # fmt: skip
            problems = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
            if problems != ["ok"]:
                raise CorruptSigningRecord(f"{path}: the signing record is damaged ({'; '.join(problems[:3])}); the "
                                           "node refuses to sign; the file was not changed")  # fmt: skip
            conn.execute("SELECT count(*) FROM signed").fetchone()
            return False
        except sqlite3.Error as e:
            raise CorruptSigningRecord(f"{path}: the signing record is damaged or not a SQLite database ({e}); the "
                                       "node refuses to sign; the file was not changed") from None  # fmt: skip
        finally:
            if conn is not None:
                conn.close()

    def _error(self, e: sqlite3.Error, doing: str, changed: str) -> SigningRecordError:
        cls = SigningRecordError if isinstance(e, sqlite3.OperationalError) else CorruptSigningRecord
        return cls(f"{self.path or ':memory:'}: SQLite could not {doing} the signing record ({e}); {changed}")

    def signed(self, validator: bytes, session: int, relay_parent: bytes) -> list[CompactStatement]:
        try:
            rows = self._conn.execute(
                "SELECT kind, candidate FROM signed WHERE validator = ? AND session = ? AND relay_parent = ? "
                "ORDER BY rowid", (bytes(validator), session, bytes(relay_parent)),
            ).fetchall()  # fmt: skip
        except sqlite3.Error as e:
            raise self._error(e, "read", "nothing was changed; the node does not sign") from None
        try:
            return [_FROM_KIND[kind](candidate) for kind, candidate in rows]
        except (KeyError, TypeError, ValueError) as e:
            where = self.path or ":memory:"
            raise CorruptSigningRecord(f"{where}: a statement in the signing record does not decode ({e!r}); "
                                       "nothing was changed; the node does not sign") from None  # fmt: skip

    def record(self, validator: bytes, session: int, relay_parent: bytes, statement: CompactStatement) -> bool:
        """Record `statement` if it may be signed (then return True; it is on disk); else False. A
        `SigningRecordError` means it was not recorded (and must not be signed)."""
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            if not may_sign(self.signed(validator, session, relay_parent), statement):
                conn.execute("ROLLBACK")
                return False
            conn.execute("INSERT OR IGNORE INTO signed VALUES (?, ?, ?, ?, ?)",
                         (bytes(validator), session, bytes(relay_parent), _KIND[type(statement)],
                          bytes(statement.candidate_hash)))  # fmt: skip
            conn.execute("COMMIT")
        except BaseException as e:
            rolled_back = True
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    rolled_back = False
            if isinstance(e, sqlite3.Error):
                changed = ("the statement was not recorded (rolled back)" if rolled_back else
                           "the statement was not recorded (SQLite discards the unfinished write)")  # fmt: skip
                raise self._error(e, "write", changed + "; the node does not sign it") from None
            raise
        return True

    def close(self) -> None:
        self._conn.close()
