"""Argument types for the `parahost` command line: numbers checked against their valid range.

Each function returns an argparse ``type=`` callable. A value out of range (or not a number, or not finite)
raises `argparse.ArgumentTypeError`, so the subcommand's own parser prints its usage and the reason and exits
with status 2, before the command starts.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

__all__ = ["fraction", "integer", "positive_float"]

#: the largest integer any option takes (block counts and the like are u32 on chain)
U32_MAX = (1 << 32) - 1


def integer(low: int = 0, high: int = U32_MAX) -> Callable[[str], int]:
    """A whole number in ``low..high`` (decimal, or 0x-hex)."""

    def parse(text: str) -> int:
        try:
            value = int(text, 0) if len(text) <= 40 else None
        except ValueError:
            value = None
        if value is None:
            raise argparse.ArgumentTypeError(f"not a whole number: {text[:40]!r}")
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is outside {low}..{high}")
        return value

    parse.__name__ = "integer"  # what argparse calls the type in "invalid <type> value" messages
    return parse


def _number(text: str) -> float:
    try:
        value = float(text) if len(text) <= 40 else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number: {text[:40]!r}")
    return value


def positive_float(high: float = 1e9) -> Callable[[str], float]:
    """A finite number more than 0 and at most `high`."""

    def parse(text: str) -> float:
        value = _number(text)
        if not 0 < value <= high:
            raise argparse.ArgumentTypeError(f"{value:g} is outside (0, {high:g}]: must be more than 0")
        return value

    parse.__name__ = "number"
    return parse


def fraction(*, low: float = 0.0, high: float = 1.0, high_open: bool = True) -> Callable[[str], float]:
    """A finite number in ``[low, high)`` (or ``[low, high]`` with ``high_open=False``)."""

    def parse(text: str) -> float:
        value = _number(text)
        if not (low <= value < high if high_open else low <= value <= high):
            raise argparse.ArgumentTypeError(f"{value:g} is outside [{low:g}, {high:g}{')' if high_open else ']'}")
        return value

    parse.__name__ = "number"
    return parse
