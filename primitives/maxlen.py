"""The most bytes a value of a SCALE type can encode to: parity-scale-codec's `MaxEncodedLen`.

`max_encoded_len(codec)` is that bound, or raises `Unbounded` for a type that has none (``Vec<T>``,
``Bytes``, ``String``, ``BitVec``, an unbounded ``BTreeMap``: anything with a length not fixed by its
type). Bounded collections are ``Compact(N)``'s length plus N times their item's bound; a `Compact<uN>` is
at most ``1 + N/8`` bytes (5 for u32, as parity-scale-codec counts); an enum is one byte plus its largest
variant; an `Option` one byte plus its payload. FRAME needs this for every stored type (proof-size
estimates), unless the item is declared unbounded (`#[pallet::unbounded]`).
"""

from __future__ import annotations

from primitives import scale
from primitives.bounded import BoundedVecCodec, BTreeMapCodec, BTreeSetCodec
from primitives.errors import ParahostError
from primitives.hashing import Hasher
from primitives.scale import Codec

__all__ = ["Unbounded", "compact_len", "hashed_key_max_len", "max_encoded_len"]


class Unbounded(ParahostError):
    """A type has no maximum encoded length (a Vec, Bytes, String ... with no bound)."""

    def __init__(self, message: str, type_name: str = "") -> None:
        #: the innermost type without a bound (``Bytes`` in a struct holding one)
        self.type_name = type_name
        super().__init__(message)


def compact_len(value: int) -> int:
    """Bytes of `Compact(value)`."""
    return len(scale.encode_compact(value))


def max_encoded_len(codec: Codec) -> int:
    """The most bytes any value of `codec`'s type encodes to; raises `Unbounded` if there is no such bound."""
    return _max(codec, ())


def _max(codec: Codec, seen: tuple[int, ...]) -> int:
    if id(codec) in seen:
        raise Unbounded(f"{codec.name} is recursive", codec.name)
    seen = (*seen, id(codec))
    if isinstance(codec, scale.NewtypeCodec):
        return _max(codec.inner, seen)
    if isinstance(codec, scale.IntCodec):
        return codec.bits // 8
    if isinstance(codec, scale.BoolCodec):
        return 1
    if isinstance(codec, scale.CompactCodec):
        return 1 + codec.inner.bits // 8  # parity-scale-codec: Compact<u32> 5, Compact<u64> 9, Compact<u128> 17
    if isinstance(codec, scale.FixedBytesCodec):
        return codec.size
    if isinstance(codec, scale.TupleCodec):
        return sum(_max(c, seen) for c in codec.items)
    if isinstance(codec, scale.OptionCodec):
        return 1 if codec.inner is scale.boolean else 1 + _max(codec.inner, seen)
    if isinstance(codec, scale.ResultCodec):
        return 1 + max(_max(codec.ok, seen), _max(codec.err, seen))
    if isinstance(codec, scale.StructCodec):
        return sum(_max(c, seen) for _, c in codec.fields)
    if isinstance(codec, scale.EnumCodec):
        return 1 + max((sum(_max(c, seen) for _, c in v.fields) for v in codec.variants.values()), default=0)
    if isinstance(codec, scale.IndexEnumCodec):
        return 1
    if isinstance(codec, BoundedVecCodec):
        return compact_len(codec.bound) + codec.bound * _max(codec.item, seen)
    if isinstance(codec, BTreeMapCodec) and codec.bound is not None:
        return compact_len(codec.bound) + codec.bound * (_max(codec.key, seen) + _max(codec.value, seen))
    if isinstance(codec, BTreeSetCodec) and codec.bound is not None:
        return compact_len(codec.bound) + codec.bound * _max(codec.item, seen)
    raise Unbounded(
        f"{codec.name} has no maximum encoded length: use a bounded type, or declare the item unbounded", codec.name
    )


_HASH_LEN = {Hasher.Blake2_128: 16, Hasher.Blake2_256: 32, Hasher.Twox128: 16, Hasher.Twox256: 32}


def hashed_key_max_len(hasher: Hasher, key: Codec) -> int:
    """The longest `hasher(SCALE(key))` can be: a fixed hash's size, or the Concat prefix plus the key's bound."""
    fixed = _HASH_LEN.get(hasher)
    if fixed is not None:
        return fixed
    return hasher.prefix_len + max_encoded_len(key)
