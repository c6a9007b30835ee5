"""Per-relay-parent jobs (guide "Subsystems and Jobs"): one job per active leaf, started on StartWork and
cancelled on StopWork, each reading its own inbox.

Messages from other subsystems about a relay parent always find its job (the overseer's ordering guarantee).
Messages from the network may arrive before the node has imported the block: up to `early_limit` of them
per relay parent (for at most `early_parents` relay parents) wait for its StartWork; those for relay parents
recently stopped are dropped.
"""

from __future__ import annotations

import abc
import asyncio
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from node.messages import StartWork, StopWork
from node.overseer import SubsystemContext

__all__ = ["Job", "JobManager"]


class Job(abc.ABC):
    """A job under one relay parent. Override `run` (it reads `self.inbox`)."""

    def __init__(self, ctx: SubsystemContext, relay_parent: bytes) -> None:
        self.ctx = ctx
        self.relay_parent = relay_parent
        self.inbox: asyncio.Queue[Any] = asyncio.Queue()
        self._tasks: list[asyncio.Task[Any]] = []

    @abc.abstractmethod
    async def run(self) -> None:
        """The job's work for its relay parent, until it is stopped."""

    def spawn(self, coro: Any, name: str = "") -> asyncio.Task[Any]:
        """A task of this job: cancelled with it; if it raises, the node goes down."""
        task = self.ctx.spawn(coro, name)
        self._tasks = [t for t in self._tasks if not t.done()]
        self._tasks.append(task)
        return task

    def cancel(self) -> None:
        for t in self._tasks:
            t.cancel()


J = TypeVar("J", bound=Job)


class JobManager(Generic[J]):
    """The live jobs of a subsystem, by relay parent."""

    def __init__(self, ctx: SubsystemContext, make: Callable[[bytes], J], *, early_limit: int = 256,
                 early_parents: int = 32) -> None:  # fmt: skip
        self.ctx = ctx
        self.make = make
        self.jobs: dict[bytes, tuple[J, asyncio.Task[Any]]] = {}
        self.early_limit = early_limit
        self.early_parents = early_parents
        self._early: OrderedDict[bytes, list[Any]] = OrderedDict()
        self._stopped: deque[bytes] = deque(maxlen=64)

    def get(self, relay_parent: bytes) -> J | None:
        entry = self.jobs.get(relay_parent)
        return None if entry is None else entry[0]

    def on_signal(self, signal: Any) -> None:
        if isinstance(signal, StartWork):
            self.start(signal.relay_parent)
        elif isinstance(signal, StopWork):
            self.stop(signal.relay_parent)

    def start(self, relay_parent: bytes) -> J:
        existing = self.get(relay_parent)
        if existing is not None:
            return existing
        job = self.make(relay_parent)
        task = self.ctx.spawn(job.run(), f"job {relay_parent[:4].hex()}")
        self.jobs[relay_parent] = (job, task)
        for message in self._early.pop(relay_parent, []):
            job.inbox.put_nowait(message)
        return job

    def stop(self, relay_parent: bytes) -> None:
        entry = self.jobs.pop(relay_parent, None)
        self._early.pop(relay_parent, None)
        self._stopped.append(relay_parent)
        if entry is not None:
            entry[0].cancel()
            entry[1].cancel()

    def dispatch(self, relay_parent: bytes, message: Any) -> bool:
        """Give `message` to the job under `relay_parent`, or keep it for a job that has not started yet."""
        job = self.get(relay_parent)
        if job is not None:
            job.inbox.put_nowait(message)
            return True
        if relay_parent in self._stopped:
            return False
        waiting = self._early.setdefault(relay_parent, [])
        self._early.move_to_end(relay_parent)
        if len(waiting) < self.early_limit:
            waiting.append(message)
        while len(self._early) > self.early_parents:
            self._early.popitem(last=False)
        return False
