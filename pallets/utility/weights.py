"""Weights of the Utility pallet: its own part of each call, without the inner calls' weights (the calls add
those). Written by hand from the benchmarks in pallets/utility/benchmarks.py on the reference machine; re-run

    parahost benchmark pallet --pallet utility --steps 20 --repeat 20 --update-weights -q

to replace them with generated ones. Each function returns picoseconds of ref_time.
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
    """Utility.batch of `c` calls."""
    return 10_000_000 + 8_000_000 * c


def as_derivative() -> int:
    """Utility.as_derivative."""
    return 12_000_000


def batch_all(c: int) -> int:
    """Utility.batch_all of `c` calls."""
    return 10_000_000 + 8_500_000 * c


def dispatch_as() -> int:
    """Utility.dispatch_as."""
    return 12_000_000


def force_batch(c: int) -> int:
    """Utility.force_batch of `c` calls."""
    return 10_000_000 + 8_000_000 * c
