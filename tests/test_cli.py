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


def test_every_command_names_the_module_that_registers_it():
    import argparse
    import importlib

    from node import cli

    registered = {}
    for module in dict.fromkeys(cli.COMMANDS.values()):
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module).register(sub)
        registered.update(dict.fromkeys(sub.choices, module))
    assert registered == cli.COMMANDS
    full = cli.build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(full) == {"demo", *cli.COMMANDS}


def test_a_command_imports_only_its_own_module():
    heavy = "('node.cli_run', 'node.cli_node', 'node.network', 'frame.chain')"
    code = ("import sys; from node import cli; cli.main(['pvf', 'build', 'adder', '-o', '/dev/null']); "
            f"print(sorted(m for m in {heavy} if m in sys.modules))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip().splitlines()[-1] == "[]"
