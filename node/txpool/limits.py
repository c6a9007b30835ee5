"""The pool's size limits and which transactions leave to make room for a newcomer.

A queue (ready or future) holds at most `count` transactions and `bytes` bytes. When a newcomer does not fit,
transactions of a strictly lower priority in that queue are evicted to make room, the lowest priority first and,
among equals, the newest first (Substrate drops the worst transactions of a full pool); if that still does not
make room, the newcomer is refused (1016) and nothing leaves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import attrs

from node.txpool.errors import ImmediatelyDropped

__all__ = ["PoolLimits", "evictions"]


@attrs.frozen
class PoolLimits:
    """Queue limits (Substrate's ``--pool-limit``/``--pool-kbytes`` defaults; future is a tenth) and the ban time."""

    ready_count: int = 8192
    ready_bytes: int = 20 * 1024 * 1024
    future_count: int = 512
    future_bytes: int = 2 * 1024 * 1024
    ban_seconds: float = 30 * 60


class _Tx(Protocol):
    hash: bytes
    encoded: bytes
    priority: int
    seq: int


def evictions(queue: str, present: Iterable[_Tx], new: _Tx, limits: PoolLimits) -> list[_Tx]:
    """The transactions of `present` (the queue without those the newcomer replaces) to evict so that `new` fits;
    ImmediatelyDropped if even evicting every lower-priority one is not enough."""
    count_limit = limits.ready_count if queue == "ready" else limits.future_count
    bytes_limit = limits.ready_bytes if queue == "ready" else limits.future_bytes
    txs = list(present)
    count, size = len(txs) + 1, sum(len(t.encoded) for t in txs) + len(new.encoded)
    out: list[_Tx] = []
    for victim in sorted((t for t in txs if t.priority < new.priority), key=lambda t: (t.priority, -t.seq)):
        if count <= count_limit and size <= bytes_limit:
            break
        out.append(victim)
        count, size = count - 1, size - len(victim.encoded)
    if count > count_limit or size > bytes_limit:
        raise ImmediatelyDropped("The transaction couldn't enter the pool because of the limit",
                                 f"the {queue} queue holds at most {count_limit} transactions and "
                                 f"{bytes_limit} bytes")  # fmt: skip
    return out
