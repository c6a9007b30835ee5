"""The simulated network's scaling (issue 15 goal 1), every figure measured in one run:

    python -m benchmarks.bench_network [--sweep 30,60,120,300] [--blocks 5] [--json]

For each V of the sweep, a local network with one parachain per 6 validators runs `--blocks` relay blocks in
virtual time (`node.bench_network.measure`, as ``parahost benchmark network``); printed: wall seconds per relay
block, CPU per block by subsystem, messages and bytes per block, whether every parachain got its blocks
included, and the exponent of wall time per block against V fitted over the sweep (the goal: at most 1.3).
"""

from __future__ import annotations

import argparse
import json
import sys

from node.bench_network import fit_exponent, measure
from node.cli_bench_network import render

GOAL_EXPONENT = 1.3


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sweep", default="30,60,120,300", help="validator counts (default 30,60,120,300)")
    p.add_argument("--blocks", type=int, default=5, help="relay blocks measured per point (default 5)")
    p.add_argument("--per-core", type=int, default=6, help="validators per parachain core (default 6)")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    sweep = sorted({int(v) for v in args.sweep.split(",")})
    runs = []
    for v in sweep:
        run = measure(v, max(1, v // args.per_core), args.blocks)
        runs.append(run)
        if not args.json:
            print(render(run), flush=True)
        else:
            print(f"V={v}: {run.wall_per_block:.3f} s/block", file=sys.stderr, flush=True)
    exponent = fit_exponent([(r.validators, r.wall_per_block) for r in runs])
    cpu_exponent = fit_exponent([(r.validators, sum(r.cpu_s.values()) / r.blocks) for r in runs])
    if args.json:
        print(
            json.dumps(
                {
                    "runs": [r.to_json() for r in runs],
                    "wall_per_block_exponent": round(exponent, 3),
                    "cpu_per_block_exponent": round(cpu_exponent, 3),
                    "goal": GOAL_EXPONENT,
                },
                indent=2,
            )
        )
        return 0
    verdict = "meets" if exponent <= GOAL_EXPONENT else "misses"
    print(
        f"wall time per relay block ~ V^{exponent:.2f} (CPU per block ~ V^{cpu_exponent:.2f}) between V={sweep[0]} "
        f"and V={sweep[-1]}, one core per {args.per_core} validators: {verdict} the goal V^{GOAL_EXPONENT}"
    )
    print("every parachain included in every run: " + ("yes" if all(r.all_included for r in runs) else "NO"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
