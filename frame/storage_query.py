"""Query kinds of storage items (FRAME's `OptionQuery`, `ValueQuery`, `ResultQuery<E>`) and type defaults.

What reading an absent key gives: `OptionQuery` None; `ValueQuery` the declared default, or the type's
`Default` (0, empty, all-zero bytes, a struct of field defaults, as Rust's `#[derive(Default)]`);
`ResultQuery(SomePalletError)` raises that pallet error. An item given a `default=` and no `query=` is a
ValueQuery, one with neither an OptionQuery (as before query kinds could be named).
"""

from __future__ import annotations

from typing import Any

from frame.dispatch import PalletError
from primitives import scale
from primitives.bitvec import BitVec
from primitives.bounded import BoundedVec, BoundedVecCodec, BTreeMapCodec, BTreeSetCodec
from primitives.scale import Codec

__all__ = ["OptionQuery", "QueryKind", "ResultQuery", "ValueQuery", "type_default"]


class QueryKind:
    """How an absent key reads. Use the instances `OptionQuery`, `ValueQuery`, or `ResultQuery(Error)`."""

    #: FRAME's metadata modifier: "Optional" (OptionQuery, ResultQuery) or "Default" (ValueQuery)
    modifier = "Optional"

    def __init__(self, name: str, modifier: str) -> None:
        self.name = name
        self.modifier = modifier

    def __repr__(self) -> str:
        return self.name


OptionQuery = QueryKind("OptionQuery", "Optional")
ValueQuery = QueryKind("ValueQuery", "Default")


class ResultQuery(QueryKind):
    """Reading an absent key raises `error` (a pallet error class), as FRAME's `ResultQuery<Error::<T>::X>`."""

    def __init__(self, error: type[PalletError]) -> None:
        if not (isinstance(error, type) and issubclass(error, PalletError) and error.index >= 0):
            raise TypeError(f"ResultQuery takes a declared pallet error (a PalletError with an index), got {error!r}")
        super().__init__(f"ResultQuery({error.__name__})", "Optional")
        self.error = error


def type_default(codec: Codec) -> Any:
    """The Rust `Default::default()` of a SCALE type, for a ValueQuery declared without a default.

    Raises TypeError for a type with no obvious default (an enum: name the default with `default=`)."""
    if isinstance(codec, scale.NewtypeCodec):
        return codec.wrap(type_default(codec.inner))
    if isinstance(codec, (scale.IntCodec, scale.CompactCodec)):
        return 0
    if isinstance(codec, scale.BoolCodec):
        return False
    if isinstance(codec, scale.FixedBytesCodec):
        return bytes(codec.size)
    if isinstance(codec, scale.BytesCodec):
        return b""
    if isinstance(codec, scale.StrCodec):
        return ""
    if isinstance(codec, scale.VecCodec):
        return () if codec.as_tuple else []
    if isinstance(codec, scale.BitVecCodec):
        return BitVec()
    if isinstance(codec, scale.OptionCodec):
        return None
    if isinstance(codec, scale.TupleCodec):
        return tuple(type_default(c) for c in codec.items)
    if isinstance(codec, scale.StructCodec):
        return codec.build(*(type_default(c) for _, c in codec.fields))
    if isinstance(codec, BoundedVecCodec):
        return BoundedVec(codec.bound)
    if isinstance(codec, (BTreeMapCodec, BTreeSetCodec)):
        return codec.from_items([])
    raise TypeError(f"{codec.name} has no default value: give the ValueQuery item a default=")


def resolve(query: QueryKind | None, default: Any, has_default: bool, codec: Codec) -> tuple[QueryKind, Any]:
    """The item's query kind and its default (a value or a factory) from what it was declared with."""
    if query is None:
        return (ValueQuery, default) if has_default else (OptionQuery, None)
    if not isinstance(query, QueryKind):
        raise TypeError(f"query= takes OptionQuery, ValueQuery or ResultQuery(Error), got {query!r}")
    if query is ValueQuery:
        if has_default:
            return query, default
        type_default(codec)  # raises now, at declaration, for a type without a default
        return query, lambda: type_default(codec)
    if has_default:
        raise TypeError(f"a default= means nothing for {query!r} (only a ValueQuery reads one)")
    return query, None
