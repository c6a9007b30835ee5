"""The parahost command line, through a subprocess as a user runs it."""

import json
import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "node.cli", *args], capture_output=True, text=True, timeout=120)


def test_demo_json():
    p = run("demo", "--blocks", "3", "--json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert [b["number"] for b in out["blocks"]] == [1, 2, 3]
    assert all(len(b["hash"]) == 66 and len(b["state_root"]) == 66 for b in out["blocks"])
    assert len({b["state_root"] for b in out["blocks"]}) == 3
    # the same genesis, and block 1's state, every time (sr25519 signatures are randomized, so later
    # block hashes, which commit to the signed extrinsics, differ between runs)
    again = json.loads(run("demo", "--blocks", "3", "--json").stdout)
    assert again["genesis_hash"] == out["genesis_hash"]
    assert again["blocks"][0]["state_root"] == out["blocks"][0]["state_root"]


def test_demo_table():
    p = run("demo", "--blocks", "2")
    assert p.returncode == 0 and p.stdout.count("state root") == 3  # genesis + 2 blocks


@pytest.mark.parametrize("args", [("demo", "--blocks", "-1"), ("demo", "--blocks", "x"), ("nope",), ()])
def test_bad_arguments_are_refused_without_traceback(args):
    p = run(*args)
    assert p.returncode != 0 and "Traceback" not in p.stderr and "error" in p.stderr
