"""Virtual time: an asyncio event loop whose clock jumps to the next timer instead of sleeping.

Under `VirtualTimeLoop`, ``loop.time()`` starts at 0 and only moves when nothing is ready to run: then it
jumps straight to the next scheduled timer. Work on the loop thread (signing, block execution, validation
through a blocking call) takes no virtual time, so a run is a deterministic function of its inputs and seeds,
and a minute of network time passes in however long the computation takes. Work handed to threads
(``run_in_executor``, ``asyncio.to_thread``) is waited for in real time with the clock stopped. If nothing is
scheduled, nothing is running elsewhere and nothing is ready, the loop would wait forever: it raises
`VirtualTimeDeadlock` instead.

`run(main, virtual=...)` runs a coroutine on a virtual-time loop or on an ordinary one (real time).
"""

from __future__ import annotations

import asyncio
import selectors
from collections.abc import Callable, Coroutine
from concurrent.futures import Executor
from typing import Any, TypeVar

from primitives.errors import ParahostError

__all__ = ["VirtualTimeDeadlock", "VirtualTimeLoop", "run"]

T = TypeVar("T")
#: How long (real seconds) an idle virtual-time loop waits for an untracked thread before calling it a deadlock.
_GRACE = 1.0


class VirtualTimeDeadlock(ParahostError):
    """Under virtual time, the loop had nothing scheduled and nothing running: it would wait forever."""


class _VirtualSelector(selectors.BaseSelector):
    """A real selector whose waits advance the loop's virtual clock instead of sleeping."""

    def __init__(self) -> None:
        self.real = selectors.DefaultSelector()
        self.loop: VirtualTimeLoop | None = None

    def register(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        return self.real.register(fileobj, events, data)

    def unregister(self, fileobj: Any) -> selectors.SelectorKey:
        return self.real.unregister(fileobj)

    def modify(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        return self.real.modify(fileobj, events, data)

    def get_map(self) -> Any:
        return self.real.get_map()

    def close(self) -> None:
        self.real.close()

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        loop = self.loop
        assert loop is not None
        if timeout is not None and timeout <= 0:
            return self.real.select(0)
        if loop.external > 0:  # a thread is working for us: wait for it with the clock stopped
            return self.real.select(None)
        ready = self.real.select(0)
        if ready:
            return ready
        if timeout is None:
            ready = self.real.select(_GRACE)  # a thread we do not track (executor shutdown) may still call
            if ready:
                return ready
            raise VirtualTimeDeadlock("virtual time: nothing is scheduled and nothing is running; the loop would "
                                      "wait forever (a future that is never set?)")  # fmt: skip
        loop.advance(timeout)
        return []


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """An event loop on virtual time (see the module docstring)."""

    def __init__(self) -> None:
        selector = _VirtualSelector()
        super().__init__(selector)
        selector.loop = self
        self._now = 0.0
        #: executor jobs in flight (the clock waits for them)
        self.external = 0

    def time(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward (the selector does this when the loop would otherwise sleep)."""
        self._now += seconds

    def run_in_executor(self, executor: Executor | None, func: Callable[..., T],  # type: ignore[override]
                        *args: Any) -> asyncio.Future[T]:  # fmt: skip
        future = super().run_in_executor(executor, func, *args)
        self.external += 1

        def finished(_: asyncio.Future[T]) -> None:
            self.external -= 1

        future.add_done_callback(finished)
        return future


def run(main: Coroutine[Any, Any, T], *, virtual: bool) -> T:
    """Run `main` to completion on a virtual-time loop (`virtual`) or an ordinary one."""
    factory = VirtualTimeLoop if virtual else asyncio.new_event_loop
    with asyncio.Runner(loop_factory=factory) as runner:
        return runner.run(main)
