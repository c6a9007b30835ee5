"""Verifying a block's signatures on the machine's other cores (Substrate's batch verification, in processes).

`preverified(checks)` verifies many (signature, message, public key) checks at once, then installs the results
with `primitives.crypto.known_results`, so that the runtime's own checks, which stay where they are and in
their order (the first bad signature still raises its own named error), are answered without verifying again.
The results are booleans computed by the same sr25519 code, so a block's outcome does not depend on how
the work was split; a check missing from the batch is simply verified on the spot.

The batch is split between this process and a pool of worker processes (bare interpreters started on first
use and kept for the process's life, fed over pipes). Workers: ``PARAHOST_VERIFY_WORKERS`` if set (0 turns
this off), else one fewer than the CPUs (at most 4); batches smaller than `MIN_BATCH` are verified here, where
a round trip would cost more than it saves. If a worker fails, its share is verified here. It only helps if a
core is free: on a machine whose other cores are busy the batch costs about what checking one by one does.
"""

from __future__ import annotations

import atexit
import os
import pickle
import struct
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO

import sr25519

from primitives import crypto

__all__ = ["MIN_BATCH", "Check", "enabled", "preverified", "set_workers", "suspended", "verify_all", "workers"]

#: (signature, message, public key)
Check = tuple[bytes, bytes, bytes]

#: Below this many checks a batch is verified in this process.
MIN_BATCH = 128
#: This process's share of a batch, relative to one worker's (it also pays for the round trip).
_OWN_SHARE = 1.15

#: A worker: a bare interpreter (it imports nothing of ours, so it starts fast and never re-runs the caller's
#: main module) reading length-prefixed pickled chunks of checks on stdin, answering one byte per check.
_WORKER = """
import pickle, struct, sys
import sr25519
inp, out = sys.stdin.buffer, sys.stdout.buffer
while True:
    head = inp.read(4)
    if len(head) < 4:
        break
    checks = pickle.loads(inp.read(struct.unpack("<I", head)[0]))
    res = bytearray()
    for sig, msg, pub in checks:
        try:
            res.append(1 if sr25519.verify(sig, msg, pub) else 0)
        except Exception:
            res.append(0)
    out.write(struct.pack("<I", len(res)) + bytes(res))
    out.flush()
"""

_workers: int | None = None
_pool: list[subprocess.Popen[bytes]] | None = None
_suspended = 0


def _default_workers() -> int:
    env = os.environ.get("PARAHOST_VERIFY_WORKERS")
    if env is not None:
        try:
            return max(0, int(env))
        except ValueError:
            return 0
    return max(0, min(4, (os.cpu_count() or 1) - 1))


def workers() -> int:
    """How many worker processes batches use (0: none, everything is verified here)."""
    global _workers
    if _workers is None:
        _workers = _default_workers()
    return _workers


def set_workers(n: int | None) -> None:
    """Use `n` workers from now on (None: the default again). Stops the current pool."""
    global _workers
    _workers = None if n is None else max(0, n)
    _shutdown()


def enabled(n_checks: int) -> bool:
    """Whether a batch of `n_checks` would go to the workers."""
    return n_checks >= MIN_BATCH and not _suspended and workers() > 0


@contextmanager
def suspended() -> Iterator[None]:
    """Within the block, nothing is verified in advance: every check is made where it is asked for (to count
    them, say). The pool stays up."""
    global _suspended
    _suspended += 1
    try:
        yield
    finally:
        _suspended -= 1


def _verify_chunk(chunk: Sequence[Check]) -> list[bool]:
    out = []
    for sig, msg, pub in chunk:
        try:
            out.append(bool(sr25519.verify(sig, msg, pub)))
        except (ValueError, TypeError):
            out.append(False)
    return out


def _get_pool() -> list[subprocess.Popen[bytes]]:
    global _pool
    if _pool is None:
        _pool = [
            subprocess.Popen([sys.executable, "-c", _WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            for _ in range(workers())
        ]
    return _pool


@atexit.register
def _shutdown() -> None:
    global _pool
    pool, _pool = _pool, None
    for proc in pool or ():
        try:
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=2)
        except Exception:
            proc.kill()


def _send(proc: subprocess.Popen[bytes], chunk: Sequence[Check]) -> None:
    data = pickle.dumps(list(chunk), protocol=pickle.HIGHEST_PROTOCOL)
    stdin: IO[bytes] | None = proc.stdin
    if stdin is None:
        raise OSError("worker without stdin")
    stdin.write(struct.pack("<I", len(data)) + data)
    stdin.flush()


def _receive(proc: subprocess.Popen[bytes], n: int) -> list[bool]:
    stdout: IO[bytes] | None = proc.stdout
    if stdout is None:
        raise OSError("worker without stdout")
    head = stdout.read(4)
    if len(head) < 4 or struct.unpack("<I", head)[0] != n:
        raise OSError("worker died")
    body = stdout.read(n)
    if len(body) != n:
        raise OSError("worker died")
    return [b == 1 for b in body]


def verify_all(checks: Sequence[Check]) -> list[bool]:
    """Verify every check (in parallel when `enabled`); the results in the same order."""
    global _workers
    n = len(checks)
    if not enabled(n):
        return _verify_chunk(checks)
    k = workers()
    own = int(n * _OWN_SHARE / (k + _OWN_SHARE))
    bounds = [own + (n - own) * i // k for i in range(k + 1)]
    try:
        pool = _get_pool()
        for i, proc in enumerate(pool):
            _send(proc, checks[bounds[i] : bounds[i + 1]])
    except Exception:  # the workers cannot start or take work: verify here from now on
        _shutdown()
        _workers = 0
        return _verify_chunk(checks)
    results = _verify_chunk(checks[:own])
    for i, proc in enumerate(pool):
        try:
            results += _receive(proc, bounds[i + 1] - bounds[i])
        except Exception:  # a worker died: its share is verified here, the pool starts again next time
            _shutdown()
            results += _verify_chunk(checks[bounds[i] : bounds[i + 1]])
    return results


@contextmanager
def preverified(checks: Sequence[Check]) -> Iterator[None]:
    """Verify `checks` now (see the module docstring); within the block, `crypto.verify` answers from them."""
    unique = list(dict.fromkeys(checks))
    results = verify_all(unique)
    with crypto.known_results(dict(zip(unique, results, strict=True))):
        yield
