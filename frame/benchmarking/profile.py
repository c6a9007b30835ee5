"""Where a block's time goes: exclusive timers on the hot paths, switched on only while profiling.

`Profiler` wraps, for the duration of a ``with`` block, the functions that do each kind of work, and charges
the time spent inside them to a category, exclusively (time in a nested category is not charged to the
outer one):

- ``signatures``: sr25519 verification (`primitives.crypto`'s binding, and batches verified in parallel by
  `frame.sigbatch`, waiting for the workers included);
- ``storage``: the overlay's reads, writes and iteration (and the backend below it);
- ``codec``: decoding extrinsics and storage values, encoding storage values and events;
- ``trie root``: the state root and the extrinsics root;
- ``other``: everything else (the runtime's own logic, hashing of keys, signing payloads ...).

Nothing is patched outside the ``with`` block, so the normal path pays nothing. The wrappers cost about a
microsecond per call, so a profiled run is slower than a plain one; the shares are what to read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Any

from frame import extrinsic as xt
from frame import sigbatch
from frame import storage as storage_mod
from frame import system as system_mod
from frame.state import OverlayedState
from primitives import crypto

__all__ = ["CATEGORIES", "Profiler"]

CATEGORIES = ("signatures", "storage", "codec", "trie root", "other")


class _Clock:
    def __init__(self) -> None:
        self.totals = dict.fromkeys(CATEGORIES, 0.0)
        self.calls = dict.fromkeys(CATEGORIES, 0)
        self.stack = ["other"]
        self.last = time.perf_counter()

    def enter(self, category: str) -> None:
        now = time.perf_counter()
        self.totals[self.stack[-1]] += now - self.last
        self.stack.append(category)
        self.calls[category] += 1
        self.last = now

    def leave(self) -> None:
        now = time.perf_counter()
        self.totals[self.stack.pop()] += now - self.last
        self.last = now


def _timed(clock: _Clock, category: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kw: Any) -> Any:
        clock.enter(category)
        try:
            return fn(*args, **kw)
        finally:
            clock.leave()

    return wrapper


def _timed_iter(clock: _Clock, category: str, fn: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    def wrapper(*args: Any, **kw: Any) -> Iterator[Any]:
        it = fn(*args, **kw)
        while True:
            clock.enter(category)
            try:
                item = next(it)
            except StopIteration:
                return
            finally:
                clock.leave()
            yield item

    return wrapper


class _TimedSr25519:
    """Stands in for the sr25519 binding module: `verify` is timed, the rest passes through."""

    def __init__(self, real: Any, clock: _Clock) -> None:
        self._real = real
        self.verify = _timed(clock, "signatures", real.verify)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class Profiler:
    """``with Profiler() as p: ...`` then `p.totals` (seconds per category) and `p.calls`."""

    def __init__(self) -> None:
        self._clock = _Clock()
        self._saved: list[tuple[Any, str, Any]] = []
        self.elapsed = 0.0

    @property
    def totals(self) -> dict[str, float]:
        return dict(self._clock.totals)

    @property
    def calls(self) -> dict[str, int]:
        return dict(self._clock.calls)

    def _patch(self, owner: Any, name: str, value: Any) -> None:
        self._saved.append((owner, name, owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)))
        setattr(owner, name, value)

    def __enter__(self) -> Profiler:
        c = self._clock
        self._patch(crypto, "sr25519", _TimedSr25519(crypto.sr25519, c))
        self._patch(sigbatch, "verify_all", _timed(c, "signatures", sigbatch.verify_all))
        for name in ("get", "exists", "set", "delete", "append", "clear_prefix", "next_key"):
            self._patch(OverlayedState, name, _timed(c, "storage", getattr(OverlayedState, name)))
        self._patch(OverlayedState, "_iter", _timed_iter(c, "storage", OverlayedState._iter))
        self._patch(OverlayedState, "storage_root", _timed(c, "trie root", OverlayedState.storage_root))
        self._patch(system_mod, "ordered_trie_root", _timed(c, "trie root", system_mod.ordered_trie_root))
        self._patch(xt, "decode", _timed(c, "codec", xt.decode))
        item = storage_mod.StorageItem
        for name in ("_decode", "_put", "_set_query", "_append"):
            self._patch(item, name, _timed(c, "codec", getattr(item, name)))
        c.last = time.perf_counter()
        self._started = c.last
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        c = self._clock
        now = time.perf_counter()
        c.totals[c.stack[-1]] += now - c.last
        c.last = now
        self.elapsed = now - self._started
        for owner, name, value in reversed(self._saved):
            setattr(owner, name, value)
        self._saved.clear()
