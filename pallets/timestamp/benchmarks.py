"""Benchmarks of the Timestamp pallet: the `set` inherent, and `on_finalize` (which on_initialize reports)."""

from __future__ import annotations

from collections.abc import Generator

from frame.benchmarking import Benchmarks, BlockCode, ExtrinsicCall, block, ensure, extrinsic_call
from frame.dispatch import NONE
from pallets.timestamp.pallet import Timestamp

bench = Benchmarks(Timestamp)


@bench()
def set() -> Generator[ExtrinsicCall, None, None]:
    Timestamp.DidUpdate.kill()
    Timestamp.Now.put(1_000_000)
    now = 1_000_000 + Timestamp.MinimumPeriod
    yield extrinsic_call(Timestamp.tx.set(now), NONE)
    ensure(Timestamp.Now.get() == now, "time not set")


@bench()
def on_finalize() -> Generator[BlockCode, None, None]:
    Timestamp.Now.put(1_000_000)
    Timestamp.DidUpdate.put(True)
    yield block(lambda: Timestamp.on_finalize(1))
    ensure(not Timestamp.DidUpdate.exists(), "DidUpdate not taken")


__all__ = ["bench"]
