"""`parahost node` on the parachain-host chain as real OS processes: the dev chain's validators with adder
collators (parachain heads advance, read over RPC; pool transactions are included), and one validator of a
2-validator spec alone (it authors its own slots only; a foreign key and a missing --base-path are refused).
Every wait is event-driven (new-head notifications, log lines) with a generous timeout; nothing asserts on time."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from frame import extrinsic as xt
from frame.system import System
from genesis.spec import ChainSpec
from node.db import BlockDb
from node.subsystems._slots import slot_of
from node.validator_node import HostNode, HostNodeConfig, NotAValidator
from pallets.paras import Paras
from parachains.adder import AdderHead
from primitives.crypto import dev_keypair
from primitives.parachain import HeadData
from primitives.scale import bytes_codec
from primitives.types import codec_of
from runtime.parachain import ParachainRuntime
from tests.node.rpc.support import Ws

WAIT = 300  # seconds: generous, the machine is shared; only an upper bound, never asserted
CLI = [sys.executable, "-c", "import sys; from node.cli import main; sys.exit(main())", "node"]
ALICE = dev_keypair("Alice")


class Proc:
    """A `parahost node` process whose stderr lines are collected by a thread (the pipe never fills)."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([*CLI, *args], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                                     env=env, encoding="utf-8", errors="replace")  # fmt: skip
        self.lines: list[str] = []
        self.changed = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()
        with self.changed:
            self.lines.append("")  # end of output
            self.changed.notify_all()

    def wait_for(self, pattern: str) -> re.Match[str]:
        """The first log line matching `pattern` (waits up to WAIT seconds for it)."""
        deadline = time.monotonic() + WAIT
        with self.changed:
            while True:
                for line in self.lines:
                    found = re.search(pattern, line)
                    if found:
                        return found
                if self.lines and self.lines[-1] == "" or time.monotonic() > deadline:
                    raise AssertionError(f"no log line {pattern!r}:\n" + "".join(self.lines))
                self.changed.wait(1.0)

    def port(self) -> int:
        return int(self.wait_for(r"Running JSON-RPC server: addr=127\.0\.0\.1:(\d+)").group(1))

    def stop(self, signal_it: bool = True) -> str:
        """SIGTERM the node (unless `signal_it` is false: it is to exit by itself) and wait for it; its log."""
        if signal_it and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(WAIT)
        self.reader.join(WAIT)
        return "".join(self.lines)


def _until_head(ws: Ws, done) -> dict:
    """Follow new heads until `done(header_json, block_hash)` is true; that header."""
    sub = ws.result("chain_subscribeNewHeads")
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        header = ws.notification(sub)["params"]["result"]
        block_hash = ws.result("chain_getBlockHash", [int(header["number"], 16)])
        if done(header, block_hash):
            ws.result("chain_unsubscribeNewHeads", [sub])
            return header
    raise AssertionError("the condition was not reached")


def _adder_head(ws: Ws, at: str) -> int:
    stored = ws.result("state_getStorage", ["0x" + Paras.Heads.key(100).hex(), at])
    head = codec_of(HeadData).decode(bytes.fromhex(stored[2:]))
    return AdderHead.decode(bytes(head)).number


