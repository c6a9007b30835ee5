"""Weights of the Counter pallet, generated from its benchmarks
(pallets/example/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-11-25, vm, AMD EPYC, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns picoseconds of ref_time:
the fitted time plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT

__all__ = [
    "store",
]


def store() -> int:
    """Counter.store.

    Storage: Counter.Values (r:0 w:1)
    Minimum measured 13.6 us; standard errors (us): base 0.000.
    Spread at most 4.6%, medians within +-1.6% (stable); fit: median.
    """
    return 14_146_000 + DB_WEIGHT.writes(1)
