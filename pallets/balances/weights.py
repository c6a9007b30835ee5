"""Weights of the Balances pallet, generated from its benchmarks
(pallets/balances/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet Balances --extrinsic '*'

on 2026-12-02, vm, Intel(R) Xeon(R) Processor, Python 3.11.7; steps 2, repeat 10
(more where a point's median was not yet known within 5%). Each function returns picoseconds of ref_time:
the fitted time plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT

__all__ = [
    "burn",
    "force_set_balance",
    "force_transfer",
    "force_unreserve",
    "transfer_all",
    "transfer_allow_death",
    "transfer_keep_alive",
]


def transfer_allow_death() -> int:
    """Balances.transfer_allow_death.

    Storage: Balances.TotalIssuance (r:1 w:1)
    Storage: System.Account (r:2 w:2)
    Minimum measured 117.8 us; standard errors (us): base 0.000.
    Spread at most 14.2%, medians within +-5.0% (stable); fit: median.
    """
    return 124_607_000 + DB_WEIGHT.reads(3) + DB_WEIGHT.writes(3)


def transfer_keep_alive() -> int:
    """Balances.transfer_keep_alive.

    Storage: System.Account (r:2 w:2)
    Minimum measured 89.1 us; standard errors (us): base 0.000.
    Spread at most 1.3%, medians within +-0.7% (stable); fit: median.
    """
    return 91_421_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)


def force_transfer() -> int:
    """Balances.force_transfer.

    Storage: Balances.TotalIssuance (r:1 w:1)
    Storage: System.Account (r:2 w:2)
    Minimum measured 116.2 us; standard errors (us): base 0.000.
    Spread at most 2.0%, medians within +-1.0% (stable); fit: median.
    """
    return 119_886_500 + DB_WEIGHT.reads(3) + DB_WEIGHT.writes(3)


def transfer_all() -> int:
    """Balances.transfer_all.

    Storage: System.Account (r:2 w:2)
    Minimum measured 107.4 us; standard errors (us): base 0.000.
    Spread at most 1.3%, medians within +-0.7% (stable); fit: median.
    """
    return 109_790_500 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)


def force_unreserve() -> int:
    """Balances.force_unreserve.

    Storage: System.Account (r:1 w:1)
    Minimum measured 50.3 us; standard errors (us): base 0.000.
    Spread at most 6.3%, medians within +-3.1% (stable); fit: median.
    """
    return 53_013_000 + DB_WEIGHT.reads(1) + DB_WEIGHT.writes(1)


def force_set_balance() -> int:
    """Balances.force_set_balance.

    Storage: Balances.TotalIssuance (r:1 w:1)
    Storage: System.Account (r:1 w:1)
    Minimum measured 67.8 us; standard errors (us): base 0.000.
    Spread at most 5.0%, medians within +-2.5% (stable); fit: median.
    """
    return 71_701_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)


def burn() -> int:
    """Balances.burn.

    Storage: Balances.TotalIssuance (r:1 w:1)
    Storage: System.Account (r:1 w:1)
    Minimum measured 69.4 us; standard errors (us): base 0.000.
    Spread at most 3.7%, medians within +-1.8% (stable); fit: median.
    """
    return 71_963_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)
