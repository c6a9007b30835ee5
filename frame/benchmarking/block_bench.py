"""Whole-block benchmarks: execute one block R times and compare it with its signature floor.

The floor is the block's signature work measured in the same run: every sr25519 verification the block's
execution asks for is recorded once (signature, message, key), then verifying all of them one after the other
is timed, interleaved with the block's own runs so both see the same machine. The ratio median(block) /
median(floor) says how much the rest (decoding, storage, the runtime's logic, the state root) adds on top of
the signatures; a parallel or batched verifier can bring it below 1. A profiled run (`Profiler`) then says
where the rest goes; its exclusive times are scaled to the median of the plain runs.

`measure_overhead` gives FRAME's ``benchmark overhead``: an empty block, and what each extra extrinsic adds.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from frame import sigbatch
from frame.backend import Backend
from frame.benchmarking.profile import CATEGORIES, Profiler
from frame.block import Block, Header
from frame.executive import Executive
from primitives import crypto

__all__ = ["BlockReport", "measure_block", "recorded_signatures", "spread"]


@attrs.frozen
class BlockReport:
    """What `measure_block` measured (seconds)."""

    median_s: float
    floor_s: float
    signatures: int
    verify_s: float
    runs_s: tuple[float, ...]
    floor_runs_s: tuple[float, ...]
    breakdown: dict[str, float]
    profiled_s: float

    @property
    def ratio(self) -> float:
        return self.median_s / self.floor_s if self.floor_s else float("inf")

    @property
    def spread(self) -> float:
        return spread(self.runs_s)

    def to_json(self) -> dict[str, Any]:
        return {
            "median_s": self.median_s,
            "floor_s": self.floor_s,
            "ratio": self.ratio,
            "signatures": self.signatures,
            "breakdown": dict(self.breakdown),
            "verify_us": self.verify_s * 1e6,
            "spread": self.spread,
            "runs_s": list(self.runs_s),
            "floor_runs_s": list(self.floor_runs_s),
            "profiled_s": self.profiled_s,
        }


def spread(values: Sequence[float]) -> float:
    """Interquartile range over median (0 for fewer than two values)."""
    if len(values) < 2:
        return 0.0
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return (q3 - q1) / q2 if q2 else 0.0


class _Recorder:
    """Stands in for the sr25519 binding and records every verification asked of it."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self.checks: list[tuple[bytes, bytes, bytes]] = []

    def verify(self, signature: bytes, message: bytes, public: bytes) -> bool:
        self.checks.append((signature, message, public))
        return bool(self._real.verify(signature, message, public))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def recorded_signatures(run: Callable[[], object]) -> list[tuple[bytes, bytes, bytes]]:
    """Every (signature, message, public key) that `run()` verified."""
    real = crypto.sr25519
    rec = _Recorder(real)
    crypto.sr25519 = rec
    try:
        with sigbatch.suspended():  # every check made where it is asked for, one by one
            run()
    finally:
        crypto.sr25519 = real
    return rec.checks


def _time(fn: Callable[[], object]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def measure_block(
    executive: Executive,
    parent_state: Backend,
    parent: Header,
    block: Block,
    repeat: int = 5,
    profile: bool = True,
    progress: Callable[[str], None] | None = None,
) -> BlockReport:
    """Execute `block` on `parent` `repeat` times (nothing is committed) and time it against its signature floor."""

    def execute() -> None:
        executive.execute_block(parent_state, parent, block)

    checks = recorded_signatures(execute)  # also a validity check
    execute()  # a warm-up, which also starts the signature workers if the block uses them
    verify = crypto.sr25519.verify

    def floor() -> None:
        for sig, msg, pub in checks:
            verify(sig, msg, pub)

    runs: list[float] = []
    floors: list[float] = []
    for i in range(max(1, repeat)):
        runs.append(_time(execute))
        floors.append(_time(floor))
        if progress is not None:
            progress(f"run {i + 1}/{repeat}: block {runs[-1] * 1e3:.1f} ms, floor {floors[-1] * 1e3:.1f} ms")
    median = statistics.median(runs)
    floor_s = statistics.median(floors)
    breakdown = dict.fromkeys(CATEGORIES, 0.0)
    profiled = 0.0
    if profile:
        gc.collect()
        with Profiler() as p:
            execute()
        profiled = p.elapsed
        scale = median / profiled if profiled else 0.0
        breakdown = {k: v * scale for k, v in p.totals.items()}
    return BlockReport(
        median_s=median,
        floor_s=floor_s,
        signatures=len(checks),
        verify_s=floor_s / len(checks) if checks else 0.0,
        runs_s=tuple(runs),
        floor_runs_s=tuple(floors),
        breakdown=breakdown,
        profiled_s=profiled,
    )
