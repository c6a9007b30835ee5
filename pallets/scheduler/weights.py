"""Weights of the Scheduler pallet, generated from its benchmarks
(pallets/scheduler/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-11-25, vm, AMD EPYC, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns picoseconds of ref_time:
the fitted time plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT

__all__ = [
    "claim_parathread",
]


def claim_parathread(q: int) -> int:
    """Scheduler.claim_parathread: q in [0, 99].

    Storage: Configuration.Configuration (r:1 w:0)
    Storage: Paras.Parathreads (r:1 w:0)
    Storage: Scheduler.ParathreadClaimIndex (r:1 w:1)
    Storage: Scheduler.ParathreadQueue (r:1 w:1)
    Minimum measured 15.6 us; standard errors (us): base 0.080, q 0.001.
    Spread at most 6.9%, medians within +-2.4% (stable); fit: min-squares.
    """
    return 16_668_982 + 1_253_507 * q + DB_WEIGHT.reads(4) + DB_WEIGHT.writes(2)
