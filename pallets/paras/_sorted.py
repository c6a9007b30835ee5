"""Sorted, duplicate-free tuples of para ids (how `Parachains`, `UpcomingParas` and `OutgoingParas` are kept)."""

from __future__ import annotations

import bisect
from typing import TypeVar

T = TypeVar("T", bound=int)


def contains(items: tuple[T, ...] | list[T], x: int) -> bool:
    """Whether `x` is in the sorted `items` (binary search)."""
    i = bisect.bisect_left(items, x)
    return i < len(items) and items[i] == x


def inserted(items: tuple[T, ...], x: T) -> tuple[T, ...] | None:
    """`items` with `x` inserted in order, or None if it is already there."""
    i = bisect.bisect_left(items, x)
    if i < len(items) and items[i] == x:
        return None
    return (*items[:i], x, *items[i:])


def removed(items: tuple[T, ...], x: int) -> tuple[T, ...] | None:
    """`items` without `x`, or None if it is not there."""
    i = bisect.bisect_left(items, x)
    if i == len(items) or items[i] != x:
        return None
    return items[:i] + items[i + 1 :]
