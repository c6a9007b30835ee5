"""Declared storage items: StorageValue, StorageMap and StorageDoubleMap with FRAME's semantics.

Keys are Substrate's: ``twox128(pallet) ++ twox128(item) ++ hasher(SCALE(key))``. Values are SCALE. The
query kind (`frame.storage_query`) says how an absent key reads: an item declared with a ``default`` is a
ValueQuery (the default), otherwise an OptionQuery (None), unless ``query=`` names one (``ValueQuery``
without a default reads the type's default; ``ResultQuery(Error)`` raises that pallet error). Every item
knows the maximum encoded length of its value and key (`max_value_len`, `max_key_len`); one whose type has
none must say so with ``unbounded=True`` (FRAME's ``#[pallet::unbounded]``), or its pallet must set
``without_storage_info = True``: the pallet class is refused otherwise (`frame.storage_info.check_storage_bounds`).
Items act on the state installed by `frame.io.using`. `StorageNMap` and `CountedStorageMap` live in
`frame.storage_nmap` and `frame.storage_counted`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from frame import io
from frame.dispatch import Corruption
from frame.storage_info import UnboundedStorage
from frame.storage_query import QueryKind, ResultQuery, ValueQuery, resolve
from primitives.errors import CodecError, ParahostError
from primitives.hashing import Hasher, twox_128
from primitives.maxlen import Unbounded, hashed_key_max_len, max_encoded_len
from primitives.scale import Codec, decode_compact
from primitives.types import codec_of

_NO_DEFAULT: Any = object()
_T = TypeVar("_T")


class NotIterable(ParahostError):
    """Iteration over a map whose hasher does not keep the key (only Concat and Identity hashers do)."""


class StorageItem:
    """What every storage item has: a name, a prefix, a value codec, a query kind and docs."""

    kind = "Plain"
    hashers: tuple[Hasher, ...] = ()
    key_codecs: tuple[Codec, ...] = ()

    def __init__(
        self,
        value_type: Any,
        default: Any = _NO_DEFAULT,
        doc: str = "",
        *,
        query: QueryKind | None = None,
        unbounded: bool = False,
    ) -> None:
        self.value_codec: Codec = codec_of(value_type)
        self.query, self._default = resolve(query, default, default is not _NO_DEFAULT, self.value_codec)
        self.value_query = self.query is ValueQuery
        self._missing = self.query.error if isinstance(self.query, ResultQuery) else None
        self.unbounded = unbounded
        self.doc = doc
        self.name = ""
        self.pallet = ""
        self.prefix = b""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def bind(self, pallet_name: str) -> None:
        """Fix the key prefix once the pallet's name is known (done by the Pallet class)."""
        self.pallet = pallet_name
        self.prefix = twox_128(pallet_name.encode()) + twox_128(self.name.encode())

    # -- bounds (FRAME's MaxEncodedLen and StorageInfo)

    @property
    def max_value_len(self) -> int | None:
        """Most bytes the value encodes to; None for an item declared unbounded. Raises `UnboundedStorage` for
        an item whose value type has no bound and that was not declared ``unbounded=True``."""
        try:
            return max_encoded_len(self.value_codec)
        except Unbounded as e:
            if self.unbounded:
                return None
            raise UnboundedStorage(self.pallet, self.name, "value", e) from None

    @property
    def max_key_len(self) -> int | None:
        """Longest key: the 32-byte prefix plus each hasher's longest output; None for an item declared
        unbounded whose key type has no bound (else `UnboundedStorage`)."""
        try:
            pairs = zip(self.hashers, self.key_codecs, strict=True)
            return len(self.prefix) + sum(hashed_key_max_len(h, c) for h, c in pairs)
        except Unbounded as e:
            if self.unbounded:
                return None
            raise UnboundedStorage(self.pallet, self.name, "key", e) from None

    # -- the query kind

    def default(self) -> Any:
        """The value an absent key reads as: the declared default (a fresh one if it is a factory), or None
        (an OptionQuery, and a ResultQuery, whose reads raise instead: see `_absent`)."""
        d = self._default
        if d is _NO_DEFAULT or d is None:
            return None
        return d() if callable(d) else d

    def _absent(self, key: bytes) -> Any:
        """What reading an absent `key` gives: the default, or a ResultQuery's pallet error raised."""
        if self._missing is not None:
            raise self._missing(f"{self.pallet}.{self.name} at 0x{key.hex()} has no value")
        return self.default()

    def default_bytes(self) -> bytes:
        """SCALE of the default, as metadata carries it (00 for an OptionQuery's None)."""
        return b"\x00" if not self.value_query else self.value_codec.encode(self.default())

    def _decode(self, raw: bytes, key: bytes) -> Any:
        try:
            return self.value_codec.decode(raw)
        except CodecError as e:
            raise Corruption(f"{self.pallet}.{self.name} at 0x{key.hex()}: {e}") from None

    def _query(self, key: bytes) -> Any:
        raw = io.ext.state.get(key)
        if raw is None:
            return self._absent(key)
        return self._decode(raw, key)

    def _put(self, key: bytes, value: Any) -> None:
        io.ext.state.set(key, self.value_codec.encode(value))

    def _set_query(self, key: bytes, value: Any) -> None:
        """Write a query value back: None deletes (OptionQuery); a ValueQuery always writes."""
        if value is None and not self.value_query:
            io.ext.state.delete(key)
        else:
            self._put(key, value)

    def _take(self, key: bytes) -> Any:
        st = io.ext.state
        raw = st.get(key)
        if raw is None:
            return self._absent(key)
        st.delete(key)
        return self._decode(raw, key)

    def _mutate(self, key: bytes, f: Callable[[Any], Any]) -> Any:
        new = f(self._query(key))
        self._set_query(key, new)
        return new

    def _mutate_exists(self, key: bytes, f: Callable[[Any], Any]) -> Any:
        raw = io.ext.state.get(key)
        new = f(None if raw is None else self._decode(raw, key))
        if new is None:
            io.ext.state.delete(key)
        else:
            self._put(key, new)
        return new

    def _append(self, key: bytes, item: Any) -> None:
        item_codec = getattr(self.value_codec, "item", None)
        if item_codec is None:
            raise TypeError(f"{self.pallet}.{self.name} is not a Vec: append needs one")
        io.ext.state.append(key, item_codec.encode(item))

    def _decode_len(self, key: bytes) -> int | None:
        raw = io.ext.state.get(key)
        if raw is None:
            return 0 if self.value_query else None
        return decode_compact(raw, 0)[0]


