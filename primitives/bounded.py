"""Bounded collections: `BoundedVec`, `BoundedBTreeMap`, `BoundedBTreeSet`, and their SCALE codecs.

As in FRAME (sp_runtime::BoundedVec and friends), a bounded collection never holds more than its bound:
growing past it raises `BoundExceeded` and leaves the collection unchanged (`extend` / `update` check the
whole batch first). On the wire they are exactly ``Vec<T>``, ``BTreeMap<K, V>`` and ``BTreeSet<T>``: a
compact length, then the items; map entries and set items are written in ascending order of the key as
Rust orders it (`rust_order`: its derived `Ord`), which is how Rust's BTree iterates them. That is not the
order of the encoded bytes: ``u32`` 256 (``00010000``) comes after 1 (``01000000``). Decoding a length above
the bound raises `TooManyItems` (a `CodecError`) before any item is read. Like parity-scale-codec, map and
set decoding accept any item order (a repeated key: the last one wins).

Declare a stored or argument type with the helpers, which give an annotation `codec_of` accepts::

    Names = StorageValue(bounded_vec(U32, 16))                  # BoundedVec<u32, 16>
    Owners = StorageValue(bounded_btree_map(U32, AccountId, 8))  # BoundedBTreeMap<u32, [u8; 32], 8>
    Tags = StorageValue(bounded_btree_set(U8, 4))               # BoundedBTreeSet<u8, 4>

Registry names are ``BoundedVec<T, N>``, ``BoundedBTreeMap<K, V, N>``, ``BoundedBTreeSet<T, N>`` (and
``BTreeMap<K, V>``, ``BTreeSet<T>`` unbounded), each registered in py-scale-codec as an alias of the Vec it
encodes as (``Vec<T>``, ``Vec<(K, V)>``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, MutableSequence, MutableSet
from typing import Annotated, Any, Generic, TypeVar, overload

from primitives import scale
from primitives.errors import CodecError, ParahostError
from primitives.scale import Codec, decode_compact, encode_compact
from primitives.types import codec_of

__all__ = [
    "BTreeMapCodec",
    "BTreeSetCodec",
    "BoundExceeded",
    "BoundedBTreeMap",
    "BoundedBTreeSet",
    "BoundedVec",
    "BoundedVecCodec",
    "TooManyItems",
    "bounded_btree_map",
    "bounded_btree_set",
    "bounded_vec",
    "btree_map",
    "btree_set",
    "rust_order",
]

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


class BoundExceeded(ParahostError):
    """A bounded collection was asked to grow past its bound; it is unchanged."""


class TooManyItems(CodecError):
    """Bytes (or a value to encode) with more items than the bounded type's bound."""


def _check_bound(bound: int) -> int:
    if not isinstance(bound, int) or isinstance(bound, bool) or not 0 <= bound <= 0xFFFF_FFFF:
        raise TypeError(f"a bound is an int in 0..2**32-1, got {bound!r}")
    return bound


# ---------------------------------------------------------------------------------------------
# The values


class BoundedVec(MutableSequence[T], Generic[T]):
    """A list that never holds more than `bound` items. Compares equal to a list with the same items."""

    __slots__ = ("_items", "bound")

    def __init__(self, bound: int, items: Iterable[T] = ()) -> None:
        self.bound = _check_bound(bound)
        got = list(items)
        if len(got) > bound:
            raise BoundExceeded(f"BoundedVec of bound {bound} given {len(got)} items")
        self._items = got

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...
    def __getitem__(self, i: int | slice) -> T | list[T]:
        return self._items[i]

    def __setitem__(self, i: Any, value: Any) -> None:
        if isinstance(i, slice):
            trial = list(self._items)
            trial[i] = value
            if len(trial) > self.bound:
                raise BoundExceeded(f"slice assignment would make {len(trial)} items, bound {self.bound}")
            self._items = trial
        else:
            self._items[i] = value

    def __delitem__(self, i: int | slice) -> None:
        del self._items[i]

    def __len__(self) -> int:
        return len(self._items)

    def insert(self, index: int, value: T) -> None:
        """Insert `value` before `index` (FRAME's try_insert); raises BoundExceeded when full."""
        if len(self._items) >= self.bound:
            raise BoundExceeded(f"BoundedVec is full ({self.bound} items)")
        self._items.insert(index, value)

    def try_push(self, value: T) -> None:
        """Append `value`; raises BoundExceeded (and changes nothing) when full."""
        self.insert(len(self._items), value)

    def extend(self, values: Iterable[T]) -> None:
        """Append all of `values` or, if they do not all fit, none of them (BoundExceeded)."""
        more = list(values)
        if len(self._items) + len(more) > self.bound:
            raise BoundExceeded(f"{len(self._items)} + {len(more)} items exceed the bound {self.bound}")
        self._items.extend(more)

    try_extend = extend

    def force_push(self, value: T) -> None:
        """Append `value`, dropping the first item if full (FRAME's force_push; a bound of 0 drops it)."""
        if self.bound == 0:
            return
        if len(self._items) >= self.bound:
            del self._items[0]
        self._items.append(value)

    def to_list(self) -> list[T]:
        return list(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, BoundedVec):
            return self._items == other._items
        if isinstance(other, list):
            return self._items == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"BoundedVec({self.bound}, {self._items!r})"


