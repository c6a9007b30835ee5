"""Weights of the Counter pallet, generated from its benchmarks
(pallets/example/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-12-02, vm, Intel(R) Xeon(R) Processor, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns a Weight: ref_time, the
fitted time in picoseconds, and proof_size, the fitted storage proof estimate in bytes (PoV mode MaxEncodedLen),
plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT, Weight

__all__ = [
    "store",
]


def store() -> Weight:
    """Counter.store.

    Storage: Counter.Values (r:0 w:1)
    Estimated proof size: at most 0 bytes over the sample points.
    Minimum measured 18.6 us; standard errors (us): base 0.000.
    Spread at most 6.0%, medians within +-2.1% (stable).
    Fit: median.
    """
    return Weight.from_parts(19_195_000, 0) + DB_WEIGHT.writes(1)
