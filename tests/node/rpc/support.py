"""A dev node in a background thread (its own event loop) and small JSON-RPC clients for the RPC tests."""

from __future__ import annotations

import asyncio
import json
import threading
import urllib.request
from collections.abc import Callable
from typing import Any

import websocket  # websocket-client (comes with substrate-interface)

from genesis.presets import PresetOptions, preset_spec
from node.cli_common import adder_template, parachain_runtime
from node.devnode import DevNode, DevNodeConfig
from node.rpc import RpcLimits

TIMEOUT = 60  # seconds: generous, the machine is shared; nothing asserts on time


class NodeThread:
    """A `DevNode` (instant seal, port 0) on an event loop in a daemon thread."""

    def __init__(self, limits: RpcLimits | None = None, base_path: str | None = None) -> None:
        runtime = parachain_runtime()
        spec = preset_spec(runtime, "dev", PresetOptions(), adder_template)
        config = DevNodeConfig(runtime, spec, base_path, rpc_port=0, rpc_limits=limits or RpcLimits(),
                               idle_log_seconds=3600)  # fmt: skip
        self.node = DevNode(config)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.run(self.node.start())
        self.port = self.node.rpc_port
        self.url = f"ws://127.0.0.1:{self.port}"

    def run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(TIMEOUT)

    def call(self, fn: Callable[[], Any]) -> Any:
        """Run `fn` in the node's thread (the client and the pool are not thread-safe)."""

        async def wrapper() -> Any:
            return fn()

        return self.run(wrapper())

    def stop(self) -> None:
        self.run(self.node.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(TIMEOUT)


class Ws:
    """A raw JSON-RPC client over one WebSocket: requests by id, notifications kept in arrival order."""

    def __init__(self, url: str) -> None:
        self.sock = websocket.create_connection(url, timeout=TIMEOUT)
        self.next_id = 0
        self.notifications: list[dict[str, Any]] = []

    def send_raw(self, text: str) -> Any:
        self.sock.send(text)
        return self.receive_reply()

    def receive_reply(self) -> Any:
        while True:
            message = json.loads(self.sock.recv())
            if isinstance(message, dict) and "method" in message and "id" not in message:
                self.notifications.append(message)
                continue
            return message

    def request(self, method: str, params: Any = None) -> dict[str, Any]:
        self.next_id += 1
        body = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            body["params"] = params
        reply = self.send_raw(json.dumps(body))
        assert reply["id"] == self.next_id and reply["jsonrpc"] == "2.0"
        return reply

    def result(self, method: str, params: Any = None) -> Any:
        reply = self.request(method, params)
        assert "error" not in reply, reply
        return reply["result"]

    def notification(self, sub_id: str) -> dict[str, Any]:
        """The next notification of subscription `sub_id` (waits up to TIMEOUT)."""
        while True:
            for i, n in enumerate(self.notifications):
                if n["params"]["subscription"] == sub_id:
                    return self.notifications.pop(i)
            message = json.loads(self.sock.recv())
            assert "id" not in message, message
            self.notifications.append(message)

    def close(self) -> None:
        self.sock.close()


def http(port: int, body: bytes | str, timeout: float = TIMEOUT) -> tuple[int, Any]:
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(f"http://127.0.0.1:{port}/", data=data, method="POST",
                                 headers={"Content-Type": "application/json"})  # fmt: skip
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            text = resp.read()
            return resp.status, json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        return e.code, None


def http_call(port: int, method: str, params: Any = None) -> Any:
    status, reply = http(port, json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []}))
    assert status == 200
    return reply
