"""The Overseer (guide "Subsystems: Overseer"): starts the subsystems, keeps the active leaves, sends
StartWork/StopWork, relays every message between subsystems, and takes the node down if one dies.

Each subsystem has one inbox that only the overseer fills: a bounded queue of messages and a queue of
signals. `SubsystemContext.send` hands a message to the overseer, which routes it by type (or, for network
input, by protocol) to the one subsystem that handles it; a sender waits while the receiver's message queue
is full (backpressure). Signals are broadcast to every inbox at once, and each message is stamped with the
number of signals broadcast when it was sent; a subsystem receives a message only after every signal with a
lower number. So a message that subsystem A sends after it saw ``StartWork(X)`` reaches subsystem B after B's
``StartWork(X)``: the guide's ordering guarantee, without a single relay task that could block. Input from
outside the node (the network) never waits: it is dropped when the receiver's queue is half full (the other
half is the subsystems'). A sender that has waited `stall_timeout` seconds, or a subsystem that lets
`max_signals` signals pile up, stalls the node: it goes down rather than hang.

Active leaves: a new block becomes a leaf and its parent stops being one; competing forks are several
leaves; a leaf more than `max_leaf_depth` blocks below the highest leaf is dropped (a stale fork), and a block
that would start out that far below is never activated. On startup the leaves are the ones given (the best
block). A subsystem (or a task it spawned) that raises, or returns before the node stops, takes the node
down: `run` raises `SubsystemFailure` naming it and the cause.
"""

from __future__ import annotations

import abc
import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar, TypeVar

from node.messages import BlockImportEvent, OverseerSignal, PeerMessage, PeerRequest, StartWork, StopWork
from primitives.errors import ParahostError

__all__ = [
    "Overseer",
    "Subsystem",
    "SubsystemContext",
    "SubsystemFailure",
    "SubsystemStalled",
    "UnroutableMessage",
    "expiring",
]

log = logging.getLogger("parahost.overseer")
T = TypeVar("T")

#: Default capacity of each subsystem's message queue (and the most signals it may leave unread).
QUEUE_SIZE = 1024
#: Leaves this many blocks below the highest leaf are deactivated.
MAX_LEAF_DEPTH = 2
#: How long (seconds) a sender may wait for room in a receiver's queue before the node is declared stalled.
STALL_TIMEOUT = 60.0


class SubsystemFailure(ParahostError):
    """A subsystem died, and took the node down with it."""

    def __init__(self, node: str, subsystem: str, cause: BaseException | str) -> None:
        self.node, self.subsystem, self.cause = node, subsystem, cause
        what = cause if isinstance(cause, str) else f"{type(cause).__name__}: {cause}"
        super().__init__(f"node {node} went down: subsystem {subsystem} failed: {what}")


class UnroutableMessage(ParahostError):
    """A message no subsystem of this node handles (a programming error in the sender)."""


class SubsystemStalled(ParahostError):
    """A subsystem does not keep up: its queue stayed full too long, or it left too many signals unread."""


@contextmanager
def expiring(future: asyncio.Future[Any], deadline: float, error: BaseException) -> Iterator[None]:
    """Fail `future` with `error` at loop time `deadline` unless it is done by then. (Unlike
    `asyncio.wait_for` on Python 3.11, this never swallows a cancellation of the waiting task.)"""
    loop = asyncio.get_running_loop()

    def expire() -> None:
        if not future.done():
            future.set_exception(error)

    handle = loop.call_at(deadline, expire)
    try:
        yield
    finally:
        handle.cancel()


class Subsystem(abc.ABC):
    """A long-lived worker on the overseer's bus. Override `run`; declare the message base classes it
    handles in `handles` and the network protocols it speaks in `protocols`."""

    name: ClassVar[str] = "subsystem"
    handles: ClassVar[tuple[type, ...]] = ()
    protocols: ClassVar[tuple[str, ...]] = ()

    @abc.abstractmethod
    async def run(self, ctx: SubsystemContext) -> None:
        """Run until cancelled: receive signals and messages from `ctx` and act on them."""


