"""The overlayed state: uncommitted writes over a backend, with FRAME's nested storage transactions.

Implements the runtime's view of storage (sp_io::storage in Substrate): get / set / delete / append,
prefix iteration and clearing, `start/commit/rollback_transaction` nested up to FRAME's limit of 255, the
state root of backend + overlay (computed incrementally from the backend's persistent trie), and the
final commit of the net change set to the backend.

Layout, chosen for a cheap `get`: one flat dict holds the current value of every key written (None marks
a deletion), whatever layer wrote it, so a read is one dict lookup and, on a miss, one backend read. Each
open transaction keeps an undo log, the entry a key had before the layer's first write to it; a rollback
replays the log, a commit folds it into the parent's log (the parent's earlier entry wins). A SortedSet of
the written keys serves prefix iteration.

An OverlayedState also satisfies the `Backend` protocol, so an overlay can stack on an uncommitted one
(a block built on a block not yet written down); the child's `commit_to_backend` writes into the parent.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from itertools import islice
from types import TracebackType
from typing import Final

from sortedcontainers import SortedSet

from frame.backend import Backend, BackendError
from frame.trie import Trie
from primitives.errors import CodecError, ParahostError
from primitives.scale import decode_compact, encode_compact

__all__ = [
    "TRANSACTIONAL_LIMIT",
    "NoOpenTransaction",
    "OverlayedState",
    "ReadOnlyViolation",
    "StateError",
    "TransactionLimitReached",
    "TransactionStillOpen",
    "append_to_vec",
]

TRANSACTIONAL_LIMIT: Final = 255
"""Most storage transactions open at once (FRAME's `TRANSACTIONAL_LIMIT`)."""

_U32_MAX: Final = 0xFFFF_FFFF


class StateError(ParahostError):
    """Root of the overlay's errors."""


class NoOpenTransaction(StateError):
    """commit_transaction or rollback_transaction was called with no transaction open."""


class TransactionLimitReached(StateError):
    """start_transaction would open more than TRANSACTIONAL_LIMIT (255) nested transactions."""


class TransactionStillOpen(StateError):
    """The net change set was asked for (changes, commit_to_backend) while transactions are still open."""


class ReadOnlyViolation(StateError):
    """A write to a read-only state (runtime APIs must never write)."""


class _Absent(enum.Enum):
    """Undo-log entry: the key was not in the overlay at all (reads went to the backend)."""

    ABSENT = 0


_ABSENT: Final = _Absent.ABSENT


def append_to_vec(existing: bytes | None, item_encoded: bytes) -> bytes:
    """Append one SCALE-encoded item to a SCALE-encoded `Vec` without decoding its items.

    As sp_io::storage::append: an absent or empty value starts a new one-item vec; otherwise the leading
    `Compact<u32>` length is rewritten and the item bytes appended. If the length does not decode as a
    canonical `Compact<u32>` (or would overflow u32) the value is replaced by a one-item vec.
    """
    if existing:
        try:
            n, offset = decode_compact(existing, 0)
        except CodecError:
            n, offset = _U32_MAX, 0  # undecodable: falls through to a fresh vec
        if n < _U32_MAX:
            return encode_compact(n + 1) + existing[offset:] + item_encoded
    return b"\x04" + item_encoded


def _as_bytes(value: object, what: str) -> bytes:
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"storage {what} must be bytes, got {type(value).__name__}")


