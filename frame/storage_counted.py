"""`CountedStorageMap`: a `StorageMap` that keeps its number of entries in a counter (FRAME's).

The counter is its own storage item, a ``u32`` ValueQuery named ``"CounterFor" + <map name>`` in the same
pallet, so its key is ``twox128(pallet) ++ twox128("CounterFor<Name>")`` and metadata lists it after the map.
Declared in a pallet class, the map also puts the counter on the class under that name
(``MyPallet.CounterForThings``). Every write through the map keeps the counter exact: it changes only when
an entry comes into or goes out of existence, and only once the write happens (a `try_mutate` whose function
raises changes neither). Like FRAME, the counter saturates at 0 and 2**32-1, a full `clear` kills it and a
partial one lowers it by the entries removed. Writing around the map (raw keys, `frame.io`) does not update
it; `initialize_counter` recounts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from frame import io
from frame.storage import StorageMap, StorageValue
from primitives.types import U32

__all__ = ["CountedStorageMap"]

_U32_MAX = 0xFFFF_FFFF


class CountedStorageMap(StorageMap):
    """A map at ``prefix ++ hasher(SCALE(key))`` plus its entry counter (see the module docstring)."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.counter = StorageValue(U32, default=0, doc="Counter for the related counted storage map")

    def __set_name__(self, owner: type, name: str) -> None:
        super().__set_name__(owner, name)
        self.counter.name = "CounterFor" + name
        if self.counter.name in vars(owner):
            raise TypeError(f"{owner.__name__}.{self.counter.name} is taken: it is {name}'s counter")
        setattr(owner, self.counter.name, self.counter)  # the Pallet collects it as one of its items

    def bind(self, pallet_name: str) -> None:
        super().bind(pallet_name)
        if not self.counter.name:
            self.counter.name = "CounterFor" + self.name
        self.counter.bind(pallet_name)

    # -- the counter

    def count(self) -> int:
        """The number of entries (read from the counter, not by iterating)."""
        return int(self.counter.get())

    def _adjust(self, delta: int) -> None:
        if delta:
            self.counter.mutate(lambda n: min(max(n + delta, 0), _U32_MAX))

    def initialize_counter(self) -> int:
        """Recount the entries by iterating them, store and return the count."""
        n = sum(1 for _ in io.state().keys_with_prefix(self.prefix))
        self.counter.put(min(n, _U32_MAX))
        return n

    # -- writes that keep it exact

    def insert(self, k: Any, value: Any) -> None:
        key = self.key(k)
        existed = io.ext.state.exists(key)
        self._put(key, value)
        self._adjust(0 if existed else 1)

    def set(self, k: Any, value: Any) -> None:
        """Write a query value: None deletes (OptionQuery and ResultQuery)."""
        key = self.key(k)
        existed = io.ext.state.exists(key)
        self._set_query(key, value)
        self._adjust(io.ext.state.exists(key) - existed)

    def remove(self, k: Any) -> None:
        key = self.key(k)
        if io.ext.state.exists(key):
            io.ext.state.delete(key)
            self._adjust(-1)

    def take(self, k: Any) -> Any:
        key = self.key(k)
        existed = io.ext.state.exists(key)
        value = self._take(key)
        self._adjust(-1 if existed else 0)
        return value

    def mutate(self, k: Any, f: Callable[[Any], Any]) -> Any:
        """Write ``f(current)``; an absent entry it creates counts one more, a None it returns (OptionQuery)
        removes the entry and counts one fewer."""
        key = self.key(k)
        existed = io.ext.state.exists(key)
        new = self._mutate(key, f)
        self._adjust(io.ext.state.exists(key) - existed)
        return new

    try_mutate = mutate

    def mutate_exists(self, k: Any, f: Callable[[Any], Any]) -> Any:
        key = self.key(k)
        existed = io.ext.state.exists(key)
        new = self._mutate_exists(key, f)
        self._adjust((new is not None) - existed)
        return new

    def append(self, k: Any, item: Any) -> None:
        key = self.key(k)
        existed = io.ext.state.exists(key)
        self._append(key, item)
        self._adjust(0 if existed else 1)

    # -- bulk removal

    def clear(self, limit: int | None = None) -> int:
        """Remove up to `limit` entries (all if None). If none are left the counter is removed (FRAME's
        `clear` without a cursor), otherwise lowered by the number removed."""
        st = io.state()
        removed = st.clear_prefix(self.prefix, limit)
        if next(st.keys_with_prefix(self.prefix), None) is None:
            self.counter.kill()
        else:
            self._adjust(-removed)
        return removed

    def drain(self) -> Iterator[tuple[Any, Any]]:
        pairs = list(self.iter())
        io.state().clear_prefix(self.prefix)
        self.counter.kill()
        yield from pairs
