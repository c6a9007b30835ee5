"""The externalities: the state (and runtime) that storage items and calls act on right now.

Like sp_io in Substrate, storage items do not carry a state handle: the executive (or a test) installs
one with `using(state, runtime)` and every storage access in that scope goes to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from primitives.errors import ParahostError

if TYPE_CHECKING:
    from frame.state import OverlayedState


class NoExternalities(ParahostError):
    """Storage was touched outside `frame.io.using(...)`: there is no state to act on."""


class _NoState:
    """Stands in for the state outside `using`: any use raises NoExternalities."""

    def __getattr__(self, name: str) -> Any:
        raise NoExternalities("no state installed: wrap storage access in frame.io.using(state)")


_NO_STATE: Any = _NoState()


class _Ext:
    state: OverlayedState = _NO_STATE
    runtime: Any = None


ext = _Ext()


def state() -> OverlayedState:
    """The state installed by the innermost `using`."""
    s = ext.state
    if s is _NO_STATE:
        raise NoExternalities("no state installed: wrap storage access in frame.io.using(state)")
    return s


def runtime() -> Any:
    """The runtime installed by the innermost `using` (needed to encode calls and events)."""
    r = ext.runtime
    if r is None:
        raise NoExternalities("no runtime installed: wrap execution in frame.io.using(state, runtime)")
    return r


@contextmanager
def using(state: OverlayedState, runtime: Any = None) -> Iterator[OverlayedState]:
    """Install `state` (and optionally `runtime`) for the duration of the block."""
    prev_state, prev_runtime = ext.state, ext.runtime
    ext.state = state
    if runtime is not None:
        ext.runtime = runtime
    try:
        yield state
    finally:
        ext.state, ext.runtime = prev_state, prev_runtime


@contextmanager
def using_runtime(runtime: Any) -> Iterator[None]:
    """Install only a runtime (to encode or decode calls and events outside block execution)."""
    prev = ext.runtime
    ext.runtime = runtime
    try:
        yield
    finally:
        ext.runtime = prev
