"""The block database and the signing record at the command line: damage is one `parahost: error: <file>: ...`
line and a non-zero exit, never a traceback; `parahost db check` reports what is damaged."""

import json
import os
import sqlite3
import subprocess
import sys

from node.db import DB_FILE


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "node.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300)  # fmt: skip


def refused(p: subprocess.CompletedProcess, message: str) -> None:
    assert p.returncode == 1, (p.stdout, p.stderr)
    assert p.stderr.startswith("parahost: error: ") and message in p.stderr and "Traceback" not in p.stderr, p.stderr


def test_an_empty_chain_file_is_not_rebuilt_from_genesis(tmp_path):
    spec = tmp_path / "spec.json"
    spec.write_text(run("build-spec", "--preset", "dev").stdout)
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / DB_FILE).write_bytes(b"")
    p = run("produce", "--chain", spec, "--db", tmp_path / "db", "--blocks", "1")
    refused(p, f"{tmp_path / 'db' / DB_FILE}: holds no block database (0 bytes")
    assert "the file was not changed" in p.stderr
    assert (tmp_path / "db" / DB_FILE).read_bytes() == b""


def test_produce_without_a_spec_leaves_nothing_behind(tmp_path):
    refused(run("produce", "--db", tmp_path / "newdb"), "give a chain spec to create it; nothing was created")
    assert not (tmp_path / "newdb").exists()


def test_damaged_file_at_the_cli(tmp_path):
    db = tmp_path / "db"
    assert run("produce", "--preset", "dev", "--db", db, "--blocks", "40").returncode == 0
    with open(db / DB_FILE, "r+b") as f:
        f.seek(20000)
        f.write(b"\xa5" * 4096)
    before = (db / DB_FILE).read_bytes()
    for args in (("produce", "--db", db), ("state", "dump", "--db", db)):
        refused(run(*args), f"{db / DB_FILE}: ")
    assert (db / DB_FILE).read_bytes() == before


def test_db_check(tmp_path):
    db = tmp_path / "db"
    assert run("produce", "--preset", "dev", "--db", db, "--blocks", "12").returncode == 0
    p = run("db", "check", "--db", db)
    assert p.returncode == 0 and "ok: 13 blocks, best #12" in p.stdout, p.stderr
    assert json.loads(run("db", "check", "--db", db, "--json").stdout)["ok"] is True
    conn = sqlite3.connect(db / DB_FILE)
    block_hash, header = conn.execute("SELECT hash, header FROM blocks WHERE number = 5").fetchone()
    conn.execute("UPDATE blocks SET header = ? WHERE hash = ?", (header[:-1] + bytes([header[-1] ^ 1]), block_hash))
    conn.commit()
    conn.close()
    before = (db / DB_FILE).read_bytes()
    p = run("db", "check", "--db", db)
    refused(p, f"{db / DB_FILE}: damaged: 1 problem(s) found; nothing was changed")
    assert f"block #5 0x{block_hash.hex()}: the stored header hashes to" in p.stdout
    p = run("db", "check", "--db", db, "--json")
    report = json.loads(p.stdout)
    assert p.returncode == 1 and report["ok"] is False and report["blocks"] == 13
    assert [(x["number"], x["block"]) for x in report["problems"]] == [(5, "0x" + block_hash.hex())]
    refused(run("state", "get", "--db", db, "Paras", "Heads", "--at", "5"), "the stored header hashes to")
    assert (db / DB_FILE).read_bytes() == before
    refused(run("db", "check", "--db", tmp_path / "none"), "no block database here")
    assert os.listdir(tmp_path) == ["db"]


def test_a_validator_that_ran_before_refuses_a_new_signing_record(tmp_path):
    net = tmp_path / "net"
    options = ("--validators", "2", "--parachains", "1", "--blocks", "1", "--db", net)
    assert run("run", *options).returncode == 0
    record = net / "alice" / "signing.sqlite"
    assert record.exists()
    record.unlink()
    refused(run("run", *options), f"{record}: the signing record is missing or empty, but this validator has run")
    assert not record.exists()
    p = run("run", *options, "--allow-new-signing-record")
    assert p.returncode == 0, p.stderr
    assert record.exists()
    record.write_bytes(b"garbage " * 1000)
    refused(run("run", *options), f"{record}: the signing record is damaged or not a SQLite database")
    assert record.read_bytes() == b"garbage " * 1000
