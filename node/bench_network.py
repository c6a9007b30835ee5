"""``parahost benchmark network``: a simulated network's cost per relay block, in the manner of subsystem-bench.

`measure(V, C, K)` runs a local network (the ``local`` preset: V validators, C adder parachains, one core each) for
K relay blocks in virtual time, in one process with the simulation's sharing on (`LocalNetwork`), and measures:

* each subsystem's CPU time per relay block, summed over the nodes: every step of an asyncio task is timed with
  the thread's CPU clock and charged to the subsystem named in the task's name (``node/subsystem/what``); the
  network's own deliveries are ``network``, anything else ``other``;
* messages and bytes per relay block, by protocol (bytes: each payload's SCALE encoding, its fields' for a
  payload that is not itself a SCALE type);
* wall seconds and relay blocks per wall second (startup excluded: from the start of block 1);
* whether every parachain got its blocks included (each para's head number on the observer's best chain).

`fit_exponent` fits wall time per block against V on a log-log scale (least squares): the growth exponent.
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from primitives.types import codec_of

__all__ = ["NetworkBench", "fit_exponent", "measure", "wire_size"]


@dataclass
class NetworkBench:
    """One measured run (times in seconds, totals over the run; `per_block` divides by the blocks)."""

    validators: int
    cores: int
    blocks: int
    wall_s: float
    startup_s: float
    cpu_s: dict[str, float] = field(default_factory=dict)
    messages: dict[str, int] = field(default_factory=dict)
    bytes: dict[str, int] = field(default_factory=dict)
    heads: dict[int, int] = field(default_factory=dict)
    included: dict[int, int] = field(default_factory=dict)

    @property
    def blocks_per_s(self) -> float:
        return self.blocks / self.wall_s if self.wall_s > 0 else math.inf

    @property
    def wall_per_block(self) -> float:
        return self.wall_s / max(self.blocks, 1)

    @property
    def all_included(self) -> bool:
        return bool(self.included) and all(n > 0 for n in self.included.values())

    def to_json(self) -> dict[str, Any]:
        k = max(self.blocks, 1)
        return {
            "validators": self.validators, "cores": self.cores, "blocks": self.blocks,
            "wall_s": round(self.wall_s, 3), "startup_s": round(self.startup_s, 3),
            "blocks_per_wall_s": round(self.blocks_per_s, 4),
            "cpu_ms_per_block": {s: round(t * 1e3 / k, 2) for s, t in sorted(self.cpu_s.items())},
            "messages_per_block": {p: round(n / k, 1) for p, n in sorted(self.messages.items())},
            "bytes_per_block": {p: round(n / k) for p, n in sorted(self.bytes.items())},
            "para_heads": {str(p): h for p, h in sorted(self.heads.items())},
            "para_included": {str(p): n for p, n in sorted(self.included.items())},
        }  # fmt: skip


def wire_size(payload: Any) -> int:
    """The bytes `payload` would take on the wire: its SCALE encoding (its fields' for a plain dataclass)."""
    if payload is None:
        return 1
    if isinstance(payload, bytes | bytearray):
        return len(payload)
    if isinstance(payload, bool | int):
        return 4
    if dataclasses.is_dataclass(payload) and not hasattr(payload, "encode"):
        return sum(wire_size(getattr(payload, f.name)) for f in dataclasses.fields(payload))
    if isinstance(payload, tuple | list):
        return 1 + sum(wire_size(x) for x in payload)
    encode = getattr(payload, "encode", None)
    try:
        if callable(encode):
            return len(encode())
        return len(codec_of(type(payload)).encode(payload))
    except Exception:  # a size estimate: something without a codec counts 0
        return 0


class _Tap:
    """Counts messages and bytes by protocol (each payload object is sized once)."""

    def __init__(self) -> None:
        self.messages: dict[str, int] = {}
        self.bytes: dict[str, int] = {}
        self._sizes: dict[int, tuple[Any, int]] = {}

    def __call__(self, sender: str, receiver: str, protocol: str, payload: Any) -> None:
        known = self._sizes.get(id(payload))
        if known is None or known[0] is not payload:
            if len(self._sizes) > 100_000:
                self._sizes.clear()
            known = self._sizes[id(payload)] = (payload, wire_size(payload))
        self.messages[protocol] = self.messages.get(protocol, 0) + 1
        self.bytes[protocol] = self.bytes.get(protocol, 0) + known[1]

    def reset(self) -> None:
        self.messages.clear()
        self.bytes.clear()


def _owner(callback: Any) -> str:
    task = getattr(callback, "__self__", None)
    if isinstance(task, asyncio.Task):
        parts = task.get_name().split("/")
        return parts[1] if len(parts) >= 3 else "other"
    name = getattr(callback, "__qualname__", "")
    return "network" if name.startswith("Network.") else "other"


@contextmanager
def _subsystem_clock(cpu: dict[str, float]) -> Iterator[None]:
    """Charge the CPU time of every event-loop callback to the subsystem whose task it steps (see the module)."""
    handle = asyncio.events.Handle
    original = handle._run
    clock = time.thread_time

    def timed(self: Any) -> None:
        start = clock()
        original(self)
        key = _owner(self._callback)
        cpu[key] = cpu.get(key, 0.0) + clock() - start

    handle._run = timed  # type: ignore[method-assign]
    try:
        yield
    finally:
        handle._run = original  # type: ignore[method-assign]


def measure(validators: int, cores: int, blocks: int, *, seed: int = 0,
            progress: Callable[[str], None] | None = None) -> NetworkBench:  # fmt: skip
    """Run the local preset with `validators` and `cores` parachains for `blocks` relay blocks (module docstring)."""
    from genesis.presets import PresetOptions, preset
    from node.cli_common import adder_template
    from node.cli_run import scratch_dir
    from node.network.clock import run
    from node.network.local import LocalNetwork

    spec = preset("local", adder_template(), PresetOptions(validators=validators, parachains=cores))
    tap = _Tap()
    cpu: dict[str, float] = {}
    marks: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="parahost-bench-", dir=scratch_dir(validators, blocks)) as where:
        net = LocalNetwork(spec, where, seed=seed)
        net.network.taps.append(tap)

        def on_block(record: Any) -> None:
            if record.number == 1 and "start" not in marks:
                marks["start"] = time.perf_counter()
                cpu.clear()
                tap.reset()
            if progress is not None:
                progress(f"V={validators} C={cores}: block #{record.number}")

        net.on_block = on_block

        async def main() -> Any:
            await net.start()
            try:
                await net.run_until(blocks + 1)
                marks["end"] = time.perf_counter()
                return net.result()
            finally:
                await net.stop()

        begin = time.perf_counter()
        with _subsystem_clock(cpu):
            result = run(main(), virtual=True)
    start = marks.get("start", begin)
    return NetworkBench(validators, cores, blocks, marks["end"] - start, start - begin, dict(cpu),
                        dict(tap.messages), dict(tap.bytes), {p: s.head_number for p, s in result.paras.items()},
                        {p: s.included for p, s in result.paras.items()})  # fmt: skip


def fit_exponent(points: Sequence[tuple[float, float]]) -> float:
    """The slope of log(y) against log(x), least squares (`points` are (x, y), at least two distinct x)."""
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    if den == 0:
        raise ValueError("fitting an exponent needs at least two different x")
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den
