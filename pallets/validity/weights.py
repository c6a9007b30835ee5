"""Weights of the Validity pallet, generated from its benchmarks
(pallets/validity/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-11-25, vm, AMD EPYC, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns picoseconds of ref_time:
the fitted time plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT

__all__ = [
    "report_double_vote",
]


def report_double_vote() -> int:
    """Validity.report_double_vote.

    Storage: Validity.Offences (r:1 w:1)
    Storage: Validity.SessionValidators (r:1 w:0)
    Minimum measured 90.4 us; standard errors (us): base 0.000.
    Spread at most 4.1%, medians within +-1.5% (stable); fit: median.
    """
    return 91_671_500 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)
