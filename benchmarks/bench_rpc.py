"""Benchmark: the dev node's JSON-RPC (issue 13).

    python -m benchmarks.bench_rpc [--reads 2000] [--txs 200] [--json]

1. ``state_getStorage`` requests per second over one WebSocket (request, wait for the reply, next request).
2. Transactions per second from submission to inclusion on an instant-seal dev chain: `--txs` signed
   ``System.remark`` transactions (one account, consecutive nonces) sent with ``author_submitExtrinsic`` over one
   WebSocket, timed until the account's nonce shows them all included; next to the same transactions put in one
   block without RPC (``Client.author_block`` on a second, fresh node), and the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any

import websocket  # websocket-client (comes with substrate-interface)

from genesis.presets import PresetOptions, preset_spec
from node.cli_common import adder_template, parachain_runtime
from node.client import Client
from node.devnode import DevNode, DevNodeConfig
from primitives.crypto import dev_keypair
from primitives.scale import bytes_codec

NUMBER_KEY = "0x26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac"  # System.Number


class NodeThread:
    """An instant-seal dev node (any free port) on an event loop in a daemon thread."""

    def __init__(self) -> None:
        runtime = parachain_runtime()
        spec = preset_spec(runtime, "dev", PresetOptions(), adder_template)
        self.node = DevNode(DevNodeConfig(runtime, spec, rpc_port=0, idle_log_seconds=3600))
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.run(self.node.start())
        self.url = f"ws://127.0.0.1:{self.node.rpc_port}"

    @property
    def client(self) -> Client:
        if self.node.client is None:
            raise RuntimeError("the node is not started")
        return self.node.client

    def run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(600)

    def call(self, fn: Any) -> Any:
        async def wrapper() -> Any:
            return fn()

        return self.run(wrapper())

    def stop(self) -> None:
        self.run(self.node.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)


class Ws:
    """Request/reply JSON-RPC over one WebSocket."""

    def __init__(self, url: str) -> None:
        self.sock = websocket.create_connection(url, timeout=600)
        self.next_id = 0

    def result(self, method: str, params: list[Any]) -> Any:
        self.next_id += 1
        self.sock.send(json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self.sock.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def close(self) -> None:
        self.sock.close()


def _signed(url: str, count: int) -> list[str]:
    import substrateinterface

    substrate = substrateinterface.SubstrateInterface(url=url)
    key = substrateinterface.Keypair.create_from_uri("//Alice")
    call = substrate.compose_call("System", "remark", {"remark": "0x62656e6368"})
    out = [str(substrate.create_signed_extrinsic(call, key, nonce=n).data) for n in range(count)]
    substrate.close()
    return out


def bench(reads: int, txs: int) -> dict[str, Any]:
    node = NodeThread()
    try:
        ws = Ws(node.url)
        t0 = time.perf_counter()
        for _ in range(reads):
            ws.result("state_getStorage", [NUMBER_KEY])
        reads_per_s = reads / (time.perf_counter() - t0)
        xs = _signed(node.url, txs)
        alice = dev_keypair("Alice").public_key
        t0 = time.perf_counter()
        for x in xs:
            ws.result("author_submitExtrinsic", [x])
        while node.call(lambda: node.client.account_nonce(alice)) < txs:
            time.sleep(0.01)
        rpc_tps = txs / (time.perf_counter() - t0)
        ws.close()
    finally:
        node.stop()
    fresh = NodeThread()  # the same transactions (same genesis, nonces from 0) in one block, without RPC
    try:
        inner = [bytes.fromhex(x[2:]) for x in xs]
        plain = [bytes_codec.decode(x) for x in inner]
        t0 = time.perf_counter()
        _note, built = fresh.call(lambda: fresh.client.author_block(plain))
        direct_tps = txs / (time.perf_counter() - t0)
        included = len(built.block.extrinsics)
    finally:
        fresh.stop()
    return {"state_getStorage_per_s": round(reads_per_s, 1), "rpc_tx_per_s": round(rpc_tps, 1),
            "block_without_rpc_tx_per_s": round(direct_tps, 1), "ratio_rpc_to_direct": round(rpc_tps / direct_tps, 3),
            "direct_block_extrinsics": included}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench_rpc", description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--reads", type=int, default=2000)
    p.add_argument("--txs", type=int, default=200)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    out = bench(args.reads, args.txs)
    if args.json:
        print(json.dumps(out))
    else:
        print(f"state_getStorage over one WebSocket: {out['state_getStorage_per_s']:.0f} requests/s")
        print(f"transactions, submission to inclusion (instant seal): {out['rpc_tx_per_s']:.1f} tx/s")
        print(f"the same transactions in one block without RPC: {out['block_without_rpc_tx_per_s']:.1f} tx/s "
              f"({out['direct_block_extrinsics']} extrinsics incl. inherents)")  # fmt: skip
        print(f"ratio RPC / without RPC: {out['ratio_rpc_to_direct']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
