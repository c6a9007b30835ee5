"""`parahost node --dev --rpc-port 0` as a real OS process: it prints its port, answers, and stops cleanly on
SIGTERM with its database consistent."""

import json
import os
import re
import signal
import subprocess
import sys
import time

from node.db import BlockDb
from tests.node.rpc.support import TIMEOUT, Ws, http_call


def _port(proc: subprocess.Popen) -> int:
    deadline = time.monotonic() + TIMEOUT
    lines = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r"Running JSON-RPC server: addr=127\.0\.0\.1:(\d+)", line)
        if found:
            return int(found.group(1))
    raise AssertionError("no RPC address in the node's log:\n" + "".join(lines))


def test_dev_node_process(tmp_path):
    cmd = [sys.executable, "-c", "import sys; from node.cli import main; sys.exit(main())",
           "node", "--dev", "--rpc-port", "0", "--base-path", str(tmp_path / "db")]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
                            encoding="utf-8", errors="replace")  # fmt: skip
    try:
        port = _port(proc)
        ws = Ws(f"ws://127.0.0.1:{port}")
        assert ws.result("system_chain") == "Development"
        genesis = ws.result("chain_getBlockHash", [0])
        ws.close()
        assert http_call(port, "chain_getBlockHash", [0])["result"] == genesis
        assert json.dumps(http_call(port, "system_health")["result"])
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=TIMEOUT)
    assert proc.returncode == 0, err
    assert "Database closed" in err
    with BlockDb.open(tmp_path / "db", read_only=True) as db:
        assert "0x" + db.genesis_hash.hex() == genesis
