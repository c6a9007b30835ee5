"""Slots: when blocks are due and who may author them (a deterministic round-robin over the validator set).

Time is cut into slots of `SlotClock.duration` seconds from the network's start (slot 0 is genesis). The
author of slot s is validator ``s % n`` of the validator set at the parent block (Aura's rule). `SlotRule`
can give a slot a second author (``twin_every``: every slot divisible by it also has validator
``(s + n // 2) % n``), which makes competing blocks at one height: a knob for fork tests. A block names its
slot and author in a pre-runtime digest item (engine ``slot``: u64 slot ++ u32 author, little-endian); an
importer checks that the slot is after the parent's, not ahead of the clock, and that the author may author
it. Blocks carry no seal: the author's claim is not signed (a limit of this local network).
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass

from frame.block import Digest, Header, PreRuntime

__all__ = ["ENGINE", "SlotClock", "SlotRule", "slot_digest", "slot_of"]

ENGINE = b"slot"
_DATA = struct.Struct("<QI")


@dataclass(frozen=True, slots=True)
class SlotClock:
    """Slot s starts at ``start + s * duration`` (loop time, seconds)."""

    start: float
    duration: float

    def slot_at(self, now: float) -> int:
        return math.floor((now - self.start) / self.duration + 1e-9)

    def slot_start(self, slot: int) -> float:
        return self.start + slot * self.duration


@dataclass(frozen=True, slots=True)
class SlotRule:
    """Who may author a slot: validator ``s % n``, plus a twin every `twin_every` slots (0: never)."""

    twin_every: int = 0

    def authors(self, slot: int, n: int) -> list[int]:
        if n <= 0:
            return []
        first = slot % n
        if self.twin_every and slot % self.twin_every == 0 and n > 1:
            return [first, (slot + n // 2) % n]
        return [first]


def slot_digest(slot: int, author: int) -> Digest:
    """The pre-runtime digest naming a block's slot and author."""
    return Digest((PreRuntime(ENGINE, _DATA.pack(slot, author)),))


def slot_of(header: Header) -> tuple[int, int | None]:
    """(slot, author) of a block; genesis (or a block without the digest) is slot 0 with no author."""
    for item in header.digest.logs:
        if isinstance(item, PreRuntime) and bytes(item.engine) == ENGINE and len(item.data) == _DATA.size:
            slot, author = _DATA.unpack(item.data)
            return slot, author
    return 0, None
