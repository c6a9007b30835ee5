"""polkadot.js (@polkadot/api, unmodified, pinned in tests/node/rpc/pjs/package-lock.json) against the dev node.

A session fixture runs ``npm ci`` in tests/node/rpc/pjs when its node_modules is missing (Node 20 and npm needed:
without them these tests fail, they do not skip), then each test runs one scenario of ``run.mjs`` against a node
on a free port and asserts on the JSON line it prints: connect (metadata, runtime version, rpc_methods...),
storage (System.Number, System.Account(//Alice) with data.free), a paged map, three new heads, a runtime API,
a signed remark and a transferKeepAlive through signAndSend (mortal era; Ready, then Finalized with the success
events read at the finalized block; InBlock only if the watcher saw it, and then before Finalized and for the same
block: the node holds Finalized back briefly so that pjs sees InBlock, but no assertion depends on that pause).
"""

import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from primitives.crypto import dev_keypair
from primitives.hashing import blake2_256
from primitives.scale import bytes_codec
from tests.node.rpc.support import TIMEOUT

PJS = Path(__file__).parent / "pjs"
ALICE = dev_keypair("Alice")


@pytest.fixture(scope="session")
def pjs():
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail("the polkadot.js tests need Node.js (20+) and npm on PATH: install them (e.g. apt-get install "
                    "nodejs npm) and run again; `npm ci` in tests/node/rpc/pjs is then done by the tests")  # fmt: skip
    if not (PJS / "node_modules" / "@polkadot" / "api").is_dir():
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PJS, capture_output=True, text=True,
                              timeout=600)  # fmt: skip
        if done.returncode != 0:
            pytest.fail(f"npm ci in {PJS} failed:\n{done.stdout}\n{done.stderr}")
    return node


def run(pjs, node, scenario: str) -> dict:
    done = subprocess.run([pjs, "run.mjs", node.url, scenario], cwd=PJS, capture_output=True, text=True,
                          timeout=TIMEOUT * 3)  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, f"{scenario}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return json.loads(lines[-1].removeprefix("RESULT "))


def test_connect(pjs, node):
    got = run(pjs, node, "connect")
    assert got["specName"] == "parachain-host" and got["chain"] == "Development"
    assert got["genesis"] == "0x" + node.call(lambda: node.node.client.genesis_hash).hex()
    assert {"System", "Balances"} <= set(got["pallets"])
    assert {"accountNonceApi", "core", "metadata"} <= set(got["calls"])
    assert "subscribeNewHeads" in got["rpc"]
    assert got["ss58"] == 42 and got["decimals"] == 12


def test_storage(pjs, node):
    node.call(node.node.seal)
    got = run(pjs, node, "storage")
    client = node.node.client
    assert got["number"] == node.call(lambda: client.best_header().number) >= 1
    assert got["nonce"] == node.call(lambda: client.account_nonce(ALICE.public_key))
    assert int(got["free"]) > 0 and got["providers"] >= 1


def test_entries_paged(pjs, node):
    got = run(pjs, node, "paged")
    assert all(len(page) == 1 for page in got["pages"])
    assert len(got["pages"]) == got["entries"] >= 2
    assert ALICE.ss58_address in {who for page in got["pages"] for who, _ in page}


def test_three_new_heads(pjs, node):
    stop = threading.Event()

    def author() -> None:
        while not stop.wait(0.3):
            node.call(node.node.seal)

    thread = threading.Thread(target=author, daemon=True)
    thread.start()
    try:
        got = run(pjs, node, "heads")
    finally:
        stop.set()
        thread.join(TIMEOUT)
    numbers = got["numbers"]
    assert len(numbers) == 3 and numbers == sorted(set(numbers))
    assert got["rehashed"]  # the header JSON re-encodes to the hashed header


def test_runtime_api_account_nonce(pjs, node):
    got = run(pjs, node, "runtimeApi")
    assert got["nonce"] == got["stored"] and got["version"] == "parachain-host"


def assert_finalized(got: dict) -> None:
    """Ready first, Finalized last; InBlock only if the watcher saw it (a loaded machine may deliver Finalized
    first), then in between and for the finalized block (instant seal: one block includes and finalizes)."""
    statuses = got["statuses"]
    assert statuses in (["Ready", "Finalized"], ["Ready", "InBlock", "Finalized"]), statuses
    if "InBlock" in statuses:
        assert got["inBlock"] == got["block"]
    else:
        assert got["inBlock"] is None


def test_signed_remark_mortal(pjs, node):
    got = run(pjs, node, "remark")
    assert got["era"] > 0  # pjs signed it mortal
    assert_finalized(got)
    assert "system.ExtrinsicSuccess" in got["events"]  # read at the finalized block
    assert got["after"] == got["before"] + 1
    block = node.call(lambda: node.node.client.block(bytes.fromhex(got["block"][2:])))
    assert got["hash"][2:] in {blake2_256(bytes_codec.encode(x)).hex() for x in block.extrinsics}


def test_transfer_keep_alive(pjs, node):
    got = run(pjs, node, "transfer")
    assert_finalized(got)
    assert {"balances.Transfer", "system.ExtrinsicSuccess"} <= set(got["events"])
    assert got["transfer"] == got["received"] == "1000000000000"
