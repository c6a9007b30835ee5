"""Backends: one contract for MemoryBackend and SqliteBackend; SQLite reopening, crash safety, corruption."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from frame.backend import (
    APPLICATION_ID,
    Backend,
    BackendError,
    CorruptDatabase,
    MemoryBackend,
    SqliteBackend,
)
from frame.state import OverlayedState
from frame.trie import EMPTY_ROOT, trie_root

REPO = Path(__file__).resolve().parents[2]

Factory = Callable[..., Backend]


@pytest.fixture(params=["memory", "sqlite", "overlay"])
def make_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Factory]:
    """The contract holds for both backends, and for an OverlayedState used as the backend of another."""
    opened: list[SqliteBackend] = []

    def make(items: dict[bytes, bytes] | None = None, state_version: int = 1) -> Backend:
        if request.param == "memory":
            return MemoryBackend(items, state_version=state_version)
        if request.param == "overlay":
            o = OverlayedState(MemoryBackend({b"k0500": b"below"}, state_version=state_version))
            o.delete(b"k0500")
            if items:
                o.commit(dict(items))
            return o
        b = SqliteBackend(tmp_path / f"state{len(opened)}.db", state_version=state_version)
        opened.append(b)
        if items:
            b.commit(dict(items))
        return b

    yield make
    for b in opened:
        b.close()


def some_items(n: int, seed: int = 0) -> dict[bytes, bytes]:
    rng = random.Random(seed)
    return {rng.randbytes(rng.randint(1, 40)): rng.randbytes(rng.randint(0, 70)) for _ in range(n)}


# ---------------------------------------------------------------------------------------------
# The contract, for both backends


def test_empty(make_backend: Factory) -> None:
    b = make_backend()
    assert isinstance(b, Backend)
    assert len(b) == 0 and b.root == EMPTY_ROOT == b.trie.root
    assert b.get(b"x") is None and b.next_key(b"") is None
    assert list(b.iter_from(b"")) == []


def test_commit_get_iterate(make_backend: Factory) -> None:
    items = some_items(700)  # iteration crosses SQLite's growing batches (16, 64, 256, ...)
    b = make_backend()
    root = b.commit(items)
    assert root == b.root == trie_root(items.items())
    assert len(b) == len(items)
    keys = sorted(items)
    assert list(b.iter_from(b"")) == [(k, items[k]) for k in keys]
    for k in keys[::50]:
        assert b.get(k) == items[k]
        i = keys.index(k)
        assert list(b.iter_from(k))[:3] == [(kk, items[kk]) for kk in keys[i : i + 3]]  # inclusive
        assert b.next_key(k) == (keys[i + 1] if i + 1 < len(keys) else None)  # strictly greater
    assert b.next_key(keys[-1]) is None
    assert list(b.iter_from(keys[-1] + b"\x00")) == []


def test_commit_deletes_and_overwrites(make_backend: Factory) -> None:
    b = make_backend({b"a": b"1", b"b": b"2", b"c": b"3"})
    root = b.commit({b"a": None, b"b": b"22", b"d": b"4", b"absent": None})
    expected = {b"b": b"22", b"c": b"3", b"d": b"4"}
    assert root == trie_root(expected.items()) == b.root
    assert dict(b.iter_from(b"")) == expected and len(b) == 3
    assert b.get(b"a") is None
    assert b.commit({}) == root


def test_state_version_changes_the_root_of_long_values(make_backend: Factory) -> None:
    items = {b"short": b"x" * 32, b"long": b"y" * 33}
    v0, v1 = make_backend(items, state_version=0), make_backend(items, state_version=1)
    assert v0.root == trie_root(items.items(), 0) != v1.root == trie_root(items.items(), 1)


def test_commit_is_all_or_nothing_on_a_bad_change_set(make_backend: Factory) -> None:
    b = make_backend({b"a": b"1"})
    root = b.root
    for bad in ({b"a": None, b"b": 5}, {b"a": b"2", "str-key": b"v"}, {b"a": b"2", b"b": bytearray(b"v")}):
        with pytest.raises(BackendError, match="expected bytes"):
            b.commit(bad)  # type: ignore[arg-type]
        assert b.root == root and dict(b.iter_from(b"")) == {b"a": b"1"} and len(b) == 1


def test_trie_is_persistent_across_commits(make_backend: Factory) -> None:
    b = make_backend({b"a": b"1"})
    old = b.trie
    b.commit({b"b": b"2"})
    assert old.root == trie_root([(b"a", b"1")])  # the old version is untouched
    assert b.trie is not old and b.root == trie_root([(b"a", b"1"), (b"b", b"2")])


def test_iteration_survives_a_commit(make_backend: Factory) -> None:
    b = make_backend({b"k%04d" % i: b"v" for i in range(1000)})
    it = b.iter_from(b"")
    got = [next(it)[0] for _ in range(500)]
    b.commit({b"k0999": None, b"k0700": b"w"})
    got += [k for k, _ in it]
    assert got[:500] == [b"k%04d" % i for i in range(500)]
    # a commit mid-iteration is seen from some point on (k0999 may or may not come); never a repeat
    assert got[:999] == [b"k%04d" % i for i in range(999)] and len(got) in (999, 1000)


def test_memory_backend_initial_items() -> None:
    assert len(MemoryBackend([(b"a", b"1"), (b"b", b"2")])) == 2
    with pytest.raises(BackendError):
        MemoryBackend({b"a": None})  # type: ignore[arg-type]
    with pytest.raises(BackendError, match="state version"):
        MemoryBackend(state_version=2)


# ---------------------------------------------------------------------------------------------
# SQLite specifics


def test_sqlite_reopen_gives_same_root_and_items(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    items = some_items(300, seed=1)
    with SqliteBackend(path) as b:
        b.commit(items)
        b.commit({next(iter(items)): None})
        root, stored = b.root, dict(b.iter_from(b""))
    assert b.closed
    with SqliteBackend(path) as b:
        assert b.root == root and dict(b.iter_from(b"")) == stored and len(b) == len(items) - 1
        assert b.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert b.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert b.conn.execute("SELECT value FROM meta WHERE name = 'root'").fetchone()[0] == root
        sql = b.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'state'").fetchone()[0]
        assert "WITHOUT ROWID" in sql


def test_sqlite_state_version_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SqliteBackend(path, state_version=0).close()
    with pytest.raises(BackendError, match="holds state version 0, opened as version 1"):
        SqliteBackend(path)
    with SqliteBackend(path, state_version=0) as b:
        assert b.state_version == 0


def test_sqlite_closed_backend_refuses_use(tmp_path: Path) -> None:
    b = SqliteBackend(tmp_path / "s.db")
    b.close()
    b.close()
    with pytest.raises(BackendError, match="closed"):
        b.get(b"a")


def test_sqlite_refuses_to_commit_over_another_writer(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with SqliteBackend(path) as one, SqliteBackend(path) as two:
        root = one.commit({b"a": b"1"})
        with pytest.raises(BackendError, match="another writer"):
            two.commit({b"b": b"2"})
    with SqliteBackend(path) as b:
        assert b.root == root and dict(b.iter_from(b"")) == {b"a": b"1"}


def test_sqlite_in_memory(tmp_path: Path) -> None:
    with SqliteBackend(":memory:") as b:
        assert b.commit({b"a": b"1"}) == trie_root([(b"a", b"1")])


# ---------------------------------------------------------------------------------------------
# Files that are not an intact parahost database: refused, never overwritten


def assert_refused(path: Path, match: str) -> None:
    before = path.read_bytes()
    with pytest.raises(CorruptDatabase, match=match) as info:
        SqliteBackend(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == before


def test_garbage_file(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(random.Random(7).randbytes(8192))
    assert_refused(path, "not a SQLite database")


def test_foreign_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    assert_refused(path, "not a parahost state database .*tables: accounts")


def make_db(path: Path, items: dict[bytes, bytes]) -> None:
    with SqliteBackend(path) as b:
        b.commit(items)


def tamper(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for s in statements:
        conn.execute(s)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_tampered_value_is_a_root_mismatch(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    make_db(path, {b"a": b"1", b"b": b"2"})
    tamper(path, "UPDATE state SET value = x'33' WHERE key = x'61'")
    assert_refused(path, "state root mismatch: the 2 stored items hash to 0x")


def test_tampered_root_is_a_root_mismatch(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    make_db(path, {b"a": b"1"})
    tamper(path, f"UPDATE meta SET value = x'{'00' * 32}' WHERE name = 'root'")
    assert_refused(path, "state root mismatch")


def test_wrong_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    make_db(path, {b"a": b"1"})
    tamper(path, "PRAGMA user_version = 2")
    assert_refused(path, "schema version 2, this parahost reads version 1")


def test_missing_table_and_wrong_columns(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    make_db(path, {b"a": b"1"})
    tamper(path, "DROP TABLE meta")
    assert_refused(path, "without its `meta` table")
    path2 = tmp_path / "s2.db"
    make_db(path2, {b"a": b"1"})
    tamper(path2, "ALTER TABLE state ADD COLUMN extra INTEGER")
    assert_refused(path2, "table `state` has columns")


def test_missing_root_row(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    make_db(path, {b"a": b"1"})
    tamper(path, "DELETE FROM meta WHERE name = 'root'")
    assert_refused(path, "no valid state root")


# ---------------------------------------------------------------------------------------------
# Crash safety: SIGKILL a writer mid-stream; the file holds exactly a prefix of its commits

WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[2])
    from frame.backend import SqliteBackend
    from tests.frame.test_backend import change_set
    b = SqliteBackend(sys.argv[1])
    i = 0
    while True:
        b.commit(change_set(i))
        i += 1
        print(i, flush=True)
    """
)


