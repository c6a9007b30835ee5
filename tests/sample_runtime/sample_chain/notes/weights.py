"""Weights of the Notes pallet: placeholders until ``parahost benchmark pallet --pallet Notes`` writes them."""

from __future__ import annotations

__all__ = ["clear", "write"]


def write(n: int) -> int:
    return 20_000_000 + n * 1_000


def clear() -> int:
    return 50_000_000
