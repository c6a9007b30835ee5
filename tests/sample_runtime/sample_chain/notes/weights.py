"""Weights of the Notes pallet, generated from its benchmarks
(sample_chain/notes/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet notes --steps 20 --repeat 20 -q

on 2026-12-02, vm, Intel(R) Xeon(R) Processor, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns a Weight: ref_time, the
fitted time in picoseconds, and proof_size, the fitted storage proof estimate in bytes (PoV mode MaxEncodedLen),
plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT, Weight

__all__ = [
    "clear",
    "write",
]


def write(n: int) -> Weight:
    """Notes.write: n in [0, 64].

    Storage: Notes.ByAuthor (r:0 w:1)
    Estimated proof size: at most 0 bytes over the sample points.
    Minimum measured 5.6 us; standard errors (us): base 0.016, n 0.000.
    Spread at most 7.5%, medians within +-2.6% (stable).
    Fit: min-squares.
    """
    return Weight.from_parts(6_212_177, 0) + DB_WEIGHT.writes(1)


def clear() -> Weight:
    """Notes.clear.

    Storage: Notes.ByAuthor (r:1 w:1)
    Proof: Notes.ByAuthor (max_values: None, max_size: None, mode: Measured)
    Estimated proof size: at most 3470 bytes over the sample points.
    Minimum measured 12.7 us; standard errors (us): base 0.000.
    Spread at most 6.5%, medians within +-1.6% (stable).
    Fit: median.
    """
    return Weight.from_parts(13_419_500, 3_470) + DB_WEIGHT.reads(1) + DB_WEIGHT.writes(1)