class StorageValue(StorageItem):
    """A single value at ``twox128(pallet) ++ twox128(item)``."""

    def key(self) -> bytes:
        return self.prefix

    def get(self) -> Any:
        return self._query(self.prefix)

    def exists(self) -> bool:
        return io.ext.state.exists(self.prefix)

    def put(self, value: Any) -> None:
        """Write `value` (always writes, even the default)."""
        self._put(self.prefix, value)

    def set(self, value: Any) -> None:
        """Write a query value: None deletes an OptionQuery item."""
        self._set_query(self.prefix, value)

    def kill(self) -> None:
        io.ext.state.delete(self.prefix)

    def take(self) -> Any:
        return self._take(self.prefix)

    def mutate(self, f: Callable[[Any], Any]) -> Any:
        """Write ``f(current)``; for an OptionQuery a None result deletes. Returns the new value."""
        return self._mutate(self.prefix, f)

    def try_mutate(self, f: Callable[[Any], Any]) -> Any:
        """Like `mutate`, for an `f` that may raise: if it raises, nothing is written and the error propagates."""
        return self._mutate(self.prefix, f)

    def mutate_exists(self, f: Callable[[Any], Any]) -> Any:
        """`f` sees None for an absent value whatever the query kind; a None result deletes."""
        return self._mutate_exists(self.prefix, f)

    def append(self, item: Any) -> None:
        """Append one item to a stored Vec without decoding it."""
        self._append(self.prefix, item)

    def decode_len(self) -> int | None:
        """Length of a stored Vec, read from its prefix alone."""
        return self._decode_len(self.prefix)


