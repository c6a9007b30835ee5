"""A transaction's era (``sp_runtime::generic::Era``): immortal, or mortal for `period` blocks from its birth.

Encoding, as Substrate's (reference §5): immortal is the single byte ``0x00``; mortal is a u16, little endian,
``min(15, max(1, trailing_zeros(period) - 1)) | (phase // q) << 4`` with ``q = max(period >> 12, 1)``, `period` a
power of two in [4, 65536] and `phase < period`. `Era.mortal(period, current)` rounds `period` up to a power of
two, clamps it to [4, 65536] and takes ``phase = current % period`` (quantized by `q`), as ``Era::mortal`` does.

A mortal era names its birth block relative to the block it is checked in: ``birth(current) = (max(current,
phase) - phase) // period * period + phase`` (the last block at or before `current` whose number is `phase`
modulo `period`), and it dies at ``birth + period``. `CheckMortality` signs the hash of the birth block, so an
extrinsic is only valid while that block is the one its era points at: at most `period` blocks.
"""

from __future__ import annotations

from typing import Any

import attrs

from primitives.errors import CodecError
from primitives.scale import Codec

__all__ = ["ERA", "IMMORTAL", "MAX_PERIOD", "MIN_PERIOD", "Era", "EraCodec"]

MIN_PERIOD = 4
MAX_PERIOD = 1 << 16
#: ``u64::MAX``: the death of an immortal era
_NEVER = 2**64 - 1


@attrs.frozen
class Era:
    """An era: ``period == 0`` is immortal; otherwise mortal with `period` (a power of two) and `phase`."""

    period: int = 0
    phase: int = 0

    def __attrs_post_init__(self) -> None:
        if self.period == 0:
            if self.phase != 0:
                raise ValueError("an immortal era has no phase")
            return
        if self.period & (self.period - 1) or not MIN_PERIOD <= self.period <= MAX_PERIOD:
            raise ValueError(f"era period {self.period} is not a power of two in [{MIN_PERIOD}, {MAX_PERIOD}]")
        if not 0 <= self.phase < self.period or self.phase % _quantum(self.period):
            raise ValueError(f"era phase {self.phase} is not a multiple of {_quantum(self.period)} "
                             f"below the period {self.period}")  # fmt: skip

    @classmethod
    def immortal(cls) -> Era:
        return cls()

    @classmethod
    def mortal(cls, period: int, current: int) -> Era:
        """``Era::mortal(period, current)``: valid from about `current` for `period` blocks (rounded up to a
        power of two in [4, 65536])."""
        if period < 1 or current < 0:
            raise ValueError(f"era period {period} and block {current} must be positive")
        p = min(max(1 << (period - 1).bit_length(), MIN_PERIOD), MAX_PERIOD)
        q = _quantum(p)
        return cls(p, current % p // q * q)

    @property
    def is_immortal(self) -> bool:
        return self.period == 0

    def birth(self, current: int) -> int:
        """The block this era was born in, seen from block `current` (0 if immortal)."""
        if self.is_immortal:
            return 0
        return (max(current, self.phase) - self.phase) // self.period * self.period + self.phase

    def death(self, current: int) -> int:
        """The first block in which this era is no longer valid, seen from `current` (``u64::MAX`` if immortal)."""
        return _NEVER if self.is_immortal else self.birth(current) + self.period

    def encode(self) -> bytes:
        if self.is_immortal:
            return b"\x00"
        low = min(15, max(1, _trailing_zeros(self.period) - 1))
        encoded = low | (self.phase // _quantum(self.period)) << 4
        return encoded.to_bytes(2, "little")

    @classmethod
    def decode_from(cls, data: bytes, offset: int) -> tuple[Era, int]:
        if offset >= len(data):
            raise CodecError("Era", "input too short", offset)
        if data[offset] == 0:
            return IMMORTAL, offset + 1
        if offset + 2 > len(data):
            raise CodecError("Era", "a mortal era needs two bytes", offset)
        encoded = data[offset] | data[offset + 1] << 8
        period = 2 << (encoded % 16)
        phase = (encoded >> 4) * _quantum(period)
        if period < MIN_PERIOD or phase >= period:
            raise CodecError("Era", f"invalid period {period} and phase {phase} (0x{data[offset:offset + 2].hex()})",
                             offset)  # fmt: skip
        return cls(period, phase), offset + 2

    def __repr__(self) -> str:
        return "Era.immortal()" if self.is_immortal else f"Era(period={self.period}, phase={self.phase})"


def _quantum(period: int) -> int:
    return max(period >> 12, 1)


def _trailing_zeros(n: int) -> int:
    return (n & -n).bit_length() - 1


IMMORTAL = Era()


class EraCodec(Codec):
    """SCALE codec of `Era` (one byte immortal, two bytes mortal)."""

    name = "Era"
    min_size = 1

    def encode(self, value: Any) -> bytes:
        if not isinstance(value, Era):
            raise CodecError("Era", f"{value!r:.80} is not an Era")
        return value.encode()

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        return Era.decode_from(data, offset)


ERA = EraCodec()
