"""The block database: blocks, the best chain and the state of recent blocks, on SQLite under ``--db DIR``.

How state is kept (the choice, and its limits): the database holds the *best* block's whole state (table
``state``) and, for each block imported in the last ``keep_states`` (default 256) numbers below the best,
the change set it made and the one that undoes it (table ``journal``). In memory the best state is a
`MemoryBackend`, whose persistent trie makes every block's state root incremental. The state of any other
recent block, on the best chain or on a fork, is rebuilt on request by walking from the best block to the
common ancestor with the undo sets, then forward with the fork's change sets, on the persistent trie (only
the touched paths are copied); rebuilt states are cached. Older states are pruned: asking for one, or
importing a block on one, raises `StatePruned`.

Fork choice is the longest chain (the first block seen at a height wins a tie); a block that does not descend
from the finalized block is refused. Importing a block is one SQLite transaction: the block, its change sets,
and, if it becomes the best, the state changes (a re-organisation's whole diff), the canonical index and the
best pointer. A crash leaves the block entirely there or entirely absent; on reopen the best block and its
state root are exactly as before (the state is re-hashed and checked against the best header every time).
A database from another chain (another genesis hash) or a damaged file is refused and never overwritten.
What is read is checked where it is cheap: a header against the hash it is stored under (and its number and
parent against their columns), a body against its header's extrinsics root; a mismatch, like any SQLite
error, is `CorruptBlockDb` naming the file (`node.db.check` verifies everything).
One writer at a time: a writer holds an exclusive lock on ``DIR/chain.lock``; read-only openers don't.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import IO, Any

import attrs

from frame import extrinsic as xt
from frame.backend import MemoryBackend
from frame.block import Block, Header
from frame.executive import BuiltBlock, Executive, InvalidBlock
from frame.pallet import Call
from frame.runtime import Runtime
from frame.trie import Trie, ordered_trie_root
from frame.version import RuntimeIdentityError, RuntimeVersion, check_runtime_matches, runtime_identity
from genesis.spec import ChainSpec
from node.db.shared import execute_shared
from node.db.store import BlockDbError, ChainMismatch, StatePruned, Store, UnknownBlock
from node.db.views import ChangeSet, TrieBackend, decode_changes, encode_changes
from primitives.errors import CodecError
from primitives.hashing import blake2_256
from primitives.scale import bytes_codec
from primitives.types import codec_of

__all__ = ["BlockDb", "ChainMismatch", "ImportedBlock", "StatePruned", "UnknownBlock"]

_HEADER = codec_of(Header)
_BODY = codec_of(tuple[bytes, ...])
_CACHE = 32


def _extrinsics_root(body: Sequence[bytes]) -> bytes:
    """A body's extrinsics root, as System computes it (the ordered trie of the length-prefixed extrinsics)."""
    return ordered_trie_root([bytes_codec.encode(x) for x in body])


@attrs.frozen
class ImportedBlock:
    """An imported block's header and hash, and whether it became the best block."""

    header: Header
    hash: bytes
    best: bool


