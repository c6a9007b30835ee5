"""Weights of the Validity pallet, generated from its benchmarks
(pallets/validity/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-12-02, vm, Intel(R) Xeon(R) Processor, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns a Weight: ref_time, the
fitted time in picoseconds, and proof_size, the fitted storage proof estimate in bytes (PoV mode MaxEncodedLen),
plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT, Weight

__all__ = [
    "report_double_vote",
]


def report_double_vote() -> Weight:
    """Validity.report_double_vote.

    Storage: Validity.Offences (r:1 w:1)
    Proof: Validity.Offences (max_values: None, max_size: Some(29), added: 2504, mode: MaxEncodedLen)
    Storage: Validity.SessionValidators (r:1 w:0)
    Proof: Validity.SessionValidators (max_values: None, max_size: None, mode: Measured)
    Estimated proof size: at most 6162 bytes over the sample points.
    Minimum measured 116.2 us; standard errors (us): base 0.000.
    Spread at most 5.8%, medians within +-2.0% (stable).
    Fit: median.
    """
    return Weight.from_parts(116_964_000, 6_162) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)