def test_dev_validator_progresses_parachains_and_includes_transactions(tmp_path):
    proc = Proc("--dev", "--rpc-port", "0", "--block-time", "2000", "--base-path", str(tmp_path / "db"))
    try:
        ws = Ws(f"ws://127.0.0.1:{proc.port()}")
        assert ws.result("system_chain") == "Development"
        genesis = ws.result("chain_getBlockHash", [0])
        header = _until_head(ws, lambda h, at: _adder_head(ws, at) >= 2)
        cores = ws.result("state_call", ["ParachainHost_availability_cores", "0x", ws.result("chain_getBlockHash")])
        assert cores.startswith("0x") and len(cores) > 4
        # a pool transaction goes into a block beside the inclusion inherent and the timestamp
        remark = xt.sign(ParachainRuntime, System.tx.remark(b"hi"), ALICE, 0, bytes.fromhex(genesis[2:]))
        ws.result("author_submitExtrinsic", ["0x" + bytes_codec.encode(xt.encode(ParachainRuntime, remark)).hex()])
        nonce_of = "0x" + ALICE.public_key.hex()
        _until_head(ws, lambda h, at: ws.result("state_call", ["AccountNonceApi_account_nonce", nonce_of, at])
                    == "0x01000000")  # fmt: skip
        for pattern in (r"Imported #\d+ \(0x[0-9a-f]{4}…[0-9a-f]{4}\)", r"Finalized #\d+", r"Parachain 100: .*included",
                        r"Idle \(\d+ peers\), best: #\d+ .*finalized #\d+ .*txpool: ready \d+ future \d+",
                        r"Validator //Bob .*in this process", r"Adder collator for parachain 100"):  # fmt: skip
            proc.wait_for(pattern)
        ws.close()
    finally:
        err = proc.stop()
    assert proc.proc.returncode == 0, err
    assert "Database closed at best #" in err
    with BlockDb.open(tmp_path / "db", read_only=True) as db:
        assert "0x" + db.genesis_hash.hex() == genesis
        assert db.best_header().number >= int(header["number"], 16)
        head = codec_of(HeadData).decode(db.state_at(db.best_hash).get(Paras.Heads.key(100)))
        assert AdderHead.decode(bytes(head)).number >= 2


def _two_validator_spec(tmp_path: Path) -> Path:
    out = subprocess.run([*CLI[:-1], "build-spec", "--preset", "local", "--validators", "2", "--raw"],
                         capture_output=True, text=True, check=True, timeout=WAIT)  # fmt: skip
    path = tmp_path / "local.json"
    path.write_text(out.stdout)
    assert json.loads(out.stdout)["name"]
    return path


def test_lone_validator_authors_its_own_slots(tmp_path):
    spec = _two_validator_spec(tmp_path)
    proc = Proc("--chain", str(spec), "--validator", "--key", "//Bob", "--base-path", str(tmp_path / "bob"),
                "--rpc-port", "0", "--block-time", "1000")  # fmt: skip
    try:
        ws = Ws(f"ws://127.0.0.1:{proc.port()}")
        _until_head(ws, lambda h, at: int(h["number"], 16) >= 3)
        proc.wait_for(r"authors the slots s with s % 2 == 1 \(alone until peers connect\)")
        ws.close()
    finally:
        err = proc.stop()
    assert proc.proc.returncode == 0, err
    with BlockDb.open(tmp_path / "bob", read_only=True) as db:
        headers = list(db.iter_best_chain(1))
    assert len(headers) >= 3
    for header in headers:
        slot, author = slot_of(header)
        assert author == 1 and slot % 2 == 1  # Bob is validator 1 of 2: the odd slots only


def test_a_foreign_key_and_a_missing_base_path_are_refused(tmp_path):
    spec = _two_validator_spec(tmp_path)
    with pytest.raises(NotAValidator, match="//Charlie"):
        HostNode(HostNodeConfig(ParachainRuntime, ChainSpec.load(spec), dev_keypair("Charlie"), "//Charlie"))
    proc = Proc("--chain", str(spec), "--validator", "--key", "//Charlie", "--base-path", str(tmp_path / "c"),
                "--rpc-port", "0")  # fmt: skip
    err = proc.stop(signal_it=False)
    assert proc.proc.returncode == 1
    assert "//Charlie" in err and "is not one of the 2 validators" in err
    assert not (tmp_path / "c").exists()  # nothing written for a refused key
    proc = Proc("--chain", str(spec), "--validator", "--key", "//Alice", "--rpc-port", "0")
    err = proc.stop(signal_it=False)
    assert proc.proc.returncode == 1 and "--base-path" in err
