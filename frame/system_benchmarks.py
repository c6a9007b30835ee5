"""Benchmarks of the System pallet's calls (frame_system's benchmarks): remarks by length, raw storage
writes and removals by item count. Weights go to `frame/system_weights.py`."""

from __future__ import annotations

from collections.abc import Generator

from frame import io
from frame.benchmarking import Benchmarks, ExtrinsicCall, Linear, ensure, extrinsic_call
from frame.dispatch import ROOT, Signed
from frame.system import System
from primitives.hashing import blake2_256

bench = Benchmarks(System)

#: The signer of the benchmarks' signed calls (genesis gives //Alice an account).
CALLER = bytes(32)


def _item(i: int) -> tuple[bytes, bytes]:
    key = blake2_256(b"benchmark key %d" % i)
    return key, b"\x07" * 32


@bench(b=Linear(0, 64 * 1024))
def remark(b: int) -> Generator[ExtrinsicCall, None, None]:
    yield extrinsic_call(System.tx.remark(b"\x01" * b), Signed(CALLER))


@bench(b=Linear(0, 64 * 1024))
def remark_with_event(b: int) -> Generator[ExtrinsicCall, None, None]:
    yield extrinsic_call(System.tx.remark_with_event(b"\x01" * b), Signed(CALLER))
    ensure(System.EventCount.get() >= 1, "no Remarked event")


@bench(i=Linear(0, 1000))
def set_storage(i: int) -> Generator[ExtrinsicCall, None, None]:
    items = [_item(n) for n in range(i)]
    yield extrinsic_call(System.tx.set_storage(items), ROOT)
    ensure(all(io.state().get(k) == v for k, v in items), "items not written")


@bench(i=Linear(0, 1000))
def kill_storage(i: int) -> Generator[ExtrinsicCall, None, None]:
    items = [_item(n) for n in range(i)]
    for k, v in items:
        io.state().set(k, v)
    yield extrinsic_call(System.tx.kill_storage([k for k, _ in items]), ROOT)
    ensure(all(io.state().get(k) is None for k, _ in items), "items not removed")


@bench(p=Linear(0, 1000))
def kill_prefix(p: int) -> Generator[ExtrinsicCall, None, None]:
    prefix = b"benchmark prefix"
    for n in range(p):
        io.state().set(prefix + n.to_bytes(4, "big"), b"\x07" * 32)
    yield extrinsic_call(System.tx.kill_prefix(prefix, p), ROOT)
    ensure(next(io.state().keys_with_prefix(prefix), None) is None, "prefix not cleared")


__all__ = ["CALLER", "bench"]
