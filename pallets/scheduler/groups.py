"""Validator groups for a session: a seeded shuffle, then a split into one group per core (guide "The
Scheduler Module", Session Change step 5; reference §4 step 4; DESIGN §4.10).

The algorithm is ours (the 2020 code used ChaCha20 with rand 0.7's sampling, whose results depend on the
platform's word size), written out so that any implementation can reproduce it bit for bit:

1. **Words.** For counter = 0, 1, 2, ... compute ``blake2_256(seed ++ u64_le(counter))`` and cut the 32 bytes
   into four little-endian u64 words, used in order (bytes 0..8 first). One hash gives four words.
2. **Uniform draws.** To draw below ``bound``, take words until one is below
   ``zone = 2**64 - (2**64 % bound)`` and return ``word % bound`` (rejection sampling, so no modulo bias).
3. **Shuffle.** Fisher-Yates (Durstenfeld) over ``[0, 1, ..., V-1]``: for ``i`` from ``V-1`` down to ``1``,
   draw ``j`` below ``i + 1`` and swap items ``i`` and ``j``.
4. **Split.** With ``n`` cores, ``base, larger = divmod(V, n)``; group ``g`` has ``base + 1`` validators if
   ``g < larger`` else ``base``, and takes the next that many items of the shuffled list from the front (so
   group 0 is ``shuffled[0:size_0]``). Groups are empty when ``V < n``. No cores or no validators: no groups.

The seed is the session's ``random_seed`` from the session-change notification. Our Session pallet derives it
from the session index and the parent block hash, so it is **not** a randomness beacon: the author of the
block that starts a session can predict it and, by choosing what to put in the previous block, grind it.
It spreads validators over groups; it does not make the assignment unpredictable or ungameable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from primitives.hashing import blake2_256
from primitives.parachain.ids import ValidatorIndex

T = TypeVar("T")

_WORD_SPACE = 1 << 64


class WordStream:
    """The stream of u64 words of step 1, and uniform draws from it (step 2)."""

    __slots__ = ("seed", "counter", "_pending")

    def __init__(self, seed: bytes) -> None:
        self.seed = bytes(seed)
        self.counter = 0
        self._pending: list[int] = []

    def next_word(self) -> int:
        """The next u64 word."""
        if not self._pending:
            block = blake2_256(self.seed + self.counter.to_bytes(8, "little"))
            self.counter += 1
            # stored reversed so that pop() yields bytes 0..8 first
            self._pending = [int.from_bytes(block[i : i + 8], "little") for i in (24, 16, 8, 0)]
        return self._pending.pop()

    def below(self, bound: int) -> int:
        """A uniform draw from ``range(bound)`` (``bound`` >= 1)."""
        if not 1 <= bound <= _WORD_SPACE:
            raise ValueError(f"cannot draw below {bound}")
        zone = _WORD_SPACE - (_WORD_SPACE % bound)
        while True:
            word = self.next_word()
            if word < zone:
                return word % bound


def shuffle(seed: bytes, items: Sequence[T]) -> list[T]:
    """A new list with `items` in the order the Fisher-Yates shuffle of step 3 gives for `seed`."""
    out = list(items)
    stream = WordStream(seed)
    for i in range(len(out) - 1, 0, -1):
        j = stream.below(i + 1)
        out[i], out[j] = out[j], out[i]
    return out


def split_into_groups(items: Sequence[T], n_groups: int) -> list[list[T]]:
    """Consecutive groups, the first ``len(items) % n_groups`` of them one larger (step 4)."""
    if n_groups <= 0:
        return []
    base, larger = divmod(len(items), n_groups)
    groups: list[list[T]] = []
    start = 0
    for g in range(n_groups):
        size = base + 1 if g < larger else base
        groups.append(list(items[start : start + size]))
        start += size
    return groups


def validator_groups(seed: bytes, n_validators: int, n_cores: int) -> list[list[ValidatorIndex]]:
    """The session's validator groups: one per core, from the shuffled validator indexes."""
    if n_cores == 0 or n_validators == 0:
        return []
    shuffled = shuffle(seed, [ValidatorIndex(v) for v in range(n_validators)])
    return split_into_groups(shuffled, n_cores)
