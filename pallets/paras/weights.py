"""Weights of the Paras pallet, generated from its benchmarks
(pallets/paras/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-12-02, vm, Intel(R) Xeon(R) Processor, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns a Weight: ref_time, the
fitted time in picoseconds, and proof_size, the fitted storage proof estimate in bytes (PoV mode MaxEncodedLen),
plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT, Weight

__all__ = [
    "deregister_para",
    "register_para",
]


def register_para(c: int, h: int, u: int) -> Weight:
    """Paras.register_para: c in [1, 1000000], h in [1, 32768], u in [0, 100].

    Storage: Configuration.Configuration (r:1 w:0)
    Proof: Configuration.Configuration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Storage: Paras.Parachains (r:1 w:0)
    Proof: Paras.Parachains (max_values: Some(1), max_size: None, mode: Measured)
    Storage: Paras.Parathreads (r:1 w:0)
    Proof: Paras.Parathreads (max_values: None, max_size: Some(12), added: 2487, mode: MaxEncodedLen)
    Storage: Paras.UpcomingParas (r:1 w:1)
    Proof: Paras.UpcomingParas (max_values: Some(1), max_size: None, mode: Measured)
    Storage: Paras.UpcomingParasGenesis (r:0 w:1)
    Estimated proof size: at most 5421 bytes over the sample points.
    Minimum measured 42.9 us; standard errors (us): base 3.492, c 0.000, h 0.000, u 0.018.
    Spread at most 38.0%, medians within +-6.7% (UNSTABLE at 4 of 58 points).
    Fit: min-squares.
    """
    return (
        Weight.from_parts(21_716_520, 5_020)
        + Weight.from_parts(157, 0).saturating_mul(c)
        + Weight.from_parts(2, 0).saturating_mul(h)
        + Weight.from_parts(249_907, 4).saturating_mul(u)
        + DB_WEIGHT.reads(4)
        + DB_WEIGHT.writes(2)
    )


def deregister_para() -> Weight:
    """Paras.deregister_para.

    Storage: Paras.OutgoingParas (r:1 w:1)
    Proof: Paras.OutgoingParas (max_values: Some(1), max_size: None, mode: Measured)
    Storage: Paras.Parachains (r:1 w:0)
    Proof: Paras.Parachains (max_values: Some(1), max_size: None, mode: Measured)
    Storage: Paras.UpcomingParas (r:1 w:0)
    Proof: Paras.UpcomingParas (max_values: Some(1), max_size: None, mode: Measured)
    Estimated proof size: at most 2488 bytes over the sample points.
    Minimum measured 15.0 us; standard errors (us): base 0.000.
    Spread at most 10.7%, medians within +-3.8% (stable).
    Fit: median.
    """
    return Weight.from_parts(15_959_500, 2_488) + DB_WEIGHT.reads(3) + DB_WEIGHT.writes(1)
