"""``parahost run``: lines per relay block, a table per parachain, --json, --db, and refused options."""

from __future__ import annotations

import json

import pytest

from node.cli import main


@pytest.fixture(autouse=True)
def pvf_cache(tmp_path, monkeypatch):
    """Compiled validation code goes to the test's directory, not the user's cache."""
    monkeypatch.setenv("PARAHOST_PVF_CACHE", str(tmp_path / "pvf-cache"))


def test_run_prints_a_line_per_block_and_a_table_per_parachain(capsys):
    assert main(["run", "--preset", "local", "--validators", "4", "--parachains", "2", "--blocks", "6"]) == 0
    out = capsys.readouterr().out.splitlines()
    blocks = [line for line in out if line.startswith("#")]
    assert [line.split()[0] for line in blocks] == [f"#{n}" for n in range(1, 7)]
    assert all(" author " in line and " backed " in line and " included " in line and " timed out " in line
               for line in blocks)  # fmt: skip
    header = out.index("para    head  backed  included  timed out")
    rows = [line.split() for line in out[header + 1 : header + 3]]
    assert [r[0] for r in rows] == ["100", "101"]
    for _, head, backed, included, timed_out in rows:
        assert int(head) == int(included) >= 2 and int(backed) >= int(included) and timed_out == "0"
    assert out[-1].startswith("validators 4 (offline: none), collators 2, messages ")
    assert out[-2].startswith("availability: each validator stores its erasure-coded chunks")
    assert "recovered from chunks 0 of" not in out[-2]


def test_run_json_and_a_database_that_carries_on(tmp_path, capsys):
    db = str(tmp_path / "net")
    args = ["run", "--validators", "4", "--parachains", "2", "--blocks", "4", "--db", db, "--json", "--seed", "3"]
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert set(first) == {"best", "paras", "availability"}
    availability = first["availability"]
    assert set(availability["stored_bytes"]) == {"alice", "bob", "charlie", "dave"}
    assert all(b > 0 for b in availability["stored_bytes"].values()) and availability["full_replication_bytes"] > 0
    assert availability["recovered"] == availability["recovery_tried"] >= 2  # from chunks, without the backers
    assert first["best"]["number"] == 4
    assert all(len(first["best"][k]) == 66 and first["best"][k].startswith("0x") for k in ("hash", "state_root"))
    assert set(first["paras"]) == {"100", "101"}
    for para in first["paras"].values():
        assert set(para) == {"head_number", "included", "timed_out"}
        assert para["head_number"] == para["included"] >= 1 and para["timed_out"] == 0
    assert main(args) == 0  # the same databases: the network resumes from its best block
    second = json.loads(capsys.readouterr().out)
    assert second["best"]["number"] == 8
    for name, stored in first["availability"]["stored_bytes"].items():  # the stores carried on from their files
        assert second["availability"]["stored_bytes"][name] > stored
    assert all(second["paras"][p]["head_number"] > first["paras"][p]["head_number"] for p in ("100", "101"))
    assert main(["state", "get", "--db", f"{db}/alice", "System", "Number"]) == 0  # a block database
    assert json.loads(capsys.readouterr().out) == 8


@pytest.mark.parametrize(
    "args, message",
    [
        (["--loss", "1"], "parahost run: error: argument --loss: 1 is outside [0, 1)"),
        (["--offline", "1"], "parahost run: error: argument --offline: 1 is outside [0, 1)"),
        (["--slot", "0"], "parahost run: error: argument --slot: 0 is outside (0, 3600]"),
        (["--slot", "nan"], "parahost run: error: argument --slot: not a finite number: 'nan'"),
        (["--chain", "x.json", "--validators", "3"], "--validators only apply to --preset"),
    ],
)
def test_run_refuses_bad_options(args, message, capsys):
    try:
        code = main(["run", *args])
    except SystemExit as e:  # a usage error, from run's parser
        code = e.code
    assert code == (1 if "--chain" in args else 2)
    assert message in capsys.readouterr().err
