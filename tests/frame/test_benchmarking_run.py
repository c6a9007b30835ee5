"""The benchmark harness on a small pallet whose reads and writes are known: sweeping, counting, whitelisting,
setup across blocks, verification, repetition until stable, and the table / JSON / weights.py it writes.
Timings are never asserted; only what was counted and how the runs were organised."""

from __future__ import annotations

import json
from collections.abc import Generator

import pytest

from frame import Hasher, Pallet, PalletError, StorageMap, StorageValue, call, construct_runtime, ensure_root
from frame.benchmarking import (
    BenchmarkError,
    Benchmarks,
    ExtrinsicCall,
    Linear,
    block,
    ensure,
    extrinsic_call,
    merge_patch,
    next_block,
    render_table,
    render_weights,
    run_benchmark,
    run_benchmarks,
    to_json,
)
from frame.benchmarking import run as run_mod
from frame.dispatch import ROOT, Origin
from frame.system import System
from frame.weights import DB_WEIGHT, Weight
from primitives.types import U32


class Nope(PalletError):
    """Errors of the benchmarked test pallet."""


class Refused(Nope, index=0):
    """Always."""


class Store(Pallet):
    """A pallet with known storage traffic."""

    name = "BenchStore"
    Error = Nope
    Items = StorageMap(Hasher.Twox64Concat, U32, U32, doc="Items by index.")
    Total = StorageValue(U32, default=0, doc="How many items were put.")
    SeenAt = StorageValue(U32, default=0, doc="The block number put_many ran in.")

    @call(0)
    def put_many(cls, origin: Origin, n: U32) -> None:
        """Write n items and the total (n + 1 writes, no reads)."""
        ensure_root(origin)
        for i in range(n):
            cls.Items.insert(i, i)
        cls.Total.put(n)

    @call(1)
    def read_many(cls, origin: Origin, n: U32) -> None:
        """Read n items (n reads, no writes)."""
        ensure_root(origin)
        for i in range(n):
            cls.Items.get(i)

    @call(2)
    def refuse(cls, origin: Origin) -> None:
        """Fail."""
        raise Refused("no")


Runtime = construct_runtime("BenchTest", [System, (5, Store)])

bench = Benchmarks(Store)


@bench(n=Linear(0, 40))
def put_many(n: int) -> Generator[ExtrinsicCall, None, None]:
    yield extrinsic_call(Store.tx.put_many(n), ROOT)
    ensure(Store.Total.get() == n, "total not written")


@bench(n=Linear(0, 40))
def read_many(n: int) -> Generator[ExtrinsicCall, None, None]:
    for i in range(n):
        Store.Items.insert(i, i)
    yield extrinsic_call(Store.tx.read_many(n), ROOT)


@bench()
def refuse() -> Generator[ExtrinsicCall, None, None]:
    yield extrinsic_call(Store.tx.refuse(), ROOT)


def run(name: str, **kw):
    kw.setdefault("steps", 5)
    kw.setdefault("repeat", 2)
    return run_benchmark(Runtime, bench[name], {}, **kw)


def test_sweep_points_and_counts():
    r = run("put_many")
    assert [dict(p.components)["n"] for p in r.points] == [0, 10, 20, 30, 40]
    assert all(s.reads == 0 and s.writes == s.values["n"] + 1 for s in r.samples)
    writes = r.fit_writes()
    assert (writes.base, writes.slopes) == (1, (1,))
    assert r.fit_reads().slopes == (0,)
    assert r.ranges == (("n", 0, 40),) and r.terms == (("n",),)
    assert {a.item: (a.reads, a.writes) for a in r.storage if not a.whitelisted} == {
        "BenchStore.Items": (0, 40), "BenchStore.Total": (0, 1)
    }  # fmt: skip


def test_reads_of_what_the_setup_wrote_are_counted_cold():
    r = run("read_many")
    assert all(s.reads == s.values["n"] and s.writes == 0 for s in r.samples)
    assert (r.fit_reads().base, r.fit_reads().slopes) == (0, (1,))


def test_whitelisted_keys_are_not_counted():
    white = Benchmarks(Store, whitelist=[Store.Total])

    @white()
    def put_many() -> Generator[ExtrinsicCall, None, None]:
        yield extrinsic_call(Store.tx.put_many(3), ROOT)

    (r,) = run_benchmarks(Runtime, white, {}, steps=2, repeat=1)
    assert {s.writes for s in r.samples} == {3}
    assert ("BenchStore.Total", True) in {(a.item, a.whitelisted) for a in r.storage}
    assert all(a.whitelisted for a in r.storage if a.item.startswith("System."))


def test_setup_runs_once_per_point_and_repeats_start_from_it():
    setups = []
    local = Benchmarks(Store)

    @local(n=Linear(1, 3))
    def put_many(n: int) -> Generator[ExtrinsicCall, None, None]:
        setups.append(n)
        Store.Total.put(100)  # every run must see this, not a previous run's write
        yield extrinsic_call(Store.tx.read_many(0), ROOT)
        ensure(Store.Total.get() == 100)

    r = run_benchmark(Runtime, local["put_many"], {}, steps=3, repeat=4, max_repeat=4)  # no adaptive repeats
    assert setups == [1, 2, 3]
    assert [p.runs for p in r.points] == [4, 4, 4] and len(r.samples) == 12


