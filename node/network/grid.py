"""Polkadot's gossip grid: validators in a matrix, each item to O(sqrt V) peers in two hops.

The validators of the set, in the set's order, fill a matrix `width` = floor(sqrt(V)) wide, row by row. The
originator of an item sends it to the validators of its row and its column; a validator that got it straight
from the originator passes it on along the other dimension (it shares the originator's row: to its column;
it shares the column: to its row); nothing goes further. Every validator receives every item, most of them
twice (over two paths, so one lost message does not lose the item), and each item costs about 2V messages
instead of the V^2 of flooding. Flooding a node's own news (block announcements) goes to the row and column
only, and each receiver floods on: about 2 sqrt(V) messages per node per item. A peer that is not a validator
(a collator) is attached to the validators of one column, chosen by its id.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence

__all__ = ["GRID_MIN", "Grid"]

#: Below this many validators the network is a full mesh (the grid would save little).
GRID_MIN = 20


class Grid:
    """Positions of the validators (by public key, in the set's order) in the gossip matrix."""

    def __init__(self, validators: Sequence[bytes]) -> None:
        self.order = [bytes(v) for v in validators]
        self.index = {v: i for i, v in enumerate(self.order)}
        self.width = max(1, math.isqrt(len(self.order)))

    def row_and_column(self, validator: bytes) -> tuple[list[bytes], list[bytes]]:
        """The other validators of `validator`'s row and of its column (empty if it is not in the set)."""
        i = self.index.get(validator)
        if i is None:
            return [], []
        w, n = self.width, len(self.order)
        start = i - i % w
        row = [self.order[j] for j in range(start, min(start + w, n)) if j != i]
        column = [self.order[j] for j in range(i % w, n, w) if j != i]
        return row, column

    def neighbours(self, validator: bytes) -> list[bytes]:
        """The validators `validator` gossips its own items to: its row, then its column."""
        row, column = self.row_and_column(validator)
        return row + column

    def relay(self, me: bytes, origin: bytes, sender: bytes | None) -> list[bytes]:
        """Where `me` passes on `origin`'s item received from `sender` (a validator key, None for another peer)."""
        if sender != origin or me == origin:
            return []
        i, o = self.index.get(me), self.index.get(origin)
        if i is None or o is None:
            return []
        row, column = self.row_and_column(me)
        if i // self.width == o // self.width:
            return [v for v in column if v != origin]
        if i % self.width == o % self.width:
            return [v for v in row if v != origin]
        return []

    def column_of_peer(self, peer_id: str) -> int:
        """The column a non-validator peer is attached to."""
        return zlib.crc32(peer_id.encode()) % self.width

    def column(self, validator: bytes) -> int | None:
        i = self.index.get(validator)
        return None if i is None else i % self.width
