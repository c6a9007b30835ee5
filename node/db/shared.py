"""Work shared by the simulated nodes of one process: `shared_work()`.

Executing a block is a function of the runtime, the parent's state and the block; a runtime API answer, of the
runtime, the block and the query; a genesis, of the chain spec and the runtime. Within ``with shared_work():``
the first node to need one of these computes it and the others take the same result:

* `execute_shared`: `BlockDb.import_block` keeps an execution under (runtime, parent state root, block hash);
  the other nodes take it instead of executing again, and still check the state root against the header and
  write the block, its change sets and its state to their own database. A block refused as invalid is not
  kept (each node executes it and refuses it itself).
* `answer_shared`: the Runtime API subsystem's answers under (runtime, block hash, query, argument); a query
  that fails is not kept.
* `genesis_shared`: `BlockDb.open`'s genesis state and header under (chain spec, runtime).
* `shared`: any other pure function's result under a kind and a key (the Availability Store's erasure coding of
  a candidate's data under (validators, hash of the data)).

Results live in small least-recently-used tables; none can differ from what a node would compute itself, so
sharing changes how long a simulation takes, never what happens in it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from frame.trie import Trie

__all__ = ["Executed", "SharedWork", "answer_shared", "execute_shared", "genesis_shared", "shared", "shared_work"]

T = TypeVar("T")
#: How many results of each kind a shared table keeps.
KEEP = 4096


class Executed:
    """What importing needs of an execution: its changes and the post-state trie (persistent: safe to share)."""

    __slots__ = ("_changes", "trie")

    def __init__(self, changes: Mapping[bytes, bytes | None], trie: Trie) -> None:
        self._changes = dict(changes)
        self.trie = trie

    def changes(self) -> dict[bytes, bytes | None]:
        return dict(self._changes)


class SharedWork:
    """The tables of one `shared_work` block, and how often each saved a computation."""

    def __init__(self) -> None:
        self.tables: dict[str, OrderedDict[Hashable, Any]] = {}
        self.hits: dict[str, int] = {}
        self.misses: dict[str, int] = {}

    def get(self, kind: str, key: Hashable, compute: Callable[[], T], keep: Callable[[T], Any] = lambda r: r) -> T:
        table = self.tables.get(kind)
        if table is None:
            table = self.tables[kind] = OrderedDict()
            self.hits[kind] = self.misses[kind] = 0
        done = table.get(key)
        if done is not None:
            table.move_to_end(key)
            self.hits[kind] += 1
            return done
        self.misses[kind] += 1
        result = compute()
        table[key] = keep(result)
        while len(table) > KEEP:
            table.popitem(last=False)
        return result


_ACTIVE: list[SharedWork] = []


@contextmanager
def shared_work() -> Iterator[SharedWork]:
    """Share block executions, runtime API answers and genesis between the nodes of this process within the
    block (see the module docstring)."""
    work = SharedWork()
    _ACTIVE.append(work)
    try:
        yield work
    finally:
        _ACTIVE.remove(work)


def execute_shared(runtime: Any, parent_root: bytes, block_hash: bytes, execute: Callable[[], Any]) -> Any:
    """`execute()` (returning a state with `changes()` and `trie`), or the result another node already got."""
    if not _ACTIVE:
        return execute()
    return _ACTIVE[-1].get("execute", (id(runtime), parent_root, block_hash), execute,
                           lambda state: Executed(state.changes(), state.trie))  # fmt: skip


def answer_shared(runtime: Any, block_hash: bytes, query: Hashable, arg: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, the answer to a runtime API query at a block, or the answer another node already got."""
    if not _ACTIVE:
        return compute()
    return _ACTIVE[-1].get("answer", (id(runtime), block_hash, query, arg), compute)


def genesis_shared(spec: Any, runtime: Any, build: Callable[[], T]) -> T:
    """`build()`, the genesis of a chain spec for a runtime, or the one another node already built."""
    if not _ACTIVE:
        return build()
    return _ACTIVE[-1].get("genesis", (id(spec), id(runtime)), build)


def shared(kind: str, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, a pure function of `key`, or the result another node already got for the same kind and key."""
    if not _ACTIVE:
        return compute()
    return _ACTIVE[-1].get(kind, key, compute)
