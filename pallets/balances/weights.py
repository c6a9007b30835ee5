"""Weights of the Balances pallet (placeholder until generated from pallets/balances/benchmarks.py)."""

from __future__ import annotations

from frame.weights import DB_WEIGHT

__all__ = ["burn", "force_set_balance", "force_transfer", "force_unreserve", "transfer_all", "transfer_allow_death",
           "transfer_keep_alive"]  # fmt: skip


def transfer_allow_death() -> int:
    return 50_000_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)


def force_transfer() -> int:
    return 50_000_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)


def transfer_keep_alive() -> int:
    return 50_000_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)


def transfer_all() -> int:
    return 50_000_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)


def force_unreserve() -> int:
    return 30_000_000 + DB_WEIGHT.reads(1) + DB_WEIGHT.writes(1)


def force_set_balance() -> int:
    return 30_000_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)


def burn() -> int:
    return 30_000_000 + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)
