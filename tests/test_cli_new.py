"""`parahost new`: the generated project's own tests pass, and its chain runs at once (build-spec, genesis-hash,
produce, benchmark pallet, try-runtime from its directory); bad names and non-empty directories are refused by
name, writing nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from node.cli import main
from node.cli_new import BadProjectName, ProjectDirNotEmpty, create_project, package_name

ROOT = Path(__file__).resolve().parents[1]


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def ok(cwd: Path, *args: str) -> str:
    p = run(cwd, "-m", "node.cli", *args)
    assert p.returncode == 0, p.stderr
    return p.stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    parent = tmp_path_factory.mktemp("new")
    p = run(parent, "-m", "node.cli", "new", "my-chain", "--dir", str(parent / "chains"))
    assert p.returncode == 0, p.stderr
    return parent / "chains" / "my-chain"


def test_the_layout(project):
    pyproject = (project / "pyproject.toml").read_text()
    assert '[tool.parahost]\nruntime = "my_chain.runtime:Runtime"' in pyproject
    assert '[project.entry-points."parahost.runtimes"]\nmy-chain = "my_chain.runtime:Runtime"' in pyproject
    pallet = project / "my_chain" / "pallets" / "template"
    assert {f.name for f in pallet.iterdir() if f.suffix == ".py"} >= {
        "__init__.py", "pallet.py", "benchmarks.py", "weights.py", "mock.py"}  # fmt: skip
    assert (project / "tests" / "test_template.py").exists() and (project / "README.md").exists()
    assert "{pkg}" not in "".join(f.read_text() for f in project.rglob("*") if f.is_file())


def test_its_tests_pass(project):
    p = run(project, "-m", "pytest", "-q", "-p", "no:cacheprovider")
    assert p.returncode == 0, p.stdout + p.stderr
    assert "6 passed" in p.stdout


def test_its_chain_runs(project):
    spec = json.loads(ok(project, "build-spec", "--preset", "dev"))
    patch = spec["genesis"]["runtimeGenesis"]["patch"]
    assert patch["template"]["something"] == 42 and len(patch["balances"]["balances"]) == 6
    (project / "dev.json").write_text(json.dumps(spec))
    genesis = ok(project, "genesis-hash").strip()
    assert genesis.startswith("0x") and ok(project, "genesis-hash", "--chain", "dev.json").strip() == genesis
    produced = json.loads(ok(project, "produce", "--preset", "dev", "--db", "db", "--blocks", "3", "--json"))
    assert produced["best"] == 3 and produced["genesis_hash"] == genesis
    assert json.loads(ok(project, "state", "get", "--db", "db", "Template", "Blocks")) == 3
    ok(project, "benchmark", "pallet", "--pallet", "template", "--steps", "2", "--repeat", "1", "--quiet")
    assert "Template.do_something" in (project / "my_chain" / "pallets" / "template" / "weights.py").read_text()
    report = ok(project, "try-runtime", "--db", "db")
    assert "0 failed" in report


@pytest.mark.parametrize("name", ["1chain", "my chain", "class", "frame", "a.b", "", "-x", "my/chain"])
def test_bad_names_are_refused(tmp_path, name):
    with pytest.raises(BadProjectName):
        create_project(name, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_non_empty_directory_is_refused_and_an_empty_one_is_used(tmp_path, capsys):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "keep.txt").write_text("mine")
    with pytest.raises(ProjectDirNotEmpty):
        create_project("taken", tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["taken"] and (tmp_path / "taken" / "keep.txt").read_text() == "mine"
    assert main(["new", "taken", "--dir", str(tmp_path)]) == 1
    assert "not empty" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert create_project("empty", tmp_path) == (tmp_path / "empty").resolve()
    assert package_name("my-chain") == "my_chain"
