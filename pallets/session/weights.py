"""Weights of the Session pallet, generated from its benchmarks
(pallets/session/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-12-02, vm, Intel(R) Xeon(R) Processor, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns a Weight: ref_time, the
fitted time in picoseconds, and proof_size, the fitted storage proof estimate in bytes (PoV mode MaxEncodedLen),
plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT, Weight

__all__ = [
    "force_new_session",
    "set_next_validators",
]


def set_next_validators(v: int) -> Weight:
    """Session.set_next_validators: v in [1, 1000].

    Storage: Session.PendingValidators (r:0 w:1)
    Estimated proof size: at most 0 bytes over the sample points.
    Minimum measured 19.5 us; standard errors (us): base 0.833, v 0.001.
    Spread at most 18.8%, medians within +-4.7% (stable).
    Fit: min-squares.
    """
    return (
        Weight.from_parts(21_781_558, 0)
        + Weight.from_parts(237_973, 0).saturating_mul(v)
        + DB_WEIGHT.writes(1)
    )


def force_new_session() -> Weight:
    """Session.force_new_session.

    Storage: Session.ForceNewSession (r:0 w:1)
    Estimated proof size: at most 0 bytes over the sample points.
    Minimum measured 2.8 us; standard errors (us): base 0.000.
    Spread at most 12.2%, medians within +-3.0% (stable).
    Fit: median.
    """
    return Weight.from_parts(3_164_000, 0) + DB_WEIGHT.writes(1)