def test_next_block_in_setup():
    local = Benchmarks(Store)

    @local()
    def two_blocks() -> Generator[object, None, None]:
        ensure(System.block_number() == 1)
        header = next_block()
        ensure(header.number == 2 and System.block_number() == 2)
        yield block(lambda: Store.SeenAt.put(System.block_number()))
        ensure(Store.SeenAt.get() == 2)

    r = run_benchmark(Runtime, local["two_blocks"], {}, repeat=1)
    assert r.fit_time().method == "median"
    with pytest.raises(BenchmarkError, match="only for a benchmark's setup"):
        next_block()


def test_failures_are_named():
    with pytest.raises(BenchmarkError, match="BenchStore.Refused"):
        run("refuse")
    bad = Benchmarks(Store)

    @bad()
    def wrong() -> Generator[ExtrinsicCall, None, None]:
        yield extrinsic_call(Store.tx.put_many(1), ROOT)
        ensure(Store.Total.get() == 2, "total is not 2")

    @bad()
    def twice() -> Generator[ExtrinsicCall, None, None]:
        yield extrinsic_call(Store.tx.put_many(1), ROOT)
        yield extrinsic_call(Store.tx.put_many(1), ROOT)

    with pytest.raises(BenchmarkError, match="total is not 2"):
        run_benchmark(Runtime, bad["wrong"], {}, repeat=1)
    run_benchmark(Runtime, bad["wrong"], {}, repeat=1, verify=False)  # verification can be skipped
    with pytest.raises(BenchmarkError, match="yield only once"):
        run_benchmark(Runtime, bad["twice"], {}, repeat=1)
    with pytest.raises(BenchmarkError, match="no benchmark nope"):
        run_benchmarks(Runtime, bench, {}, ["nope"])


def test_declaration_errors():
    local = Benchmarks(Store)
    with pytest.raises(TypeError, match="generator"):
        local()(lambda: None)
    with pytest.raises(TypeError, match="not its components"):

        @local(n=Linear(0, 1))
        def a(m: int) -> Generator[ExtrinsicCall, None, None]:
            yield extrinsic_call(Store.tx.refuse(), ROOT)

    with pytest.raises(TypeError, match="unknown component"):

        @local(n=Linear(0, 1), terms=["n*q"])
        def b(n: int) -> Generator[ExtrinsicCall, None, None]:
            yield extrinsic_call(Store.tx.refuse(), ROOT)

    assert bench.missing_calls() == [] and "put_many" in bench and bench.names[0] == "put_many"


def test_repeats_until_stable_or_the_limit(monkeypatch):
    monkeypatch.setattr(run_mod, "NOISE_FLOOR_NS", -1)
    never = run("put_many", steps=2, repeat=3, max_repeat=9, tolerance=-1.0)
    assert [p.runs for p in never.points] == [9, 9] and len(never.unstable) == 2
    assert "UNSTABLE at 2 of 2 points" in render_table([never])
    always = run("put_many", steps=2, repeat=3, max_repeat=9, tolerance=1e9)
    assert [p.runs for p in always.points] == [3, 3] and always.unstable == []


def test_outputs():
    # max_repeat=repeat: no adaptive repeats, so the sample count cannot depend on how busy the machine is
    results = run_benchmarks(Runtime, bench, {}, ["put_many", "read_many"], steps=3, repeat=2, max_repeat=2)
    table = render_table(results)
    assert 'Pallet: "BenchStore", Extrinsic: "put_many", n in [0, 40]' in table
    assert "Storage: BenchStore.Items (r:0 w:40)" in table and "Writes = 1 + 1 * n" in table
    data = json.loads(to_json(results))
    assert [d["benchmark"] for d in data] == ["put_many", "read_many"]
    writes = data[0]["writes"]
    assert (writes["base"], writes["slopes"], writes["method"], writes["notes"]) == (1, {"n": 1}, "min-squares", [])
    assert writes["base_error"] == pytest.approx(0, abs=1e-9) and set(writes["errors"]) == {"n"}
    assert len(data[0]["samples"]) == 6 and data[0]["ranges"] == {"n": [0, 40]}

    source = render_weights(results, "BenchStore", "parahost benchmark pallet --pallet BenchStore", "tests")
    module: dict = {}
    exec(compile(source, "weights.py", "exec"), module)  # the generated file is valid Python
    t = results[0].fit_time()
    expected = Weight.from_parts(t.base + t.slopes[0] * 7, 0) + DB_WEIGHT.writes(1 + 7)  # writes only: no proof
    assert module["put_many"](7) == expected
    read = Weight.from_parts(results[1].fit_time().evaluate({"n": 5}), results[1].fit_proof().evaluate({"n": 5}))
    assert module["read_many"](5) == read + DB_WEIGHT.reads(5) and read.proof_size > 0
    assert module["__all__"] == ["put_many", "read_many"]
    assert "parahost benchmark pallet --pallet BenchStore" in source and "Storage: BenchStore.Items" in source


def test_merge_patch():
    base = {"a": {"x": 1, "y": 2}, "b": [1]}
    assert merge_patch(base, {"a": {"y": 3}, "b": [2], "c": 4}) == {"a": {"x": 1, "y": 3}, "b": [2], "c": 4}
    assert merge_patch(base, None) == base and base == {"a": {"x": 1, "y": 2}, "b": [1]}
