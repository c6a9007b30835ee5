"""Weights of the Sudo pallet, generated from its benchmarks
(pallets/sudo/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-11-25, vm, AMD EPYC, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns picoseconds of ref_time:
the fitted time plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT

__all__ = [
    "remove_key",
    "set_key",
    "sudo",
    "sudo_as",
]


def sudo() -> int:
    """Sudo.sudo.

    Storage: Sudo.Key (r:1 w:0)
    Minimum measured 14.7 us; standard errors (us): base 0.000.
    Spread at most 10.6%, medians within +-3.7% (stable); fit: median.
    """
    return 15_257_500 + DB_WEIGHT.reads(1)


def sudo_as() -> int:
    """Sudo.sudo_as.

    Storage: Sudo.Key (r:1 w:0)
    Minimum measured 14.2 us; standard errors (us): base 0.000.
    Spread at most 10.8%, medians within +-3.8% (stable); fit: median.
    """
    return 14_772_500 + DB_WEIGHT.reads(1)


def set_key() -> int:
    """Sudo.set_key.

    Storage: Sudo.Key (r:1 w:1)
    Storage: System.Account (r:1 w:1)
    Minimum measured 30.5 us; standard errors (us): base 0.000.
    Spread at most 6.6%, medians within +-2.3% (stable); fit: median.
    """
    return 31_847_500 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)


def remove_key() -> int:
    """Sudo.remove_key.

    Storage: Sudo.Key (r:1 w:1)
    Minimum measured 12.3 us; standard errors (us): base 0.000.
    Spread at most 3.6%, medians within +-1.3% (stable); fit: median.
    """
    return 12_839_500 + DB_WEIGHT.reads(1) + DB_WEIGHT.writes(1)
