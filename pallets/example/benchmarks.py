"""Benchmarks of the Counter example pallet (the README's): storing a value."""

from __future__ import annotations

from collections.abc import Generator

from frame.benchmarking import Benchmarks, ExtrinsicCall, ensure, extrinsic_call
from frame.dispatch import Signed
from pallets.example.pallet import Counter

bench = Benchmarks(Counter)


@bench()
def store() -> Generator[ExtrinsicCall, None, None]:
    who = b"\x05" * 32
    yield extrinsic_call(Counter.tx.store(1000), Signed(who))
    ensure(Counter.Values.get(who) == 1000, "value not stored")


__all__ = ["bench"]
