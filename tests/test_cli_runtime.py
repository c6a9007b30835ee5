"""Your runtime, everywhere: an out-of-tree runtime project (tests/sample_runtime, a copy in tmp) through every
command from a subprocess run in its directory, its upgrade to spec_version 2 with a migration, try-runtime, the
refusals of another runtime's specs and databases, and how --runtime, pyproject.toml and entry points resolve."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from node.runtimes import (
    AmbiguousRuntime,
    BadProjectConfig,
    NotARuntime,
    RuntimeAttributeMissing,
    RuntimeModuleNotFound,
    UnknownRuntime,
    resolve_runtime,
)
from runtime.example import ExampleRuntime
from runtime.parachain import ParachainRuntime

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = Path(__file__).resolve().parent / "sample_runtime"
V2 = "sample_chain.runtime:SampleRuntimeV2"


def run(cwd: Path, *args: str, path: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(p) for p in (ROOT, path) if p is not None)}
    return subprocess.run([sys.executable, "-m", "node.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)  # fmt: skip


def ok(cwd: Path, *args: str, path: Path | None = None) -> str:
    p = run(cwd, *args, path=path)
    assert p.returncode == 0, p.stderr
    return p.stdout


def fails(cwd: Path, *args: str) -> str:
    p = run(cwd, *args)
    assert p.returncode == 1 and p.stderr.startswith("parahost: error: ") and "Traceback" not in p.stderr, p.stderr
    return p.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the sample project (benchmarks write its weights), with a v1 chain in db/ and its raw spec."""
    proj = tmp_path_factory.mktemp("sample") / "project"
    shutil.copytree(SAMPLE, proj, ignore=shutil.ignore_patterns("__pycache__"))
    (proj / "raw.json").write_text(ok(proj, "build-spec", "--raw"))
    ok(proj, "produce", "--chain", "raw.json", "--db", "db", "--blocks", "2")
    return proj


def test_genesis_commands_use_the_project_runtime(project):
    plain = json.loads(ok(project, "build-spec"))
    assert plain["genesis"]["runtimeGenesis"]["patch"]["notes"]["greetingTopic"] == 1  # the sample's dev preset
    raw = json.loads((project / "raw.json").read_text())["genesis"]["raw"]["top"]
    assert bytes.fromhex(raw["0x3a636f6465"][2:]).startswith(b"parahost-runtime:\x30sample-chain")
    (project / "plain.json").write_text(json.dumps(plain))
    assert ok(project, "genesis-hash", "--chain", "plain.json") == ok(project, "genesis-hash", "--chain", "raw.json")
    local = json.loads(ok(project, "build-spec", "--preset", "local", "--raw"))
    assert local["id"] == "local_testnet" and local["genesis"]["raw"]["top"] != raw
    # the same through --runtime module:Attr, from outside the project (its package on PYTHONPATH)
    there = ok(project.parent, "genesis-hash", "--runtime", "sample_chain.runtime:SampleRuntime", "--chain",
               str(project / "raw.json"), path=project)  # fmt: skip
    assert there == ok(project, "genesis-hash", "--chain", "raw.json")


def test_state_metadata_and_types(project):
    notes = json.loads(ok(project, "state", "get", "--db", "db", "Notes", "ByAuthor"))
    alice = "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"
    assert notes == [{"key": [alice, 1], "value": "0x" + b"hello".hex()}]
    dump = ok(project, "state", "dump", "--db", "db")
    assert "Notes.ByAuthor" in dump and "Notes.GreetingTopic" in dump
    summary = ok(project, "metadata")
    assert summary.startswith("Sample (spec version 1)") and "call 1 clear(author:" in summary
    assert "Notes" in json.dumps(json.loads(ok(project, "metadata", "--json")))
    assert json.loads(ok(project, "types"))["types"]


def test_benchmark_pallet_writes_the_weights_beside_the_pallet(project):
    weights = project / "sample_chain" / "notes" / "weights.py"
    assert "def write(n: int) -> Weight:" in weights.read_text()  # committed, generated
    weights.write_text("")
    listed = ok(project, "benchmark", "pallet", "--list")
    assert "Notes: write, clear" in listed and "Configuration" not in listed
    ok(project, "benchmark", "pallet", "--pallet", "notes", "--steps", "2", "--repeat", "1", "--max-repeat", "1",
       "-q")  # fmt: skip
    text = weights.read_text()
    assert "Weights of the Notes pallet, generated" in text and "def write(n: int) -> Weight:" in text
    out = project / "out"
    out.mkdir()
    ok(project, "benchmark", "pallet", "--pallet", "Notes", "--extrinsic", "clear", "--steps", "2", "--repeat", "1",
       "--max-repeat", "1", "-q", "--output", str(out))  # fmt: skip
    assert "def clear() -> Weight:" in (out / "notes_weights.py").read_text()