class _Inbox:
    """Signals (at most `max_signals` unread) and a bounded queue of (stamp, message), read in stamp order."""

    def __init__(self, owner: str, size: int, max_signals: int) -> None:
        self.owner = owner
        self.size = size
        self.max_signals = max_signals
        self.signals: deque[OverseerSignal] = deque()
        self.messages: deque[tuple[int, Any]] = deque()
        self.signals_read = 0
        self._wake = asyncio.Event()
        self._putters: deque[asyncio.Future[None]] = deque()

    def signal(self, signal: OverseerSignal) -> None:
        if len(self.signals) >= self.max_signals:
            raise SubsystemStalled(f"subsystem {self.owner} left {len(self.signals)} signals unread")
        self.signals.append(signal)
        self._wake.set()

    def offer(self, stamp: int, message: Any, limit: int) -> bool:
        """Queue `message` if fewer than `limit` are queued."""
        if len(self.messages) >= limit:
            return False
        self.messages.append((stamp, message))
        self._wake.set()
        return True

    async def put(self, stamp: int, message: Any, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not self.offer(stamp, message, self.size):
            room: asyncio.Future[None] = loop.create_future()
            self._putters.append(room)
            stalled = SubsystemStalled(f"the queue of subsystem {self.owner} has been full ({self.size} messages) "
                                       f"for {timeout:g} s")  # fmt: skip
            with expiring(room, deadline, stalled):
                await room

    async def get(self) -> Any:
        while True:
            if self.messages and self.messages[0][0] <= self.signals_read:
                while self._putters:
                    putter = self._putters.popleft()
                    if not putter.done():
                        putter.set_result(None)
                        break
                return self.messages.popleft()[1]
            if self.signals:
                self.signals_read += 1
                return self.signals.popleft()
            self._wake.clear()
            await self._wake.wait()


class SubsystemContext:
    """A subsystem's handle on the overseer: its inbox, sending, and supervised tasks."""

    def __init__(self, overseer: Overseer, subsystem: Subsystem, queue_size: int, max_signals: int) -> None:
        self.overseer = overseer
        self.subsystem = subsystem
        self.inbox = _Inbox(subsystem.name, queue_size, max_signals)

    @property
    def node(self) -> str:
        return self.overseer.name

    async def recv(self) -> Any:
        """The next signal or message for this subsystem, in the order the overseer relayed them."""
        return await self.inbox.get()

    async def send(self, message: Any) -> None:
        """Send `message` to the subsystem that handles it (waits while its queue is full). A
        `BlockImportEvent` goes to the overseer itself."""
        await self.overseer.route(message)

    async def ask(self, make: Callable[[asyncio.Future[T]], Any], timeout: float | None = None) -> T:
        """Send the message `make(reply)` and wait for its reply (TimeoutError after `timeout` seconds)."""
        loop = asyncio.get_running_loop()
        reply: asyncio.Future[T] = loop.create_future()
        await self.send(make(reply))
        if timeout is None:
            return await reply
        with expiring(reply, loop.time() + timeout, TimeoutError(f"no reply in {timeout:g} s")):
            return await reply

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str = "") -> asyncio.Task[Any]:
        """Run `coro` as a task of this subsystem: if it raises, the node goes down."""
        return self.overseer.spawn(self.subsystem.name, coro, name)


