"""Weights of the Configuration pallet, generated from its benchmarks
(pallets/configuration/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-11-25, vm, AMD EPYC, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns picoseconds of ref_time:
the fitted time plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT

__all__ = [
    "set_acceptance_period",
    "set_chain_availability_period",
    "set_max_code_size",
    "set_max_head_data_size",
    "set_parachain_rotation_frequency",
    "set_parathread_cores",
    "set_parathread_retries",
    "set_scheduling_lookahead",
    "set_thread_availability_period",
    "set_validation_upgrade_delay",
    "set_validation_upgrade_frequency",
]


def set_validation_upgrade_frequency() -> int:
    """Configuration.set_validation_upgrade_frequency.

    Storage: Configuration.Configuration (r:1 w:0)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Minimum measured 7.4 us; standard errors (us): base 0.000.
    Spread at most 6.8%, medians within +-1.7% (stable); fit: median.
    """
    return 7_782_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_validation_upgrade_delay() -> int:
    """Configuration.set_validation_upgrade_delay.

    Storage: Configuration.Configuration (r:1 w:0)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Minimum measured 7.5 us; standard errors (us): base 0.000.
    Spread at most 4.5%, medians within +-1.6% (stable); fit: median.
    """
    return 7_751_500 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_acceptance_period() -> int:
    """Configuration.set_acceptance_period.

    Storage: Configuration.Configuration (r:1 w:0)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Minimum measured 7.5 us; standard errors (us): base 0.000.
    Spread at most 4.1%, medians within +-1.4% (stable); fit: median.
    """
    return 7_701_500 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_max_code_size() -> int:
    """Configuration.set_max_code_size.

    Storage: Configuration.Configuration (r:1 w:0)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Minimum measured 7.2 us; standard errors (us): base 0.000.
    Spread at most 3.7%, medians within +-1.3% (stable); fit: median.
    """
    return 7_916_500 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_max_head_data_size() -> int:
    """Configuration.set_max_head_data_size.

    Storage: Configuration.Configuration (r:1 w:0)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Minimum measured 7.3 us; standard errors (us): base 0.000.
    Spread at most 5.3%, medians within +-1.9% (stable); fit: median.
    """
    return 7_561_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_parathread_cores() -> int:
    """Configuration.set_parathread_cores.

    Storage: Configuration.Configuration (r:1 w:0)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Minimum measured 7.3 us; standard errors (us): base 0.000.
    Spread at most 5.9%, medians within +-2.1% (stable); fit: median.
    """
    return 7_616_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_parathread_retries() -> int:
    """Configuration.set_parathread_retries.

    Storage: Configuration.Configuration (r:1 w:0)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Minimum measured 7.1 us; standard errors (us): base 0.000.
    Spread at most 7.8%, medians within +-2.8% (stable); fit: median.
    """
    return 7_736_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_parachain_rotation_frequency() -> int:
    """Configuration.set_parachain_rotation_frequency.

    Storage: Configuration.Configuration (r:1 w:0)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Minimum measured 7.3 us; standard errors (us): base 0.000.
    Spread at most 5.5%, medians within +-1.9% (stable); fit: median.
    """
    return 7_716_500 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_chain_availability_period() -> int:
    """Configuration.set_chain_availability_period.

    Storage: Configuration.Configuration (r:1 w:0)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Minimum measured 7.5 us; standard errors (us): base 0.000.
    Spread at most 3.3%, medians within +-1.2% (stable); fit: median.
    """
    return 7_852_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_thread_availability_period() -> int:
    """Configuration.set_thread_availability_period.

    Storage: Configuration.Configuration (r:1 w:0)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Minimum measured 7.3 us; standard errors (us): base 0.000.
    Spread at most 8.2%, medians within +-2.9% (stable); fit: median.
    """
    return 7_727_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_scheduling_lookahead() -> int:
    """Configuration.set_scheduling_lookahead.

    Storage: Configuration.Configuration (r:1 w:0)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Minimum measured 7.4 us; standard errors (us): base 0.000.
    Spread at most 5.5%, medians within +-1.9% (stable); fit: median.
    """
    return 7_811_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)
