"""Benchmark: adder validation through the PVF worker pool against an in-process call, and preparation cold
against a cache hit.

Warm validations (the artifact cached, the workers running) are timed one after another through `PvfHost`;
the floor is the same work in this process (`execute` on the already-loaded module, then `interpret`), so the
ratio is what the process boundary costs. Preparation is timed cold (compiling in a worker, writing the cache)
and as a cache hit (a restarted host reading and checking the disk copy; a memory hit). Run with
``python -m benchmarks.bench_pvf [--runs N] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence

from node.pvf import Limits, PvfHost, Valid
from node.pvf.abi import encode_params, interpret
from node.pvf.execute import execute, load_artifact
from node.pvf.prepare import prepare
from parachains import adder
from primitives.parachain import BlockData, HeadData, ValidationParams


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
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args(argv)
    if args.runs < 2 or args.cold_runs < 1 or (args.workers is not None and args.workers < 1):
        parser.error("--runs must be at least 2, --cold-runs and --workers positive")

    r = run(args.runs, args.cold_runs, args.workers)
    if args.json:
        print(json.dumps(r, indent=2))
        return 0
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