def change_set(i: int) -> dict[bytes, bytes | None]:
    """Block-sized change set number i: ~400 writes over a key space of 3000, a quarter of them deletes."""
    rng = random.Random(1000 + i)
    out: dict[bytes, bytes | None] = {}
    for _ in range(400):
        key = b"key-%04d" % rng.randrange(3000)
        out[key] = None if rng.random() < 0.25 else rng.randbytes(rng.randint(1, 120))
    return out


def state_after(n: int) -> dict[bytes, bytes]:
    state: dict[bytes, bytes] = {}
    for i in range(n):
        for k, v in change_set(i).items():
            if v is None:
                state.pop(k, None)
            else:
                state[k] = v
    return state


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_leaves_a_committed_prefix(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    path = tmp_path / "crash.db"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(REPO)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=REPO,
    )
    assert proc.stdout is not None
    try:
        wanted = rng.randint(2, 6)
        seen = 0
        while seen < wanted:
            line = proc.stdout.readline()
            assert line, f"writer died: {proc.stderr.read().decode() if proc.stderr else ''}"
            seen = int(line)
        time.sleep(rng.uniform(0.0, 0.05))  # a random moment, most likely inside a commit
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        rest = proc.stdout.read().split()
        last_printed = int(rest[-1]) if rest else seen
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL

    with SqliteBackend(path) as b:  # opening checks the stored root against the items
        stored = dict(b.iter_from(b""))
        assert b.root == trie_root(stored.items())
    # the commit after the last one printed may have landed before the kill, nothing later can have
    matches = [n for n in (last_printed, last_printed + 1) if state_after(n) == stored]
    assert len(matches) == 1, f"state is not the prefix of {last_printed} or {last_printed + 1} commits"
