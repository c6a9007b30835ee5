"""Opening a block-database directory: create it from a chain spec's genesis, or find an existing one, and take
the writer's lock."""

from __future__ import annotations

import os
from typing import IO

from frame.block import Header
from frame.runtime import Runtime
from genesis.build import Genesis, build_genesis
from genesis.spec import ChainSpec
from node.db.shared import genesis_shared
from node.db.store import DB_FILE, BlockDbError, Store
from primitives.types import codec_of

__all__ = ["LOCK_FILE", "open_store"]

#: the writer's lock file, beside ``chain.sqlite``
LOCK_FILE = "chain.lock"

_HEADER = codec_of(Header)
_BODY = codec_of(tuple[bytes, ...])


def open_store(db_dir: str | os.PathLike[str], spec: ChainSpec | None, runtime: Runtime | None, read_only: bool,
               keep_states: int) -> tuple[Store, IO[bytes] | None, bytes | None]:  # fmt: skip
    """The store (initialized with `spec`'s genesis if new), the writer's lock, and `spec`'s genesis hash.

    Only a file this call creates is initialized: an existing ``chain.sqlite``, even an empty (0-byte) one, is
    never replaced or reinitialized (`CorruptBlockDb`). A failed creation removes what it made (the directory,
    ``chain.sqlite``, ``chain.lock``)."""
    if keep_states < 1:
        raise BlockDbError(f"keep_states {keep_states}: the states of at least the best block must be kept")
    genesis = None
    if spec is not None:
        if runtime is None:
            raise BlockDbError("opening a block database with a chain spec needs the runtime")
        # a bad spec is refused before anything is created
        genesis = genesis_shared(spec, runtime, lambda: build_genesis(spec, runtime))
    db_dir = os.fspath(db_dir)
    path = os.path.join(db_dir, DB_FILE)
    if not os.path.exists(path):
        if read_only:
            raise BlockDbError(f"{db_dir}: no block database here (expected {DB_FILE})")
        if genesis is None:
            raise BlockDbError(f"{db_dir}: no block database here (no {DB_FILE}); give a chain spec to create it; "
                               "nothing was created")  # fmt: skip
    made: list[str] = []  # what this call created, to remove if it fails
    lock = None
    if not read_only:
        if os.path.exists(db_dir) and not os.path.isdir(db_dir):
            raise BlockDbError(f"{db_dir}: not a directory")
        if not os.path.exists(db_dir):
            try:
                os.makedirs(db_dir)
            except OSError as e:
                raise BlockDbError(f"{db_dir}: cannot create the database directory: {e.strerror or e}") from None
            made.append(db_dir)
        lock_path = os.path.join(db_dir, LOCK_FILE)
        if not os.path.exists(lock_path):
            made.append(lock_path)
        try:
            lock = _lock(db_dir)
        except BaseException:
            _remove(made)
            raise
    existed = os.path.exists(path)  # checked again under the lock
    if not existed:
        made.extend(path + suffix for suffix in ("", "-wal", "-shm", "-journal"))
    try:
        store = Store(path, read_only)
    except BaseException:
        _release(lock, made)
        raise
    try:
        if store.identify():
            if existed:
                size = os.path.getsize(path)
                raise store.corrupt(f"holds no block database ({size} bytes, no tables): it may have been truncated; "
                                    "it is not replaced (move it away to start a new chain from genesis)")  # fmt: skip
            if read_only or spec is None or genesis is None or runtime is None:
                raise BlockDbError(f"{db_dir}: no block database here; give a chain spec to create it; nothing was "
                                   "created")  # fmt: skip
            _create(store, spec, runtime, genesis, keep_states)
        store.configure()
    except BaseException:
        store.close()
        _release(lock, made)
        raise
    return store, lock, None if genesis is None else genesis.hash


def _release(lock: IO[bytes] | None, made: list[str]) -> None:
    if lock is not None:
        lock.close()
    _remove(made)


def _remove(made: list[str]) -> None:
    """Remove the files and (empty) directory a failed open created, newest first."""
    for p in reversed(made):
        try:
            if os.path.isdir(p):
                os.rmdir(p)
            elif os.path.exists(p):
                os.remove(p)
        except OSError:
            pass


def _create(store: Store, spec: ChainSpec, runtime: Runtime, genesis: Genesis, keep_states: int) -> None:
    header = genesis.header
    meta = {"genesis": genesis.hash, "best": genesis.hash, "finalized": genesis.hash, "runtime": runtime.name,
            "spec": spec.dumps(), "keep_states": keep_states}  # fmt: skip
    block = (genesis.hash, 0, header.parent_hash, _HEADER.encode(header), _BODY.encode(()))
    store.initialize(meta, block, sorted(genesis.storage.items()))


def _lock(db_dir: str) -> IO[bytes]:
    """An exclusive, non-blocking lock on DIR/chain.lock, held while the file stays open."""
    f = open(os.path.join(db_dir, LOCK_FILE), "ab")  # kept open: it is the lock
    try:
        import fcntl

        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except ImportError:  # pragma: no cover - not POSIX: no lock
        pass
    except OSError:
        f.close()
        raise BlockDbError(f"{db_dir}: the database is in use by another parahost process") from None
    return f
