"""The PVF host: validates candidates in a pool of worker processes, with compiled code cached by hash.

``validate(code, params)`` checks the code size, encodes the params (refusing too many bytes), finds the
compiled artifact (memory, then disk, else it is prepared in a worker: once per code, even when callers
race), then runs it in a free worker under the limits. A preparation that fails (InvalidWasm, CodeTooComplex,
Timeout ...) is remembered by code hash in the cache, in memory and on disk, so the same code is refused with
the same reason and never compiled again; only a preparation Timeout is retried, and only by a host whose
prepare timeout is longer than the one that ran out. A worker that exceeds the wall-clock timeout is
killed and replaced in the background, and the candidate is invalid (Timeout). A worker that dies or
fails for reasons of its own is replaced and the request retried once; a second failure is an
`InternalError`, never an invalid candidate. Thread-safe; `validate_async` for asyncio callers.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from node.pvf.abi import encode_params, interpret
from node.pvf.cache import ArtifactCache, PrepareFailure, default_cache_dir
from node.pvf.execute import RawReturn
from node.pvf.host_functions import GuestLog
from node.pvf.limits import Limits
from node.pvf.outcome import InternalError, Invalid, InvalidReason, PvfError, Rejected, ValidationOutcome
from node.pvf.prepare import code_hash
from node.pvf.wire import ChannelClosed, DeadlineExceeded, Message, ProtocolError, encode_header
from node.pvf.worker_handle import DEFAULT_WORKER_ARGV, WorkerProcess
from primitives.parachain import ValidationParams

log = logging.getLogger("parahost.pvf")
guest_log = logging.getLogger("parahost.pvf.guest")
_GUEST_LEVELS = {1: logging.ERROR, 2: logging.WARNING, 3: logging.INFO, 4: logging.DEBUG, 5: logging.DEBUG}
_LOCK_STRIPES = 64
#: Code hashes a host remembers as prepared (and execute headers it keeps encoded) before starting afresh.
_KNOWN_CAPACITY = 1024


@dataclasses.dataclass(slots=True)
class HostStats:
    """Counts of what the host did (tests assert on these, never on times)."""

    compiled: int = 0  # preparations run to an answer (each compiles once)
    prepare_requests: int = 0  # preparations sent to a worker, including those that timed out
    executions: int = 0  # validate_block runs requested of workers
    timeouts: int = 0
    retries: int = 0
    internal_errors: int = 0
    workers_spawned: int = 0
    workers_killed: int = 0  # by the host: timeouts and failed workers


@dataclasses.dataclass(eq=False, slots=True)
class _Slot:
    index: int
    worker: WorkerProcess | None = None


class _WorkerFailed(Exception):
    """The worker died, broke the protocol, or reported a failure of its own."""


class _TimedOut(Exception):
    pass


class PvfHost:
    """Validation functions run in `workers` processes (default: one per core) under `limits`.

    `cache_dir` is where compiled artifacts are kept on disk: ``"default"`` for `default_cache_dir()`,
    None for memory only. `worker_argv` replaces the worker command (tests use it to inject failures).
    """

    def __init__(
        self,
        limits: Limits | None = None,
        *,
        workers: int | None = None,
        cache_dir: str | Path | None | Literal["default"] = "default",
        worker_argv: Sequence[str] = DEFAULT_WORKER_ARGV,
        start_timeout: float = 30.0,
    ) -> None:
        self.limits = limits or Limits()
        self.size = workers if workers is not None else (os.cpu_count() or 1)
        if self.size < 1:
            raise ValueError(f"a PVF host needs at least one worker, not {self.size}")
        self.cache = ArtifactCache(default_cache_dir() if cache_dir == "default" else cache_dir)
        self.stats = HostStats()
        self.worker_argv = tuple(worker_argv)
        self.start_timeout = start_timeout
        self._slots = [_Slot(i) for i in range(self.size)]
        self._free: queue.Queue[_Slot] = queue.LifoQueue()  # the worker used last is hottest: it goes first
        for slot in self._slots:
            self._free.put(slot)
        self._prepare_locks = [threading.Lock() for _ in range(_LOCK_STRIPES)]
        self._stats_lock = threading.Lock()
        self._closed = False
        self._limits_header = dataclasses.asdict(self.limits)
        self._prepared: set[bytes] = set()  # code that prepared: no failure record to look for
        self._headers: dict[bytes, bytes] = {}  # code hash -> the encoded execute header

    # -----------------------------------------------------------------------------------------
    # Public

    def validate(self, code: bytes, params: ValidationParams) -> ValidationOutcome:
        """Validate a candidate: Valid or Invalid; raises `InternalError` if this host failed."""
        if self._closed:
            raise PvfError("the PVF host is closed")
        limits = self.limits
        if len(code) > limits.max_code_size:
            return Invalid(
                InvalidReason.CodeTooLarge, f"{len(code)} bytes, more than the {limits.max_code_size} allowed"
            )
        try:
            encoded = encode_params(params, limits)
        except Rejected as r:
            return r.outcome
        key = code_hash(code)
        artifact = self.cache.get(key) if key in self._prepared else None  # known good: no failure to look for
        if artifact is None:
            found = self._artifact(code, key)
            if isinstance(found, Invalid):
                return found
            if len(self._prepared) >= _KNOWN_CAPACITY:
                self._prepared.clear()
            self._prepared.add(key)
            artifact = found
        return self._execute(key, artifact, encoded, params)

    async def validate_async(self, code: bytes, params: ValidationParams) -> ValidationOutcome:
        """`validate` from a thread, for asyncio callers."""
        return await asyncio.to_thread(self.validate, code, params)

    def prepare(self, code: bytes) -> Invalid | None:
        """Make sure `code` is prepared (compiled and cached); its Invalid outcome if it cannot be."""
        if len(code) > self.limits.max_code_size:
            return Invalid(InvalidReason.CodeTooLarge, f"{len(code)} bytes, more than {self.limits.max_code_size}")
        found = self._artifact(code, code_hash(code))
        return found if isinstance(found, Invalid) else None

    def start(self) -> None:
        """Make every worker run now: wait for the slots in use, start the missing workers in parallel."""
        slots = [self._free.get() for _ in range(self.size)]
        threads = [
            threading.Thread(target=self._refill, args=(slot,))
            for slot in slots
            if slot.worker is None or not slot.worker.alive()
        ]
        for slot in slots:
            if slot.worker is not None and slot.worker.alive():
                self._free.put(slot)
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def worker_pids(self) -> list[int]:
        """The process ids of the workers running now."""
        return [s.worker.pid for s in self._slots if s.worker is not None and s.worker.alive()]

    def close(self) -> None:
        """Stop every worker. Call when no validation is in flight."""
        self._closed = True
        for slot in self._slots:
            worker, slot.worker = slot.worker, None
            if worker is not None:
                worker.close()

    def __enter__(self) -> PvfHost:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -----------------------------------------------------------------------------------------
    # Preparation

    def _artifact(self, code: bytes, key: bytes) -> bytes | Invalid:
        with self._prepare_locks[key[0] % _LOCK_STRIPES]:
            timeout = self.limits.prepare_timeout
            failed = self.cache.get_failure(key)
            if failed is not None and not (
                failed.reason == InvalidReason.Timeout.value and timeout > failed.prepare_timeout
            ):
                return Invalid(InvalidReason(failed.reason), failed.detail)
            found = self.cache.get(key)
            if found is not None:
                return found
            header = {"op": "prepare", "limits": dataclasses.asdict(self.limits)}
            self._count("prepare_requests")
            try:
                reply, blobs = self._on_worker(
                    lambda slot, deadline: self._request(slot, header, [code], deadline), timeout
                )
            except _TimedOut:
                bad = Invalid(InvalidReason.Timeout, f"preparation took longer than {timeout} s")
                self.cache.put_failure(key, PrepareFailure(bad.reason.value, bad.detail, timeout))
                return bad
            self._count("compiled")
            if not reply.get("ok"):
                bad = Invalid(InvalidReason(reply["reason"]), str(reply.get("detail", "")))
                self.cache.put_failure(key, PrepareFailure(bad.reason.value, bad.detail, timeout))
                return bad
            self.cache.put(key, blobs[0])
            return blobs[0]

    # -----------------------------------------------------------------------------------------
    # Execution

    def _execute(self, key: bytes, artifact: bytes, encoded: bytes, params: ValidationParams) -> ValidationOutcome:
        header = self._headers.get(key)
        if header is None:
            if len(self._headers) >= _KNOWN_CAPACITY:
                self._headers.clear()
            header = self._headers[key] = encode_header(
                {"op": "execute", "code_hash": key.hex(), "limits": self._limits_header}
            )

        def job(slot: _Slot, deadline: float) -> Message:
            assert slot.worker is not None
            send_artifact = key not in slot.worker.loaded
            reply = self._request(slot, header, [encoded, artifact] if send_artifact else [encoded], deadline)
            if reply[0].get("status") == "need-artifact":
                reply = self._request(slot, header, [encoded, artifact], deadline)
            slot.worker.loaded.add(key)
            return reply

        self._count("executions")
        try:
            reply, blobs = self._on_worker(job, self.limits.timeout)
        except _TimedOut:
            return Invalid(InvalidReason.Timeout, f"execution took longer than {self.limits.timeout} s")
        status = reply.get("status")
        if status == "invalid":
            return Invalid(InvalidReason(reply["reason"]), str(reply.get("detail", "")))
        logs = tuple(GuestLog(int(lv), str(t), str(m)) for lv, t, m in reply.get("logs", []))
        for entry in logs:
            guest_log.log(_GUEST_LEVELS.get(entry.level, logging.DEBUG), "%s: %s", entry.target, entry.message)
        return interpret(RawReturn(blobs[0], reply.get("fuel_used"), logs), params)

    # -----------------------------------------------------------------------------------------
    # Workers

    def _request(self, slot: _Slot, header: dict[str, Any] | bytes, blobs: Sequence[bytes], deadline: float) -> Message:
        assert slot.worker is not None
        try:
            reply = slot.worker.request(header, blobs, deadline)
        except (ChannelClosed, ProtocolError) as e:
            raise _WorkerFailed(f"{type(e).__name__}: {e}") from None
        if reply[0].get("status") == "error":
            raise _WorkerFailed(str(reply[0].get("detail")))
        return reply

    def _on_worker(self, job: Callable[[_Slot, float], Message], timeout: float) -> Message:
        """Run `job` on a free worker: one retry on a fresh worker if it fails; _TimedOut after `timeout`."""
        failures: list[str] = []
        while True:
            slot = self._free.get()
            try:
                if slot.worker is None or not slot.worker.alive():
                    self._replace(slot)
                assert slot.worker is not None
                result = job(slot, time.monotonic() + timeout)
            except DeadlineExceeded:
                self._count("timeouts")
                self._discard(slot)
                threading.Thread(target=self._refill, args=(slot,), daemon=True).start()
                raise _TimedOut() from None
            except _WorkerFailed as e:
                self._discard(slot)
                self._free.put(slot)
                failures.append(str(e))
                log.warning("PVF worker failed (%s)", e)
                if len(failures) > 1:
                    self._count("internal_errors")
                    raise InternalError("PVF worker failed twice: " + "; ".join(failures)) from None
                self._count("retries")
                continue
            except BaseException:
                self._free.put(slot)
                raise
            self._free.put(slot)
            return result

    def _replace(self, slot: _Slot) -> None:
        if slot.worker is not None:
            slot.worker.kill()
        slot.worker = None
        slot.worker = WorkerProcess(self.worker_argv, self.start_timeout)
        self._count("workers_spawned")

    def _discard(self, slot: _Slot) -> None:
        if slot.worker is not None:
            slot.worker.kill()
            slot.worker = None
            self._count("workers_killed")

    def _refill(self, slot: _Slot) -> None:
        """Start a worker in `slot` (off the caller's path), then free the slot; a failure leaves it empty."""
        try:
            if not self._closed:
                self._replace(slot)
        except InternalError as e:
            log.warning("%s", e)
        finally:
            if self._closed and slot.worker is not None:
                slot.worker.close()
                slot.worker = None
            self._free.put(slot)

    def _count(self, name: str, n: int = 1) -> None:
        with self._stats_lock:
            setattr(self.stats, name, getattr(self.stats, name) + n)
