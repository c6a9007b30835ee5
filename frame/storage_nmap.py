"""`StorageNMap`: a map with any number of keys, each with its own hasher (FRAME's `StorageNMap`).

The key of an entry is ``twox128(pallet) ++ twox128(item) ++ H1(SCALE(k1)) ++ ... ++ Hn(SCALE(kn))``. Keys are
given as a tuple, the full one for an entry, a leading part of it (a partial key) for prefix iteration
and removal::

    Approvals = StorageNMap([Key(Hasher.Blake2_128Concat, U32), Key(Hasher.Twox64Concat, AccountId),
                             Key(Hasher.Blake2_128Concat, U64)], U32, doc="...")
    Approvals.insert((7, alice, 1), 10)
    Approvals.iter_prefix((7,))        # ((alice, 1), 10), ... : the rest of each key, and the value
    Approvals.clear_prefix((7, alice))  # every entry under (7, alice)

Iterating under a partial key needs the hashers of the remaining keys to be reversible (Concat or
Identity); `NotIterable` says which one is not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

from frame import io
from frame.storage import _NO_DEFAULT, NotIterable, _Hashed, _MapItem
from frame.storage_query import QueryKind
from primitives.hashing import Hasher
from primitives.scale import Codec, TupleCodec

__all__ = ["Key", "StorageNMap"]


class Key(NamedTuple):
    """One key of a `StorageNMap`: its hasher and its type (FRAME's `NMapKey<Hasher, Type>`)."""

    hasher: Hasher
    type: Any


class StorageNMap(_MapItem):
    """A map keyed by a tuple of keys at ``prefix ++ H1(SCALE(k1)) ++ ... ++ Hn(SCALE(kn))``."""

    def __init__(
        self,
        keys: Sequence[Key | tuple[Hasher, Any]],
        value_type: Any,
        default: Any = _NO_DEFAULT,
        doc: str = "",
        *,
        query: QueryKind | None = None,
        unbounded: bool = False,
    ):
        super().__init__(value_type, default, doc, query=query, unbounded=unbounded)
        if not keys:
            raise TypeError("a StorageNMap needs at least one key")
        self.ks = tuple(_Hashed(Hasher(h), t) for h, t in keys)
        self.hashers = tuple(k.hasher for k in self.ks)
        self.key_codecs = tuple(k.codec for k in self.ks)
        #: the key tuple's type, as metadata names it
        self.key_tuple: Codec = TupleCodec(self.key_codecs)

    # -- keys

    def _suffix(self, ks: tuple[Any, ...], full: bool) -> bytes:
        if not isinstance(ks, tuple):
            raise TypeError(f"{self.pallet}.{self.name}: keys are a tuple, got {type(ks).__name__}")
        n = len(self.ks)
        if len(ks) > n or (full and len(ks) != n):
            want = f"{n}" if full else f"at most {n}"
            raise TypeError(f"{self.pallet}.{self.name} takes {want} key(s), got {len(ks)}")
        return b"".join([h.hashed(k) for h, k in zip(self.ks, ks, strict=False)])

    def key(self, ks: tuple[Any, ...]) -> bytes:
        """The storage key of the entry at the full key tuple `ks`."""
        return self.prefix + self._suffix(ks, True)

    def prefix_for(self, partial: tuple[Any, ...]) -> bytes:
        """The key prefix shared by every entry under the partial key `partial` (a leading part of the tuple)."""
        return self.prefix + self._suffix(partial, False)

    # -- entries

    def get(self, ks: tuple[Any, ...]) -> Any:
        return self._query(self.key(ks))

    def contains_key(self, ks: tuple[Any, ...]) -> bool:
        return io.ext.state.exists(self.key(ks))

    def insert(self, ks: tuple[Any, ...], value: Any) -> None:
        self._put(self.key(ks), value)

    def set(self, ks: tuple[Any, ...], value: Any) -> None:
        self._set_query(self.key(ks), value)

    def remove(self, ks: tuple[Any, ...]) -> None:
        io.ext.state.delete(self.key(ks))

    def take(self, ks: tuple[Any, ...]) -> Any:
        return self._take(self.key(ks))

    def mutate(self, ks: tuple[Any, ...], f: Callable[[Any], Any]) -> Any:
        return self._mutate(self.key(ks), f)

    def try_mutate(self, ks: tuple[Any, ...], f: Callable[[Any], Any]) -> Any:
        return self._mutate(self.key(ks), f)

    def mutate_exists(self, ks: tuple[Any, ...], f: Callable[[Any], Any]) -> Any:
        return self._mutate_exists(self.key(ks), f)

    def append(self, ks: tuple[Any, ...], item: Any) -> None:
        self._append(self.key(ks), item)

    def decode_len(self, ks: tuple[Any, ...]) -> int | None:
        return self._decode_len(self.key(ks))

    # -- under a partial key

    def _check_iterable(self, given: int) -> None:
        for h in self.hashers[given:]:
            if not h.reversible:
                raise NotIterable(f"{self.pallet}.{self.name}: key hasher {h.name} cannot be iterated")

    def _rest(self, raw_key: bytes, offset: int, given: int) -> tuple[Any, ...]:
        out = []
        for h in self.ks[given:]:
            k, offset = h.decode_suffix(raw_key, offset)
            out.append(k)
        return tuple(out)

    def iter_prefix(self, partial: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
        """(rest of the key tuple, value) for every entry under `partial`, in key order. Collected first, so
        the caller may write while iterating."""
        p = self.prefix_for(partial)
        self._check_iterable(len(partial))
        for raw_key, raw in list(io.state().iter_prefix(p)):
            yield self._rest(raw_key, len(p), len(partial)), self._decode(raw, raw_key)

    def iter_key_prefix(self, partial: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
        """The rest of the key tuple of every entry under `partial`."""
        p = self.prefix_for(partial)
        self._check_iterable(len(partial))
        for raw_key in list(io.state().keys_with_prefix(p)):
            yield self._rest(raw_key, len(p), len(partial))

    def contains_prefix(self, partial: tuple[Any, ...]) -> bool:
        """Whether any entry lies under `partial`."""
        return next(io.state().keys_with_prefix(self.prefix_for(partial)), None) is not None

    def drain_prefix(self, partial: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
        """Remove every entry under `partial`, yielding (rest of the key, value) of each."""
        yield from self._drain(self.prefix_for(partial), self.iter_prefix(partial))

    def clear_prefix(self, partial: tuple[Any, ...], limit: int | None = None) -> int:
        """Remove up to `limit` entries under `partial` (all if None); returns how many were removed."""
        return io.state().clear_prefix(self.prefix_for(partial), limit)

    # -- the whole map

    def iter(self) -> Iterator[tuple[tuple[Any, ...], Any]]:
        """(full key tuple, value) of every entry (every hasher must be reversible)."""
        return self.iter_prefix(())

    def keys(self) -> Iterator[tuple[Any, ...]]:
        return self.iter_key_prefix(())
