"""Benchmark: what the default fuel costs against the timeout, adder validation through the PVF worker pool
against an in-process call, and preparation cold against a cache hit.

Fuel must be the bound that decides (`node.pvf.limits`): the most expensive code that fits in `DEFAULT_FUEL`
must finish in at most a quarter of `DEFAULT_TIMEOUT` (aim: a tenth, so a loaded machine stays well within
it). `FUEL_LOOPS` are endless loops of the most expensive kinds per unit of fuel: a tight loop, random stores
over a full 256 MiB memory, and host calls (hashing 64 bytes and 1 MiB, allocating, logging); each is run
under the default limits until it is FuelExhausted, and its seconds are printed as a fraction of the timeout.

Warm validations (the artifact cached, the workers running) are timed one after another through `PvfHost`;
the floor is the same work in this process (`execute` on the already-loaded module, then `interpret`), so the
ratio is what the process boundary costs. Preparation is timed cold (compiling in a worker, writing the cache)
and as a cache hit (a restarted host reading and checking the disk copy; a memory hit). Run with
``python -m benchmarks.bench_pvf [--runs N] [--fuel-runs N] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence

from node.pvf import DEFAULT_TIMEOUT, Limits, PvfHost, Valid
from node.pvf.abi import encode_params, interpret
from node.pvf.execute import execute, load_artifact
from node.pvf.limits import DEFAULT_MAX_MEMORY
from node.pvf.outcome import InvalidReason, Rejected
from node.pvf.prepare import prepare
from parachains import adder
from parachains._wasm import wat_text_to_wasm
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


def run(runs: int, cold_runs: int, workers: int | None) -> dict[str, float | int]:
    code, params, limits = adder.wasm(), _params(), Limits()

    # the floor: the worker's work, in this process
    module = load_artifact(prepare(code, limits).artifact())
    encoded = encode_params(params, limits)
    floor = _times(lambda: _check(interpret(execute(module, encoded, limits), params)), runs)

    with tempfile.TemporaryDirectory() as cache_dir, PvfHost(limits, workers=workers, cache_dir=cache_dir) as host:
        host.start()
        for _ in range(4 * host.size):  # every worker has the module loaded
            _check(host.validate(code, params))
        pool = _times(lambda: _check(host.validate(code, params)), runs)
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

    floor_median, pool_median = statistics.median(floor), statistics.median(pool)
    return {
        "runs": runs,
        "workers": pool_size,
        "floor_median_s": floor_median,
        "floor_p99_s": _p99(floor),
        "pool_median_s": pool_median,
        "pool_p99_s": _p99(pool),
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
    floor, pool = (r["floor_median_s"] * 1e6, r["floor_p99_s"] * 1e6), (r["pool_median_s"] * 1e6, r["pool_p99_s"] * 1e6)
    print(f"adder validate_block, warm, {r['runs']} runs each ({r['workers']} workers in the pool):")
    print(f"  in-process call (the floor)   median {floor[0]:8.1f} µs   p99 {floor[1]:8.1f} µs")
    print(f"  through the pool              median {pool[0]:8.1f} µs   p99 {pool[1]:8.1f} µs")
    print(f"  pool / floor                  median {r['ratio_median']:8.2f}x    p99 {r['ratio_p99']:8.2f}x")
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
