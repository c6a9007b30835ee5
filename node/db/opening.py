"""Opening a block-database directory: create it from a chain spec's genesis, or find an existing one, and take
the writer's lock."""

from __future__ import annotations

import os
from typing import IO

from frame.block import Header
from frame.runtime import Runtime
from genesis.build import Genesis, build_genesis
from genesis.spec import ChainSpec
from node.db.store import DB_FILE, BlockDbError, Store
from primitives.types import codec_of

__all__ = ["open_store"]

_HEADER = codec_of(Header)
_BODY = codec_of(tuple[bytes, ...])


def open_store(db_dir: str | os.PathLike[str], spec: ChainSpec | None, runtime: Runtime | None, read_only: bool,
               keep_states: int) -> tuple[Store, IO[bytes] | None, bytes | None]:  # fmt: skip
    """The store (initialized with `spec`'s genesis if new), the writer's lock, and `spec`'s genesis hash."""
    if keep_states < 1:
        raise BlockDbError(f"keep_states {keep_states}: the states of at least the best block must be kept")
    genesis = None
    if spec is not None:
        if runtime is None:
            raise BlockDbError("opening a block database with a chain spec needs the runtime")
        genesis = build_genesis(spec, runtime)  # a bad spec is refused before anything is created
    path = os.path.join(os.fspath(db_dir), DB_FILE)
    if read_only and not os.path.exists(path):
        raise BlockDbError(f"{db_dir}: no block database here (expected {DB_FILE})")
    if not read_only:
        if os.path.exists(db_dir) and not os.path.isdir(db_dir):
            raise BlockDbError(f"{db_dir}: not a directory")
        try:
            os.makedirs(db_dir, exist_ok=True)
        except OSError as e:
            raise BlockDbError(f"{db_dir}: cannot create the database directory: {e.strerror or e}") from None
    lock = None if read_only else _lock(os.fspath(db_dir))
    store = Store(path, read_only)
    try:
        if store.identify():
            if read_only or spec is None or genesis is None or runtime is None:
                raise BlockDbError(f"{db_dir}: the database is empty; give a chain spec to create it")
            _create(store, spec, runtime, genesis, keep_states)
        store.configure()
    except BaseException:
        store.close()
        if lock is not None:
            lock.close()
        raise
    return store, lock, None if genesis is None else genesis.hash


def _create(store: Store, spec: ChainSpec, runtime: Runtime, genesis: Genesis, keep_states: int) -> None:
    header = genesis.header
    meta = {"genesis": genesis.hash, "best": genesis.hash, "finalized": genesis.hash, "runtime": runtime.name,
            "spec": spec.dumps(), "keep_states": keep_states}  # fmt: skip
    block = (genesis.hash, 0, header.parent_hash, _HEADER.encode(header), _BODY.encode(()))
    store.initialize(meta, block, sorted(genesis.storage.items()))


def _lock(db_dir: str) -> IO[bytes]:
    """An exclusive, non-blocking lock on DIR/chain.lock, held while the file stays open."""
    f = open(os.path.join(db_dir, "chain.lock"), "ab")  # kept open: it is the lock
    try:
        import fcntl

        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except ImportError:  # pragma: no cover - not POSIX: no lock
        pass
    except OSError:
        f.close()
        raise BlockDbError(f"{db_dir}: the database is in use by another parahost process") from None
    return f