def test_upgrade_to_v2_with_try_runtime_first(project, tmp_path):
    db = tmp_path / "db"
    shutil.copytree(project / "db", db)
    before = (db / "chain.sqlite").read_bytes()
    report = json.loads(ok(project, "try-runtime", "--runtime", V2, "--db", str(db), "--blocks", "2", "--json"))
    assert report["ok"] and report["migrations_run"] == ["Notes.count_notes"]
    assert (report["from"]["specVersion"], report["to"]["specVersion"]) == (1, 2)
    assert "0x3a636f6465" in report["keys_changed"] and [b["number"] for b in report["blocks"]] == [3, 4]
    text = ok(project, "try-runtime", "--runtime", V2, "--db", str(db), "--blocks", "0")
    assert "migrations run: Notes.count_notes" in text and "not written" in text
    assert (db / "chain.sqlite").read_bytes() == before  # try-runtime never writes the database

    # the real upgrade: the first block of v2 runs the migration, once
    ok(project, "produce", "--runtime", V2, "--db", str(db), "--blocks", "2")
    assert json.loads(ok(project, "state", "get", "--runtime", V2, "--db", str(db), "Notes", "Count")) == 1
    again = json.loads(ok(project, "try-runtime", "--runtime", V2, "--db", str(db), "--blocks", "0", "--json"))
    assert again["ok"] and again["migrations_run"] == []  # the storage version says it ran
    # v1 (the project's pyproject) now refuses the upgraded database: a downgrade
    err = fails(project, "produce", "--db", str(db))
    assert "sample-chain spec version 2, newer than this runtime's 1" in err


def test_another_runtimes_spec_or_database_is_refused(project, tmp_path):
    example_raw = tmp_path / "example.json"
    example_raw.write_text(ok(ROOT, "build-spec", "--runtime", "example", "--raw"))
    err = fails(project, "genesis-hash", "--chain", str(example_raw))
    assert "the state is for runtime 'example' (spec version 1), not 'sample-chain'" in err
    err = fails(project, "state", "dump", "--runtime", "example", "--db", "db")
    assert "the state is for runtime 'sample-chain' (spec version 1), not 'example'" in err
    err = fails(ROOT, "produce", "--db", str(project / "db"), "--runtime", "parachain-host")
    assert "is for runtime 'sample-chain'" in err
    empty = json.loads((project / "raw.json").read_text())
    empty["genesis"]["raw"]["top"] = {}
    (tmp_path / "empty.json").write_text(json.dumps(empty))
    err = fails(project, "genesis-hash", "--chain", str(tmp_path / "empty.json"))
    assert "not a parahost runtime's state (no :code)" in err
    plain = tmp_path / "host.json"
    plain.write_text(ok(ROOT, "build-spec", "--preset", "dev"))
    err = fails(project, "build-spec", "--chain", str(plain), "--raw")
    assert f"{plain}: for runtime sample-chain: in genesis.runtimeGenesis.patch: unknown pallet(s)" in err
    bad = json.loads(ok(project, "build-spec"))
    bad["genesis"]["runtimeGenesis"]["patch"]["notes"]["notes"][0][2] = "0x" + "00" * 65
    (tmp_path / "long.json").write_text(json.dumps(bad))
    err = fails(project, "genesis-hash", "--chain", str(tmp_path / "long.json"))
    assert "for runtime sample-chain" in err and "notes.notes[0][2]: 65 bytes, more than 64 (NoteTooLong)" in err


# ---------------------------------------------------------------------------------------------
# resolution (in-process, with the built-in runtimes re-exported by throwaway modules)


def _module(directory: Path, name: str, text: str) -> None:
    (directory / f"{name}.py").write_text(text)


def test_resolution_by_argument_pyproject_and_default(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    _module(tmp_path, "rt_one", "from runtime.example import ExampleRuntime as Mine\nNOT_A_RUNTIME = 1\n")
    _module(tmp_path, "rt_two", "from runtime.example import ExampleRuntime as A\n"
                                "from runtime.parachain import ParachainRuntime as B\n")  # fmt: skip
    assert resolve_runtime(None, tmp_path) is ParachainRuntime  # nothing says: the default
    assert resolve_runtime("rt_one:Mine", tmp_path) is ExampleRuntime
    assert resolve_runtime("rt_one", tmp_path) is ExampleRuntime  # the module's only runtime
    assert resolve_runtime("example", tmp_path) is ExampleRuntime  # an entry point (or the built-in table)
    project = tmp_path / "proj"
    (project / "sub").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[tool.parahost]\nruntime = "rt_one:Mine"\n')
    assert resolve_runtime(None, project / "sub") is ExampleRuntime  # found in a parent directory
    assert resolve_runtime("parachain-host", project / "sub") is ParachainRuntime  # --runtime wins
    for arg, error, message in [
        ("rt_nope:X", RuntimeModuleNotFound, "no module named 'rt_nope'"),
        ("rt_one:Missing", RuntimeAttributeMissing, "has no attribute 'Missing' (its runtimes: Mine)"),
        ("rt_one:NOT_A_RUNTIME", NotARuntime, "is a int, not a Runtime"),
        ("rt_two", AmbiguousRuntime, "several runtimes (A, B)"),
        ("no-such-runtime", UnknownRuntime, "no runtime named 'no-such-runtime'"),
    ]:
        with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
            resolve_runtime(arg, tmp_path)
    (project / "pyproject.toml").write_text("[tool.parahost]\nruntime = 3\n")
    with pytest.raises(BadProjectConfig, match=r"\[tool.parahost\] runtime must be a string"):
        resolve_runtime(None, project)


def _dist(directory: Path, name: str, entry: str) -> None:
    info = directory / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[parahost.runtimes]\n{entry}\n")


def test_resolution_through_installed_entry_points(tmp_path, monkeypatch):
    _module(tmp_path, "rt_installed", "from runtime.parachain import ParachainRuntime as Host\n")
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    _dist(one, "mychain", "mychain = rt_installed:Host")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(one))
    assert resolve_runtime("mychain", tmp_path) is ParachainRuntime
    _dist(two, "otherchain", "mychain = runtime.example:ExampleRuntime")
    monkeypatch.syspath_prepend(str(two))
    with pytest.raises(AmbiguousRuntime, match="registered by several installed packages"):
        resolve_runtime("mychain", tmp_path)
