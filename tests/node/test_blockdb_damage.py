"""Damaged block databases on disk: every SQLite error is a named error naming the file and saying that nothing
was changed; an existing file (even an empty one) is never reinitialised; what is read is checked against its
hash; `check_db` finds every damaged block, root and link."""

import os
import random
import shutil
import sqlite3

import pytest

from node.db import DB_FILE, BlockDb, BlockDbError, CorruptBlockDb
from node.db.check import check_db
from tests.genesis.support import local, runtime


def produce(db, n):
    for _ in range(n):
        built = db.build_block()
        db.import_block(built.block, built)
    return db.best_header()


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A database of 60 blocks (closed, checkpointed), and a copy taken while its writer had a -wal file."""
    base = tmp_path_factory.mktemp("made")
    with BlockDb.open(base / "closed", local(2, 1), runtime()) as db:
        produce(db, 60)
    shutil.copytree(base / "closed", base / "open")
    with BlockDb.open(base / "open", local(2, 1), runtime()) as db:
        produce(db, 1)
        os.makedirs(base / "with-wal")
        for name in os.listdir(base / "open"):
            shutil.copy(base / "open" / name, base / "with-wal" / name)
    assert (base / "with-wal" / f"{DB_FILE}-wal").stat().st_size > 0
    return base


def copy(made, which, tmp_path):
    shutil.copytree(made / which, tmp_path / "db")
    return tmp_path / "db"


def contents(db_dir):
    """The bytes of the database file and its WAL (a missing WAL reads as empty)."""
    path = db_dir / DB_FILE
    wal = db_dir / f"{DB_FILE}-wal"
    return path.read_bytes(), wal.read_bytes() if wal.exists() else b""


def read_everything(db):
    best = db.best_header().number
    for n in range(best + 1):
        header = db.header(n)
        if header is not None:
            db.block(header.hash())
    db.state_at(max(0, best - 3))


def open_ro(d):
    return BlockDb.open(d, read_only=True)


def open_rw(d):
    return BlockDb.open(d, local(2, 1), runtime())


OPENERS = [pytest.param(open_ro, id="read-only"), pytest.param(open_rw, id="writer")]


@pytest.mark.parametrize("opener", OPENERS)
def test_truncated_file_with_its_wal_is_a_named_error_and_unchanged(made, tmp_path, opener):
    d = copy(made, "with-wal", tmp_path)
    os.truncate(d / DB_FILE, 100)
    before = contents(d)
    with pytest.raises(CorruptBlockDb, match=rf"{DB_FILE}: .*malformed.*; the file was not changed"):
        with opener(d) as db:
            read_everything(db)
    assert contents(d) == before


@pytest.mark.parametrize("opener", OPENERS)
def test_overwritten_4k_is_a_named_error_and_unchanged(made, tmp_path, opener):
    d = copy(made, "closed", tmp_path)
    with open(d / DB_FILE, "r+b") as f:
        f.seek(20000)
        f.write(random.Random(1).randbytes(4096))
    before = contents(d)
    with pytest.raises(CorruptBlockDb, match=rf"{d / DB_FILE}: .*the file was not changed"):
        with opener(d) as db:
            read_everything(db)
    assert contents(d) == before


def test_random_page_damage_never_escapes_as_a_sqlite_error(made, tmp_path):
    """Damage anywhere: opening and reading everything either works or raises a named error; the file stays."""
    size = (made / "closed" / DB_FILE).stat().st_size
    named = 0
    for seed in range(40):
        d = tmp_path / str(seed)
        shutil.copytree(made / "closed", d)
        r = random.Random(seed)
        with open(d / DB_FILE, "r+b") as f:
            f.seek(r.randrange(4096, size - 16))
            f.write(r.randbytes(16))
        before = contents(d)
        for opener in (open_ro, open_rw):
            try:
                with opener(d) as db:
                    read_everything(db)
            except BlockDbError as e:
                assert str(e).startswith(str(d / DB_FILE)) and "not changed" in str(e), e
                named += 1
        assert contents(d) == before, seed
    assert named > 0  # some of the damage is seen (the rest lands in free space or unread bytes)


def test_a_read_error_after_opening_is_named(made, tmp_path):
    """Damage met on a later read (`Store.block_row`), not at open."""
    d = copy(made, "closed", tmp_path)
    with open_rw(d) as db:
        conn = sqlite3.connect(d / DB_FILE)
        conn.execute("DROP TABLE blocks")  # another process damaged the schema under the open writer
        conn.commit()
        conn.close()
        with pytest.raises(CorruptBlockDb, match=r"SQLite failed to read block 0x.*no such table: blocks"):
            db.block(db.best_hash)


def test_a_write_error_is_named_and_rolls_back(made, tmp_path):
    d = copy(made, "closed", tmp_path)
    with open_rw(d) as db:
        conn = sqlite3.connect(d / DB_FILE)
        conn.execute("DROP TABLE journal")
        conn.commit()
        built = db.build_block()
        with pytest.raises(CorruptBlockDb, match=r"failed to write block #61 .*nothing was written .*rolled back"):
            db.import_block(built.block, built)
        assert conn.execute("SELECT max(number), count(*) FROM blocks").fetchone() == (60, 61)
        assert conn.execute("SELECT value FROM meta WHERE name = 'best'").fetchone()[0] == db.best_hash
        conn.close()


def test_a_flipped_header_bit_is_caught_on_reading(made, tmp_path):
    d = copy(made, "closed", tmp_path)
    conn = sqlite3.connect(d / DB_FILE)
    block_hash, header = conn.execute("SELECT hash, header FROM blocks WHERE number = 7").fetchone()
    damaged = bytearray(header)
    damaged[40] ^= 1  # in the state root
    conn.execute("UPDATE blocks SET header = ? WHERE hash = ?", (bytes(damaged), block_hash))
    conn.commit()
    conn.close()
    before = contents(d)
    with open_ro(d) as db:
        assert db.header(6) is not None
        with pytest.raises(CorruptBlockDb, match=rf"block 0x{block_hash.hex()} \(#7\): the stored header hashes to"):
            db.header(7)
        with pytest.raises(CorruptBlockDb, match="the stored header hashes to"):
            db.block(block_hash)
    assert contents(d) == before


def test_a_damaged_body_is_caught_on_reading(made, tmp_path):
    d = copy(made, "closed", tmp_path)
    conn = sqlite3.connect(d / DB_FILE)
    block_hash, body = conn.execute("SELECT hash, body FROM blocks WHERE number = 9").fetchone()
    damaged = bytearray(body)
    damaged[-1] ^= 1
    conn.execute("UPDATE blocks SET body = ? WHERE hash = ?", (bytes(damaged), block_hash))
    conn.commit()
    conn.close()
    with open_ro(d) as db, pytest.raises(CorruptBlockDb, match="#9 .* body does not match .* extrinsics root"):
        db.block(block_hash)


@pytest.mark.parametrize("opener", OPENERS)
def test_an_empty_file_is_never_reinitialised(tmp_path, opener):
    d = tmp_path / "db"
    d.mkdir()
    (d / DB_FILE).write_bytes(b"")
    with pytest.raises(CorruptBlockDb, match=rf"{DB_FILE}: holds no block database \(0 bytes.*not replaced"):
        opener(d)
    assert (d / DB_FILE).read_bytes() == b""


def test_an_empty_sqlite_database_is_never_reinitialised(tmp_path):
    d = tmp_path / "db"
    d.mkdir()
    sqlite3.connect(d / DB_FILE).execute("PRAGMA user_version = 0").connection.close()
    before = (d / DB_FILE).read_bytes()
    with pytest.raises(CorruptBlockDb, match="holds no block database"):
        open_rw(d)
    assert (d / DB_FILE).read_bytes() == before


def test_a_failed_creation_leaves_nothing_behind(tmp_path, monkeypatch):
    from node.db import store

    with pytest.raises(BlockDbError, match="no block database here .* nothing was created"):
        BlockDb.open(tmp_path / "newdb")
    assert not (tmp_path / "newdb").exists()
    (tmp_path / "empty").mkdir()
    with pytest.raises(BlockDbError, match="nothing was created"):
        BlockDb.open(tmp_path / "empty")
    assert os.listdir(tmp_path / "empty") == []

    def fail(self, *args):
        with self.guarded("create the database", "nothing was written"):
            raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store.Store, "initialize", fail)
    with pytest.raises(store.BlockDbIoError, match="SQLite could not create the database .*nothing was written"):
        BlockDb.open(tmp_path / "failing", local(2, 1), runtime())
    assert not (tmp_path / "failing").exists()  # neither the directory, chain.sqlite nor chain.lock


# -- check_db


def test_check_an_intact_database(made):
    report = check_db(made / "closed")
    assert report.ok and report.blocks == 61 and report.best == 60, report.problems


def test_check_finds_a_flipped_header_bit_a_broken_link_and_a_state_mismatch(made, tmp_path):
    d = copy(made, "closed", tmp_path)
    conn = sqlite3.connect(d / DB_FILE)
    h7, header = conn.execute("SELECT hash, header FROM blocks WHERE number = 7").fetchone()
    damaged = bytearray(header)
    damaged[3] ^= 0x10
    conn.execute("UPDATE blocks SET header = ? WHERE hash = ?", (bytes(damaged), h7))
    conn.execute("DELETE FROM canonical WHERE number = 20")
    conn.execute("UPDATE state SET value = x'00' WHERE key = (SELECT min(key) FROM state)")
    conn.commit()
    conn.close()
    before = contents(d)
    report = check_db(d)
    text = [str(p) for p in report.problems]
    assert not report.ok
    assert f"block #7 0x{h7.hex()}: the stored header hashes to" in text[0]
    assert any(t.startswith("#20: the best chain has no entry here") for t in text)
    assert any("the stored state hashes to" in t for t in text)
    assert report.to_json()["problems"][0]["block"] == "0x" + h7.hex()
    assert contents(d) == before


def test_check_finds_a_damaged_change_set(made, tmp_path):
    d = copy(made, "closed", tmp_path)
    conn = sqlite3.connect(d / DB_FILE)
    conn.execute("UPDATE journal SET undo = forward WHERE number = 58")
    conn.commit()
    conn.close()
    report = check_db(d)
    assert [p.number for p in report.problems] == [58]
    assert "undoing its change set gives state root" in report.problems[0].what


def test_check_reports_page_damage_without_raising(made, tmp_path):
    d = copy(made, "closed", tmp_path)
    with open(d / DB_FILE, "r+b") as f:
        f.seek(20000)
        f.write(random.Random(1).randbytes(4096))
    before = contents(d)
    report = check_db(d)
    assert not report.ok
    assert contents(d) == before


def test_check_an_empty_file_or_no_database(tmp_path):
    (tmp_path / DB_FILE).write_bytes(b"")
    report = check_db(tmp_path)
    assert [p.what for p in report.problems] == ["holds no block database (0 bytes, no tables)"]
    with pytest.raises(BlockDbError, match="no block database here"):
        check_db(tmp_path / "nothing")