class OverlayedState:
    """Uncommitted writes over a `Backend`, with nested transactions.

    Reads: `get`/`exists` are served from the overlay when the key was written (counted in
    `overlay_reads`), else from the backend (counted in `reads`); items yielded by iteration count the same
    way. `writes` is the number of distinct keys written since the last `reset_counters()`.

    Iteration (`iter_prefix`, `keys_with_prefix`, `next_key`) is lazy and cursor-like, as Substrate's
    `next_key` loop: each step finds the next key after the last one yielded in the state as it is at that
    moment. The caller may write while iterating: keys deleted ahead are skipped, keys inserted ahead are
    seen, values are the current ones, keys behind the cursor are never revisited.

    With `read_only=True` (settable later, e.g. after a block's initialization, before running a runtime
    API) every write raises `ReadOnlyViolation`; transactions may still be opened and closed.
    """

    __slots__ = (
        "_backend",
        "_values",
        "_keys",
        "_logs",
        "_log",
        "_read_only",
        "_trie_cache",
        "_written",
        "reads",
        "overlay_reads",
    )

    def __init__(self, backend: Backend, *, read_only: bool = False) -> None:
        self._backend = backend
        self._values: dict[bytes, bytes | None] = {}
        self._keys: SortedSet = SortedSet()
        self._logs: list[dict[bytes, bytes | None | _Absent]] = []
        self._log: dict[bytes, bytes | None | _Absent] | None = None  # the innermost layer's undo log
        self._read_only = read_only
        self._trie_cache: tuple[Trie, Trie] | None = None  # (backend trie it was computed on, merged trie)
        self._written: set[bytes] = set()
        self.reads = 0
        self.overlay_reads = 0

    # -- properties -------------------------------------------------------------------------

    @property
    def backend(self) -> Backend:
        return self._backend

    @property
    def read_only(self) -> bool:
        return self._read_only

    @read_only.setter
    def read_only(self, value: bool) -> None:
        self._read_only = bool(value)

    @property
    def transaction_depth(self) -> int:
        return len(self._logs)

    @property
    def writes(self) -> int:
        """Distinct keys written (set, deleted, appended) since the last `reset_counters()`."""
        return len(self._written)

    def reset_counters(self) -> None:
        self.reads = 0
        self.overlay_reads = 0
        self._written = set()

    def _refuse_write(self, key: bytes) -> ReadOnlyViolation:
        return ReadOnlyViolation(f"write to key 0x{key.hex()} in a read-only state")

    # -- reads ------------------------------------------------------------------------------

    def get(self, key: bytes) -> bytes | None:
        """The current value at `key`, or None."""
        v = self._values.get(key, _ABSENT)
        if v is _ABSENT:
            self.reads += 1
            return self._backend.get(key)
        self.overlay_reads += 1
        return v

    def exists(self, key: bytes) -> bool:
        v = self._values.get(key, _ABSENT)
        if v is _ABSENT:
            self.reads += 1
            return self._backend.get(key) is not None
        self.overlay_reads += 1
        return v is not None

    # -- writes -----------------------------------------------------------------------------

    def set(self, key: bytes, value: bytes) -> None:
        if self._read_only:
            raise self._refuse_write(key)
        if type(value) is not bytes:
            value = _as_bytes(value, "value")
        if type(key) is not bytes:
            key = _as_bytes(key, "key")
        values = self._values
        old = values.get(key, _ABSENT)
        if old is _ABSENT:
            self._keys.add(key)
        log = self._log
        if log is not None and key not in log:
            log[key] = old
        values[key] = value
        self._written.add(key)
        self._trie_cache = None

    def delete(self, key: bytes) -> None:
        if self._read_only:
            raise self._refuse_write(key)
        if type(key) is not bytes:
            key = _as_bytes(key, "key")
        values = self._values
        old = values.get(key, _ABSENT)
        if old is None:
            self._written.add(key)
            return  # already deleted in the overlay: nothing changes (the undo log needs no entry either)
        if old is _ABSENT:
            self._keys.add(key)
        log = self._log
        if log is not None and key not in log:
            log[key] = old
        values[key] = None
        self._written.add(key)
        self._trie_cache = None

    def append(self, key: bytes, item_encoded: bytes) -> None:
        """Append a SCALE-encoded item to the SCALE `Vec` at `key` (see `append_to_vec`)."""
        if self._read_only:
            raise self._refuse_write(key)
        if type(item_encoded) is not bytes:
            item_encoded = _as_bytes(item_encoded, "item")
        self.set(key, append_to_vec(self.get(key), item_encoded))

    def clear_prefix(self, prefix: bytes, limit: int | None = None) -> int:
        """Delete the keys starting with `prefix` (at most `limit` of them, lowest first); return how many
        existing keys were deleted. Unlike Substrate, `limit` counts every deleted key, not only backend ones."""
        if self._read_only:
            raise self._refuse_write(prefix)
        if limit is not None and limit < 0:
            raise ValueError(f"clear_prefix limit must be >= 0, got {limit}")
        doomed = list(islice(self.keys_with_prefix(prefix), limit))
        for k in doomed:
            self.delete(k)
        return len(doomed)

    # -- iteration --------------------------------------------------------------------------

    def _iter(self, start: bytes, inclusive: bool, prefix: bytes) -> Iterator[tuple[bytes, bytes]]:
        """Merged items from `start` on (ascending) while they start with `prefix`; see the class docstring."""
        backend = self._backend
        trie = backend.trie
        b_it = backend.iter_from(start, prefix)  # stops before the first key outside `prefix`, unread
        b_next = next(b_it, None)
        cursor, incl = start, inclusive
        while True:
            if backend.trie is not trie:  # the backend was committed to mid-iteration: re-seek it
                trie = backend.trie
                b_it = backend.iter_from(cursor, prefix)
                b_next = next(b_it, None)
            while b_next is not None and (b_next[0] < cursor or (not incl and b_next[0] == cursor)):
                b_next = next(b_it, None)
            keys = self._keys  # re-read each step: discard() replaces it
            i = keys.bisect_left(cursor) if incl else keys.bisect_right(cursor)
            o_key: bytes | None = keys[i] if i < len(keys) else None
            if b_next is None or (o_key is not None and o_key <= b_next[0]):
                if o_key is None or not o_key.startswith(prefix):
                    return
                cursor, incl = o_key, False
                v = self._values.get(o_key)
                if v is None:
                    continue  # deleted in the overlay (hides the backend's item at the same key)
                self.overlay_reads += 1
                yield o_key, v
            else:
                key, v = b_next
                if not key.startswith(prefix):
                    return
                cursor, incl = key, False
                self.reads += 1
                yield key, v

    def iter_prefix(self, prefix: bytes) -> Iterator[tuple[bytes, bytes]]:
        """(key, value) for every key starting with `prefix`, ascending; lazy, cursor semantics."""
        return self._iter(prefix, True, prefix)

    def keys_with_prefix(self, prefix: bytes) -> Iterator[bytes]:
        """Every key starting with `prefix`, ascending; lazy, cursor semantics."""
        for k, _ in self._iter(prefix, True, prefix):
            yield k

    def next_key(self, key: bytes) -> bytes | None:
        """The smallest existing key strictly greater than `key`, or None."""
        for k, _ in self._iter(key, False, b""):
            return k
        return None

    # -- transactions -----------------------------------------------------------------------

    def start_transaction(self) -> None:
        """Open a nested layer; its writes can be committed into the parent or rolled back."""
        logs = self._logs
        if len(logs) >= TRANSACTIONAL_LIMIT:
            raise TransactionLimitReached(f"cannot open more than {TRANSACTIONAL_LIMIT} nested storage transactions")
        log: dict[bytes, bytes | None | _Absent] = {}
        logs.append(log)
        self._log = log

    def commit_transaction(self) -> None:
        """Close the innermost layer, keeping its writes (in the parent layer, if any)."""
        logs = self._logs
        if not logs:
            raise NoOpenTransaction("commit_transaction with no storage transaction open")
        log = logs.pop()
        if logs:
            parent = logs[-1]
            if not parent:
                logs[-1] = parent = log
            else:
                for k, prev in log.items():
                    parent.setdefault(k, prev)  # the parent's earlier entry is the one to restore
            self._log = parent
        else:
            self._log = None

    def rollback_transaction(self) -> None:
        """Close the innermost layer, undoing every write made in it (and in layers committed into it)."""
        logs = self._logs
        if not logs:
            raise NoOpenTransaction("rollback_transaction with no storage transaction open")
        log = logs.pop()
        values, keys = self._values, self._keys
        for k, prev in log.items():
            if prev is _ABSENT:
                del values[k]
                keys.remove(k)
            else:
                values[k] = prev
        self._log = logs[-1] if logs else None
        if log:
            self._trie_cache = None

    def transaction(self) -> _Transaction:
        """`with state.transaction():` commits on normal exit and rolls back if the block raises."""
        return _Transaction(self)

    # -- the change set ---------------------------------------------------------------------

    def _need_depth_zero(self, what: str) -> None:
        if self._logs:
            raise TransactionStillOpen(f"{what} with {len(self._logs)} storage transaction(s) still open")

    def changes(self) -> dict[bytes, bytes | None]:
        """The net change set relative to the backend (None = delete). Only with no transaction open."""
        self._need_depth_zero("changes()")
        return dict(self._values)

    def storage_root(self) -> bytes:
        """State root of backend + overlay (all layers, open ones included); the backend is not touched.
        Incremental in the number of keys written; cached until the next write or rollback."""
        return self.trie.root

    @property
    def trie(self) -> Trie:
        """The trie of backend + overlay: `backend.trie.updated(values)`, cached until the next write."""
        base = self._backend.trie
        cached = self._trie_cache
        if cached is not None and cached[0] is base:
            return cached[1]
        trie = base.updated(self._values) if self._values else base
        self._trie_cache = (base, trie)
        return trie

    def commit_to_backend(self) -> bytes:
        """Write the net change set to the backend (all or nothing), empty the overlay, return the root."""
        if self._read_only:
            raise ReadOnlyViolation("commit_to_backend on a read-only state")
        self._need_depth_zero("commit_to_backend()")
        changes = self._values
        backend = self._backend
        root = backend.commit(changes) if changes else backend.root
        self._values = {}
        self._keys = SortedSet()
        self._trie_cache = (backend.trie, backend.trie)
        return root

    def discard(self) -> None:
        """Drop every uncommitted change and close every open transaction."""
        self._values = {}
        self._keys = SortedSet()
        self._logs = []
        self._log = None
        self._trie_cache = None

    # -- as a Backend, so that an overlay can stack on an uncommitted overlay ------------------

    def iter_from(self, start: bytes, prefix: bytes = b"") -> Iterator[tuple[bytes, bytes]]:
        """Backend protocol: every current item with key >= `start` while keys start with `prefix`,
        ascending (cursor semantics)."""
        return self._iter(start, True, prefix)

    @property
    def root(self) -> bytes:
        """Backend protocol: `storage_root()`."""
        return self.storage_root()

    def commit(self, changes: Mapping[bytes, bytes | None]) -> bytes:
        """Backend protocol, for a child overlay's `commit_to_backend`: write `changes` into this overlay's
        innermost layer (types are checked first, so it is all or nothing) and return the new storage root.
        Not to be confused with `commit_transaction`."""
        if self._read_only:
            raise ReadOnlyViolation("commit of a child overlay into a read-only state")
        for k, v in changes.items():
            if type(k) is not bytes or (v is not None and type(v) is not bytes):
                raise BackendError(f"change set entry {k!r}: {v!r} is not bytes -> bytes or None, expected bytes")
        for k, v in changes.items():
            if v is None:
                self.delete(k)
            else:
                self.set(k, v)
        return self.storage_root()

    def __len__(self) -> int:
        """Number of items in backend + overlay."""
        return len(self.trie)

    def __bool__(self) -> bool:
        return True  # never falsy because it is empty

    def __repr__(self) -> str:
        ro = ", read-only" if self._read_only else ""
        return f"OverlayedState({len(self._values)} changed keys, depth {len(self._logs)}{ro})"


class _Transaction:
    """Context manager for one storage layer: commit on success, rollback on exception."""

    __slots__ = ("_state",)

    def __init__(self, state: OverlayedState) -> None:
        self._state = state

    def __enter__(self) -> OverlayedState:
        self._state.start_transaction()
        return self._state

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self._state.commit_transaction()
        else:
            self._state.rollback_transaction()
