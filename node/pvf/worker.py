"""A validation worker process: ``python -m node.pvf.worker``, driven by `node.pvf.host.PvfHost` over pipes.

It announces itself (``{"op": "ready"}``), then answers requests one at a time until its stdin closes (the
host closed it, or died):

* ``prepare`` (blob: the code): compile and check it; reply ``{"ok": true}`` with the serialized artifact,
  or ``{"ok": false, "reason", "detail"}``.
* ``execute`` (blobs: the encoded params, and the artifact unless this worker has the module already):
  reply ``{"status": "returned", "fuel_used", "logs"}`` with the bytes ``validate_block`` pointed at, or
  ``{"status": "invalid", "reason", "detail"}``, or ``{"status": "need-artifact"}``.

After replying to an execute, the worker drops that call's store and makes a fresh instance of the same
module under the same limits for the next request (`WorkerState.after_reply`): that work is done while the
worker would otherwise wait. The instance is used only if the next request names the same code and limits,
and only once; every call has a store and memory of its own.

Anything unexpected is ``{"status": "error", "detail"}``; the host then replaces this worker. The worker
ignores SIGINT (the host decides when it ends), writes nothing else to its stdout, and exits if the host
process goes away even while it is busy (a watchdog thread notices it has been re-parented).
"""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import wasmtime

from node.pvf.engine import engine_fingerprint
from node.pvf.execute import Instance, call, instantiate, load_artifact
from node.pvf.limits import Limits
from node.pvf.outcome import Rejected
from node.pvf.prepare import code_hash, prepare
from node.pvf.wire import ChannelClosed, Message, Reader, send

#: Compiled modules a worker keeps (least recently used dropped first).
MODULE_CAPACITY = 32

Handler = Callable[[dict[str, Any], list[bytes], "WorkerState"], Message]


@dataclasses.dataclass
class WorkerState:
    """What a worker keeps between requests: loaded modules by code hash (hex), and the next instance."""

    modules: OrderedDict[str, wasmtime.Module] = dataclasses.field(default_factory=OrderedDict)
    #: The code hash and a fresh instance of it, made after the last reply, for the next request.
    ready: tuple[str, Instance] | None = None
    #: What the last request used (its instance, store and memory), dropped after the reply is sent.
    spent: tuple[str, wasmtime.Module, Instance] | None = None

    def keep(self, key: str, module: wasmtime.Module) -> None:
        self.modules[key] = module
        self.modules.move_to_end(key)
        while len(self.modules) > MODULE_CAPACITY:
            self.modules.popitem(last=False)

    def instance(self, key: str, module: wasmtime.Module, limits: Limits) -> Instance:
        """A fresh instance of `module` under `limits`: the one made in advance if it fits, else a new one."""
        ready, self.ready = self.ready, None
        if ready is not None and ready[0] == key and ready[1].limits == limits and not ready[1].used:
            found = ready[1]
        else:
            found = instantiate(module, limits)
        self.spent = (key, module, found)
        return found

    def after_reply(self) -> None:
        """Drop the last call's store, and make the next instance of the same code (nothing if it cannot be)."""
        spent, self.spent = self.spent, None
        if spent is None:
            return
        key, module, used = spent
        limits = used.limits
        del spent, used  # the last call's store and memory go now
        try:
            self.ready = (key, instantiate(module, limits))
        except Exception:  # it cannot be made in advance: the request will make it, and say why not
            self.ready = None


_LIMITS: dict[tuple[tuple[str, Any], ...], Limits] = {}


def _limits(given: dict[str, Any]) -> Limits:
    """The `Limits` a request names (made once per distinct value: a host sends the same ones every time)."""
    key = tuple(sorted(given.items()))
    found = _LIMITS.get(key)
    if found is None:
        found = Limits(**given)
        if len(_LIMITS) < 16:
            _LIMITS[key] = found
    return found


def handle(header: dict[str, Any], blobs: list[bytes], state: WorkerState) -> Message:
    """Answer one request (see the module docstring)."""
    op = header.get("op")
    limits = _limits(header.get("limits") or {})
    if op == "prepare":
        try:
            prepared = prepare(blobs[0], limits)
        except Rejected as r:
            return {"ok": False, "reason": r.outcome.reason.value, "detail": r.outcome.detail}, []
        state.keep(code_hash(blobs[0]).hex(), prepared.module)
        return {"ok": True}, [prepared.artifact()]
    if op == "execute":
        key = str(header["code_hash"])
        module = state.modules.get(key)
        if module is None:
            if len(blobs) < 2:
                return {"status": "need-artifact"}, []
            module = load_artifact(blobs[1])
        state.keep(key, module)
        try:
            raw = call(state.instance(key, module, limits), blobs[0])
        except Rejected as r:
            return {"status": "invalid", "reason": r.outcome.reason.value, "detail": r.outcome.detail}, []
        logs = [[entry.level, entry.target, entry.message] for entry in raw.logs]
        return {"status": "returned", "fuel_used": raw.fuel_used, "logs": logs}, [raw.result]
    return {"status": "error", "detail": f"unknown request {op!r}"}, []


#: How often the watchdog checks that the host is still there, in seconds.
WATCHDOG_PERIOD = 1.0


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(WATCHDOG_PERIOD)
        if os.getppid() != parent:  # wasm runs without the GIL, so this runs even during an endless loop
            os._exit(1)


def main(handler: Handler = handle) -> int:
    """Serve requests on stdin/stdout until stdin closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    out = os.dup(1)
    os.dup2(2, 1)  # stray prints go to stderr, never into the frames
    sys.stdout = sys.stderr
    state = WorkerState()
    requests = Reader(0)
    send(out, {"op": "ready", "pid": os.getpid(), "fingerprint": engine_fingerprint().hex()})
    while True:
        try:
            header, blobs = requests.receive()
        except ChannelClosed:
            return 0
        try:
            reply = handler(header, blobs, state)
        except Exception as e:  # a bug or a broken artifact: the host retries on a fresh worker
            reply = {"status": "error", "detail": "".join(traceback.format_exception_only(e)).strip()}, []
        try:
            send(out, *reply)
        except ChannelClosed:
            return 0
        state.after_reply()


if __name__ == "__main__":
    sys.exit(main())
