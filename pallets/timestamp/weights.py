"""Weights of the Timestamp pallet (placeholder until generated from pallets/timestamp/benchmarks.py)."""

from __future__ import annotations

from frame.weights import DB_WEIGHT

__all__ = ["on_finalize", "set"]


def set() -> int:
    """Timestamp.set."""
    return 10_000_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)


def on_finalize() -> int:
    """Timestamp.on_finalize."""
    return 5_000_000 + DB_WEIGHT.reads(1) + DB_WEIGHT.writes(1)
