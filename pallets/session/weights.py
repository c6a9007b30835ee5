"""Weights of the Session pallet, generated from its benchmarks
(pallets/session/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-11-25, vm, AMD EPYC, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns picoseconds of ref_time:
the fitted time plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT

__all__ = [
    "force_new_session",
    "set_next_validators",
]


def set_next_validators(v: int) -> int:
    """Session.set_next_validators: v in [1, 1000].

    Storage: Session.PendingValidators (r:0 w:1)
    Minimum measured 13.8 us; standard errors (us): base 0.132, v 0.000.
    Spread at most 8.9%, medians within +-3.1% (stable); fit: min-squares.
    """
    return 14_541_212 + 180_019 * v + DB_WEIGHT.writes(1)


def force_new_session() -> int:
    """Session.force_new_session.

    Storage: Session.ForceNewSession (r:0 w:1)
    Minimum measured 1.6 us; standard errors (us): base 0.000.
    Spread at most 16.5%, medians within +-5.8% (stable); fit: median.
    """
    return 1_777_000 + DB_WEIGHT.writes(1)
