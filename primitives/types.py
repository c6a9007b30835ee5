"""Declaring SCALE types once: structs, enums, newtypes and the scalar aliases.

A struct is a frozen, slotted attrs class whose field order is the SCALE order::

    @scale_struct
    class GlobalValidationSchedule:
        max_code_size: U32
        max_head_data_size: U32
        block_number: BlockNumber

Field annotations name their codec: the aliases below (``U32``, ``H256``, ``Compact32`` ...), a declared
struct, enum or newtype, ``list[T]`` / ``tuple[T, ...]`` for ``Vec<T>``, ``tuple[A, B]``, ``T | None``
for ``Option<T>``, ``bool``, ``bytes`` (``Vec<u8>``) and ``str``. Every declared type gets a ``SCALE``
codec attribute and is recorded for the py-scale-codec registry export.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, TypeVar, dataclass_transform

import attrs

from primitives import scale
from primitives.bitvec import BitVec
from primitives.scale import Codec

T = TypeVar("T")

# ---------------------------------------------------------------------------------------------
# Scalar aliases: what mypy sees is the Python type; the Annotated metadata is the codec.

U8 = Annotated[int, scale.u8]
U16 = Annotated[int, scale.u16]
U32 = Annotated[int, scale.u32]
U64 = Annotated[int, scale.u64]
U128 = Annotated[int, scale.u128]
I8 = Annotated[int, scale.i8]
I16 = Annotated[int, scale.i16]
I32 = Annotated[int, scale.i32]
I64 = Annotated[int, scale.i64]
I128 = Annotated[int, scale.i128]
Compact32 = Annotated[int, scale.CompactCodec(scale.u32)]
Compact64 = Annotated[int, scale.CompactCodec(scale.u64)]
Compact128 = Annotated[int, scale.CompactCodec(scale.u128)]
H256 = Annotated[bytes, scale.FixedBytesCodec(32, "H256")]
H512 = Annotated[bytes, scale.FixedBytesCodec(64, "H512")]
Bytes4 = Annotated[bytes, scale.FixedBytesCodec(4)]
Bytes8 = Annotated[bytes, scale.FixedBytesCodec(8)]
Bytes16 = Annotated[bytes, scale.FixedBytesCodec(16)]
Bytes32 = Annotated[bytes, scale.FixedBytesCodec(32)]
Bits = Annotated[BitVec, scale.bitvec]

#: Every declared named codec, in declaration order, for the registry export.
DECLARED: dict[str, Codec] = {}
#: Enum names too generic to be global (each pallet has an `Event`): declared once a pallet adopts them,
#: under the pallet's name (`SudoEvent`), by `declare_as`.
DEFERRED_NAMES = frozenset({"Event"})


def _shape(codec: Codec) -> Any:
    """What must agree for two declarations of one name to be the same type (enums: checked lazily)."""
    if isinstance(codec, scale.EnumCodec):
        return ("enum", codec.name)
    return codec.registry_definition()


def declare_as(codec: Codec, name: str) -> None:
    """Give a deferred codec its registry name and declare it (done by `frame.Pallet` for its Event)."""
    if codec.name in DEFERRED_NAMES:
        codec.name = name
        _declare(codec)


def _declare(codec: Codec) -> None:
    existing = DECLARED.get(codec.name)
    if existing is not None and existing is not codec and _shape(existing) != _shape(codec):
        raise TypeError(f"SCALE type {codec.name} declared twice, with different shapes")
    DECLARED[codec.name] = codec


def codec_of(tp: Any) -> Codec:
    """The codec for a field annotation (see the module docstring for what is accepted)."""
    if isinstance(tp, Codec):
        return tp
    scale_attr = getattr(tp, "SCALE", None)
    if isinstance(scale_attr, Codec):
        return scale_attr
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is Annotated:
        for meta in args[1:]:
            if isinstance(meta, Codec):
                return meta
        return codec_of(args[0])
    if origin is list:
        return scale.VecCodec(codec_of(args[0]))
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return scale.VecCodec(codec_of(args[0]), as_tuple=True)
        return scale.TupleCodec([codec_of(a) for a in args])
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1 and len(args) == 2:
            return scale.OptionCodec(codec_of(rest[0]))
        raise TypeError(f"only `T | None` unions map to SCALE, not {tp}")
    if tp is bool:
        return scale.boolean
    if tp is bytes:
        return scale.bytes_codec
    if tp is str:
        return scale.string
    if tp is BitVec:
        return scale.bitvec
    if tp is int:
        raise TypeError("a bare `int` has no SCALE width: use U8, U32, U64, U128, Compact32 ...")
    raise TypeError(f"no SCALE codec for annotation {tp!r}")


def _fields_of(cls: type) -> list[tuple[str, Codec]]:
    hints = typing.get_type_hints(cls, include_extras=True)
    return [(a.name, codec_of(hints[a.name])) for a in attrs.fields(cls)]


# ---------------------------------------------------------------------------------------------
# Structs


@dataclass_transform(frozen_default=True, field_specifiers=(attrs.field,))
def scale_struct(cls: type[T] | None = None, *, name: str | None = None) -> Any:
    """Make `cls` a frozen attrs class with a generated SCALE codec (`cls.SCALE`)."""

    def wrap(c: type[T]) -> type[T]:
        made: Any = attrs.frozen(c)
        codec = scale.StructCodec(name or c.__name__, _fields_of(made), made)
        made.SCALE = codec
        _declare(codec)
        return made

    return wrap(cls) if cls is not None else wrap


# ---------------------------------------------------------------------------------------------
# Enums with payloads


class ScaleEnum:
    """Base of an enum whose variants are subclasses declared with `scale_variant`."""

    SCALE: typing.ClassVar[scale.EnumCodec]
    __slots__ = ()

    def __init_subclass__(cls, name: str | None = None, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if ScaleEnum in cls.__bases__:
            cls.SCALE = scale.EnumCodec(name or cls.__name__)
            if cls.SCALE.name not in DEFERRED_NAMES:
                _declare(cls.SCALE)

    def encode(self) -> bytes:
        return self.SCALE.encode(self)


@dataclass_transform(frozen_default=True, field_specifiers=(attrs.field,))
def scale_variant(index: int, name: str | None = None) -> Callable[[type[T]], type[T]]:
    """Declare a variant (a subclass of a `ScaleEnum`) with an explicit SCALE index.

    `name` is the variant's name in the registry and metadata (default: the class name).
    """

    def wrap(c: type[T]) -> type[T]:
        made: Any = attrs.frozen(c)
        enum_cls = next(b for b in made.__mro__[1:] if ScaleEnum in b.__bases__)
        enum_cls.SCALE.add(scale.Variant(index, name or c.__name__, made, _fields_of(made)))
        made.INDEX = index
        return made

    return wrap


def index_enum(cls: type[enum.IntEnum]) -> Any:
    """Give an `IntEnum` (a fieldless enum) a one-byte SCALE codec; member values are the indexes."""
    codec = scale.IndexEnumCodec(cls.__name__, list(cls))
    cls.SCALE = codec  # type: ignore[attr-defined]
    _declare(codec)
    return cls


# ---------------------------------------------------------------------------------------------
# Newtypes


def newtype(inner: Any) -> Callable[[type[T]], type[T]]:
    """Declare a newtype class (a subclass of int or bytes) that encodes as `inner`."""

    def wrap(c: type[T]) -> type[T]:
        codec = scale.NewtypeCodec(c.__name__, codec_of(inner), c)
        c.SCALE = codec  # type: ignore[attr-defined]
        _declare(codec)
        return c

    return wrap


def evolve(inst: T, **changes: Any) -> T:
    """A copy of a declared (frozen) value with some fields changed, like attrs.evolve."""
    return attrs.evolve(inst, **changes)  # type: ignore[misc]


def encode(value: Any) -> bytes:
    """Encode a value of a declared type (struct, variant, newtype)."""
    return type(value).SCALE.encode(value)


def decode(tp: Any, data: bytes) -> Any:
    """Decode a whole value of the type `tp` (a declared class or any annotation `codec_of` accepts)."""
    return codec_of(tp).decode(data)
