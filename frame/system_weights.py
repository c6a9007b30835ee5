"""Weights of the System pallet, generated from its benchmarks
(frame/system_benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-11-25, vm, AMD EPYC, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns picoseconds of ref_time:
the fitted time plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT

__all__ = [
    "kill_prefix",
    "kill_storage",
    "remark",
    "remark_with_event",
    "set_storage",
]


def remark(b: int) -> int:
    """System.remark: b in [0, 65536].

    Minimum measured 0.5 us; standard errors (us): base 0.001, b 0.000.
    Spread at most 10.3%, medians within +-3.6% (stable); fit: min-squares.
    """
    return 547_545 + 1 * b


def remark_with_event(b: int) -> int:
    """System.remark_with_event: b in [0, 65536].

    Minimum measured 10.7 us; standard errors (us): base 0.023, b 0.000.
    Spread at most 3.7%, medians within +-1.3% (stable); fit: min-squares.
    """
    return 11_446_847 + 738 * b


def set_storage(i: int) -> int:
    """System.set_storage: i in [0, 1000].

    Storage: raw keys (r:0 w:1000)
    Minimum measured 1.2 us; standard errors (us): base 0.000, i 0.001.
    Spread at most 31.1%, medians within +-10.9% (stable); fit: min-squares (negative intercept: refitted with base 0).
    """
    return 0 + 591_596 * i + DB_WEIGHT.writes(1 * i)


def kill_storage(i: int) -> int:
    """System.kill_storage: i in [0, 1000].

    Storage: raw keys (r:0 w:1000)
    Minimum measured 1.0 us; standard errors (us): base 0.000, i 0.001.
    Spread at most 31.8%, medians within +-11.2% (stable); fit: min-squares (negative intercept: refitted with base 0).
    """
    return 0 + 553_581 * i + DB_WEIGHT.writes(1 * i)


def kill_prefix(p: int) -> int:
    """System.kill_prefix: p in [0, 1000].

    Storage: Validity.SessionValidators (r:1 w:0)
    Storage: raw keys (r:1000 w:1000)
    Minimum measured 1.0 us; standard errors (us): base 1.224, p 0.002.
    Spread at most 63.2%, medians within +-11.1% (UNSTABLE at 1 of 21 points); fit: min-squares.
    """
    return 3_926_992 + 1_792_263 * p + DB_WEIGHT.reads(1 * p) + DB_WEIGHT.writes(1 * p)
