"""Issue 10 §5: bad input on the command line is a usage error from the subcommand's own parser or one line on
stderr, never a traceback; a closed stdout pipe (``| head``) ends quietly; benchmark overhead divides by what
fitted in the block."""

import json
import os
import subprocess
import sys

import attrs
import pytest

from frame import executive
from frame.system import System
from frame.weights import DEFAULT_BLOCK_WEIGHTS, Weight
from node.cli import main


def run(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "node.cli", *args], capture_output=True, text=True, timeout=120, **kw)


@pytest.fixture
def cli(capsys):
    """Run `parahost ARGS` in-process: returns (exit code, stdout, stderr)."""

    def call(*args: str) -> tuple[int, str, str]:
        try:
            code = main([str(a) for a in args])
        except SystemExit as e:  # argparse: usage errors
            code = int(e.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return call


# ---------------------------------------------------------------------------------------------
# chain specs


def test_genesis_hash_of_a_deeply_nested_spec_is_refused_by_name(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    p = run("genesis-hash", "--chain", str(deep))
    assert p.returncode == 1 and "Traceback" not in p.stderr, p.stderr
    assert p.stderr == f"parahost: error: {deep}: arrays and objects nested more than 128 deep\n"


def test_genesis_hash_of_a_spec_with_a_huge_number_is_refused_by_name(tmp_path, cli):
    path = tmp_path / "num.json"
    path.write_text('{"name": "x", "id": "y", "genesis": {"runtime": {"system": {"n": ' + "9" * 4301 + "}}}}")
    code, out, err = cli("genesis-hash", "--chain", path)
    assert code == 1 and out == ""
    assert err.startswith(f"parahost: error: {path}: a number of 4301 characters"), err


# ---------------------------------------------------------------------------------------------
# numeric arguments: usage errors from the subcommand's parser

BAD_NUMBERS = [
    (("demo", "--blocks", "-3"), "demo", "argument --blocks: -3 is outside 0.."),
    (("demo", "--blocks", "x"), "demo", "argument --blocks: not a whole number: 'x'"),
    (("demo", "--blocks", "9" * 5000), "demo", "argument --blocks: not a whole number"),
    (("build-spec", "--validators", "0"), "build-spec", "argument --validators: 0 is outside 1.."),
    (("build-spec", "--parachains", "-1"), "build-spec", "argument --parachains: -1 is outside 0.."),
    (("genesis-hash", "--parathread-cores", "-1"), "genesis-hash", "argument --parathread-cores: -1 is outside"),
    (("produce", "--db", "d", "--blocks", "-1"), "produce", "argument --blocks: -1 is outside 0.."),
    (("state", "dump", "--db", "d", "--at", "-1"), "state dump", "argument --at: -1 is outside 0.."),
    (("state", "get", "--db", "d", "--at", "2e3", "P", "I"), "state get", "argument --at: not a whole number"),
    (("run", "--blocks", "-1"), "run", "argument --blocks: -1 is outside 0.."),
    (("run", "--loss", "-0.1"), "run", "argument --loss: -0.1 is outside [0, 1)"),
    (("run", "--loss", "nan"), "run", "argument --loss: not a finite number"),
    (("run", "--offline", "1"), "run", "argument --offline: 1 is outside [0, 1)"),
    (("run", "--slot", "inf"), "run", "argument --slot: not a finite number"),
    (("run", "--slot", "0"), "run", "argument --slot: 0 is outside (0, 3600]"),
    (("run", "--seed", "-1"), "run", "argument --seed: -1 is outside 0.."),
    (("benchmark", "pallet", "--repeat", "0"), "benchmark pallet", "argument --repeat/-r: 0 is outside 1.."),
    (("benchmark", "pallet", "--steps", "0"), "benchmark pallet", "argument --steps/-s: 0 is outside 2.."),
    (("benchmark", "pallet", "--steps", "1"), "benchmark pallet", "argument --steps/-s: 1 is outside 2.."),
    (("benchmark", "pallet", "--tolerance", "-1"), "benchmark pallet", "argument --tolerance: -1 is outside [0, "),
    (("benchmark", "pallet", "--tolerance", "nan"), "benchmark pallet", "argument --tolerance: not a finite"),
    (("benchmark", "pallet", "--max-repeat", "0"), "benchmark pallet", "argument --max-repeat: 0 is outside 1.."),
    (("benchmark", "block", "--validators", "0"), "benchmark block", "argument --validators/-V: 0 is outside 1.."),
    (("benchmark", "block", "--cores", "0"), "benchmark block", "argument --cores/-C: 0 is outside 1.."),
    (("benchmark", "block", "--repeat", "0"), "benchmark block", "argument --repeat/-r: 0 is outside 1.."),
    (("benchmark", "overhead", "--extrinsics", "0"), "benchmark overhead", "argument --extrinsics: 0 is outside 1.."),
    (("benchmark", "overhead", "--repeat", "0"), "benchmark overhead", "argument --repeat/-r: 0 is outside 1.."),
    (("pvf", "validate", "c.wasm", "--parent-head", "00", "--block-data", "00", "--timeout", "inf"), "pvf validate",
     "argument --timeout: must be more than 0 and at most 86400 seconds"),
    (("pvf", "validate", "c.wasm", "--parent-head", "00", "--block-data", "00", "--fuel", str(2**64)), "pvf validate",
     "argument --fuel: must be positive and fit in a u64"),
    (("pvf", "validate", "c.wasm", "--parent-head", "00", "--block-data", "00", "--relay-height", "-1"),
     "pvf validate", "argument --relay-height: -1 is not a u32"),
]  # fmt: skip


@pytest.mark.parametrize("args, command, message", BAD_NUMBERS, ids=[" ".join(a[0])[:60] for a in BAD_NUMBERS])
def test_a_number_out_of_range_is_a_usage_error_of_its_subcommand(cli, args, command, message):
    code, out, err = cli(*args)
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.startswith(f"usage: parahost {command} "), err  # the subcommand's usage, not the top-level one
    assert f"parahost {command}: error: {message}" in err, err


def test_demo_blocks_negative_through_a_subprocess():
    p = run("demo", "--blocks", "-3")
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert p.stderr.startswith("usage: parahost demo ") and "parahost demo: error: argument --blocks" in p.stderr


# ---------------------------------------------------------------------------------------------
# benchmark overhead


def test_overhead_divides_by_the_remarks_that_fitted(cli, monkeypatch):
    per = DEFAULT_BLOCK_WEIGHTS.base_extrinsic + System.call_defs["remark"].weight_of((b"",))
    # 1% of the block's ref_time for signed extrinsics: room for 3 remarks and a half (proof_size as it is)
    limit = Weight(per.ref_time * 350, DEFAULT_BLOCK_WEIGHTS.max_block.proof_size)
    small = attrs.evolve(DEFAULT_BLOCK_WEIGHTS, max_block=limit, normal_ratio_percent=1)
    monkeypatch.setattr(executive, "DEFAULT_BLOCK_WEIGHTS", small)
    code, out, err = cli("benchmark", "overhead", "--repeat", "1", "--extrinsics", "5", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["extrinsics"], data["extrinsics_offered"]) == (3, 5)
    code, out, err = cli("benchmark", "overhead", "--repeat", "1", "--extrinsics", "5")
    assert code == 0, err
    assert "only 3 of the 5 remarks fit in the block (its weight limit): the per-extrinsic figure divides by 3" in out
    assert "(signed System.remark, 3 in a block, minus the empty block)" in out


# ---------------------------------------------------------------------------------------------
# a closed stdout pipe


def test_stdout_closed_after_one_line_ends_quietly():
    proc = subprocess.Popen([sys.executable, "-m", "node.cli", "demo", "--blocks", "1000"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"genesis ")
    proc.stdout.close()  # ~170 kB still to come: more than a pipe holds
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert err == "", err


@pytest.mark.parametrize("args", [
    ("benchmark", "pallet", "--list"),
    ("benchmark", "pallet", "--pallet", "session", "--extrinsic", "force_new_session", "-s", "2", "-r", "1", "-q"),
    ("demo", "--blocks", "2", "--json"),
    ("--help",),
    ("benchmark", "pallet", "--help"),
    ("genesis-hash",),
])  # fmt: skip
def test_every_kind_of_command_ends_quietly_on_a_closed_pipe(args):
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written
    try:
        p = subprocess.run([sys.executable, "-m", "node.cli", *args], stdout=write_end, stderr=subprocess.PIPE,
                           text=True, timeout=120)  # fmt: skip
    finally:
        os.close(write_end)
    assert p.returncode == 0 and p.stderr == "", p.stderr
