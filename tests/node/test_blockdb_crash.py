"""Crash safety: a writer killed with SIGKILL between or inside block commits leaves whole blocks only, and the
database reopens at exactly its last committed best block and state root."""

import signal
import subprocess
import sys
from pathlib import Path

from node.db import BlockDb
from tests.genesis.support import local, runtime

ROOT = Path(__file__).resolve().parents[2]


def writer(db_dir, mode):
    return subprocess.Popen([sys.executable, "-m", "tests.node._blockdb_writer", str(db_dir), mode], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


def check_consistent(db_dir):
    """Reopen (which re-hashes the stored state against the best header) and walk the best chain."""
    with BlockDb.open(db_dir, local(2, 1), runtime()) as db:
        best = db.best_header()
        headers = list(db.iter_best_chain())
        assert [h.number for h in headers] == list(range(best.number + 1))
        for parent, child in zip(headers, headers[1:], strict=False):
            assert child.parent_hash == parent.hash()
        assert db.state_at(best.number).root == best.state_root
        built = db.build_block()  # and it carries on
        assert db.import_block(built.block, built).best
        return best, headers


def test_killed_between_blocks(tmp_path):
    db_dir = tmp_path / "db"
    for round_ in range(3):
        p = writer(db_dir, "loop")
        seen = [p.stdout.readline().split() for _ in range(3 + round_)]  # wait for a few committed blocks
        p.send_signal(signal.SIGKILL)
        p.wait()
        assert p.returncode == -signal.SIGKILL, p.stderr.read()
        last_number, last_hash = int(seen[-1][0]), bytes.fromhex(seen[-1][1])
        best, headers = check_consistent(db_dir)
        assert best.number >= last_number  # everything reported as committed is there
        assert headers[last_number].hash() == last_hash


def test_killed_inside_a_commit_leaves_nothing_of_the_block(tmp_path):
    db_dir = tmp_path / "db"
    p = writer(db_dir, "die-in-commit")
    out, err = p.communicate(timeout=60)
    assert p.returncode == -signal.SIGKILL, err
    lines = [line.split() for line in out.splitlines()]
    assert [int(n) for n, _ in lines] == [1, 2]
    best, _ = check_consistent(db_dir)
    assert best.number == 2 and best.hash() == bytes.fromhex(lines[-1][1])
