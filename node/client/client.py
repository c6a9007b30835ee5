"""The client: the one door to chain data (DESIGN §10), over the block database (`node.db.BlockDb`).

Reading: the best and finalized heads, block hashes by number, headers and blocks by hash, storage at any block
whose state is kept (values, keys by prefix in pages, several keys at once), the runtime version at a block, and
runtime API calls by Substrate's names (`node.client.runtime_calls`). A block is named by its hash, or None for
the best block; an unknown hash raises `UnknownBlock`, a block whose state is pruned `StatePruned`.

Writing: `author_block` builds a block on the best head with the given extrinsics (the mandatory inherents
first), imports it and, on this single-authority node, finalizes it at once (instant finality). On a validator
node the Chain subsystem imports the blocks and tells the client (`imported`, `finalize`). Listeners
registered with `on_import` / `on_finalized` are called, in the event loop's thread, after the block and its
state are stored; `import_notifications()` / `finality_notifications()` give the same as asyncio streams.
Not thread-safe: use it from one thread (the node's event loop).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs

from frame import io
from frame.backend import Backend
from frame.block import Block, Header
from frame.executive import BuiltBlock
from frame.runtime import Runtime
from frame.state import OverlayedState
from frame.tagged_queue import validate_transaction
from frame.transaction_validity import ValidTransaction
from frame.version import RuntimeVersion, runtime_identity
from node.client.runtime_calls import call_runtime_api
from node.db import BlockDb, StatePruned, UnknownBlock

__all__ = ["BlockNotification", "Client", "Notifications", "StatePruned", "UnknownBlock"]


@attrs.frozen
class BlockNotification:
    """A block was imported (or finalized): its hash, header, whether it is the new best, and its extrinsics."""

    hash: bytes
    header: Header
    is_best: bool
    extrinsics: tuple[bytes, ...] = ()


Listener = Callable[[BlockNotification], None]


class Notifications:
    """An asyncio stream of block notifications; `close()` stops it (also on `async with`)."""

    def __init__(self, register: Callable[[Listener], Callable[[], None]], maxsize: int = 1024) -> None:
        self._queue: asyncio.Queue[BlockNotification] = asyncio.Queue(maxsize)
        self._remove = register(self._put)

    def _put(self, n: BlockNotification) -> None:
        if self._queue.full():  # a consumer that does not keep up loses the oldest notification
            self._queue.get_nowait()
        self._queue.put_nowait(n)

    def __aiter__(self) -> Notifications:
        return self

    async def __anext__(self) -> BlockNotification:
        return await self._queue.get()

    async def next(self, timeout: float | None = None) -> BlockNotification:
        return await asyncio.wait_for(self._queue.get(), timeout)

    def close(self) -> None:
        self._remove()

    async def __aenter__(self) -> Notifications:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()


@attrs.define
class _At:
    """A block seen by a runtime call (`node.client.runtime_calls.CallContext`)."""

    runtime: Runtime
    genesis_hash: bytes
    header: Header
    block_hash: bytes
    state: Backend


class Client:
    """Chain data for the RPC server, the transaction pool and the block author."""

    def __init__(self, db: BlockDb, runtime: Runtime, properties: dict[str, Any] | None = None,
                 chain_name: str = "Development", chain_type: str = "Development") -> None:  # fmt: skip
        if db.runtime is None:
            db.attach_runtime(runtime)
        self.db = db
        self.runtime = runtime
        self.chain_name = chain_name
        self.chain_type = chain_type
        self.properties = dict(properties or {})
        self._import_listeners: list[Listener] = []
        self._finality_listeners: list[Listener] = []

    # -- heads and blocks

    @property
    def genesis_hash(self) -> bytes:
        return self.db.genesis_hash

    @property
    def best_hash(self) -> bytes:
        return self.db.best_hash

    def best_header(self) -> Header:
        return self.db.best_header()

    @property
    def finalized_hash(self) -> bytes:
        return self.db.finalized_hash

    def block_hash(self, number: int) -> bytes | None:
        """The hash of block `number` on the best chain, or None."""
        header = self.db.header(number) if number >= 0 else None
        return None if header is None else header.hash()

    def header(self, block_hash: bytes | None = None) -> Header | None:
        return self.db.header(self.best_hash if block_hash is None else block_hash)

    def block(self, block_hash: bytes | None = None) -> Block | None:
        return self.db.block(self.best_hash if block_hash is None else block_hash)

    def resolve(self, at: bytes | None) -> bytes:
        """The hash of a known block (`at`, or the best block for None); UnknownBlock otherwise."""
        return self.db.hash_of(self.best_hash if at is None else at)

    # -- state

    def state(self, at: bytes | None = None) -> Backend:
        """The (read-only) state after block `at`."""
        return self.db.state_at(self.resolve(at))

    def storage(self, key: bytes, at: bytes | None = None) -> bytes | None:
        return self.state(at).get(key)

    def storage_keys_paged(self, prefix: bytes, count: int, start_key: bytes | None = None,
                           at: bytes | None = None) -> list[bytes]:  # fmt: skip
        """Up to `count` keys having `prefix`, ascending, strictly after `start_key` (if given)."""
        out: list[bytes] = []
        start = prefix if start_key is None or start_key < prefix else start_key
        for key, _ in self.state(at).iter_from(start, prefix):
            if start_key is not None and key <= start_key:
                continue
            if len(out) >= count:
                break
            out.append(key)
        return out

    def query_storage(self, keys: Sequence[bytes], at: bytes | None = None) -> list[tuple[bytes, bytes | None]]:
        state = self.state(at)
        return [(k, state.get(k)) for k in keys]

    def block_changes(self, block_hash: bytes) -> dict[bytes, bytes | None]:
        """The storage changes block `block_hash` made (key -> new value, None: deleted), from the database's journal
        (``state_subscribeStorage`` without keys); StatePruned once the journal is gone."""
        header = self.db.header(block_hash)
        if header is None:
            raise UnknownBlock(f"no block 0x{block_hash.hex()}")
        return dict(self.db._journal(block_hash, header.number)[0])

    def runtime_version(self, at: bytes | None = None) -> RuntimeVersion:
        recorded = runtime_identity(self.state(at))
        return recorded if recorded is not None else self.runtime.version

    def account_nonce(self, who: bytes, at: bytes | None = None) -> int:
        with io.using(OverlayedState(self.state(at), read_only=True), self.runtime):
            nonce: int = self.runtime.system.Account.get(who).nonce
            return nonce

    # -- runtime calls

    def call(self, method: str, data: bytes, at: bytes | None = None) -> bytes:
        """Runtime API `method` (``Trait_method``) with SCALE `data` at block `at`: the SCALE result.
        Raises `node.client.runtime_calls.MethodNotFound` or `RuntimeCallError`."""
        block_hash = self.resolve(at)
        header = self.db.header(block_hash)
        if header is None:  # resolve() checked it
            raise UnknownBlock(f"no block 0x{block_hash.hex()}")
        ctx = _At(self.runtime, self.genesis_hash, header, block_hash, self.db.state_at(block_hash))
        return call_runtime_api(method, data, ctx)

    def validate_transaction(self, source: int, encoded: bytes, at: bytes | None = None) -> ValidTransaction:
        """`frame.tagged_queue.validate_transaction` after block `at` (inner extrinsic bytes, no length prefix)."""
        block_hash = self.resolve(at)
        return validate_transaction(self.runtime, self.db.state_at(block_hash), source, encoded, block_hash)

    # -- authoring and import

    def author_block(self, extrinsics: Sequence[bytes] = ()) -> tuple[BlockNotification, BuiltBlock]:
        """Build a block on the best head (inherents first, then each of `extrinsics` that is valid), import it,
        finalize it (instant finality) and notify the listeners."""
        built = self.db.build_block(None, list(extrinsics))
        imported = self.db.import_block(built.block, built)
        note = BlockNotification(imported.hash, imported.header, imported.best, tuple(built.block.extrinsics))
        self._notify(self._import_listeners, note)
        if imported.best:
            self.db.finalize(imported.hash)
            self._notify(self._finality_listeners, note)
        return note, built

    def imported(self, note: BlockNotification) -> None:
        """Tell the import listeners of a block that someone else imported into the database (a validator's
        Chain subsystem, `node.host_chain`)."""
        self._notify(self._import_listeners, note)

    def finalize(self, block_hash: bytes) -> BlockNotification:
        """Mark a block of the best chain finalized (`BlockDb.finalize`) and tell the finality listeners."""
        block = self.db.block(block_hash)
        if block is None:
            raise UnknownBlock(f"no block 0x{block_hash.hex()}")
        self.db.finalize(block_hash)
        note = BlockNotification(block_hash, block.header, block_hash == self.best_hash, tuple(block.extrinsics))
        self._notify(self._finality_listeners, note)
        return note

    @staticmethod
    def _notify(listeners: list[Listener], note: BlockNotification) -> None:
        for listener in list(listeners):
            listener(note)

    def on_import(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` after each imported block; returns the function that removes it."""
        return self._add(self._import_listeners, listener)

    def on_finalized(self, listener: Listener) -> Callable[[], None]:
        return self._add(self._finality_listeners, listener)

    @staticmethod
    def _add(listeners: list[Listener], listener: Listener) -> Callable[[], None]:
        listeners.append(listener)

        def remove() -> None:
            if listener in listeners:
                listeners.remove(listener)

        return remove

    def import_notifications(self) -> Notifications:
        return Notifications(self.on_import)

    def finality_notifications(self) -> Notifications:
        return Notifications(self.on_finalized)

    def iter_best_chain(self, start: int = 0) -> Iterator[Header]:
        return self.db.iter_best_chain(start)

    def close(self) -> None:
        self.db.close()
