"""Weights of the Paras pallet, generated from its benchmarks
(pallets/paras/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-11-25, vm, AMD EPYC, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns picoseconds of ref_time:
the fitted time plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT

__all__ = [
    "deregister_para",
    "register_para",
]


def register_para(c: int, h: int, u: int) -> int:
    """Paras.register_para: c in [1, 1000000], h in [1, 32768], u in [0, 100].

    Storage: Configuration.Configuration (r:1 w:0)
    Storage: Paras.Parachains (r:1 w:0)
    Storage: Paras.Parathreads (r:1 w:0)
    Storage: Paras.UpcomingParas (r:1 w:1)
    Storage: Paras.UpcomingParasGenesis (r:0 w:1)
    Minimum measured 30.6 us; standard errors (us): base 1.345, c 0.000, h 0.000, u 0.007.
    Spread at most 32.1%, medians within +-5.6% (UNSTABLE at 2 of 58 points); fit: min-squares.
    """
    return 29_399_384 + 35 * c + 86_564 * u + DB_WEIGHT.reads(4) + DB_WEIGHT.writes(2)


def deregister_para() -> int:
    """Paras.deregister_para.

    Storage: Paras.OutgoingParas (r:1 w:1)
    Storage: Paras.Parachains (r:1 w:0)
    Storage: Paras.UpcomingParas (r:1 w:0)
    Minimum measured 8.9 us; standard errors (us): base 0.000.
    Spread at most 8.6%, medians within +-3.0% (stable); fit: median.
    """
    return 9_599_000 + DB_WEIGHT.reads(3) + DB_WEIGHT.writes(1)
