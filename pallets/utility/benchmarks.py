"""Benchmarks of the Utility pallet: each batch of `c` calls of the cheapest call (System.remark of nothing),
as_derivative and dispatch_as around one. Their weights add the inner calls' own weights, as FRAME's do."""

from __future__ import annotations

from collections.abc import Generator

from frame.benchmarking import Benchmarks, ExtrinsicCall, Linear, extrinsic_call
from frame.dispatch import ROOT, Signed
from frame.system import System
from pallets.utility.pallet import Utility

bench = Benchmarks(Utility)
CALLER = Signed(b"\x07" * 32)
MAX_CALLS = 1000


def _remarks(c: int) -> list:
    return [System.tx.remark(b"")] * c


@bench(c=Linear(0, MAX_CALLS))
def batch(c: int) -> Generator[ExtrinsicCall, None, None]:
    yield extrinsic_call(Utility.tx.batch(_remarks(c)), CALLER)


@bench()
def as_derivative() -> Generator[ExtrinsicCall, None, None]:
    yield extrinsic_call(Utility.tx.as_derivative(0, System.tx.remark(b"")), CALLER)


@bench(c=Linear(0, MAX_CALLS))
def batch_all(c: int) -> Generator[ExtrinsicCall, None, None]:
    yield extrinsic_call(Utility.tx.batch_all(_remarks(c)), CALLER)


@bench()
def dispatch_as() -> Generator[ExtrinsicCall, None, None]:
    yield extrinsic_call(Utility.tx.dispatch_as(CALLER, System.tx.remark(b"")), ROOT)


@bench(c=Linear(0, MAX_CALLS))
def force_batch(c: int) -> Generator[ExtrinsicCall, None, None]:
    yield extrinsic_call(Utility.tx.force_batch(_remarks(c)), CALLER)


__all__ = ["bench"]