class _Hashed:
    def __init__(self, hasher: Hasher, key_type: Any) -> None:
        self.hasher = hasher
        self.codec: Codec = codec_of(key_type)
        self._hash = hasher.hash
        self._enc = self.codec.encode

    def hashed(self, k: Any) -> bytes:
        return self._hash(self._enc(k))

    def decode_suffix(self, raw: bytes, offset: int) -> tuple[Any, int]:
        """Read the key back from a reversible hasher's output starting at `offset`."""
        return self.codec.decode_from(raw, offset + self.hasher.prefix_len)


class _MapItem(StorageItem):
    """What every map shares (`StorageMap`, `StorageDoubleMap`, `frame.storage_nmap.StorageNMap`): its entries
    all lie under its prefix."""

    kind = "Map"

    def values(self) -> Iterator[Any]:
        """Every entry's value, in key-hash order. Collected first, so the caller may write while iterating."""
        for raw_key, raw in list(io.state().iter_prefix(self.prefix)):
            yield self._decode(raw, raw_key)

    def clear(self, limit: int | None = None) -> int:
        """Remove up to `limit` entries (all if None); returns how many were removed."""
        return io.state().clear_prefix(self.prefix, limit)

    def _drain(self, prefix: bytes, entries: Iterator[_T]) -> Iterator[_T]:
        """Read `entries` in full, remove every entry under `prefix`, then yield what was read."""
        pairs = list(entries)
        io.state().clear_prefix(prefix)
        yield from pairs


class StorageMap(_MapItem):
    """A map at ``prefix ++ hasher(SCALE(key))``."""

    def __init__(
        self,
        hasher: Hasher,
        key_type: Any,
        value_type: Any,
        default: Any = _NO_DEFAULT,
        doc: str = "",
        *,
        query: QueryKind | None = None,
        unbounded: bool = False,
    ):
        super().__init__(value_type, default, doc, query=query, unbounded=unbounded)
        self.k = _Hashed(hasher, key_type)
        self.hashers = (hasher,)
        self.key_codecs = (self.k.codec,)

    def key(self, k: Any) -> bytes:
        return self.prefix + self.k._hash(self.k._enc(k))

    def get(self, k: Any) -> Any:
        return self._query(self.prefix + self.k._hash(self.k._enc(k)))

    def contains_key(self, k: Any) -> bool:
        return io.ext.state.exists(self.key(k))

    def insert(self, k: Any, value: Any) -> None:
        self._put(self.key(k), value)

    def set(self, k: Any, value: Any) -> None:
        self._set_query(self.key(k), value)

    def remove(self, k: Any) -> None:
        io.ext.state.delete(self.key(k))

    def take(self, k: Any) -> Any:
        return self._take(self.key(k))

    def mutate(self, k: Any, f: Callable[[Any], Any]) -> Any:
        return self._mutate(self.key(k), f)

    def try_mutate(self, k: Any, f: Callable[[Any], Any]) -> Any:
        return self._mutate(self.key(k), f)

    def mutate_exists(self, k: Any, f: Callable[[Any], Any]) -> Any:
        return self._mutate_exists(self.key(k), f)

    def append(self, k: Any, item: Any) -> None:
        self._append(self.key(k), item)

    def decode_len(self, k: Any) -> int | None:
        return self._decode_len(self.key(k))

    # -- iteration (reversible hashers only), in key-hash order like FRAME

    def _check_iterable(self) -> None:
        if not self.k.hasher.reversible:
            raise NotIterable(f"{self.pallet}.{self.name} uses {self.k.hasher.name}, which cannot be iterated")

    def iter(self) -> Iterator[tuple[Any, Any]]:
        """(key, value) pairs. Collected first, so the caller may write while iterating."""
        self._check_iterable()
        plen = len(self.prefix)
        items = list(io.state().iter_prefix(self.prefix))
        for raw_key, raw in items:
            k, _ = self.k.decode_suffix(raw_key, plen)
            yield k, self._decode(raw, raw_key)

    def keys(self) -> Iterator[Any]:
        self._check_iterable()
        plen = len(self.prefix)
        for raw_key in list(io.state().keys_with_prefix(self.prefix)):
            yield self.k.decode_suffix(raw_key, plen)[0]

    def drain(self) -> Iterator[tuple[Any, Any]]:
        """Remove every entry, yielding each (key, value)."""
        yield from self._drain(self.prefix, self.iter())