class Overseer:
    """The node's overseer. `run(leaves)` until `stop()`; raises `SubsystemFailure` if a subsystem dies."""

    def __init__(self, subsystems: Sequence[Subsystem], *, name: str = "node", queue_size: int = QUEUE_SIZE,
                 max_leaf_depth: int = MAX_LEAF_DEPTH, stall_timeout: float = STALL_TIMEOUT,
                 max_signals: int = QUEUE_SIZE) -> None:  # fmt: skip
        self.name = name
        self.subsystems = list(subsystems)
        self.max_leaf_depth = max_leaf_depth
        self.stall_timeout = stall_timeout
        self.contexts = {s.name: SubsystemContext(self, s, queue_size, max_signals) for s in self.subsystems}
        if len(self.contexts) != len(self.subsystems):
            raise ValueError("two subsystems share a name")
        self._routes: dict[type, SubsystemContext] = {}
        self._protocols: dict[str, SubsystemContext] = {}
        for s in self.subsystems:
            for base in s.handles:
                self._routes[base] = self.contexts[s.name]
            for protocol in s.protocols:
                self._protocols[protocol] = self.contexts[s.name]
        #: The active leaves, hash -> block number, in activation order.
        self.active_leaves: dict[bytes, int] = {}
        #: Observers of leaf changes (tests, tools): called with each signal as it is broadcast.
        self.signal_listeners: list[Callable[[OverseerSignal], None]] = []
        self.signals_sent = 0
        self.dropped = 0  # network input dropped because the receiver's queue was half full
        self._tasks: set[asyncio.Task[Any]] = set()
        self._done: asyncio.Future[None] | None = None
        self._running = False

    # -- routing

    def destination(self, message: Any) -> SubsystemContext:
        """The context of the subsystem that receives `message` (UnroutableMessage if none)."""
        if isinstance(message, PeerMessage | PeerRequest):
            ctx = self._protocols.get(message.protocol)
            if ctx is None:
                raise UnroutableMessage(f"node {self.name}: no subsystem speaks protocol {message.protocol!r}")
            return ctx
        for cls in type(message).__mro__:
            found = self._routes.get(cls)
            if found is not None:
                return found
        raise UnroutableMessage(f"node {self.name}: no subsystem handles {type(message).__name__}")

    async def route(self, message: Any) -> None:
        """Relay a message from a subsystem (a block import event is the overseer's own)."""
        if isinstance(message, BlockImportEvent):
            self._on_block_import(message)
            return
        await self.destination(message).inbox.put(self.signals_sent, message, self.stall_timeout)

    def deliver(self, message: Any) -> bool:
        """Input from outside the node (the network, tests): queued if there is room, else dropped (False)."""
        if not self._running:
            return False
        try:
            inbox = self.destination(message).inbox
        except UnroutableMessage:
            if isinstance(message, PeerRequest) and not message.reply.done():
                message.reply.set_result(None)
            return False
        if inbox.offer(self.signals_sent, message, inbox.size // 2):
            return True
        self.dropped += 1
        return False

    # -- active leaves

    def _broadcast(self, signal: OverseerSignal) -> None:
        self.signals_sent += 1
        for listener in self.signal_listeners:
            listener(signal)
        for ctx in self.contexts.values():
            try:
                ctx.inbox.signal(signal)
            except SubsystemStalled as e:
                self._fail(ctx.subsystem.name, e)

    def _on_block_import(self, event: BlockImportEvent) -> None:
        number = event.header.number
        if event.hash in self.active_leaves:
            return
        highest = max(self.active_leaves.values(), default=number)
        if number + self.max_leaf_depth < highest:
            return  # an old block (a stale fork, or catching up behind our leaves): never a leaf
        deactivated: list[bytes] = []
        if event.header.parent_hash in self.active_leaves:
            deactivated.append(event.header.parent_hash)
        self.active_leaves[event.hash] = number
        highest = max(highest, number)
        deactivated += [h for h, n in self.active_leaves.items()
                        if n + self.max_leaf_depth < highest and h not in deactivated]  # fmt: skip
        for h in deactivated:
            del self.active_leaves[h]
            self._broadcast(StopWork(h))
        self._broadcast(StartWork(event.hash))

    # -- supervision

    def spawn(self, owner: str, coro: Coroutine[Any, Any, Any], name: str = "") -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(self._supervised(owner, coro), name=f"{self.name}/{owner}/{name}")
        self._tasks.add(task)

        def done(t: asyncio.Task[Any]) -> None:
            self._tasks.discard(t)
            coro.close()  # a task cancelled before it started never ran `coro`: close it quietly

        task.add_done_callback(done)
        return task

    async def _supervised(self, owner: str, coro: Awaitable[Any]) -> None:
        try:
            await coro
        except asyncio.CancelledError:
            raise
        except Exception as e:
            self._fail(owner, e)

    async def _run_subsystem(self, subsystem: Subsystem) -> None:
        try:
            await subsystem.run(self.contexts[subsystem.name])
        except asyncio.CancelledError:
            raise
        except Exception as e:
            self._fail(subsystem.name, e)
            return
        self._fail(subsystem.name, "it returned while the node was running")

    def _fail(self, subsystem: str, cause: BaseException | str) -> None:
        if self._done is not None and not self._done.done():
            log.error("node %s: subsystem %s failed: %s", self.name, subsystem, cause)
            failure = SubsystemFailure(self.name, subsystem, cause)
            if isinstance(cause, BaseException):
                failure.__cause__ = cause
            self._done.set_exception(failure)

    def stop(self) -> None:
        """Stop the node: every subsystem and task is cancelled, and `run` returns."""
        if self._done is not None and not self._done.done():
            self._done.set_result(None)

    @property
    def running(self) -> bool:
        return self._running

    async def run(self, leaves: Sequence[tuple[bytes, int]] = ()) -> None:
        """Start every subsystem, start work on `leaves` ((hash, number) pairs), and relay until `stop()`."""
        self._done = asyncio.get_running_loop().create_future()
        self._running = True
        try:
            for h, n in leaves:
                self.active_leaves[h] = n
                self._broadcast(StartWork(h))
            for s in self.subsystems:
                self.spawn(s.name, self._run_subsystem(s), "main")
            await self._done
        finally:
            self._running = False
            tasks = list(self._tasks)
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self._tasks.clear()
