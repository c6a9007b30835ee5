"""Weights of the System pallet, generated from its benchmarks
(frame/system_benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-12-02, vm, Intel(R) Xeon(R) Processor, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns a Weight: ref_time, the
fitted time in picoseconds, and proof_size, the fitted storage proof estimate in bytes (PoV mode MaxEncodedLen),
plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT, Weight

__all__ = [
    "kill_prefix",
    "kill_storage",
    "remark",
    "remark_with_event",
    "set_storage",
]


def remark(b: int) -> Weight:
    """System.remark: b in [0, 65536].

    Estimated proof size: at most 0 bytes over the sample points.
    Minimum measured 1.2 us; standard errors (us): base 0.012, b 0.000.
    Spread at most 22.9%, medians within +-8.0% (stable).
    Fit: min-squares.
    """
    return Weight.from_parts(1_419_872, 0) + Weight.from_parts(1, 0).saturating_mul(b)


def remark_with_event(b: int) -> Weight:
    """System.remark_with_event: b in [0, 65536].

    Estimated proof size: at most 0 bytes over the sample points.
    Minimum measured 16.7 us; standard errors (us): base 0.039, b 0.000.
    Spread at most 4.0%, medians within +-1.4% (stable).
    Fit: min-squares.
    """
    return Weight.from_parts(17_040_069, 0) + Weight.from_parts(1_025, 0).saturating_mul(b)


def set_storage(i: int) -> Weight:
    """System.set_storage: i in [0, 1000].

    Storage: raw keys (r:0 w:1000)
    Estimated proof size: at most 0 bytes over the sample points.
    Minimum measured 1.0 us; standard errors (us): base 0.000, i 0.001.
    Spread at most 45.8%, medians within +-8.0% (UNSTABLE at 1 of 21 points).
    Fit: min-squares (negative intercept: refitted with base 0).
    """
    return Weight.from_parts(0, 0) + Weight.from_parts(720_453, 0).saturating_mul(i) + DB_WEIGHT.writes(1 * i)


def kill_storage(i: int) -> Weight:
    """System.kill_storage: i in [0, 1000].

    Storage: raw keys (r:0 w:1000)
    Estimated proof size: at most 0 bytes over the sample points.
    Minimum measured 1.6 us; standard errors (us): base 0.000, i 0.002.
    Spread at most 88.0%, medians within +-15.4% (UNSTABLE at 1 of 21 points).
    Fit: min-squares (negative intercept: refitted with base 0).
    """
    return Weight.from_parts(0, 0) + Weight.from_parts(717_503, 0).saturating_mul(i) + DB_WEIGHT.writes(1 * i)


def kill_prefix(p: int) -> Weight:
    """System.kill_prefix: p in [0, 1000].

    Storage: raw keys (r:1000 w:1000)
    Proof: raw keys (mode: Measured)
    Estimated proof size: at most 2507990 bytes over the sample points.
    Minimum measured 2.4 us; standard errors (us): base 0.000, p 0.029.
    Spread at most 140.0%, medians within +-24.6% (UNSTABLE at 11 of 21 points).
    Fit: min-squares (negative intercept: refitted with base 0).
    """
    return (
        Weight.from_parts(0, 674)
        + Weight.from_parts(2_576_903, 2_507).saturating_mul(p)
        + DB_WEIGHT.reads(1 * p)
        + DB_WEIGHT.writes(1 * p)
    )