class StorageDoubleMap(_MapItem):
    """A map keyed by two keys at ``prefix ++ hasher1(SCALE(k1)) ++ hasher2(SCALE(k2))``."""

    def __init__(
        self,
        hasher1: Hasher,
        key1_type: Any,
        hasher2: Hasher,
        key2_type: Any,
        value_type: Any,
        default: Any = _NO_DEFAULT,
        doc: str = "",
        *,
        query: QueryKind | None = None,
        unbounded: bool = False,
    ):
        super().__init__(value_type, default, doc, query=query, unbounded=unbounded)
        self.k1 = _Hashed(hasher1, key1_type)
        self.k2 = _Hashed(hasher2, key2_type)
        self.hashers = (hasher1, hasher2)
        self.key_codecs = (self.k1.codec, self.k2.codec)

    def key(self, k1: Any, k2: Any) -> bytes:
        return self.prefix + self.k1.hashed(k1) + self.k2.hashed(k2)

    def prefix_for(self, k1: Any) -> bytes:
        return self.prefix + self.k1.hashed(k1)

    def get(self, k1: Any, k2: Any) -> Any:
        return self._query(self.key(k1, k2))

    def contains_key(self, k1: Any, k2: Any) -> bool:
        return io.ext.state.exists(self.key(k1, k2))

    def insert(self, k1: Any, k2: Any, value: Any) -> None:
        self._put(self.key(k1, k2), value)

    def set(self, k1: Any, k2: Any, value: Any) -> None:
        self._set_query(self.key(k1, k2), value)

    def remove(self, k1: Any, k2: Any) -> None:
        io.ext.state.delete(self.key(k1, k2))

    def take(self, k1: Any, k2: Any) -> Any:
        return self._take(self.key(k1, k2))

    def mutate(self, k1: Any, k2: Any, f: Callable[[Any], Any]) -> Any:
        return self._mutate(self.key(k1, k2), f)

    def try_mutate(self, k1: Any, k2: Any, f: Callable[[Any], Any]) -> Any:
        return self._mutate(self.key(k1, k2), f)

    def mutate_exists(self, k1: Any, k2: Any, f: Callable[[Any], Any]) -> Any:
        return self._mutate_exists(self.key(k1, k2), f)

    def iter_prefix(self, k1: Any) -> Iterator[tuple[Any, Any]]:
        """(k2, value) pairs under k1 (needs a reversible second hasher)."""
        if not self.k2.hasher.reversible:
            raise NotIterable(f"{self.pallet}.{self.name}: second hasher {self.k2.hasher.name} cannot be iterated")
        p = self.prefix_for(k1)
        for raw_key, raw in list(io.state().iter_prefix(p)):
            k2, _ = self.k2.decode_suffix(raw_key, len(p))
            yield k2, self._decode(raw, raw_key)

    def iter(self) -> Iterator[tuple[Any, Any, Any]]:
        """(k1, k2, value) triples (needs both hashers reversible)."""
        for h in self.hashers:
            if not h.reversible:
                raise NotIterable(f"{self.pallet}.{self.name} uses {h.name}, which cannot be iterated")
        plen = len(self.prefix)
        for raw_key, raw in list(io.state().iter_prefix(self.prefix)):
            k1, off = self.k1.decode_suffix(raw_key, plen)
            k2, _ = self.k2.decode_suffix(raw_key, off)
            yield k1, k2, self._decode(raw, raw_key)

    def drain_prefix(self, k1: Any) -> Iterator[tuple[Any, Any]]:
        yield from self._drain(self.prefix_for(k1), self.iter_prefix(k1))

    def clear_prefix(self, k1: Any, limit: int | None = None) -> int:
        return io.state().clear_prefix(self.prefix_for(k1), limit)
