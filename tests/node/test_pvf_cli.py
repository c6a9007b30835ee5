"""``parahost pvf`` through a subprocess, as a user runs it."""

import json
import subprocess
import sys

import pytest

from node.pvf.cli import BUILD_NAMES, EXIT_INVALID, wasm_of
from parachains import adder
from parachains.hostile import HOSTILE

GENESIS = "0x" + adder.GENESIS_HEAD.encode().hex()
BLOCK_512 = "0x" + adder.AdderBlock(0, 512).encode().hex()


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "node.cli", "pvf", *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every buildable parachain's Wasm in one directory (written here; `pvf build` is tested below)."""
    out = tmp_path_factory.mktemp("wasm")
    for name in BUILD_NAMES:
        (out / f"{name}.wasm").write_bytes(wasm_of(name))
    return out


def test_build_names_cover_every_parachain():
    assert set(BUILD_NAMES) == {"adder", "upgrader"} | {f"hostile-{n}" for n in HOSTILE}


@pytest.mark.parametrize("name", ["adder", "upgrader", "hostile-not-wasm"])
def test_build_writes_the_wasm(tmp_path, name):
    p = run("build", name, "-o", str(tmp_path / "out.wasm"))
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith(f"{name}: ") and "blake2_256 0x" in p.stdout
    assert (tmp_path / "out.wasm").read_bytes() == wasm_of(name)
    assert wasm_of("adder") == adder.wasm() and wasm_of("hostile-not-wasm") == HOSTILE["not-wasm"].wasm()


def test_build_to_stdout():
    p = subprocess.run([sys.executable, "-m", "node.cli", "pvf", "build", "adder", "-o", "-"], capture_output=True)
    assert p.returncode == 0 and p.stdout == adder.wasm()


def test_check_adder(built):
    p = run("check", str(built / "adder.wasm"))
    assert p.returncode == 0, p.stderr
    assert "env.ext_hashing_keccak_256_version_1: func (i64) -> i32" in p.stdout
    assert "validate_block: func (i32, i32) -> i64" in p.stdout
    assert p.stdout.splitlines()[-1].startswith("ok ")
    out = json.loads(run("check", str(built / "adder.wasm"), "--json").stdout)
    assert out["ok"] is True and out["problem"] is None and len(out["imports"]) == 2


@pytest.mark.parametrize(
    "name, reason",
    [("unknown-import", "UnknownImport"), ("not-wasm", "InvalidWasm"), ("no-validate-block", "MissingExport")],
)
def test_check_names_the_problem(built, name, reason):
    p = run("check", str(built / f"hostile-{name}.wasm"))
    assert p.returncode == EXIT_INVALID
    assert f"problem  {reason}: " in p.stdout and "Traceback" not in p.stderr
    out = json.loads(run("check", str(built / f"hostile-{name}.wasm"), "--json").stdout)
    assert out["ok"] is False and out["problem"]["reason"] == reason


def test_validate_adder(built, tmp_path):
    p = run(
        "validate",
        str(built / "adder.wasm"),
        "--parent-head",
        GENESIS,
        "--block-data",
        BLOCK_512,
        "--relay-height",
        "7",
        "--json",
        "--cache-dir",
        str(tmp_path),
    )
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    expected = adder.execute(adder.GENESIS_HEAD.encode(), adder.AdderBlock(0, 512).encode())
    assert out == {
        "valid": True,
        "head_data": "0x" + expected.hex(),
        "new_validation_code": None,
        "reason": None,
        "detail": None,
    }
    table = run(
        "validate",
        str(built / "adder.wasm"),
        "--parent-head",
        GENESIS[2:],
        "--block-data",
        BLOCK_512,
        "--cache-dir",
        str(tmp_path),
    )
    assert table.returncode == 0 and table.stdout.startswith("valid\n") and expected.hex() in table.stdout


def test_validate_a_bad_block(built, tmp_path):
    bad = "0x" + adder.AdderBlock(1, 512).encode().hex()
    p = run(
        "validate",
        str(built / "adder.wasm"),
        "--parent-head",
        GENESIS,
        "--block-data",
        bad,
        "--json",
        "--cache-dir",
        str(tmp_path),
    )
    assert p.returncode == EXIT_INVALID
    out = json.loads(p.stdout)
    assert out["valid"] is False and out["reason"] == "Trap" and out["head_data"] is None


@pytest.mark.parametrize(
    "name, extra, reason",
    [
        ("loop", ["--fuel", "1000000"], "FuelExhausted"),
        ("loop", ["--no-fuel", "--timeout", "1"], "Timeout"),
        ("grow", ["--max-memory", str(4 << 20)], "MemoryLimit"),
        ("trap", [], "Trap"),
        ("huge-result", [], "HeadDataTooLarge"),
        ("out-of-bounds", [], "BadReturn"),
        ("undecodable", [], "BadReturn"),
        ("unknown-import", [], "UnknownImport"),
        ("not-wasm", [], "InvalidWasm"),
        ("no-validate-block", [], "MissingExport"),
    ],
)
def test_validate_every_hostile_parachain(built, tmp_path, name, extra, reason):
    p = run(
        "validate",
        str(built / f"hostile-{name}.wasm"),
        "--parent-head",
        GENESIS,
        "--block-data",
        BLOCK_512,
        "--cache-dir",
        str(tmp_path),
        *extra,
    )
    assert p.returncode == EXIT_INVALID, p.stderr
    assert p.stdout.startswith(f"invalid  {reason}")


def test_validate_an_upgrade(built, tmp_path):
    from parachains import upgrader

    args = [
        "validate",
        str(built / "upgrader.wasm"),
        "--parent-head",
        upgrader.GENESIS_HEAD.encode().hex(),
        "--block-data",
        upgrader.block_data(b"new code").hex(),
        "--json",
        "--cache-dir",
        str(tmp_path),
    ]
    assert json.loads(run(*args).stdout)["reason"] == "Trap"  # no upgrade allowed
    out = json.loads(run(*args, "--code-upgrade-allowed", "10").stdout)
    assert out["valid"] is True and out["new_validation_code"] == "0x" + b"new code".hex()


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "x.wasm", "--parent-head", "zz", "--block-data", "00"),
        ("validate", "x.wasm", "--parent-head", "00"),
        ("validate", "x.wasm", "--parent-head", "00", "--block-data", "00", "--relay-height", "-1"),
        ("validate", "x.wasm", "--parent-head", "00", "--block-data", "00", "--timeout", "0"),
        ("validate", "x.wasm", "--parent-head", "00", "--block-data", "00", "--fuel", "5", "--no-fuel"),
        ("build", "nothing", "-o", "x.wasm"),
        ("check",),
    ],
)
def test_bad_arguments_are_refused_without_traceback(args):
    p = run(*args)
    assert p.returncode == 2 and "Traceback" not in p.stderr and "error" in p.stderr


def test_a_missing_file_is_an_error_without_traceback(tmp_path):
    for args in (
        ("check", str(tmp_path / "none.wasm")),
        ("validate", str(tmp_path / "none.wasm"), "--parent-head", "00", "--block-data", "00"),
    ):
        p = run(*args)
        assert p.returncode == 1 and "Traceback" not in p.stderr and "cannot read" in p.stderr


@pytest.mark.parametrize("sub", [(), ("build",), ("check",), ("validate",)])
def test_help_has_examples(sub):
    p = run(*sub, "--help")
    assert p.returncode == 0 and "example" in p.stdout