class BlockDb:
    """Use `BlockDb.open`. Not thread-safe; one writer per directory."""

    def __init__(self, store: Store, runtime: Runtime | None, lock: IO[bytes] | None) -> None:
        self._store = store
        self.runtime = runtime
        self._lock = lock
        meta = store.meta()
        self.genesis_hash: bytes = meta["genesis"]
        self.runtime_name: str = meta["runtime"]
        self.spec_json: str = meta["spec"]
        self.keep_states: int = int(meta["keep_states"])
        self._best_hash: bytes = meta["best"]
        self._finalized_hash: bytes = meta["finalized"]
        self._headers: dict[bytes, Header] = {}
        best = self.header(self._best_hash)
        if best is None:
            raise store.corrupt(f"the best block 0x{self._best_hash.hex()} is not stored")
        self._best_header = best
        self._state = MemoryBackend(store.state_items())
        if self._state.root != best.state_root:
            raise store.corrupt(f"the stored state hashes to 0x{self._state.root.hex()}, but the best block "
                                f"#{best.number} says 0x{best.state_root.hex()}")  # fmt: skip
        self._tries: OrderedDict[bytes, Trie] = OrderedDict()
        self._executive = Executive(runtime, self.genesis_hash) if runtime is not None else None

    # -- opening

    @classmethod
    def open(cls, db_dir: str | os.PathLike[str], spec: ChainSpec | None = None, runtime: Runtime | None = None,
             *, read_only: bool = False, keep_states: int = 256) -> BlockDb:  # fmt: skip
        """Open the database in `db_dir`, creating it from `spec`'s genesis if there is none (not when
        `read_only`). With a `spec`, an existing database must hold the same chain; with a `runtime`, one of
        the same name. `runtime` is needed to import blocks. `keep_states` (how many recent blocks' states are
        kept) is fixed when the database is created."""
        from node.db.opening import open_store

        store, lock, genesis_hash = open_store(db_dir, spec, runtime, read_only, keep_states)
        try:
            db = cls(store, runtime, lock)
            if genesis_hash is not None and genesis_hash != db.genesis_hash:
                raise ChainMismatch(f"{db_dir}: the database holds another chain (genesis 0x{db.genesis_hash.hex()}), "
                                    f"not {spec.name if spec else '?'} (genesis 0x{genesis_hash.hex()}); use another "
                                    "--db directory")  # fmt: skip
            if runtime is not None:
                db.check_runtime(runtime, os.fspath(db_dir))
            return db
        except BaseException:
            store.close()
            if lock is not None:
                lock.close()
            raise

    @property
    def runtime_identity(self) -> RuntimeVersion | None:
        """The runtime the best state belongs to: the RuntimeVersion at its ``:code`` (`frame.version`)."""
        return runtime_identity(self._state)

    def check_runtime(self, runtime: Runtime, where: str = "the database") -> None:
        """Refuse `runtime` unless the best state is its own (or an older spec_version's, which the next block
        upgrades): WrongRuntime / RuntimeDowngrade naming the runtime the database is for; ChainMismatch if the
        construct_runtime names differ."""
        try:
            check_runtime_matches(runtime, self.runtime_identity)
        except RuntimeIdentityError as e:
            raise type(e)(f"{where}: {e}") from None
        if runtime.name != self.runtime_name:
            raise ChainMismatch(f"{where}: the database was made by runtime {self.runtime_name}, not {runtime.name}")

    def attach_runtime(self, runtime: Runtime) -> None:
        """Give a database opened without a runtime the one it was made with, to import blocks."""
        self.check_runtime(runtime)
        self.runtime = runtime
        self._executive = Executive(runtime, self.genesis_hash)

    def close(self) -> None:
        self._store.close()
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> BlockDb:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading

    @property
    def best_hash(self) -> bytes:
        return self._best_hash

    def best_header(self) -> Header:
        return self._best_header

    @property
    def finalized_hash(self) -> bytes:
        return self._finalized_hash

    def header(self, at: bytes | int) -> Header | None:
        """A block's header by hash, or by number on the best chain; None if unknown."""
        block_hash = self._store.canonical(at) if isinstance(at, int) else at
        number = at if isinstance(at, int) else None
        below_best = number is not None and 0 <= number <= self._best_header.number
        if block_hash is None:
            if below_best:
                raise self._store.corrupt(f"the best chain has no entry #{number}, below the best block "
                                          f"#{self._best_header.number}")  # fmt: skip
            return None
        cached = self._headers.get(block_hash)
        if cached is not None:
            return cached
        row = self._store.block_row(block_hash)
        if row is None:
            if below_best:
                raise self._store.corrupt(f"the best chain's entry #{number} (0x{block_hash.hex()}) is not stored")
            return None
        header = self._checked_header(block_hash, row)
        if isinstance(at, int) and header.number != at:
            raise self._store.corrupt(f"the best chain's entry #{at} is block 0x{block_hash.hex()}, which is "
                                      f"#{header.number}")  # fmt: skip
        if len(self._headers) > 4096:
            self._headers.clear()
        self._headers[block_hash] = header
        return header

    def hash_of(self, at: bytes | int) -> bytes:
        """The hash of a known block (by hash or best-chain number); UnknownBlock otherwise."""
        block_hash = self._store.canonical(at) if isinstance(at, int) else at
        if block_hash is None or self.header(block_hash) is None:
            what = f"#{at}" if isinstance(at, int) else f"0x{at.hex()}"
            raise UnknownBlock(f"no block {what} in the database (best is #{self._best_header.number})")
        return block_hash

    def block(self, block_hash: bytes) -> Block | None:
        """A block by hash (header and body checked against the hash and the extrinsics root); None if unknown."""
        row = self._store.block_row(block_hash)
        if row is None:
            return None
        header = self._checked_header(block_hash, row)
        body = self._decode(_BODY, row[3], block_hash)
        if _extrinsics_root(body) != header.extrinsics_root:
            raise self._store.corrupt(f"block #{header.number} 0x{block_hash.hex()}: the stored body does not match "
                                      "its header's extrinsics root")  # fmt: skip
        return Block(header, body)

    def _checked_header(self, block_hash: bytes, row: tuple[int, bytes, bytes, bytes]) -> Header:
        """The header of a `blocks` row, which must hash to the key it is stored under and agree with its
        number and parent columns."""
        if blake2_256(bytes(row[2])) != block_hash:
            raise self._store.corrupt(f"block 0x{block_hash.hex()} (#{row[0]}): the stored header hashes to "
                                      f"0x{blake2_256(bytes(row[2])).hex()}, not to its hash")  # fmt: skip
        header: Header = self._decode(_HEADER, row[2], block_hash)
        if header.number != row[0] or header.parent_hash != row[1]:
            raise self._store.corrupt(f"block 0x{block_hash.hex()}: its number or parent column disagrees with "
                                      f"its header (#{header.number})")  # fmt: skip
        return header

    def state_at(self, at: bytes | int) -> TrieBackend:
        """The state after a recent block (read-only). StatePruned if it is older than the kept states."""
        return TrieBackend(self._trie_at(self.hash_of(at)))

    def _decode(self, codec: Any, data: bytes, block_hash: bytes) -> Any:
        try:
            return codec.decode(data)
        except CodecError as e:
            raise self._store.corrupt(f"block 0x{block_hash.hex()} does not decode ({e})") from None

    def _parent_of(self, block_hash: bytes) -> bytes:
        header = self.header(block_hash)
        if header is None:
            raise self._store.corrupt(f"block 0x{block_hash.hex()} is referenced but not stored")
        return header.parent_hash

    def _journal(self, block_hash: bytes, number: int) -> tuple[ChangeSet, ChangeSet]:
        row = self._store.journal(block_hash)
        if row is None:
            raise StatePruned(f"block #{number}'s change set is pruned")
        try:
            return decode_changes(row[0]), decode_changes(row[1])
        except CodecError as e:
            raise self._store.corrupt(f"the change sets of block #{number} 0x{block_hash.hex()} do not decode "
                                      f"({e})") from None  # fmt: skip

    def _trie_at(self, target: bytes) -> Trie:
        if target == self._best_hash:
            return self._state.trie
        cached = self._tries.get(target)
        if cached is not None:
            self._tries.move_to_end(target)
            return cached
        try:
            trie = self._rebuild(target)
        except StatePruned:
            best = self._best_header.number
            raise StatePruned(f"the state of block #{self._header_number(target)} (0x{target.hex()}) is pruned: "
                              f"states are kept for the last {self.keep_states} blocks (from "
                              f"#{max(0, best - self.keep_states)} to the best, #{best})") from None  # fmt: skip
        self._tries[target] = trie
        while len(self._tries) > _CACHE:
            self._tries.popitem(last=False)
        return trie

    def _route(self, target: bytes) -> tuple[list[tuple[bytes, int]], list[tuple[bytes, int]]]:
        """From the best block to `target`: the blocks to undo (best first, down to the common ancestor,
        exclusive) and the blocks to redo (from the ancestor's child up to `target`), as (hash, number)."""
        a, na = self._best_hash, self._best_header.number
        b, nb = target, self._header_number(target)
        undo: list[tuple[bytes, int]] = []
        redo: list[tuple[bytes, int]] = []
        while a != b:
            if na >= nb:
                undo.append((a, na))
                a, na = self._parent_of(a), na - 1
            else:
                redo.append((b, nb))
                b, nb = self._parent_of(b), nb - 1
        return undo, redo[::-1]

    def _rebuild(self, target: bytes) -> Trie:
        """The state of `target`: the best state, undone to the common ancestor, then redone to `target`."""
        undo, redo = self._route(target)
        trie = self._state.trie
        for h, n in undo:
            trie = trie.updated(self._journal(h, n)[1])
        for h, n in redo:
            trie = trie.updated(self._journal(h, n)[0])
        return trie

    def _header_number(self, block_hash: bytes) -> int:
        header = self.header(block_hash)
        if header is None:
            raise UnknownBlock(f"no block 0x{block_hash.hex()} in the database")
        return header.number

    # -- importing

    def _need_executive(self) -> Executive:
        if self._executive is None:
            raise BlockDbError("the database was opened without a runtime: it can read blocks but not import them")
        return self._executive

    def build_block(self, inherents: Sequence[Call] | None = None,
                    extrinsics: Sequence[xt.Extrinsic | bytes] = ()) -> BuiltBlock:  # fmt: skip
        """Author a block on the best block (not imported). Without `inherents`, each pallet's
        `create_inherent({})` (the mandatory ones for an empty block)."""
        executive = self._need_executive()
        if inherents is None:
            runtime = executive.runtime
            made = (p.create_inherent({}) for p in runtime.pallet_classes)
            inherents = [c for c in made if c is not None]
        return executive.build_block(self._state, self._best_header, inherents, extrinsics)

    def import_block(self, block: Block, built: BuiltBlock | None = None) -> ImportedBlock:
        """Execute `block` on its parent's state and commit it (one SQLite transaction). `built`, the result
        of `build_block` for this very block, skips the re-execution. Raises InvalidBlock, UnknownBlock (no
        parent), StatePruned (the parent's state is gone) or BlockDbError (not a descendant of the finalized
        block); a refused block leaves the database as it was."""
        executive = self._need_executive()
        header = block.header
        block_hash = header.hash()
        if self.header(block_hash) is not None:
            return ImportedBlock(header, block_hash, block_hash == self._best_hash)
        parent = self.header(header.parent_hash)
        if parent is None:
            raise UnknownBlock(f"block #{header.number}: its parent 0x{header.parent_hash.hex()} is unknown")
        self._check_descends_from_finalized(header)
        parent_trie = self._trie_at(header.parent_hash)
        if built is not None and built.block == block and header.parent_hash == self._best_hash:
            state = built.state
        else:
            def execute() -> Any:
                return executive.execute_block(TrieBackend(parent_trie), parent, block)

            state = execute_shared(executive.runtime, parent_trie.root, block_hash, execute)
        changes = {k: v for k, v in state.changes().items() if v is not None or parent_trie.get(k) is not None}
        undo = {k: parent_trie.get(k) for k in changes}
        trie = state.trie  # parent_trie with the changes, already hashed by the execution
        if trie.root != header.state_root:
            raise InvalidBlock(f"state root mismatch: header 0x{header.state_root.hex()}, computed 0x{trie.root.hex()}")
        best = header.number > self._best_header.number
        diff, canonical = self._reorg(header, block_hash, changes) if best else ({}, [])
        if best and header.parent_hash != self._best_hash and self._state.trie.updated(diff).root != trie.root:
            raise BlockDbError(f"{self._store.path}: the re-organisation to block #{header.number} does not give "
                               "its state: the journal is damaged")  # fmt: skip
        with self._store.transaction(f"write block #{header.number}") as conn:
            stored = conn.execute("SELECT value FROM meta WHERE name = 'best'").fetchone()
            if stored is None or stored[0] != self._best_hash:
                raise BlockDbError(f"{self._store.path}: another writer changed the database; reopen it")
            conn.execute("INSERT INTO blocks (hash, number, parent, header, body) VALUES (?, ?, ?, ?, ?)",
                         (block_hash, header.number, header.parent_hash, _HEADER.encode(header),
                          _BODY.encode(tuple(block.extrinsics))))  # fmt: skip
            conn.execute("INSERT INTO journal (hash, number, forward, undo) VALUES (?, ?, ?, ?)",
                         (block_hash, header.number, encode_changes(changes), encode_changes(undo)))  # fmt: skip
            if best:
                sets = [(k, v) for k, v in diff.items() if v is not None]
                conn.executemany("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", sets)
                conn.executemany("DELETE FROM state WHERE key = ?", [(k,) for k, v in diff.items() if v is None])
                conn.executemany("INSERT OR REPLACE INTO canonical (number, hash) VALUES (?, ?)", canonical)
                conn.execute("UPDATE meta SET value = ? WHERE name = 'best'", (block_hash,))
                conn.execute("DELETE FROM journal WHERE number <= ?", (header.number - self.keep_states,))
        if best:
            if header.parent_hash != self._best_hash:
                self._tries[self._best_hash] = self._state.trie  # the old best, now a fork, stays at hand
            self._state.commit(diff)
            self._best_hash, self._best_header = block_hash, header
        else:
            self._tries[block_hash] = trie
        self._headers[block_hash] = header
        return ImportedBlock(header, block_hash, best)

    def _reorg(self, header: Header, block_hash: bytes,
               changes: ChangeSet) -> tuple[ChangeSet, list[tuple[int, bytes]]]:  # fmt: skip
        """The state diff from the best block's state to the new block's, and the canonical entries to write."""
        undo, redo = self._route(header.parent_hash)
        diff: ChangeSet = {}
        for h, n in undo:
            diff.update(self._journal(h, n)[1])
        for h, n in redo:
            diff.update(self._journal(h, n)[0])
        diff.update(changes)
        return diff, [(n, h) for h, n in redo] + [(header.number, block_hash)]

    def _finalized_number(self) -> int:
        return self._header_number(self._finalized_hash)

    def _check_descends_from_finalized(self, header: Header) -> None:
        fin = self._finalized_number()
        h, n = header.parent_hash, header.number - 1
        if h == self._best_hash:
            return
        while n > fin:
            h, n = self._parent_of(h), n - 1
        if n < fin or h != self._finalized_hash:
            raise BlockDbError(f"block #{header.number} does not descend from the finalized block #{fin}")

    def finalize(self, at: bytes | int) -> None:
        """Mark a block of the best chain (at or above the finalized one) as finalized."""
        block_hash = self.hash_of(at)
        number = self._header_number(block_hash)
        if self._store.canonical(number) != block_hash:
            raise BlockDbError(f"block 0x{block_hash.hex()} is not on the best chain")
        if number < self._finalized_number():
            raise BlockDbError(f"block #{number} is below the finalized block #{self._finalized_number()}")
        with self._store.transaction(f"mark block #{number} finalized") as conn:
            conn.execute("UPDATE meta SET value = ? WHERE name = 'finalized'", (block_hash,))
        self._finalized_hash = block_hash

    def iter_best_chain(self, start: int = 0) -> Iterator[Header]:
        """Headers of the best chain from `start` up to the best block."""
        for n in range(start, self._best_header.number + 1):
            header = self.header(n)
            if header is not None:
                yield header
