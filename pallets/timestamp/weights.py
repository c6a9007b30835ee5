"""Weights of the Timestamp pallet, generated from its benchmarks
(pallets/timestamp/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet Timestamp --extrinsic '*'

on 2026-12-02, vm, Intel(R) Xeon(R) Processor, Python 3.11.7; steps 2, repeat 10
(more where a point's median was not yet known within 5%). Each function returns picoseconds of ref_time:
the fitted time plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT

__all__ = [
    "on_finalize",
    "set",
]


def set() -> int:
    """Timestamp.set.

    Storage: Timestamp.DidUpdate (r:1 w:1)
    Storage: Timestamp.Now (r:1 w:1)
    Minimum measured 6.2 us; standard errors (us): base 0.000.
    Spread at most 12.2%, medians within +-3.5% (stable); fit: median.
    """
    return 6_668_500 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)


def on_finalize() -> int:
    """Timestamp.on_finalize.

    Storage: Timestamp.DidUpdate (r:1 w:1)
    Minimum measured 1.8 us; standard errors (us): base 0.000.
    Spread at most 18.0%, medians within +-5.2% (stable); fit: median.
    """
    return 2_039_500 + DB_WEIGHT.reads(1) + DB_WEIGHT.writes(1)
