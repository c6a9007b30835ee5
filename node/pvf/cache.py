"""The artifact cache: compiled modules by blake2_256 of their code, in memory and in a directory.

A lookup tries memory, then the file ``<dir>/<code hash hex>.pvfa`` (checked by `node.pvf.artifact_file`;
a file that fails a check is counted in ``rejected_files``, logged, and deleted, so the caller compiles and
stores a good one). Code whose preparation failed is remembered too, as a `PrepareFailure` in memory and in
``<dir>/<code hash hex>.pvff`` (a line of JSON naming the engine fingerprint, the reason, the detail and the
prepare timeout), so a restarted node refuses the same bad code without compiling it again; a failure file
from another engine is ignored. Files are written atomically (a temporary file, then a rename). A directory that cannot
be written only costs the disk copy. The default directory is ``$PARAHOST_PVF_CACHE``, else
``$XDG_CACHE_HOME/parahost/pvf`` (``~/.cache/parahost/pvf``).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from node.pvf import artifact_file
from node.pvf.artifact_file import ArtifactFileError
from node.pvf.engine import engine_fingerprint

log = logging.getLogger("parahost.pvf")

#: Compiled artifacts kept in memory (least recently used dropped first).
MEMORY_CAPACITY = 64
SUFFIX = ".pvfa"
FAILURE_SUFFIX = ".pvff"
#: Failed preparations kept in memory (oldest forgotten first; the disk copies stay).
FAILURE_CAPACITY = 1024


@dataclass(frozen=True, slots=True)
class PrepareFailure:
    """Why preparing some code failed: the `InvalidReason` value, its detail, and the prepare timeout it had."""

    reason: str
    detail: str
    prepare_timeout: float


def default_cache_dir() -> Path:
    explicit = os.environ.get("PARAHOST_PVF_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "parahost" / "pvf"


@dataclass(slots=True)
class CacheStats:
    """Counts of what the cache did (tests assert on these, never on times)."""

    memory_hits: int = 0
    disk_hits: int = 0
    misses: int = 0
    stored: int = 0
    rejected_files: int = 0
    failures_stored: int = 0
    failure_hits: int = 0


class ArtifactCache:
    """Compiled artifacts by code hash; `directory` None keeps them in memory only."""

    def __init__(self, directory: str | Path | None, capacity: int = MEMORY_CAPACITY) -> None:
        self.directory = Path(directory) if directory is not None else None
        self.capacity = capacity
        self.stats = CacheStats()
        self._memory: OrderedDict[bytes, bytes] = OrderedDict()
        self._failures: OrderedDict[bytes, PrepareFailure] = OrderedDict()
        self._lock = threading.Lock()

    def path(self, code_hash: bytes) -> Path | None:
        """Where the artifact for `code_hash` lives on disk (None: no directory)."""
        return self.directory / (code_hash.hex() + SUFFIX) if self.directory is not None else None

    def get(self, code_hash: bytes) -> bytes | None:
        """The artifact for `code_hash`, or None if it must be compiled."""
        with self._lock:
            found = self._memory.get(code_hash)
            if found is not None:
                self._memory.move_to_end(code_hash)
                self.stats.memory_hits += 1
                return found
        found = self._read(code_hash)
        with self._lock:
            if found is None:
                self.stats.misses += 1
                return None
            self.stats.disk_hits += 1
            self._remember(code_hash, found)
        return found

    def put(self, code_hash: bytes, artifact: bytes) -> None:
        """Keep `artifact` in memory and write it to disk."""
        with self._lock:
            self._remember(code_hash, artifact)
            self.stats.stored += 1
        path = self.path(code_hash)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=SUFFIX)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(artifact_file.encode(code_hash, artifact))
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError as e:
            log.warning("cannot write PVF artifact %s: %s", path, e)

    def get_failure(self, code_hash: bytes) -> PrepareFailure | None:
        """How preparing the code `code_hash` failed before, if it did (memory, then disk)."""
        with self._lock:
            found = self._failures.get(code_hash)
        if found is None:
            found = self._read_failure(code_hash)
            if found is not None:
                with self._lock:
                    self._remember_failure(code_hash, found)
        if found is not None:
            with self._lock:
                self.stats.failure_hits += 1
        return found

    def put_failure(self, code_hash: bytes, failure: PrepareFailure) -> None:
        """Remember that preparing the code `code_hash` failed, in memory and on disk."""
        with self._lock:
            self._remember_failure(code_hash, failure)
            self.stats.failures_stored += 1
        if self.directory is None:
            return
        path = self.directory / (code_hash.hex() + FAILURE_SUFFIX)
        record = {
            "engine": engine_fingerprint().hex(),
            "reason": failure.reason,
            "detail": failure.detail,
            "prepare_timeout": failure.prepare_timeout,
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=FAILURE_SUFFIX)
            try:
                with os.fdopen(fd, "w") as f:
                    f.write(json.dumps(record) + "\n")
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError as e:
            log.warning("cannot write PVF preparation failure %s: %s", path, e)

    def _remember_failure(self, code_hash: bytes, failure: PrepareFailure) -> None:
        self._failures[code_hash] = failure
        self._failures.move_to_end(code_hash)
        while len(self._failures) > FAILURE_CAPACITY:
            self._failures.popitem(last=False)

    def _read_failure(self, code_hash: bytes) -> PrepareFailure | None:
        if self.directory is None:
            return None
        path = self.directory / (code_hash.hex() + FAILURE_SUFFIX)
        try:
            record = json.loads(path.read_text())
            if record.get("engine") != engine_fingerprint().hex():
                return None  # another engine may prepare it differently: prepare it again
            return PrepareFailure(str(record["reason"]), str(record["detail"]), float(record["prepare_timeout"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            log.warning("ignoring PVF preparation failure file %s (%s)", path, e)
            return None

    def _remember(self, code_hash: bytes, artifact: bytes) -> None:
        self._memory[code_hash] = artifact
        self._memory.move_to_end(code_hash)
        while len(self._memory) > self.capacity:
            self._memory.popitem(last=False)

    def _read(self, code_hash: bytes) -> bytes | None:
        path = self.path(code_hash)
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as e:
            log.warning("cannot read PVF artifact %s: %s", path, e)
            return None
        try:
            return artifact_file.decode(data, code_hash)
        except ArtifactFileError as e:
            log.warning("rejecting PVF artifact %s (%s); it will be rebuilt", path, e)
            with self._lock:
                self.stats.rejected_files += 1
            try:
                path.unlink()
            except OSError:
                pass
            return None
