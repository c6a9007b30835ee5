"""The host's side of one worker process: start it, ask it one thing with a deadline, kill it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from node.pvf.outcome import InternalError
from node.pvf.wire import MAX_FRAME, ChannelClosed, DeadlineExceeded, Message, ProtocolError, Reader, send

#: Where the ``node`` package lives, put on the worker's PYTHONPATH so ``-m node.pvf.worker`` resolves.
PROJECT_ROOT = str(Path(__file__).resolve().parents[2])
#: How the default worker is started.
DEFAULT_WORKER_ARGV = (sys.executable, "-m", "node.pvf.worker")


class WorkerProcess:
    """A running worker. Not thread-safe: one request at a time (the pool hands each worker to one caller)."""

    def __init__(self, argv: Sequence[str] = DEFAULT_WORKER_ARGV, start_timeout: float = 30.0) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (PROJECT_ROOT, env.get("PYTHONPATH", "")) if p)
        try:
            self.process = subprocess.Popen(
                list(argv),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
                bufsize=0,
                start_new_session=True,
            )
        except OSError as e:
            raise InternalError(f"cannot start a PVF worker ({' '.join(argv)}): {e}") from None
        self.stdin: IO[bytes] = self.process.stdin  # type: ignore[assignment]
        self.stdout: IO[bytes] = self.process.stdout  # type: ignore[assignment]
        self.loaded: set[bytes] = set()  # code hashes whose artifact this worker was sent
        self.reader = Reader(self.stdout.fileno())
        try:
            header, _ = self.reader.receive(time.monotonic() + start_timeout, max_frame=1 << 16)
        except (ChannelClosed, DeadlineExceeded, ProtocolError) as e:
            self.kill()
            raise InternalError(f"a PVF worker did not start ({type(e).__name__}: {e})") from None
        if header.get("op") != "ready":
            self.kill()
            raise InternalError(f"a PVF worker greeted with {header!r}")
        self.pid = self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def request(
        self, header: dict[str, Any] | bytes, blobs: Sequence[bytes], deadline: float, max_frame: int = MAX_FRAME
    ) -> Message:
        """Send one request (`header` as a dict or `node.pvf.wire.encode_header` bytes) and wait for the reply
        until `deadline` (``time.monotonic()``).

        Raises DeadlineExceeded (the caller kills this worker), ChannelClosed (it died) or ProtocolError.
        """
        send(self.stdin.fileno(), header, blobs)
        return self.reader.receive(deadline, max_frame)

    def kill(self) -> None:
        """Kill the process and reap it."""
        try:
            self.process.kill()
        except OSError:
            pass
        self.process.wait()
        self._close_pipes()

    def close(self, grace: float = 1.0) -> None:
        """Close its stdin (it exits), killing it if it has not after `grace` seconds."""
        try:
            self.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill()
        self._close_pipes()

    def _close_pipes(self) -> None:
        self.reader.close()
        for pipe in (self.stdin, self.stdout):
            try:
                pipe.close()
            except OSError:
                pass
