"""Holding a watched transaction's ``finalized`` status until its client has read the block's state.

polkadot.js's ``signAndSend`` follows the status stream with rxjs ``switchMap``: on ``{"inBlock": B}`` it fetches
B's block and ``System.Events`` at B, and a status arriving before that fetch completes cancels it, so the
``InBlock`` result (with its events) is never delivered. A dev node with instant finality sends ``inBlock`` and
``finalized`` back to back, so pjs would see only ``Ready`` then ``Finalized``. The node therefore holds a
watcher's ``finalized`` for block B until the same connection has been answered a state read at B
(``state_getStorage``/``state_queryStorageAt`` naming B, which is what pjs sends last) and `GAP_SECONDS` more
have passed, or `HOLD_SECONDS` in all (clients that never read).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from node.rpc.api import Session

__all__ = ["GAP_SECONDS", "HOLD_SECONDS", "FinalizedHold"]

#: how long a ``finalized`` status waits at most for its client's state read at the block
HOLD_SECONDS = 3.0
#: after that read's reply, a pause before ``finalized`` so it does not reach the client in the same network read
#: (the ``ws`` library emits every frame of one read in the same tick, before pjs's promise callbacks run)
GAP_SECONDS = 0.3


class FinalizedHold:
    """Held ``finalized`` sends by (connection, block hash hex)."""

    def __init__(self, seconds: float = HOLD_SECONDS, gap: float = GAP_SECONDS) -> None:
        self.seconds, self.gap = seconds, gap
        self._held: dict[tuple[int, str], list[Callable[[], None]]] = {}

    def hold(self, session: Session, block: str, send: Callable[[], None]) -> None:
        """Send later: after `session`'s next reply to a state read at `block`, or after `seconds`."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a direct call): nothing to wait for
            send()
            return
        self._held.setdefault((id(session), block), []).append(send)
        loop.call_later(self.seconds, self.release, session, block)

    def read_at(self, session: Session, block: str) -> None:
        """`session` is being answered a state read at `block`: release what waits for it after the reply."""
        if (id(session), block) in self._held:
            session.after_reply(lambda: self._release_soon(session, block))

    def _release_soon(self, session: Session, block: str) -> None:
        try:
            asyncio.get_running_loop().call_later(self.gap, self.release, session, block)
        except RuntimeError:
            self.release(session, block)

    def release(self, session: Session, block: str) -> None:
        for send in self._held.pop((id(session), block), []):
            send()
