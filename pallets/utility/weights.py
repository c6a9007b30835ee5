"""Weights of the Utility pallet, generated from its benchmarks
(pallets/utility/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-12-02, vm, Intel(R) Xeon(R) Processor, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns a Weight: ref_time, the
fitted time in picoseconds, and proof_size, the fitted storage proof estimate in bytes (PoV mode MaxEncodedLen),
plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import Weight

__all__ = [
    "as_derivative",
    "batch",
    "batch_all",
    "dispatch_as",
    "force_batch",
]


def batch(c: int) -> Weight:
    """Utility.batch: c in [0, 1000].

    Estimated proof size: at most 0 bytes over the sample points.
    Minimum measured 15.2 us; standard errors (us): base 0.000, c 0.011.
    Spread at most 6.6%, medians within +-2.3% (stable).
    Fit: min-squares (negative intercept: refitted with base 0).
    """
    return Weight.from_parts(0, 0) + Weight.from_parts(8_541_352, 0).saturating_mul(c)


def as_derivative() -> Weight:
    """Utility.as_derivative.

    Estimated proof size: at most 0 bytes over the sample points.
    Minimum measured 3.4 us; standard errors (us): base 0.000.
    Spread at most 12.6%, medians within +-4.4% (stable).
    Fit: median.
    """
    return Weight.from_parts(3_769_500, 0)


def batch_all(c: int) -> Weight:
    """Utility.batch_all: c in [0, 1000].

    Estimated proof size: at most 0 bytes over the sample points.
    Minimum measured 17.6 us; standard errors (us): base 0.000, c 0.012.
    Spread at most 8.9%, medians within +-3.1% (stable).
    Fit: min-squares (negative intercept: refitted with base 0).
    """
    return Weight.from_parts(0, 0) + Weight.from_parts(8_940_996, 0).saturating_mul(c)


def dispatch_as() -> Weight:
    """Utility.dispatch_as.

    Estimated proof size: at most 0 bytes over the sample points.
    Minimum measured 18.2 us; standard errors (us): base 0.000.
    Spread at most 8.3%, medians within +-2.9% (stable).
    Fit: median.
    """
    return Weight.from_parts(19_356_000, 0)


def force_batch(c: int) -> Weight:
    """Utility.force_batch: c in [0, 1000].

    Estimated proof size: at most 0 bytes over the sample points.
    Minimum measured 16.1 us; standard errors (us): base 0.000, c 0.005.
    Spread at most 6.3%, medians within +-2.2% (stable).
    Fit: min-squares (negative intercept: refitted with base 0).
    """
    return Weight.from_parts(0, 0) + Weight.from_parts(8_841_787, 0).saturating_mul(c)
