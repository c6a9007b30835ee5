"""Prefix iteration reads no key past the prefix: a benchmark of a call that clears a double map's prefix
reports no read of the item stored right after it (it once showed `Registrar.NextId (r:1 w:0)`)."""

from __future__ import annotations

from collections.abc import Generator

from frame import Hasher, Pallet, StorageDoubleMap, StorageValue, call, construct_runtime, ensure_root
from frame.backend import MemoryBackend
from frame.benchmarking import Benchmarks, ExtrinsicCall, Linear, extrinsic_call, run_benchmark
from frame.benchmarking._support import RecordingBackend
from frame.dispatch import ROOT, Origin
from frame.state import OverlayedState
from frame.system import System
from primitives.types import U32


class Registrar(Pallet):
    """Owners of paras; NextId's key sorts right after every Owners key (twox128 "Owners" 50ca.. < "NextId" cabd..)."""

    Owners = StorageDoubleMap(Hasher.Twox64Concat, U32, Hasher.Twox64Concat, U32, U32, doc="Owner by (para, slot).")
    NextId = StorageValue(U32, default=0, doc="The next para id.")

    @call(0)
    def deregister(cls, origin: Origin, para: U32) -> None:
        """Remove every owner of `para`."""
        ensure_root(origin)
        cls.Owners.clear_prefix(para)


Runtime = construct_runtime("ClearPrefixBench", [System, Registrar])
bench = Benchmarks(Registrar)


@bench(n=Linear(1, 8))
def deregister(n: int) -> Generator[ExtrinsicCall, None, None]:
    for slot in range(n):
        Registrar.Owners.insert(7, slot, slot)
    Registrar.NextId.put(8)
    yield extrinsic_call(Registrar.tx.deregister(7), ROOT)


def test_the_neighbour_is_the_next_key():
    assert Registrar.Owners.key(7, 99) < Registrar.NextId.key()  # so a read past the prefix would hit NextId


def test_clear_prefix_reads_nothing_past_the_prefix():
    inner = OverlayedState(MemoryBackend({Registrar.Owners.key(7, 1): b"\x01" * 4, Registrar.NextId.key(): b"\x08" * 4,
                                          Registrar.Owners.key(6, 1): b"\x02" * 4}))  # fmt: skip
    rec = RecordingBackend(inner)
    top = OverlayedState(rec)
    top.set(Registrar.Owners.key(7, 2), b"\x03" * 4)  # one in the overlay too
    assert top.clear_prefix(Registrar.Owners.prefix_for(7)) == 2
    assert rec.keys == {Registrar.Owners.key(7, 1)}
    assert list(top.iter_prefix(Registrar.Owners.prefix_for(6))) == [(Registrar.Owners.key(6, 1), b"\x02" * 4)]
    assert Registrar.NextId.key() not in rec.keys


def test_benchmark_of_clear_prefix_counts_no_neighbouring_item():
    r = run_benchmark(Runtime, bench["deregister"], {}, steps=2, repeat=1, max_repeat=1)
    access = {a.item: (a.reads, a.writes) for a in r.storage if not a.whitelisted}
    assert access == {"Registrar.Owners": (8, 8)}, access
    assert all(s.reads == s.values["n"] and s.writes == s.values["n"] for s in r.samples)
