"""build-spec, genesis-hash, produce, state dump|get, metadata and types: the main job through a subprocess as a
user runs it, the rest through `node.cli.main` in-process (same code, without 0.5 s of start-up per call)."""

import json
import subprocess
import sys

import pytest
from scalecodec.base import RuntimeConfigurationObject, ScaleBytes

from genesis.keys import validator_keypair
from node.cli import main
from parachains.adder import GENESIS_HEAD


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "node.cli", *args], capture_output=True, text=True, timeout=120)


def ok(*args: str) -> str:
    p = run(*args)
    assert p.returncode == 0 and p.stderr == "", p.stderr
    return p.stdout


@pytest.fixture
def cli(capsys):
    """Run `parahost ARGS` in-process: returns (exit code, stdout, stderr)."""

    def call(*args: str) -> tuple[int, str, str]:
        try:
            code = main([str(a) for a in args])
        except SystemExit as e:  # argparse: --help, usage errors
            code = int(e.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def out(cli):
    def call(*args: str) -> str:
        code, stdout, stderr = cli(*args)
        assert code == 0 and stderr == "", stderr
        return stdout

    return call


def test_the_readme_main_job(tmp_path):
    spec = tmp_path / "local.json"
    spec.write_text(ok("build-spec", "--preset", "local", "--validators", "6", "--parachains", "2", "--raw"))
    raw = json.loads(spec.read_text())
    assert raw["name"] == "Local Testnet" and raw["chainType"] == "Local" and set(raw["genesis"]) == {"raw"}
    genesis_hash = ok("genesis-hash", "--chain", str(spec)).strip()
    assert len(genesis_hash) == 66 and genesis_hash.startswith("0x")
    # the human-readable spec, made raw by the CLI, gives the same raw spec and genesis
    plain = tmp_path / "plain.json"
    plain.write_text(ok("build-spec", "--preset", "local", "--validators", "6", "--parachains", "2"))
    assert set(json.loads(plain.read_text())["genesis"]) == {"runtimeGenesis"}
    assert json.loads(ok("build-spec", "--chain", str(plain), "--raw")) == raw
    p = run("genesis-hash", "--chain", str(tmp_path / "missing.json"))
    assert p.returncode == 1 and p.stdout == "" and "Traceback" not in p.stderr
    missing = tmp_path / "missing.json"
    assert p.stderr == f"parahost: error: {missing}: cannot read the chain spec: No such file or directory\n"


def test_produce_and_state_through_a_subprocess(tmp_path):
    db = str(tmp_path / "db")
    produced = json.loads(ok("produce", "--preset", "dev", "--db", db, "--blocks", "2", "--json"))
    assert [b["number"] for b in produced["blocks"]] == [1, 2]
    assert json.loads(ok("state", "get", "--db", db, "Paras", "Heads", "100")) == "0x" + GENESIS_HEAD.encode().hex()


def test_genesis_hash_json(out):
    info = json.loads(out("genesis-hash", "--preset", "local", "--validators", "6", "--json"))
    assert info["genesisHash"] == out("genesis-hash", "--preset", "local", "--validators", "6").strip()
    assert info["extrinsicsRoot"] == "0x03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314"
    assert info["name"] == "Local Testnet" and info["storageItems"] > 10


def test_produce_then_read_the_state(tmp_path, out):
    db = tmp_path / "db"
    produced = json.loads(out("produce", "--preset", "dev", "--db", db, "--blocks", "3", "--json"))
    assert [b["number"] for b in produced["blocks"]] == [1, 2, 3] and produced["best"] == 3
    assert out("genesis-hash", "--preset", "dev").strip() == produced["genesis_hash"]
    assert "best #4" in out("produce", "--db", db)  # an existing database needs no spec
    assert json.loads(out("state", "get", "--db", db, "paras", "parachains")) == [100]
    alice = validator_keypair(1)
    account = json.loads(out("state", "get", "--db", db, "System", "Account", alice.ss58_address))
    assert account["providers"] == 3  # listed in system.accounts, the sudo key, and endowed (balances)
    assert json.loads(out("state", "get", "--db", db, "System", "Account", "0x" + alice.public_key.hex())) == account
    assert json.loads(out("state", "get", "--db", db, "System", "Number", "--at", "2")) == 2
    heads = json.loads(out("state", "get", "--db", db, "Paras", "Heads"))
    assert heads == [{"key": [100], "value": "0x" + GENESIS_HEAD.encode().hex()}]
    assert json.loads(out("state", "get", "--db", db, "Paras", "Heads", "0x65")) is None  # para 101: absent
    assert json.loads(out("state", "get", "--db", db, "Paras", "PastCode", "[100, 5]")) is None
    dump = json.loads(out("state", "dump", "--db", db, "--at", "0", "--json"))
    assert dump == json.loads(out("build-spec", "--preset", "dev", "--raw"))["genesis"]["raw"]["top"]
    text = out("state", "dump", "--db", db)
    assert "Paras.ValidationCode" in text and "Session.Validators" in text
    assert " bytes)" in text  # long values are shortened


def test_metadata_and_types(out):
    md = json.loads(out("metadata", "--json"))
    assert [p["name"] for p in md["pallets"]][:3] == ["System", "Session", "Sudo"]
    assert "storage Heads: map Twox64Concat ParaId -> HeadData" in out("metadata")
    config = RuntimeConfigurationObject()
    config.update_type_registry(json.loads(out("types")))  # stock py-scale-codec loads the export as it is
    obj = config.create_scale_object("HostConfiguration", ScaleBytes(bytearray(range(44))))
    assert obj.decode()["validation_upgrade_frequency"] == 0x03020100


@pytest.mark.parametrize("args, message", [
    (("build-spec", "--preset", "local", "--validators", "0"), "argument --validators: 0 is outside 1.."),
    (("build-spec", "--chain", "{spec}", "--parachains", "3"), "--parachains only apply to --preset"),
    (("genesis-hash", "--chain", "{truncated}"), "is the file truncated"),
    (("genesis-hash", "--chain", "{bad_sudo}"), "sudo.key: 0x" + "ff" * 32 + " is not a valid sr25519 public key"),
    (("state", "dump", "--db", "{tmp}/none"), "no block database here"),
    (("state", "get", "--db", "{db}", "Paras", "Heads", "x"), "Paras.Heads key 1: 'x' is not an integer"),
    (("state", "get", "--db", "{db}", "Paras", "Nope"), "Paras has no storage item 'Nope'"),
    (("state", "get", "--db", "{db}", "Parras", "Heads"), "no pallet 'Parras'"),
    (("state", "get", "--db", "{db}", "Paras", "Heads", "1", "2"), "Paras.Heads takes 1 key(s), got 2"),
    (("state", "get", "--db", "{db}", "Paras", "PastCode", "[1"), "is not valid JSON"),
    (("state", "dump", "--db", "{db}", "--at", "7"), "no block #7"),
    (("state", "dump", "--db", "{db}", "--at", "-1"), "argument --at: -1 is outside 0.."),
    (("produce", "--preset", "local", "--db", "{db}"), "holds another chain"),
    (("produce", "--db", "{tmp}/new"), "no block database here (no chain.sqlite); give a chain spec to create it"),
    (("produce", "--db", "{db}", "--blocks", "-1"), "parahost produce: error: argument --blocks: -1 is outside 0.."),
    (("build-spec", "--preset", "staging"), "--preset staging: runtime parachain-host has no such preset"),
    (("state", "get", "--db", "{db}"), "the following arguments are required"),
])  # fmt: skip
def test_errors_go_to_stderr_without_a_traceback(tmp_path, cli, out, args, message):
    spec = tmp_path / "spec.json"
    spec.write_text(out("build-spec", "--preset", "dev"))
    (tmp_path / "truncated.json").write_text(spec.read_text()[:200])
    bad = json.loads(spec.read_text())
    bad["genesis"]["runtimeGenesis"]["patch"]["sudo"]["key"] = "0x" + "ff" * 32
    (tmp_path / "bad_sudo.json").write_text(json.dumps(bad))
    if "{db}" in args:
        out("produce", "--preset", "dev", "--db", tmp_path / "db", "--blocks", "0")
    names = {"spec": spec, "truncated": tmp_path / "truncated.json", "bad_sudo": tmp_path / "bad_sudo.json",
             "tmp": tmp_path, "db": tmp_path / "db"}  # fmt: skip
    code, stdout, stderr = cli(*(a.format(**names) for a in args))
    assert code != 0 and stdout == ""
    assert message in stderr and "Traceback" not in stderr, stderr


@pytest.mark.parametrize("command", [("build-spec",), ("genesis-hash",), ("produce",), ("state",), ("state", "dump"),
                                     ("state", "get"), ("metadata",), ("types",)])  # fmt: skip
def test_every_command_has_help_with_examples(out, command):
    text = out(*command, "--help")
    assert "examples:" in text and f"parahost {command[0]}" in text.split("examples:")[1]
