"""Hypothesis strategies generated from codecs: `strategy_for(codec)` draws valid values of its type.

Sizes are kept small (short vectors and byte strings) so that property tests stay fast, including those
that push every value through py-scale-codec. Strategies are cached per codec.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from primitives import scale
from primitives.bitvec import BitVec

#: The longest vector, byte string, string and bit vector drawn.
MAX_ITEMS = 3
MAX_BYTES = 40
MAX_BITS = 20

_CACHE: dict[int, st.SearchStrategy[Any]] = {}


def strategy_for(codec: scale.Codec) -> st.SearchStrategy[Any]:
    """A strategy drawing values that `codec` encodes (and decodes back to equal values)."""
    cached = _CACHE.get(id(codec))
    if cached is None:
        cached = _CACHE[id(codec)] = _build(codec)
    return cached


def _build(codec: scale.Codec) -> st.SearchStrategy[Any]:
    if isinstance(codec, scale.NewtypeCodec):
        return strategy_for(codec.inner).map(codec.wrap)
    if isinstance(codec, scale.IntCodec):
        return st.integers(codec.lo, codec.hi)
    if isinstance(codec, scale.CompactCodec):
        # weight the mode boundaries, then anything in range
        edges = [v for v in (0, 63, 64, 16383, 16384, (1 << 30) - 1, 1 << 30, codec.hi) if v <= codec.hi]
        return st.one_of(st.sampled_from(edges), st.integers(0, codec.hi))
    if isinstance(codec, scale.BoolCodec):
        return st.booleans()
    if isinstance(codec, scale.BytesCodec):
        return st.binary(max_size=MAX_BYTES)
    if isinstance(codec, scale.StrCodec):
        return st.text(max_size=MAX_BYTES)
    if isinstance(codec, scale.FixedBytesCodec):
        return st.binary(min_size=codec.size, max_size=codec.size)
    if isinstance(codec, scale.VecCodec):
        items = st.lists(strategy_for(codec.item), max_size=MAX_ITEMS)
        return items.map(tuple) if codec.as_tuple else items
    if isinstance(codec, scale.TupleCodec):
        return st.tuples(*(strategy_for(c) for c in codec.items))
    if isinstance(codec, scale.OptionCodec):
        return st.none() | strategy_for(codec.inner)
    if isinstance(codec, scale.ResultCodec):
        return strategy_for(codec.ok).map(scale.Ok) | strategy_for(codec.err).map(scale.Err)
    if isinstance(codec, scale.BitVecCodec):
        return st.lists(st.booleans(), max_size=MAX_BITS).map(BitVec)
    if isinstance(codec, scale.StructCodec):
        return st.builds(codec.build, *(strategy_for(c) for _, c in codec.fields))
    if isinstance(codec, scale.EnumCodec):
        variants = [
            st.builds(v.cls, *(strategy_for(c) for _, c in v.fields)) for _, v in sorted(codec.variants.items())
        ]
        return st.one_of(variants) if variants else st.nothing()
    if isinstance(codec, scale.IndexEnumCodec):
        return st.sampled_from(sorted(codec.members.values()))
    raise TypeError(f"no strategy for {codec!r}")
