"""The signing record on disk: a missing record is not silently recreated where it must exist, a damaged or
foreign one is refused untouched, and a failed write is a named error saying the statement was not recorded."""

import sqlite3

import pytest

from node.subsystems.candidate_backing import (
    CorruptSigningRecord,
    SigningRecord,
    SigningRecordError,
    SigningRecordMissing,
)
from primitives.parachain import CompactSeconded

A, B = b"\xaa" * 32, b"\xbb" * 32
KEY, RP = b"\x01" * 32, b"\x02" * 32


def test_a_missing_record_is_not_recreated_unless_allowed(tmp_path):
    path = tmp_path / "signing.sqlite"
    record = SigningRecord(path)
    assert record.record(KEY, 3, RP, CompactSeconded(A))
    record.close()
    for name in ("signing.sqlite", "signing.sqlite-wal", "signing.sqlite-shm"):
        (tmp_path / name).unlink(missing_ok=True)  # the record is lost
    with pytest.raises(SigningRecordMissing, match=r"signing.sqlite: the signing record is missing .* nothing was "):
        SigningRecord(path, create=False)
    assert not path.exists()
    path.write_bytes(b"")  # an empty file is no record either
    with pytest.raises(SigningRecordMissing):
        SigningRecord(path, create=False)
    assert path.read_bytes() == b""
    record = SigningRecord(path, create=True)  # the operator accepted the risk: a second Seconded is possible
    assert record.record(KEY, 3, RP, CompactSeconded(B))
    record.close()
    record = SigningRecord(path, create=False)  # an existing record needs no permission
    assert not record.record(KEY, 3, RP, CompactSeconded(A))
    record.close()


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_bytes(b"garbage, not SQLite " * 300), "damaged or not a SQLite database"),
    (lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.commit(), "not a signing record"),
])  # fmt: skip
def test_a_damaged_or_foreign_record_is_refused_untouched(tmp_path, make, message):
    path = tmp_path / "signing.sqlite"
    make(path)
    before = path.read_bytes()
    for create in (True, False):
        with pytest.raises(CorruptSigningRecord, match=rf"signing.sqlite: .*{message}.*the file was not changed"):
            SigningRecord(path, create=create)
    assert path.read_bytes() == before


def test_a_damaged_page_is_refused_untouched(tmp_path):
    path = tmp_path / "signing.sqlite"
    record = SigningRecord(path)
    for i in range(400):
        assert record.record(KEY, i, RP, CompactSeconded(A))
    record.close()
    with open(path, "r+b") as f:
        f.seek(4096)  # page 2: the table's root page; its header now says no page type at all
        f.write(b"\xff" * 16)
    before = path.read_bytes()
    with pytest.raises(CorruptSigningRecord, match="the node refuses to sign; the file was not changed"):
        SigningRecord(path, create=False)
    assert path.read_bytes() == before


def test_a_failed_read_or_write_is_named(tmp_path):
    path = tmp_path / "signing.sqlite"
    record = SigningRecord(path)
    other = sqlite3.connect(path)
    other.execute("DROP TABLE signed")
    other.commit()
    with pytest.raises(SigningRecordError, match="signing.sqlite: SQLite could not .*; the node does not sign"):
        record.record(KEY, 3, RP, CompactSeconded(A))
    record.close()
    other.close()
