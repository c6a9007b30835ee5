"""Benchmark: a full parachain-host block against its signature floor (``parahost benchmark block``), and how it
scales.

    python -m benchmarks.bench_block --validators 200 --cores 20 --repeat 5 [--json] [--plot FILE.png]
    python -m benchmarks.bench_block --sweep [--json]

The first form is ``parahost benchmark block`` (same options). ``--sweep`` runs V = 200..1000 validators with
C = V / 10 cores, then V = 1000 with C = 20..100, and prints each point's median, floor, ratio and time per
signature check: the block is linear in V and C when the time per check stays flat.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from frame.benchmarking.block_bench import BlockReport, measure_block
from node import cli
from runtime.benchmarks import full_block

SWEEP_V = ((200, 20), (400, 40), (600, 60), (800, 80), (1000, 100))
SWEEP_C = ((1000, 20), (1000, 50), (1000, 100))


def measure(validators: int, cores: int, repeat: int) -> BlockReport:
    chain, block = full_block(validators, cores)
    return measure_block(chain.executive, chain.backend, chain.head, block, repeat, profile=False)


def sweep(repeat: int, as_json: bool) -> int:
    rows = []
    for v, c in (*SWEEP_V, *SWEEP_C):
        r = measure(v, c, repeat)
        rows.append({"validators": v, "cores": c, "median_s": r.median_s, "floor_s": r.floor_s, "ratio": r.ratio,
                     "signatures": r.signatures, "per_signature_us": r.median_s / r.signatures * 1e6})  # fmt: skip
        if not as_json:
            row = rows[-1]
            print(f"V={v:5} C={c:4}: {r.median_s * 1e3:8.2f} ms, floor {r.floor_s * 1e3:8.2f} ms, ratio "
                  f"{r.ratio:.3f}, {r.signatures} checks, {row['per_signature_us']:.1f} us per check", flush=True)
    if as_json:
        print(json.dumps(rows, indent=1))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--sweep" in args:
        parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_block --sweep")
        parser.add_argument("--sweep", action="store_true")
        parser.add_argument("--repeat", "-r", type=int, default=3)
        parser.add_argument("--json", action="store_true")
        ns = parser.parse_args(args)
        return sweep(ns.repeat, ns.json)
    return cli.main(["benchmark", "block", *args])


if __name__ == "__main__":
    sys.exit(main())
