"""Weights of the Timestamp pallet, generated from its benchmarks
(pallets/timestamp/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-12-02, vm, Intel(R) Xeon(R) Processor, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns a Weight: ref_time, the
fitted time in picoseconds, and proof_size, the fitted storage proof estimate in bytes (PoV mode MaxEncodedLen),
plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT, Weight

__all__ = [
    "on_finalize",
    "set",
]


def set() -> Weight:
    """Timestamp.set.

    Storage: Timestamp.DidUpdate (r:1 w:1)
    Proof: Timestamp.DidUpdate (max_values: Some(1), max_size: Some(1), added: 496, mode: MaxEncodedLen)
    Storage: Timestamp.Now (r:1 w:1)
    Proof: Timestamp.Now (max_values: Some(1), max_size: Some(8), added: 503, mode: MaxEncodedLen)
    Estimated proof size: at most 1989 bytes over the sample points.
    Minimum measured 7.7 us; standard errors (us): base 0.000.
    Spread at most 4.8%, medians within +-1.7% (stable).
    Fit: median.
    """
    return Weight.from_parts(8_112_000, 1_989) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)


def on_finalize() -> Weight:
    """Timestamp.on_finalize.

    Storage: Timestamp.DidUpdate (r:1 w:1)
    Proof: Timestamp.DidUpdate (max_values: Some(1), max_size: Some(1), added: 496, mode: MaxEncodedLen)
    Estimated proof size: at most 1486 bytes over the sample points.
    Minimum measured 2.5 us; standard errors (us): base 0.000.
    Spread at most 5.4%, medians within +-1.9% (stable).
    Fit: median.
    """
    return Weight.from_parts(2_577_000, 1_486) + DB_WEIGHT.reads(1) + DB_WEIGHT.writes(1)
