"""Test externalities for pallet authors: FRAME's ``TestExternalities`` and the usual ``run_to_block`` helper.

``new_test_ext(runtime, genesis_config)`` builds the genesis of a (mock) runtime in memory and installs it as the
externalities for a ``with`` block, at block 1 (so events are recorded, as FRAME's mocks do with
``System::set_block_number(1)``); inside it, pallet storage, calls and hooks run directly::

    with new_test_ext(MockRuntime, {"template": {"something": 7}}):
        dispatch(Template.tx.do_something(42), Signed(alice))
        assert Template.Something.get() == 42
        run_to_block(5)                   # on_finalize(1), on_initialize(2), ..., on_initialize(5)

`dispatch` runs a call as the executive does, in its own storage transaction, and raises the call's error after
rolling its writes back (FRAME's ``assert_noop!`` is ``pytest.raises`` plus an unchanged `storage_root`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from frame import io
from frame.backend import MemoryBackend
from frame.block import Digest
from frame.dispatch import (
    BadOrigin,
    CannotLookup,
    ConsumerRemaining,
    Corruption,
    DispatchError,
    DispatchFailure,
    Exhausted,
    NoProviders,
    Origin,
    PalletError,
    TooManyConsumers,
)
from frame.genesis import build_genesis, pallet_configs, run_genesis_checks
from frame.pallet import Call, Pallet
from frame.runtime import Runtime
from frame.state import OverlayedState
from frame.try_runtime import run_try_state
from primitives.errors import ParahostError


class NotInTestExt(ParahostError):
    """A testing helper was used outside `new_test_ext` (or another `frame.io.using` with a runtime)."""


class TryStateFailed(ParahostError):
    """A pallet's try_state hook found its storage breaking an invariant (the message lists which)."""


class TestExternalities:
    """The state and runtime of one `new_test_ext` block: `state` is the overlay every storage access goes to."""

    __test__ = False  # not a pytest test class

    def __init__(self, runtime: Runtime, state: OverlayedState) -> None:
        self.runtime = runtime
        self.state = state

    def storage_root(self) -> bytes:
        """The trie root of the state as it is now (compare two to check that nothing was written)."""
        return self.state.storage_root()


def _runtime() -> Runtime:
    try:
        return io.runtime()
    except io.NoExternalities:
        raise NotInTestExt("use this inside `with new_test_ext(runtime, genesis_config):`") from None


@contextmanager
def new_test_ext(runtime: Runtime, genesis_config: dict[str, Any] | None = None, block_number: int = 1,
                 ) -> Iterator[TestExternalities]:  # fmt: skip
    """Build `runtime`'s genesis from `genesis_config` (chain-spec JSON form, as `Chain` takes it; the pallets'
    genesis checks run first) in memory, set System's block number to `block_number` and install the state and
    runtime for the ``with`` block. Nothing is kept afterwards."""
    run_genesis_checks(runtime, pallet_configs(runtime, genesis_config))
    backend = MemoryBackend()
    genesis = OverlayedState(backend)
    build_genesis(runtime, genesis_config, genesis)
    genesis.commit_to_backend()
    state = OverlayedState(backend)
    with io.using(state, runtime):
        runtime.system.Number.put(block_number)
        yield TestExternalities(runtime, state)


def block_number() -> int:
    """System's current block number."""
    return int(_runtime().system.Number.get())


def set_block_number(n: int) -> None:
    """Set System's block number (no hooks run: FRAME's ``System::set_block_number``)."""
    _runtime().system.Number.put(n)


def run_to_block(n: int) -> None:
    """Advance to block `n` as FRAME's usual mock helper does: for each block, every pallet's ``on_finalize`` of
    the current block (from block 1 on), then the next number, then every pallet's ``on_initialize`` with it.
    Events accumulate (call `reset_events` to clear them); no extrinsics, inherents or on_idle run."""
    runtime = _runtime()
    system = runtime.system
    while system.Number.get() < n:
        now = system.Number.get()
        if now >= 1:
            for p in runtime.pallet_classes:
                p.on_finalize(now)
        system.initialize(now + 1, bytes(32), Digest(), reset_events=False)
        for p in runtime.pallet_classes:
            p.on_initialize(now + 1)


#: the named failures of FRAME's DispatchError variants, by variant (FRAME's ``assert_noop!(.., BadOrigin)``)
_FAILURES: dict[type[DispatchError], type[DispatchFailure]] = {
    f.variant: f for f in (BadOrigin, CannotLookup, ConsumerRemaining, Corruption, Exhausted, NoProviders,
                           TooManyConsumers)  # fmt: skip
}


def dispatch(call: Call, origin: Origin) -> None:
    """Dispatch `call` from `origin` in its own storage transaction, as a block would (the runtime's call filter
    included). On failure its writes are rolled back and its error is raised: a `PalletError` subclass for a
    pallet's error, the named failure of a DispatchError variant (`BadOrigin`, `CannotLookup` ...), else
    `DispatchFailure`."""
    runtime = _runtime()
    error = runtime.dispatch(call, origin)
    if error is None:
        return
    cls = runtime.error_class(error)
    if cls is not None:
        raise cls(f"{call!r:.120}")
    raise _FAILURES.get(type(error), DispatchFailure)(f"{call!r:.120}: {runtime.describe_error(error)}")


def events(pallet: type[Pallet] | None = None) -> list[Any]:
    """The events recorded so far (since the last `reset_events`), unwrapped from the RuntimeEvent; only
    `pallet`'s when given."""
    runtime = _runtime()
    out = []
    for record in runtime.system.events():
        wrapped = record.event
        if pallet is None or runtime.by_index[runtime.index_of(pallet)].name == wrapped.pallet:
            out.append(wrapped.event)
    return out


def reset_events() -> None:
    """Forget the events recorded so far."""
    _runtime().system.reset_events()


def check_try_state() -> None:
    """Run every pallet's try_state hook at the current block; raise TryStateFailed naming those that fail."""
    runtime = _runtime()
    failed = [c for c in run_try_state(runtime, block_number()) if c.error is not None]
    if failed:
        raise TryStateFailed("; ".join(f"{c.what}: {c.error}" for c in failed))


__all__ = ["NotInTestExt", "PalletError", "TestExternalities", "TryStateFailed", "block_number", "check_try_state",
           "dispatch", "events", "new_test_ext", "reset_events", "run_to_block", "set_block_number"]  # fmt: skip