class BoundedBTreeMap(MutableMapping[K, V], Generic[K, V]):
    """A dict that never holds more than `bound` keys. Compares equal to a dict with the same items."""

    __slots__ = ("_items", "bound")

    def __init__(self, bound: int, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self.bound = _check_bound(bound)
        got = dict(items)
        if len(got) > bound:
            raise BoundExceeded(f"BoundedBTreeMap of bound {bound} given {len(got)} keys")
        self._items = got

    def __getitem__(self, k: K) -> V:
        return self._items[k]

    def __setitem__(self, k: K, v: V) -> None:
        """Set `k`; a new key when full raises BoundExceeded (FRAME's try_insert)."""
        if k not in self._items and len(self._items) >= self.bound:
            raise BoundExceeded(f"BoundedBTreeMap is full ({self.bound} keys)")
        self._items[k] = v

    try_insert = __setitem__

    def __delitem__(self, k: K) -> None:
        del self._items[k]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def update(self, other: Any = (), /, **kw: V) -> None:
        """Set every pair of `other`, or none of them if the new keys do not fit (BoundExceeded)."""
        pairs = list(dict(other).items()) + list(kw.items())
        new = {k for k, _ in pairs if k not in self._items}
        if len(self._items) + len(new) > self.bound:
            raise BoundExceeded(f"{len(self._items)} + {len(new)} keys exceed the bound {self.bound}")
        for k, v in pairs:
            self._items[k] = v

    def to_dict(self) -> dict[K, V]:
        return dict(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, BoundedBTreeMap):
            return self._items == other._items
        if isinstance(other, dict):
            return self._items == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"BoundedBTreeMap({self.bound}, {self._items!r})"


class BoundedBTreeSet(MutableSet[T], Generic[T]):
    """A set that never holds more than `bound` items. Compares equal to a set with the same items."""

    __slots__ = ("_items", "bound")

    def __init__(self, bound: int, items: Iterable[T] = ()) -> None:
        self.bound = _check_bound(bound)
        got = set(items)
        if len(got) > bound:
            raise BoundExceeded(f"BoundedBTreeSet of bound {bound} given {len(got)} items")
        self._items = got

    def __contains__(self, x: object) -> bool:
        return x in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def add(self, value: T) -> None:
        """Add `value`; a new item when full raises BoundExceeded (FRAME's try_insert)."""
        if value not in self._items and len(self._items) >= self.bound:
            raise BoundExceeded(f"BoundedBTreeSet is full ({self.bound} items)")
        self._items.add(value)

    try_insert = add

    def discard(self, value: T) -> None:
        self._items.discard(value)

    def update(self, values: Iterable[T]) -> None:
        """Add all of `values`, or none of them if the new ones do not fit (BoundExceeded)."""
        new = set(values) - self._items
        if len(self._items) + len(new) > self.bound:
            raise BoundExceeded(f"{len(self._items)} + {len(new)} items exceed the bound {self.bound}")
        self._items |= new

    def to_set(self) -> set[T]:
        return set(self._items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, BoundedBTreeSet):
            return self._items == other._items
        if isinstance(other, (set, frozenset)):
            return self._items == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"BoundedBTreeSet({self.bound}, {self._items!r})"


# ---------------------------------------------------------------------------------------------
# Rust's order


def rust_order(codec: Codec) -> Callable[[Any], Any]:
    """A sort key giving values of `codec`'s type the order of Rust's derived `Ord`: integers by value,
    byte strings and arrays bytewise, `String` by its UTF-8, tuples and structs field by field, enums by
    variant index then fields, `None` before any `Some`, Vecs lexicographically (a prefix first)."""
    if isinstance(codec, scale.NewtypeCodec):
        return rust_order(codec.inner)
    if isinstance(codec, (scale.IntCodec, scale.CompactCodec, scale.BoolCodec, scale.IndexEnumCodec)):
        return int
    if isinstance(codec, (scale.BytesCodec, scale.FixedBytesCodec)):
        return bytes
    if isinstance(codec, scale.StrCodec):
        return lambda v: v.encode()
    if isinstance(codec, scale.TupleCodec):
        keys = [rust_order(c) for c in codec.items]
        return lambda v: tuple(k(x) for k, x in zip(keys, v, strict=True))
    if isinstance(codec, scale.StructCodec):
        fields = [(n, rust_order(c)) for n, c in codec.fields]
        return lambda v: tuple(k(getattr(v, n)) for n, k in fields)
    if isinstance(codec, scale.OptionCodec):
        inner = rust_order(codec.inner)
        return lambda v: (0,) if v is None else (1, inner(v))
    if isinstance(codec, (scale.VecCodec, BoundedVecCodec, BTreeSetCodec)):
        item = rust_order(codec.item)
        if isinstance(codec, BTreeSetCodec):
            return lambda v: sorted(item(x) for x in v)
        return lambda v: [item(x) for x in v]
    if isinstance(codec, scale.EnumCodec):
        by_class = {v.cls: (v.index, [(n, rust_order(c)) for n, c in v.fields]) for v in codec.variants.values()}

        def enum_key(v: Any) -> Any:
            index, fields = by_class[type(v)]
            return (index, *(k(getattr(v, n)) for n, k in fields))

        return enum_key
    raise TypeError(f"{codec.name} has no order: it cannot key a BTreeMap or be in a BTreeSet")


# ---------------------------------------------------------------------------------------------
# The codecs


class _CollectionCodec(Codec):
    """Shared by the three: a compact length checked against the bound, then the items."""

    min_size = 1
    bound: int | None
    #: the Vec this encodes as, for the py-scale-codec registry and value conversion
    vec_form: scale.VecCodec

    def registry_definition(self) -> Any:
        return self.vec_form.name

    def children(self) -> tuple[Codec, ...]:
        return (self.vec_form,)

    def _len(self, n: int) -> bytes:
        if self.bound is not None and n > self.bound:
            raise TooManyItems(self.name, f"{n} items, the bound is {self.bound}")
        return encode_compact(n)

    def _read_len(self, data: bytes, offset: int, min_item: int) -> tuple[int, int]:
        n, off = decode_compact(data, offset, self.name)
        if self.bound is not None and n > self.bound:
            raise TooManyItems(self.name, f"length {n} is over the bound {self.bound}", offset)
        if n * max(min_item, 1) > len(data) - off:
            raise CodecError(self.name, f"length {n} does not fit in the {len(data) - off} remaining byte(s)", offset)
        return n, off

    def to_items(self, value: Any) -> list[Any]:
        """The value as the items of `vec_form` (map entries as (key, value) pairs), in wire order."""
        raise NotImplementedError  # pragma: no cover

    def from_items(self, items: list[Any]) -> Any:
        raise NotImplementedError  # pragma: no cover


class BoundedVecCodec(_CollectionCodec):
    """``BoundedVec<T, N>``: encodes as ``Vec<T>``, decodes to a `BoundedVec`."""

    bound: int

    def __init__(self, item: Codec, bound: int) -> None:
        self.item = item
        self.bound = _check_bound(bound)
        self.vec_form = scale.VecCodec(item)
        self.name = f"BoundedVec<{item.name}, {bound}>"

    def encode(self, value: Any) -> bytes:
        if isinstance(value, (str, bytes, dict)) or not isinstance(value, (list, tuple, BoundedVec)):
            raise CodecError(self.name, f"{type(value).__name__} is not a sequence")
        enc = self.item.encode
        return self._len(len(value)) + b"".join([enc(v) for v in value])

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        n, off = self._read_len(data, offset, self.item.min_size)
        dec = self.item.decode_from
        out = []
        for _ in range(n):
            v, off = dec(data, off)
            out.append(v)
        bv: BoundedVec[Any] = BoundedVec.__new__(BoundedVec)
        bv.bound, bv._items = self.bound, out
        return bv, off

    def to_items(self, value: Any) -> list[Any]:
        return list(value)

    def from_items(self, items: list[Any]) -> Any:
        return BoundedVec(self.bound, items)


class BTreeMapCodec(_CollectionCodec):
    """``BTreeMap<K, V>`` (bound None, decodes to a dict) or ``BoundedBTreeMap<K, V, N>`` (decodes to a
    `BoundedBTreeMap`): entries in ascending order of the encoded key."""

    def __init__(self, key: Codec, value: Codec, bound: int | None = None) -> None:
        self.key, self.value = key, value
        self.bound = None if bound is None else _check_bound(bound)
        self.vec_form = scale.VecCodec(scale.TupleCodec([key, value]))
        self._order = rust_order(key)
        self.name = f"BTreeMap<{key.name}, {value.name}>" if bound is None else (
            f"BoundedBTreeMap<{key.name}, {value.name}, {bound}>")  # fmt: skip

    def encode(self, value: Any) -> bytes:
        if not isinstance(value, Mapping):
            raise CodecError(self.name, f"{type(value).__name__} is not a mapping")
        kenc, venc = self.key.encode, self.value.encode
        entries = self.to_items(value)
        return self._len(len(entries)) + b"".join([kenc(k) + venc(v) for k, v in entries])

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        n, off = self._read_len(data, offset, self.key.min_size + self.value.min_size)
        kdec, vdec = self.key.decode_from, self.value.decode_from
        out: dict[Any, Any] = {}
        for _ in range(n):
            k, off = kdec(data, off)
            out[k], off = vdec(data, off)
        return self._wrap(out), off

    def _wrap(self, items: dict[Any, Any]) -> Any:
        if self.bound is None:
            return items
        m: BoundedBTreeMap[Any, Any] = BoundedBTreeMap.__new__(BoundedBTreeMap)
        m.bound, m._items = self.bound, items
        return m

    def to_items(self, value: Any) -> list[Any]:
        order = self._order
        try:
            return sorted(value.items(), key=lambda kv: order(kv[0]))
        except (TypeError, AttributeError, KeyError) as e:
            raise CodecError(self.name, f"a key is not a {self.key.name} ({e})") from None

    def from_items(self, items: list[Any]) -> Any:
        return self._wrap(dict(items))


class BTreeSetCodec(_CollectionCodec):
    """``BTreeSet<T>`` (bound None, decodes to a set) or ``BoundedBTreeSet<T, N>`` (decodes to a
    `BoundedBTreeSet`): items in ascending order of their encoding."""

    def __init__(self, item: Codec, bound: int | None = None) -> None:
        self.item = item
        self.bound = None if bound is None else _check_bound(bound)
        self.vec_form = scale.VecCodec(item)
        self._order = rust_order(item)
        self.name = f"BTreeSet<{item.name}>" if bound is None else f"BoundedBTreeSet<{item.name}, {bound}>"

    def encode(self, value: Any) -> bytes:
        if not isinstance(value, (set, frozenset, BoundedBTreeSet)):
            raise CodecError(self.name, f"{type(value).__name__} is not a set")
        enc = self.item.encode
        items = self.to_items(value)
        return self._len(len(items)) + b"".join([enc(v) for v in items])

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        n, off = self._read_len(data, offset, self.item.min_size)
        dec = self.item.decode_from
        out = set()
        for _ in range(n):
            v, off = dec(data, off)
            out.add(v)
        return self._wrap(out), off

    def _wrap(self, items: set[Any]) -> Any:
        if self.bound is None:
            return items
        s: BoundedBTreeSet[Any] = BoundedBTreeSet.__new__(BoundedBTreeSet)
        s.bound, s._items = self.bound, items
        return s

    def to_items(self, value: Any) -> list[Any]:
        try:
            return sorted(value, key=self._order)
        except (TypeError, AttributeError, KeyError) as e:
            raise CodecError(self.name, f"an item is not a {self.item.name} ({e})") from None

    def from_items(self, items: list[Any]) -> Any:
        return self._wrap(set(items))


# ---------------------------------------------------------------------------------------------
# Declaring them


def bounded_vec(item: Any, bound: int) -> Any:
    """The annotation for ``BoundedVec<item, bound>`` (a `BoundedVec` value)."""
    return Annotated[BoundedVec, BoundedVecCodec(codec_of(item), bound)]


def bounded_btree_map(key: Any, value: Any, bound: int) -> Any:
    """The annotation for ``BoundedBTreeMap<key, value, bound>`` (a `BoundedBTreeMap` value)."""
    return Annotated[BoundedBTreeMap, BTreeMapCodec(codec_of(key), codec_of(value), bound)]


def bounded_btree_set(item: Any, bound: int) -> Any:
    """The annotation for ``BoundedBTreeSet<item, bound>`` (a `BoundedBTreeSet` value)."""
    return Annotated[BoundedBTreeSet, BTreeSetCodec(codec_of(item), bound)]


def btree_map(key: Any, value: Any) -> Any:
    """The annotation for an unbounded ``BTreeMap<key, value>`` (a dict value)."""
    return Annotated[dict, BTreeMapCodec(codec_of(key), codec_of(value))]


def btree_set(item: Any) -> Any:
    """The annotation for an unbounded ``BTreeSet<item>`` (a set value)."""
    return Annotated[set, BTreeSetCodec(codec_of(item))]
