"""Weights of the Scheduler pallet, generated from its benchmarks
(pallets/scheduler/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-12-02, vm, Intel(R) Xeon(R) Processor, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns a Weight: ref_time, the
fitted time in picoseconds, and proof_size, the fitted storage proof estimate in bytes (PoV mode MaxEncodedLen),
plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT, Weight

__all__ = [
    "claim_parathread",
]


def claim_parathread(q: int) -> Weight:
    """Scheduler.claim_parathread: q in [0, 99].

    Storage: Configuration.Configuration (r:1 w:0)
    Proof: Configuration.Configuration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Storage: Paras.Parathreads (r:1 w:0)
    Proof: Paras.Parathreads (max_values: None, max_size: Some(12), added: 2487, mode: MaxEncodedLen)
    Storage: Scheduler.ParathreadClaimIndex (r:1 w:1)
    Proof: Scheduler.ParathreadClaimIndex (max_values: Some(1), max_size: None, mode: Measured)
    Storage: Scheduler.ParathreadQueue (r:1 w:1)
    Proof: Scheduler.ParathreadQueue (max_values: Some(1), max_size: None, mode: Measured)
    Estimated proof size: at most 9766 bytes over the sample points.
    Minimum measured 23.2 us; standard errors (us): base 0.396, q 0.007.
    Spread at most 12.4%, medians within +-4.3% (stable).
    Fit: min-squares.
    """
    return (
        Weight.from_parts(25_607_901, 5_011)
        + Weight.from_parts(1_635_343, 48).saturating_mul(q)
        + DB_WEIGHT.reads(4)
        + DB_WEIGHT.writes(2)
    )
