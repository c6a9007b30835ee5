"""Weights of the Utility pallet, generated from its benchmarks
(pallets/utility/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet utility --steps 10 --repeat 20 --update-weights -q

on 2026-12-02, vm, Intel(R) Xeon(R) Processor, Python 3.11.7; steps 10, repeat 20
(more where a point's median was not yet known within 5%). Each function returns picoseconds of ref_time:
the fitted time plus DB_WEIGHT for the fitted storage reads and writes.
(Edited by hand only to pass ruff: the generator left an unused DB_WEIGHT import and long lines.)
"""

from __future__ import annotations

__all__ = [
    "as_derivative",
    "batch",
    "batch_all",
    "dispatch_as",
    "force_batch",
]


def batch(c: int) -> int:
    """Utility.batch: c in [0, 1000].

    Minimum measured 14.5 us; standard errors (us): base 0.000, c 0.226.
    Spread at most 140.8%, medians within +-24.7% (UNSTABLE at 9 of 10 points)
    Fit: min-squares (negative intercept: refitted with base 0).
    """
    return 0 + 34_838_378 * c


def as_derivative() -> int:
    """Utility.as_derivative.

    Minimum measured 3.1 us; standard errors (us): base 0.000.
    Spread at most 16.9%, medians within +-4.2% (stable); fit: median.
    """
    return 3_481_500


def batch_all(c: int) -> int:
    """Utility.batch_all: c in [0, 1000].

    Minimum measured 16.2 us; standard errors (us): base 0.000, c 0.247.
    Spread at most 323.0%, medians within +-56.7% (UNSTABLE at 10 of 10 points)
    Fit: min-squares (negative intercept: refitted with base 0).
    """
    return 0 + 33_180_599 * c


def dispatch_as() -> int:
    """Utility.dispatch_as.

    Minimum measured 17.8 us; standard errors (us): base 0.000.
    Spread at most 23.5%, medians within +-4.8% (stable); fit: median.
    """
    return 19_309_000


def force_batch(c: int) -> int:
    """Utility.force_batch: c in [0, 1000].

    Minimum measured 14.6 us; standard errors (us): base 0.000, c 0.195.
    Spread at most 375.0%, medians within +-65.8% (UNSTABLE at 10 of 10 points)
    Fit: min-squares (negative intercept: refitted with base 0).
    """
    return 0 + 29_109_783 * c
