"""The transaction pool: validated transactions waiting for a block, in Substrate's ready and future queues.

A submitted extrinsic (its full encoding, with the length prefix; its hash is blake2_256 of those bytes) is
validated by the runtime at the best block (`Client.validate_transaction`: tags by (account, nonce), priority,
longevity). It is *ready* when every tag it requires is provided by a ready transaction (or it requires none),
else *future*. A transaction providing a tag that another already provides replaces it only with a higher
priority (the other is *usurped*), else it is refused (1014). Every imported block prunes the transactions it
included (*inBlock*, then *finalized* when the block is), bans their hashes, and revalidates the rest: those now
invalid leave (*invalid*, banned), futures whose requirements are met become ready. Invalid submissions are
banned for `PoolLimits.ban_seconds`; resubmitting a banned hash is refused (1012). Queues are limited by count
and bytes (Substrate's defaults: ready 8192 / 20 MiB, future 512 / 2 MiB); a transaction that does not fit is
refused (1016) unless evicting lower-priority ones makes room (`node.txpool.limits`). A transaction lives
`longevity` blocks from its validation (a mortal era's end): past it, it leaves as *invalid*. Watchers get each
status as Substrate's JSON (``"future"``, ``"ready"``, ``{"inBlock": h}``, ``{"finalized": h}``, ``{"usurped": h}``,
``"dropped"``, ``"invalid"``) and a flag on the final one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from frame import extrinsic as xt
from frame.extensions import nonce_tag
from frame.transaction_validity import TransactionSource
from node.client import BlockNotification, Client
from node.txpool.errors import (
    AlreadyImported,
    BadFormat,
    PoolError,
    TemporarilyBanned,
    TooLowPriority,
    from_validity_error,
)
from node.txpool.limits import PoolLimits, evictions
from primitives.errors import CodecError
from primitives.hashing import blake2_256
from primitives.scale import bytes_codec

__all__ = ["PoolLimits", "PoolTransaction", "TxPool", "Watcher"]

#: called with (status JSON, is_final)
Watcher = Callable[[Any, bool], None]


@attrs.define
class PoolTransaction:
    """A validated transaction: its hash, full and inner encodings, and what validation said."""

    hash: bytes
    encoded: bytes
    inner: bytes
    priority: int
    requires: tuple[bytes, ...]
    provides: tuple[bytes, ...]
    seq: int
    valid_till: int = 2**64  # the last block number it may be included in (its longevity from its validation)


class TxPool:
    """Ready and future queues over a `Client`; maintained on every block the client imports."""

    def __init__(self, client: Client, limits: PoolLimits | None = None, clock: Callable[[], float] = time.monotonic):
        self.client = client
        self.limits = limits or PoolLimits()
        self._clock = clock
        self._ready: dict[bytes, PoolTransaction] = {}
        self._future: dict[bytes, PoolTransaction] = {}
        self._banned: dict[bytes, float] = {}
        self._watchers: dict[bytes, list[Watcher]] = {}
        self._in_block: dict[bytes, list[bytes]] = {}  # block hash -> watched txs included there
        self._seq = 0
        self._best_number = client.best_header().number
        self._ready_listeners: list[Callable[[], None]] = []
        client.on_import(self._on_import)
        client.on_finalized(self._on_finalized)

    # -- reading

    def __len__(self) -> int:
        return len(self._ready) + len(self._future)

    def status(self) -> tuple[int, int]:
        """(ready, future) counts."""
        return len(self._ready), len(self._future)

    def get(self, tx_hash: bytes) -> PoolTransaction | None:
        return self._ready.get(tx_hash) or self._future.get(tx_hash)

    def state_of(self, tx_hash: bytes) -> str | None:
        return "ready" if tx_hash in self._ready else "future" if tx_hash in self._future else None

    def is_banned(self, tx_hash: bytes) -> bool:
        until = self._banned.get(tx_hash)
        if until is not None and until <= self._clock():
            del self._banned[tx_hash]
            return False
        return until is not None

    def provides(self, tag: bytes) -> bool:
        return any(tag in t.provides for t in self._all())

    def next_nonce(self, who: bytes) -> int:
        """The account's nonce at the best block plus its consecutive transactions in the pool
        (``system_accountNextIndex``)."""
        nonce = self.client.account_nonce(who)
        tags = {tag for t in self._all() for tag in t.provides}
        while nonce_tag(who, nonce) in tags:
            nonce += 1
        return nonce

    def ready(self) -> list[PoolTransaction]:
        """The ready transactions in an order a block can take them: each after those providing what it
        requires, the highest priority first among those available, then the oldest."""
        out: list[PoolTransaction] = []
        provided: set[bytes] = set()
        left = sorted(self._ready.values(), key=lambda t: (-t.priority, t.seq))
        while left:
            pick = next((t for t in left if all(r in provided for r in t.requires)), left[0])
            left.remove(pick)
            out.append(pick)
            provided.update(pick.provides)
        return out

    def pending(self) -> list[PoolTransaction]:
        """Every transaction in the pool, ready ones first (``author_pendingExtrinsics``)."""
        return self.ready() + sorted(self._future.values(), key=lambda t: t.seq)

    def _all(self) -> Iterable[PoolTransaction]:
        return [*self._ready.values(), *self._future.values()]

    # -- submitting

    def submit(self, encoded: bytes, source: int = TransactionSource.EXTERNAL) -> bytes:
        """Validate and add a transaction (full encoding, length prefix included); its hash. Raises PoolError."""
        tx_hash = blake2_256(encoded)
        if self.is_banned(tx_hash):
            raise TemporarilyBanned(detail=f"0x{tx_hash.hex()}")
        if self.get(tx_hash) is not None:
            raise AlreadyImported(detail=f"0x{tx_hash.hex()}")
        try:
            inner = bytes_codec.decode(encoded)
        except CodecError as e:
            raise BadFormat(str(e)) from None
        tx = self._validate(tx_hash, encoded, inner, source)
        usurped = self._replaced_by(tx)
        queue = "ready" if self._requirements_met(tx, exclude=usurped) else "future"
        gone = {t.hash for t in usurped}
        queued = self._ready if queue == "ready" else self._future
        evicted = evictions(queue, (t for h, t in queued.items() if h not in gone), tx, self.limits)
        for old in usurped:
            self._remove(old.hash, {"usurped": "0x" + tx.hash.hex()})
        for victim in evicted:  # a full queue makes room for a higher priority
            self._remove(victim.hash, "dropped")
        if evicted:
            self._demote()
        (self._ready if queue == "ready" else self._future)[tx.hash] = tx
        if self._promote() or queue == "ready":
            self._ready_changed()
        return tx_hash

    def _validate(self, tx_hash: bytes, encoded: bytes, inner: bytes, source: int) -> PoolTransaction:
        try:
            valid = self.client.validate_transaction(source, inner)
        except xt.TransactionValidityError as e:
            self._ban([tx_hash])
            raise from_validity_error(e) from None
        self._seq += 1
        return PoolTransaction(tx_hash, encoded, inner, valid.priority, valid.requires, valid.provides, self._seq,
                               self._best_number + valid.longevity)  # fmt: skip

    def _replaced_by(self, tx: PoolTransaction) -> list[PoolTransaction]:
        """The transactions `tx` would replace (those providing one of its tags); TooLowPriority if one of them
        has a priority at least as high."""
        clashing = [t for t in self._all() if set(t.provides) & set(tx.provides)]
        for old in clashing:
            if old.priority >= tx.priority:
                raise TooLowPriority(
                    "The transaction has too low priority to replace another transaction already in the pool.",
                    f"{tx.priority} does not beat 0x{old.hash.hex()}'s {old.priority}",
                )
        return clashing

    def _requirements_met(self, tx: PoolTransaction, exclude: Iterable[PoolTransaction] = ()) -> bool:
        gone = {t.hash for t in exclude}
        provided = {tag for t in self._ready.values() if t.hash not in gone for tag in t.provides}
        return all(r in provided for r in tx.requires)

    def _promote(self) -> bool:
        """Move futures whose requirements are now met to ready (repeatedly), telling their watchers; whether
        any moved."""
        any_moved = False
        moved = True
        while moved:
            moved = False
            for tx in sorted(self._future.values(), key=lambda t: t.seq):
                if self._requirements_met(tx) and len(self._ready) < self.limits.ready_count:
                    del self._future[tx.hash]
                    self._ready[tx.hash] = tx
                    self._tell(tx.hash, "ready", final=False)
                    moved = any_moved = True
        return any_moved

    def _ready_changed(self) -> None:
        for listener in list(self._ready_listeners):
            listener()

    def remove(self, hashes: Iterable[bytes]) -> list[bytes]:
        """Take transactions out of the pool (``author_removeExtrinsic``); their watchers see ``"dropped"``."""
        removed = [h for h in hashes if self.get(h) is not None]
        for h in removed:
            self._remove(h, "dropped")
        self._demote()
        return removed

    def expire(self, number: int) -> None:
        """Drop (``"invalid"``, banned) the transactions whose longevity ended before block `number`."""
        self._best_number = max(self._best_number, number)
        expired = [t.hash for t in self._all() if t.valid_till < number]
        if expired:
            self.report_invalid(expired)

    def report_invalid(self, hashes: Iterable[bytes]) -> None:
        """A block author could not include these transactions: remove them (``"invalid"``) and ban them."""
        gone = [h for h in hashes if self.get(h) is not None]
        self._ban(gone)
        for h in gone:
            self._remove(h, "invalid")
        self._demote()

    def _remove(self, tx_hash: bytes, status: Any) -> None:
        self._ready.pop(tx_hash, None)
        self._future.pop(tx_hash, None)
        self._tell(tx_hash, status, final=True)

    def _demote(self) -> None:
        """Move ready transactions whose requirements are no longer met back to the future queue."""
        changed = True
        while changed:
            changed = False
            for tx in list(self._ready.values()):
                if not self._requirements_met(tx, exclude=[tx]):
                    del self._ready[tx.hash]
                    self._future[tx.hash] = tx
                    self._tell(tx.hash, "future", final=False)
                    changed = True

    def _ban(self, hashes: Iterable[bytes]) -> None:
        until = self._clock() + self.limits.ban_seconds
        for h in hashes:
            self._banned[h] = until

    # -- watching

    def watch(self, tx_hash: bytes, watcher: Watcher) -> Callable[[], None]:
        """Tell `watcher` this transaction's current status now and each change later; returns the function that
        stops it. A transaction not in the pool gets nothing."""
        status = self.state_of(tx_hash)
        if status is None:
            return lambda: None
        watchers = self._watchers.setdefault(tx_hash, [])
        watchers.append(watcher)
        watcher(status, False)

        def stop() -> None:
            if watcher in watchers:
                watchers.remove(watcher)

        return stop

    def _tell(self, tx_hash: bytes, status: Any, final: bool) -> None:
        watchers = self._watchers.pop(tx_hash, []) if final else self._watchers.get(tx_hash, [])
        for w in list(watchers):
            w(status, final)

    def on_ready(self, listener: Callable[[], None]) -> None:
        """Call `listener` whenever the pool holds ready transactions after a change (instant seal)."""
        self._ready_listeners.append(listener)

    # -- maintenance on import and finality

    def _on_import(self, note: BlockNotification) -> None:
        included = {blake2_256(bytes_codec.encode(x)) for x in note.extrinsics}
        self._ban(included)
        block = "0x" + note.hash.hex()
        for h in included:
            if self.get(h) is None:
                continue
            self._ready.pop(h, None)
            self._future.pop(h, None)
            if self._watchers.get(h):
                self._tell(h, {"inBlock": block}, final=False)
                self._in_block.setdefault(note.hash, []).append(h)
        if note.is_best:
            self.expire(note.header.number)
            self._revalidate()

    def _revalidate(self) -> None:
        """Validate every transaction again at the best block; drop the invalid ones, re-sort the rest."""
        for tx in list(self._all()):
            try:
                valid = self.client.validate_transaction(TransactionSource.EXTERNAL, tx.inner)
            except xt.TransactionValidityError:
                self._ban([tx.hash])
                self._remove(tx.hash, "invalid")
                continue
            except PoolError:
                continue
            tx.priority, tx.requires, tx.provides = valid.priority, valid.requires, valid.provides
        self._demote()
        if self._promote():
            self._ready_changed()

    def _on_finalized(self, note: BlockNotification) -> None:
        for h in self._in_block.pop(note.hash, []):
            self._tell(h, {"finalized": "0x" + note.hash.hex()}, final=True)
