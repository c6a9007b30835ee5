"""Benchmark: what the default fuel costs against the timeout, adder validation through the PVF worker pool
against an in-process call, and preparation cold against a cache hit.

Fuel must be the bound that decides (`node.pvf.limits`): the most expensive code that fits in `DEFAULT_FUEL`
must finish in at most a quarter of `DEFAULT_TIMEOUT` (aim: a tenth, so a loaded machine stays well within
it). `FUEL_LOOPS` are endless loops of the most expensive kinds per unit of fuel: a tight loop, random stores
over a full 256 MiB memory, and host calls (hashing 64 bytes and 1 MiB, allocating, logging); each is run
under the default limits until it is FuelExhausted, and its seconds are printed as a fraction of the timeout.

Warm adder validations (the artifact cached, the workers running) are timed three ways, interleaved in blocks
of `BLOCK` calls so that the machine's load falls on all three alike: "bare", wasmtime-py alone running the same module
(a fresh store with the default fuel, instantiated through a linker made once with the two host functions
the adder imports, reduced to their work: keccak through the caller's memory and a logger that drops the
line; the params written, ``validate_block`` called, the result read back); "in-process", this host's
`execute` on the already-loaded module, then `interpret`; and "pool", `PvfHost.validate`. The goals (issue
15): in-process at most 4x bare (the price of our limits, heap, fuel accounting and checks), pool at most 2x
in-process (the price of the process boundary). Preparation is timed cold (compiling in a worker, writing the
cache) and as a cache hit (a restarted host reading and checking the disk copy; a memory hit). Run with
``python -m benchmarks.bench_pvf [--runs N] [--fuel-runs N] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence

import wasmtime
from wasmtime import FuncType, ValType

from node.pvf import DEFAULT_TIMEOUT, Limits, PvfHost, Valid
from node.pvf.abi import encode_params, interpret
from node.pvf.engine import engine
from node.pvf.execute import execute, load_artifact
from node.pvf.limits import DEFAULT_FUEL, DEFAULT_MAX_MEMORY
from node.pvf.outcome import InvalidReason, Rejected
from node.pvf.prepare import prepare
from parachains import adder
from parachains._wasm import wat_text_to_wasm
from primitives.hashing import keccak_256
from primitives.parachain import BlockData, HeadData, ValidationParams

_PVF = """(module {imports}
  (memory (export "memory") 1)
  (global (export "__heap_base") i32 (i32.const 1024))
  (data (i32.const 0) "runtime-target-and-a-message-of-sixty-four-bytes-for-logging....")
  (func (export "validate_block") (param $ptr i32) (param $len i32) (result i64) (local $x i32)
    {body}
    unreachable))"""
_HASH = '(import "env" "ext_hashing_keccak_256_version_1" (func $hash (param i64) (result i32)))'
_MALLOC = '(import "env" "ext_allocator_malloc_version_1" (func $malloc (param i32) (result i32)))'
_LOG = '(import "env" "ext_logging_log_version_1" (func $log (param i32 i64 i64)))'
_PAGES = DEFAULT_MAX_MEMORY // 65536


def _loop(body: str, imports: str = "") -> Callable[[], bytes]:
    return lambda: wat_text_to_wasm(_PVF.format(imports=imports, body=body))


#: Endless loops, each of the most expensive kind per unit of fuel found for what it exercises (keccak is the
#: slowest hash per byte and per call; random stores miss every cache and the TLB).
FUEL_LOOPS: dict[str, Callable[[], bytes]] = {
    "tight": _loop("(loop $l (br $l))"),
    "memory": _loop(
        f"(drop (memory.grow (i32.const {_PAGES - 1}))) (local.set $x (i32.const 12345))"
        " (loop $l (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1664525)) (i32.const 1013904223)))"
        f" (i32.store (i32.and (local.get $x) (i32.const {DEFAULT_MAX_MEMORY - 4})) (local.get $x)) (br $l))"
    ),
    "hashing": _loop(f"(loop $l (drop (call $hash (i64.const {64 << 32}))) (br $l))", _HASH),
    "hashing 1 MiB": _loop(
        f"(drop (memory.grow (i32.const 16))) (loop $l (drop (call $hash (i64.const {1 << 52}))) (br $l))", _HASH
    ),
    "allocation": _loop("(loop $l (drop (call $malloc (i32.const 16))) (br $l))", _MALLOC),
    "logging": _loop(
        f"(loop $l (call $log (i32.const 4) (i64.const {14 << 32}) (i64.const {64 << 32})) (br $l))", _LOG
    ),
}


def _params() -> ValidationParams:
    block = adder.AdderBlock(0, 512).encode()
    return ValidationParams(BlockData(block), HeadData(adder.GENESIS_HEAD.encode()), 1 << 20, 1 << 15, 1, None)


def _times(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[98] if len(samples) > 1 else samples[0]


def _check(outcome: object) -> None:
    if not isinstance(outcome, Valid):
        raise AssertionError(f"the adder block is not valid: {outcome}")


def fuel_costs(runs: int) -> dict[str, float]:
    """Median seconds each of `FUEL_LOOPS` takes to burn the default fuel (in this process, compiled already)."""
    limits = Limits()
    out = {}
    for name, build in FUEL_LOOPS.items():
        module = prepare(build(), limits).module
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            try:
                execute(module, b"", limits)
            except Rejected as r:
                if r.outcome.reason is not InvalidReason.FuelExhausted:
                    raise AssertionError(f"the {name} loop ended {r.outcome}, not by fuel") from None
            else:
                raise AssertionError(f"the {name} loop returned")
            samples.append(time.perf_counter() - start)
        out[name] = statistics.median(samples)
    return out


#: Goals for the warm adder validation ratios (issue 15).
INPROCESS_OVER_BARE_GOAL = 4.0
POOL_OVER_INPROCESS_GOAL = 2.0
#: Warm validations timed one after another before the benchmark turns to the next way.
BLOCK = 25


def bare_runner(module: wasmtime.Module) -> Callable[[bytes], bytes]:
    """`module` run by wasmtime-py alone: what validating with no host of ours around it costs (see above)."""
    linker = wasmtime.Linker(engine())
    heap = [0]

    def keccak(caller: wasmtime.Caller, span: int) -> int:
        memory = caller["memory"]
        assert isinstance(memory, wasmtime.Memory)
        ptr, length = span & 0xFFFF_FFFF, (span >> 32) & 0xFFFF_FFFF
        at, heap[0] = heap[0], heap[0] + 32
        memory.write(caller, keccak_256(bytes(memory.read(caller, ptr, ptr + length))), at)
        return at

    def log(caller: wasmtime.Caller, level: int, target: int, message: int) -> None:
        return None

    linker.define_func(
        "env", "ext_hashing_keccak_256_version_1", FuncType([ValType.i64()], [ValType.i32()]), keccak, True
    )
    linker.define_func(
        "env", "ext_logging_log_version_1", FuncType([ValType.i32(), ValType.i64(), ValType.i64()], []), log, True
    )

    def run(encoded: bytes) -> bytes:
        store = wasmtime.Store(engine())
        store.set_fuel(DEFAULT_FUEL)
        exports = linker.instantiate(store, module).exports(store)
        memory, base, validate = exports["memory"], exports["__heap_base"], exports["validate_block"]
        assert isinstance(memory, wasmtime.Memory) and isinstance(base, wasmtime.Global)
        assert isinstance(validate, wasmtime.Func)
        ptr = base.value(store)
        memory.write(store, encoded, ptr)
        heap[0] = (ptr + len(encoded) + 7) & ~7
        returned = validate(store, ptr, len(encoded)) & 0xFFFF_FFFF_FFFF_FFFF
        at, length = returned & 0xFFFF_FFFF, returned >> 32
        return bytes(memory.read(store, at, at + length))

    return run


def run(runs: int, cold_runs: int, workers: int | None) -> dict[str, float | int]:
    code, params, limits = adder.wasm(), _params(), Limits()
    module = load_artifact(prepare(code, limits).artifact())
    encoded = encode_params(params, limits)
    bare = bare_runner(module)
    if bare(encoded) != execute(module, encoded, limits).result:
        raise AssertionError("the bare run returned other bytes than execute")

    with tempfile.TemporaryDirectory() as cache_dir, PvfHost(limits, workers=workers, cache_dir=cache_dir) as host:
        host.start()
        for _ in range(4 * host.size):  # every worker has the module loaded
            _check(host.validate(code, params))
        ways: list[Callable[[], object]] = [
            lambda: bare(encoded),
            lambda: _check(interpret(execute(module, encoded, limits), params)),
            lambda: _check(host.validate(code, params)),
        ]
        samples: list[list[float]] = [[], [], []]
        for block in range(0, runs, BLOCK):  # interleaved in blocks: each way sees the same load, warm
            for way, out in zip(ways, samples, strict=True):
                out += _times(way, min(BLOCK, runs - block))
        bare_s, floor, pool = samples
        pool_size = host.size

    cold, disk, memory = [], [], []
    for _ in range(cold_runs):
        with tempfile.TemporaryDirectory() as cache_dir:
            with PvfHost(limits, workers=1, cache_dir=cache_dir) as host:
                host.start()
                cold += _times(lambda: host.prepare(code), 1)
                memory += _times(lambda: host.prepare(code), 1)
                if host.stats.compiled != 1:
                    raise AssertionError("the cold run did not compile exactly once")
            with PvfHost(limits, workers=1, cache_dir=cache_dir) as host:
                disk += _times(lambda: host.prepare(code), 1)
                if host.stats.compiled != 0 or host.cache.stats.disk_hits != 1:
                    raise AssertionError("the restarted host did not hit the disk cache")

    bare_median, floor_median, pool_median = (
        statistics.median(bare_s),
        statistics.median(floor),
        statistics.median(pool),
    )
    return {
        "runs": runs,
        "workers": pool_size,
        "bare_median_s": bare_median,
        "bare_p99_s": _p99(bare_s),
        "floor_median_s": floor_median,
        "floor_p99_s": _p99(floor),
        "pool_median_s": pool_median,
        "pool_p99_s": _p99(pool),
        "inprocess_over_bare": floor_median / bare_median,
        "ratio_median": pool_median / floor_median,
        "ratio_p99": _p99(pool) / _p99(floor),
        "cold_runs": cold_runs,
        "cold_prepare_s": statistics.median(cold),
        "disk_hit_s": statistics.median(disk),
        "memory_hit_s": statistics.median(memory),
        "cold_over_disk_hit": statistics.median(cold) / statistics.median(disk),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=1000, help="warm validations timed each way (default 1000)")
    parser.add_argument("--cold-runs", type=int, default=5, help="cold preparations timed (default 5)")
    parser.add_argument("--workers", type=int, default=None, help="pool size (default: one per core)")
    parser.add_argument("--fuel-runs", type=int, default=3, help="runs of each fuel loop (default 3)")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args(argv)
    if args.runs < 2 or args.cold_runs < 1 or args.fuel_runs < 1 or (args.workers is not None and args.workers < 1):
        parser.error("--runs must be at least 2, --cold-runs, --fuel-runs and --workers positive")

    fuel = fuel_costs(args.fuel_runs)
    r = run(args.runs, args.cold_runs, args.workers)
    if args.json:
        print(json.dumps({**r, "fuel_seconds": fuel, "timeout_s": DEFAULT_TIMEOUT}, indent=2))
        return 0
    limits = Limits()
    print(
        f"the default fuel ({limits.fuel:,}) to exhaustion, median of {args.fuel_runs},"
        f" against the {limits.timeout:g} s timeout:"
    )
    for name, seconds in fuel.items():
        print(f"  {name:<28}  {seconds:7.3f} s   {seconds / limits.timeout:6.3f} of the timeout")
    print(
        f"  worst                         {max(fuel.values()) / limits.timeout:6.3f} of the timeout (must be <= 0.25)"
    )
    bare, floor = (r["bare_median_s"] * 1e6, r["bare_p99_s"] * 1e6), (r["floor_median_s"] * 1e6, r["floor_p99_s"] * 1e6)
    pool = (r["pool_median_s"] * 1e6, r["pool_p99_s"] * 1e6)
    over_bare, over_floor = r["inprocess_over_bare"], r["ratio_median"]
    print(
        f"adder validate_block, warm, {r['runs']} runs each, interleaved in blocks of {BLOCK}"
        f" ({r['workers']} workers in the pool):"
    )
    print(f"  bare wasmtime (store, instantiate, call)  median {bare[0]:8.1f} µs   p99 {bare[1]:8.1f} µs")
    print(f"  in-process (execute + interpret)          median {floor[0]:8.1f} µs   p99 {floor[1]:8.1f} µs")
    print(f"  through the pool                          median {pool[0]:8.1f} µs   p99 {pool[1]:8.1f} µs")
    print(
        f"  in-process / bare                         median {over_bare:8.2f}x"
        f"   (goal <= {INPROCESS_OVER_BARE_GOAL:g}x: {'met' if over_bare <= INPROCESS_OVER_BARE_GOAL else 'NOT met'})"
    )
    print(
        f"  pool / in-process                         median {over_floor:8.2f}x"
        f"   (goal <= {POOL_OVER_INPROCESS_GOAL:g}x: {'met' if over_floor <= POOL_OVER_INPROCESS_GOAL else 'NOT met'})"
        f"   p99 {r['ratio_p99']:.2f}x"
    )
    print(f"preparation, median of {r['cold_runs']}:")
    print(f"  cold (compile in a worker, write the cache)  {r['cold_prepare_s'] * 1e3:8.2f} ms")
    print(
        f"  cache hit, disk (read and check the file)    {r['disk_hit_s'] * 1e3:8.2f} ms"
        f"   ({r['cold_over_disk_hit']:.1f}x faster than cold)"
    )
    print(f"  cache hit, memory                            {r['memory_hit_s'] * 1e3:8.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
