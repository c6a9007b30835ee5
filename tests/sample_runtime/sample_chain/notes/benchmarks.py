"""Benchmarks of the Notes pallet."""

from __future__ import annotations

from collections.abc import Generator

from frame.benchmarking import Benchmarks, ExtrinsicCall, Linear, ensure, extrinsic_call
from frame.dispatch import ROOT, Signed
from sample_chain.notes.pallet import MAX_NOTE, Notes

bench = Benchmarks(Notes)


@bench(n=Linear(0, MAX_NOTE))
def write(n: int) -> Generator[ExtrinsicCall, None, None]:
    who = b"\x07" * 32
    yield extrinsic_call(Notes.tx.write(1, b"x" * n), Signed(who))
    ensure(Notes.ByAuthor.get(who, 1) == b"x" * n, "note not written")


@bench()
def clear() -> Generator[ExtrinsicCall, None, None]:
    who = b"\x07" * 32
    Notes.ByAuthor.insert(who, 1, b"note")
    yield extrinsic_call(Notes.tx.clear(who), ROOT)
    ensure(Notes.ByAuthor.get(who, 1) is None, "note not cleared")


__all__ = ["bench"]
