"""The runtime-wide call filter (frame_system's `BaseCallFilter`) and filters added for a while.

A filter is a predicate on a `Call` (FRAME's `Contains<RuntimeCall>`): `Everything`, `Nothing`,
`EverythingBut(pred)`, `InsideBoth(a, b)`, or any function. Give one to
``construct_runtime(..., base_call_filter=...)``. Every `Runtime.dispatch` with an origin other than Root
checks it first, and a call it refuses fails with `frame_system::Error::CallFiltered` (System's error 5)
without running. Root passes unfiltered, as FRAME's `filter_call` lets `RawOrigin::Root` through (so do
`Runtime.dispatch_bypass_filter` and the calls FRAME dispatches that way: Sudo.sudo, Utility.dispatch_as).

`adding_filter(pred)` narrows what may be dispatched inside its scope (FRAME's `origin.add_filter`, which
batch_all uses to refuse nested batch_all calls); `fresh_origin()` drops such added filters for a call made
with a newly built origin (FRAME's `RuntimeOrigin::from(caller)`, as Utility.dispatch_as does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from frame.dispatch import Root

#: A call filter: True lets the call through.
CallFilter = Callable[[Any], bool]


def Everything(call: Any) -> bool:
    """Let every call through (FRAME's `Everything`, the default)."""
    return True


def Nothing(call: Any) -> bool:
    """Let no call through (FRAME's `Nothing`)."""
    return False


def EverythingBut(refused: CallFilter) -> CallFilter:
    """Let every call through except those `refused` matches (FRAME's `EverythingBut`)."""
    return lambda call: not refused(call)


def InsideBoth(a: CallFilter, b: CallFilter) -> CallFilter:
    """Let a call through only if both filters do (FRAME's `InsideBoth`)."""
    return lambda call: a(call) and b(call)


def calls_of(pallet: type, *names: str) -> CallFilter:
    """Matches the calls of `pallet` (all of them, or only those named)."""
    return lambda call: call.pallet is pallet and (not names or call.name in names)


_added: list[CallFilter] = []


@contextmanager
def adding_filter(f: CallFilter) -> Iterator[None]:
    """Inside this scope, non-Root dispatches must also pass `f`."""
    _added.append(f)
    try:
        yield
    finally:
        _added.pop()


@contextmanager
def fresh_origin() -> Iterator[None]:
    """Inside this scope, only the runtime's base filter applies (the added ones are set aside)."""
    saved = _added[:]
    _added.clear()
    try:
        yield
    finally:
        _added[:] = saved


def allows(base: CallFilter, call: Any, origin: Any) -> bool:
    """Whether `origin` may dispatch `call` under the base filter and the filters added now."""
    if type(origin) is Root:
        return True
    return bool(base(call)) and all(f(call) for f in _added)


__all__ = ["CallFilter", "Everything", "EverythingBut", "InsideBoth", "Nothing", "adding_filter", "allows",
           "calls_of", "fresh_origin"]  # fmt: skip
