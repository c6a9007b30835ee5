"""The SCALE codec: codec objects for every shape SCALE knows.

A codec has a registry name (the py-scale-codec type string, such as ``u32`` or ``Vec<ParaId>``),
``encode(value) -> bytes``, ``decode_from(data, offset) -> (value, new_offset)`` and
``decode(data) -> value``, which also rejects trailing bytes. Declared types (``primitives.types``)
build on these; struct and enum codecs generate straight-line Python for their fields.
"""

from __future__ import annotations

import functools
import keyword
import struct
from collections.abc import Callable, Sequence
from typing import Any

from primitives.bitvec import BitVec
from primitives.errors import CodecError


def published_name(name: str) -> str:
    """The name a field or argument is published under (metadata, registries): a Python name that ends in one
    underscore because it would shadow a keyword (``from_``, ``type_``) is published without it, as in Rust."""
    base = name[:-1]
    if name.endswith("_") and not base.endswith("_") and (keyword.iskeyword(base) or base in _SOFT_KEYWORDS):
        return base
    return name


_SOFT_KEYWORDS = frozenset({"match", "case", "type"})  # soft keywords (`type` from Python 3.12)


Encoder = Callable[[Any], bytes]
Decoder = Callable[[bytes, int], "tuple[Any, int]"]


class Codec:
    """Base of all codecs. Subclasses set `encode` and `decode_from`."""

    name: str = "?"
    #: the fewest bytes any value of this type encodes to (used to bound lengths before allocating)
    min_size: int = 0
    #: the struct format character for fixed-width integers, which structs merge into one pack call
    fmt: str | None = None

    def encode(self, value: Any) -> bytes:  # pragma: no cover - always overridden
        raise NotImplementedError

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:  # pragma: no cover
        raise NotImplementedError

    def decode(self, data: bytes | bytearray | memoryview) -> Any:
        """Decode a whole value; bytes left over are an error."""
        if not isinstance(data, bytes):
            data = bytes(data)
        value, end = self.decode_from(data, 0)
        if end != len(data):
            raise CodecError(self.name, f"{len(data) - end} trailing byte(s) after the value", end)
        return value

    def children(self) -> tuple[Codec, ...]:
        """Codecs this one is built from (for registry export and strategies)."""
        return ()

    def registry_definition(self) -> Any:
        """The py-scale-codec definition registered under `name`, or None if py-scale-codec parses the name.

        A definition is an alias (another type string) or a dict in py-scale-codec's JSON registry format
        (``{"type": "struct" | "enum" | "tuple", ...}``). `primitives.registry` collects them.
        """
        return None

    def __repr__(self) -> str:
        return f"<codec {self.name}>"


def _truncated(name: str, offset: int) -> CodecError:
    return CodecError(name, "input too short", offset)


# ---------------------------------------------------------------------------------------------
# Integers and bool


class IntCodec(Codec):
    """Fixed-width little-endian integers."""

    def __init__(self, bits: int, signed: bool) -> None:
        self.bits = bits
        self.signed = signed
        self.name = ("i" if signed else "u") + str(bits)
        self.min_size = bits // 8
        size = bits // 8
        if signed:
            self.lo, self.hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
        else:
            self.lo, self.hi = 0, (1 << bits) - 1
        name = self.name
        if bits <= 64:
            self.fmt = {8: "b", 16: "h", 32: "i", 64: "q"}[bits]
            if not signed:
                self.fmt = self.fmt.upper()
            st = struct.Struct("<" + self.fmt)
            pack, unpack_from = st.pack, st.unpack_from

            def encode(value: Any) -> bytes:
                try:
                    return pack(value)
                except struct.error:
                    raise CodecError(name, f"{value!r} is not a {name}") from None

            def decode_from(data: bytes, offset: int) -> tuple[int, int]:
                try:
                    return unpack_from(data, offset)[0], offset + size
                except struct.error:
                    raise _truncated(name, offset) from None

        else:
            lo, hi = self.lo, self.hi

            def encode(value: Any) -> bytes:
                if not isinstance(value, int) or not lo <= value <= hi:
                    raise CodecError(name, f"{value!r} is not a {name}")
                return value.to_bytes(size, "little", signed=signed)

            def decode_from(data: bytes, offset: int) -> tuple[int, int]:
                end = offset + size
                if end > len(data):
                    raise _truncated(name, offset)
                return int.from_bytes(data[offset:end], "little", signed=signed), end

        self.encode = encode  # type: ignore[method-assign]
        self.decode_from = decode_from  # type: ignore[method-assign]


u8, u16, u32, u64, u128 = (IntCodec(b, False) for b in (8, 16, 32, 64, 128))
i8, i16, i32, i64, i128 = (IntCodec(b, True) for b in (8, 16, 32, 64, 128))


class BoolCodec(Codec):
    name = "bool"
    min_size = 1

    def encode(self, value: Any) -> bytes:
        if value is True:
            return b"\x01"
        if value is False:
            return b"\x00"
        raise CodecError("bool", f"{value!r} is not a bool")

    def decode_from(self, data: bytes, offset: int) -> tuple[bool, int]:
        if offset >= len(data):
            raise _truncated("bool", offset)
        b = data[offset]
        if b > 1:
            raise CodecError("bool", f"invalid bool byte 0x{b:02x}", offset)
        return b == 1, offset + 1


boolean = BoolCodec()


# ---------------------------------------------------------------------------------------------
# Compact

_SMALL_COMPACT = [bytes((v << 2,)) for v in range(64)]


def encode_compact(value: int) -> bytes:
    """SCALE compact encoding of a non-negative integer."""
    if value < 64:
        if value < 0:
            raise CodecError("Compact", f"{value} is negative")
        return _SMALL_COMPACT[value]
    if value < 1 << 14:
        return ((value << 2) | 1).to_bytes(2, "little")
    if value < 1 << 30:
        return ((value << 2) | 2).to_bytes(4, "little")
    n = max(4, (value.bit_length() + 7) // 8)
    if n > 67:
        raise CodecError("Compact", f"{value} is too large")
    return bytes((((n - 4) << 2) | 3,)) + value.to_bytes(n, "little")


def decode_compact(data: bytes, offset: int, name: str = "Compact") -> tuple[int, int]:
    """Decode a compact integer, rejecting non-canonical encodings."""
    try:
        b0 = data[offset]
    except IndexError:
        raise _truncated(name, offset) from None
    mode = b0 & 3
    if mode == 0:
        return b0 >> 2, offset + 1
    if mode == 1:
        if offset + 2 > len(data):
            raise _truncated(name, offset)
        v = (b0 | data[offset + 1] << 8) >> 2
        if v < 64:
            raise CodecError(name, f"non-canonical compact encoding of {v}", offset)
        return v, offset + 2
    if mode == 2:
        if offset + 4 > len(data):
            raise _truncated(name, offset)
        v = int.from_bytes(data[offset : offset + 4], "little") >> 2
        if v < 1 << 14:
            raise CodecError(name, f"non-canonical compact encoding of {v}", offset)
        return v, offset + 4
    n = (b0 >> 2) + 4
    end = offset + 1 + n
    if end > len(data):
        raise _truncated(name, offset)
    v = int.from_bytes(data[offset + 1 : end], "little")
    if v < 1 << 30 or v >> (8 * (n - 1)) == 0:
        raise CodecError(name, f"non-canonical compact encoding of {v}", offset)
    return v, end


class CompactCodec(Codec):
    """`Compact<uN>`: the variable-length integer encoding, bounded by the inner width."""

    min_size = 1

    def __init__(self, inner: IntCodec) -> None:
        if inner.signed:
            raise TypeError("Compact needs an unsigned integer type")
        self.inner = inner
        self.name = f"Compact<{inner.name}>"
        self.hi = inner.hi

    def children(self) -> tuple[Codec, ...]:
        return (self.inner,)

    def encode(self, value: Any) -> bytes:
        if not isinstance(value, int) or not 0 <= value <= self.hi:
            raise CodecError(self.name, f"{value!r} out of range")
        return encode_compact(value)

    def decode_from(self, data: bytes, offset: int) -> tuple[int, int]:
        v, end = decode_compact(data, offset, self.name)
        if v > self.hi:
            raise CodecError(self.name, f"{v} does not fit in {self.inner.name}", offset)
        return v, end


def _read_len(data: bytes, offset: int, name: str, min_item: int) -> tuple[int, int]:
    """Read a compact length and check that that many items can fit in what is left."""
    n, off = decode_compact(data, offset, name)
    if n * max(min_item, 1) > len(data) - off:
        raise CodecError(name, f"length {n} does not fit in the {len(data) - off} remaining byte(s)", offset)
    return n, off


# ---------------------------------------------------------------------------------------------
# Byte strings


class BytesCodec(Codec):
    """`Vec<u8>`: a compact length, then the bytes."""

    name = "Bytes"
    min_size = 1

    def encode(self, value: Any) -> bytes:
        if not isinstance(value, (bytes, bytearray)):
            raise CodecError(self.name, f"{type(value).__name__} is not bytes")
        return encode_compact(len(value)) + bytes(value)

    def decode_from(self, data: bytes, offset: int) -> tuple[bytes, int]:
        n, off = _read_len(data, offset, self.name, 1)
        return data[off : off + n], off + n


class StrCodec(Codec):
    """`String`: compact length and UTF-8 bytes."""

    name = "String"
    min_size = 1

    def encode(self, value: Any) -> bytes:
        if not isinstance(value, str):
            raise CodecError(self.name, f"{type(value).__name__} is not str")
        raw = value.encode()
        return encode_compact(len(raw)) + raw

    def decode_from(self, data: bytes, offset: int) -> tuple[str, int]:
        n, off = _read_len(data, offset, self.name, 1)
        try:
            return data[off : off + n].decode(), off + n
        except UnicodeDecodeError:
            raise CodecError(self.name, "invalid UTF-8", off) from None


class FixedBytesCodec(Codec):
    """`[u8; N]`: exactly N bytes, no prefix."""

    def __init__(self, size: int, name: str | None = None) -> None:
        self.size = size
        self.min_size = size
        self.name = name or f"[u8; {size}]"

    def encode(self, value: Any) -> bytes:
        if not isinstance(value, (bytes, bytearray)) or len(value) != self.size:
            raise CodecError(self.name, f"needs exactly {self.size} bytes, got {value!r:.80}")
        return bytes(value)

    def decode_from(self, data: bytes, offset: int) -> tuple[bytes, int]:
        end = offset + self.size
        if end > len(data):
            raise _truncated(self.name, offset)
        return data[offset:end], end

    def registry_definition(self) -> Any:
        # py-scale-codec knows H160/H256/H512 (as 0x-hex values) and parses "[u8; N]" itself.
        if self.name == f"[u8; {self.size}]" or self.name == _BUILTIN_HASHES.get(self.size):
            return None
        return f"[u8; {self.size}]"


_BUILTIN_HASHES = {20: "H160", 32: "H256", 64: "H512"}


bytes_codec = BytesCodec()
string = StrCodec()


# ---------------------------------------------------------------------------------------------
# Collections


class VecCodec(Codec):
    """`Vec<T>`: a compact length, then the items. Decodes to a list (or a tuple if asked)."""

    min_size = 1

    def __init__(self, item: Codec, as_tuple: bool = False) -> None:
        self.item = item
        self.as_tuple = as_tuple
        self.name = f"Vec<{item.name}>"
        # fixed-width integers, also under newtypes (`Vec<ParaId>`), go through one struct call
        base, wraps = _peel(item)
        self._fmt = base.fmt
        self._wrap = _compose(wraps)
        if self._fmt is not None:
            self._width = base.min_size

    def children(self) -> tuple[Codec, ...]:
        return (self.item,)

    def encode(self, value: Any) -> bytes:
        if isinstance(value, (str, bytes, dict)) or not isinstance(value, Sequence):
            raise CodecError(self.name, f"{type(value).__name__} is not a sequence")
        n = len(value)
        if self._fmt is not None:
            try:
                return encode_compact(n) + struct.pack(f"<{n}{self._fmt}", *value)
            except struct.error as e:
                raise CodecError(self.name, str(e)) from None
        enc = self.item.encode
        return encode_compact(n) + b"".join([enc(v) for v in value])

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        n, off = _read_len(data, offset, self.name, self.item.min_size)
        if self._fmt is not None:
            items: Any = struct.unpack_from(f"<{n}{self._fmt}", data, off)
            off += n * self._width
            if self._wrap is not None:
                return (tuple if self.as_tuple else list)(map(self._wrap, items)), off
            return (items if self.as_tuple else list(items)), off
        out: list[Any] = []
        append = out.append
        item = self.item
        if isinstance(item, EnumCodec):  # dispatch on the variant index here, saving a call per item
            decoders = item._decoders
            for _ in range(n):
                try:
                    dec = decoders[data[off]]
                except IndexError:
                    raise _truncated(item.name, off) from None
                if dec is None:
                    raise CodecError(item.name, f"invalid variant index {data[off]}", off)
                v, off = dec(data, off + 1)
                append(v)
        else:
            dec = item.decode_from
            for _ in range(n):
                v, off = dec(data, off)
                append(v)
        return (tuple(out) if self.as_tuple else out), off


class TupleCodec(Codec):
    """A tuple `(A, B, ...)`: the items in order."""

    def __init__(self, items: Sequence[Codec]) -> None:
        self.items = tuple(items)
        self.min_size = sum(c.min_size for c in self.items)
        self.name = "(" + ", ".join(c.name for c in self.items) + ")"

    def children(self) -> tuple[Codec, ...]:
        return self.items

    def registry_definition(self) -> Any:
        # py-scale-codec's own tuple-string parser splits on commas and breaks on nested tuples and
        # generics with several parameters, so every tuple is registered under its exact name.
        if not self.items:
            return None  # "()" is py-scale-codec's Null
        return {"type": "tuple", "type_mapping": [c.name for c in self.items]}

    def encode(self, value: Any) -> bytes:
        if not isinstance(value, (tuple, list)) or len(value) != len(self.items):
            raise CodecError(self.name, f"needs a {len(self.items)}-tuple, got {value!r:.80}")
        return b"".join([c.encode(v) for c, v in zip(self.items, value, strict=True)])

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        out: list[Any] = []
        for c in self.items:
            v, offset = c.decode_from(data, offset)
            out.append(v)
        return tuple(out), offset


class OptionCodec(Codec):
    """`Option<T>`: 00 for None, 01 then T. `Option<bool>` is Rust's one-byte form (0 None, 1 true, 2 false)."""

    min_size = 1

    def __init__(self, inner: Codec) -> None:
        self.inner = inner
        self.name = f"Option<{inner.name}>"
        self._bool = inner is boolean

    def children(self) -> tuple[Codec, ...]:
        return (self.inner,)

    def registry_definition(self) -> Any:
        # py-scale-codec's Option<bool> is two bytes; Rust's (and ours) is one: a three-valued enum.
        if self._bool:
            return {"type": "enum", "value_list": ["None", "True", "False"]}
        return None

    def encode(self, value: Any) -> bytes:
        if value is None:
            return b"\x00"
        if self._bool:
            if value is True:
                return b"\x01"
            if value is False:
                return b"\x02"
            raise CodecError(self.name, f"{value!r} is not a bool")
        return b"\x01" + self.inner.encode(value)

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        if offset >= len(data):
            raise _truncated(self.name, offset)
        tag = data[offset]
        if self._bool:
            if tag > 2:
                raise CodecError(self.name, f"invalid Option<bool> byte 0x{tag:02x}", offset)
            return (None, True, False)[tag], offset + 1
        if tag == 0:
            return None, offset + 1
        if tag == 1:
            return self.inner.decode_from(data, offset + 1)
        raise CodecError(self.name, f"invalid Option tag 0x{tag:02x}", offset)


class Ok:
    """The success side of a `Result`."""

    __slots__ = ("value",)
    __match_args__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return type(other) is Ok and other.value == self.value

    def __hash__(self) -> int:
        return hash((Ok, self.value))

    def __repr__(self) -> str:
        return f"Ok({self.value!r})"


class Err:
    """The failure side of a `Result`."""

    __slots__ = ("value",)
    __match_args__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return type(other) is Err and other.value == self.value

    def __hash__(self) -> int:
        return hash((Err, self.value))

    def __repr__(self) -> str:
        return f"Err({self.value!r})"


class ResultCodec(Codec):
    """`Result<T, E>`: 00 then T (as `Ok`), 01 then E (as `Err`)."""

    min_size = 1

    def __init__(self, ok: Codec, err: Codec) -> None:
        self.ok, self.err = ok, err
        self.name = f"Result<{ok.name}, {err.name}>"

    def children(self) -> tuple[Codec, ...]:
        return (self.ok, self.err)

    def registry_definition(self) -> Any:
        # py-scale-codec has no Result type: it is an enum of Ok (index 0) and Err (index 1).
        return {"type": "enum", "type_mapping": [["Ok", self.ok.name], ["Err", self.err.name]]}

    def encode(self, value: Any) -> bytes:
        if type(value) is Ok:
            return b"\x00" + self.ok.encode(value.value)
        if type(value) is Err:
            return b"\x01" + self.err.encode(value.value)
        raise CodecError(self.name, f"{value!r:.80} is neither Ok nor Err")

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        if offset >= len(data):
            raise _truncated(self.name, offset)
        tag = data[offset]
        if tag == 0:
            v, end = self.ok.decode_from(data, offset + 1)
            return Ok(v), end
        if tag == 1:
            v, end = self.err.decode_from(data, offset + 1)
            return Err(v), end
        raise CodecError(self.name, f"invalid Result tag 0x{tag:02x}", offset)


class BitVecCodec(Codec):
    """`BitVec<Lsb0, u8>`: compact bit count, then ceil(bits / 8) bytes, bit i at byte i/8, position i%8."""

    name = "BitVec"
    min_size = 1

    def encode(self, value: Any) -> bytes:
        if not isinstance(value, BitVec):
            raise CodecError(self.name, f"{type(value).__name__} is not a BitVec")
        return encode_compact(len(value)) + value.packed

    def decode_from(self, data: bytes, offset: int) -> tuple[BitVec, int]:
        n, off = decode_compact(data, offset, self.name)
        size = (n + 7) // 8
        end = off + size
        if end > len(data):
            raise CodecError(self.name, f"{n} bits do not fit in the {len(data) - off} remaining byte(s)", offset)
        raw = data[off:end]
        acc = int.from_bytes(raw, "little")
        if acc >> n:
            raise CodecError(self.name, "bits set past the end of the vector", end - 1)
        # what BitVec.from_packed does, without re-checking what was just checked
        value = _new_object(BitVec)
        _BITVEC_LEN(value, n)
        _BITVEC_INT(value, acc)
        _BITVEC_BYTES(value, raw)
        return value, end


_new_object = object.__new__
# BitVec's slots (primitives.bitvec is part of this package): decoding fills them directly
_BITVEC_LEN = BitVec.__dict__["_len"].__set__
_BITVEC_INT = BitVec.__dict__["_int"].__set__
_BITVEC_BYTES = BitVec.__dict__["_bytes"].__set__


bitvec = BitVecCodec()


class NewtypeCodec(Codec):
    """A named wrapper around another codec (`ParaId` over `u32`, `HeadData` over `Bytes`).

    Decoding wraps the inner value in `wrap` (the newtype's class). A class with a validating ``__new__``
    that sets ``__scale_trusted__ = True`` is built with its base type's ``__new__`` when decoding (the
    inner codec has already checked the value, e.g. a fixed array's length); `fast_wrap` is that builder.
    """

    def __init__(self, name: str, inner: Codec, wrap: Callable[[Any], Any]) -> None:
        self.name = name
        self.inner = inner
        self.wrap = wrap
        self.fast_wrap = _trusted_constructor(wrap)
        self.min_size = inner.min_size
        self.fmt = None
        self.encode = inner.encode  # type: ignore[method-assign]
        inner_dec = inner.decode_from
        fast_wrap = self.fast_wrap

        def decode_from(data: bytes, offset: int) -> tuple[Any, int]:
            v, end = inner_dec(data, offset)
            return fast_wrap(v), end

        self.decode_from = decode_from  # type: ignore[method-assign]

    def children(self) -> tuple[Codec, ...]:
        return (self.inner,)

    def registry_definition(self) -> Any:
        return self.inner.name


# ---------------------------------------------------------------------------------------------
# Structs and enums: generated code

_RUNNABLE_FMTS = set("bBhHiIqQ")


def _trusted_constructor(wrap: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`wrap`, or for a ``__scale_trusted__`` subclass of bytes or int its base type's ``__new__``."""
    if isinstance(wrap, type) and getattr(wrap, "__scale_trusted__", False):
        for base in (bytes, int):
            if issubclass(wrap, base):
                return functools.partial(base.__new__, wrap)
    return wrap


def _peel(codec: Codec) -> tuple[Codec, list[Callable[[Any], Any]]]:
    """The codec under any newtypes, and their (fast) wraps from the innermost out."""
    wraps: list[Callable[[Any], Any]] = []
    while isinstance(codec, NewtypeCodec):
        wraps.insert(0, codec.fast_wrap)
        codec = codec.inner
    return codec, wraps


def _compose(wraps: Sequence[Callable[[Any], Any]]) -> Callable[[Any], Any] | None:
    """One function applying `wraps` in order, or None if there are none."""
    if not wraps:
        return None
    if len(wraps) == 1:
        return wraps[0]
    chain = tuple(wraps)

    def composed(value: Any) -> Any:
        for w in chain:
            value = w(value)
        return value

    return composed


class StructCodec(Codec):
    """A struct: its fields in declaration order, no prefix."""

    def __init__(self, name: str, fields: Sequence[tuple[str, Codec]], build: Callable[..., Any]) -> None:
        self.name = name
        self.fields = tuple(fields)
        self.build = build
        self.min_size = sum(c.min_size for _, c in self.fields)
        from primitives._codegen import _compile

        encode, decode_from, decode = _compile(name, self.fields, build)
        self.encode = encode  # type: ignore[method-assign, assignment]
        self.decode_from = decode_from  # type: ignore[method-assign, assignment]
        self.decode = decode  # type: ignore[method-assign, assignment]

    def children(self) -> tuple[Codec, ...]:
        return tuple(c for _, c in self.fields)

    def registry_definition(self) -> Any:
        return {"type": "struct", "type_mapping": [[published_name(n), c.name] for n, c in self.fields]}


class Variant:
    """One variant of an enum: its index, name, class and fields."""

    __slots__ = ("index", "name", "cls", "fields", "encode", "decode_from")
    encode: Encoder
    decode_from: Decoder

    def __init__(self, index: int, name: str, cls: type, fields: Sequence[tuple[str, Codec]]) -> None:
        self.index = index
        self.name = name
        self.cls = cls
        self.fields = tuple(fields)


class EnumCodec(Codec):
    """An enum: a one-byte variant index, then that variant's fields. Variants are added as declared."""

    min_size = 1

    def __init__(self, name: str) -> None:
        self.name = name
        self.variants: dict[int, Variant] = {}
        self.by_class: dict[type, Variant] = {}
        self._decoders: list[Decoder | None] = [None] * 256

    def add(self, variant: Variant) -> None:
        if not 0 <= variant.index <= 255:
            raise TypeError(f"{self.name}: variant index {variant.index} is not a byte")
        if variant.index in self.variants:
            raise TypeError(f"{self.name}: variant index {variant.index} declared twice")
        from primitives._codegen import compile_fields

        enc, dec = compile_fields(
            f"{self.name}::{variant.name}", variant.fields, variant.cls, prefix=bytes((variant.index,))
        )
        variant.encode, variant.decode_from = enc, dec
        self.variants[variant.index] = variant
        self.by_class[variant.cls] = variant
        self._decoders[variant.index] = dec

    def children(self) -> tuple[Codec, ...]:
        return tuple(c for v in self.variants.values() for _, c in v.fields)

    def encode(self, value: Any) -> bytes:
        variant = self.by_class.get(type(value))
        if variant is None:
            raise CodecError(self.name, f"{value!r:.80} is not a variant of {self.name}")
        return variant.encode(value)

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        try:
            tag = data[offset]
        except IndexError:
            raise _truncated(self.name, offset) from None
        dec = self._decoders[tag]
        if dec is None:
            raise CodecError(self.name, f"invalid variant index {tag}", offset)
        return dec(data, offset + 1)

    def variant_type_name(self, variant: Variant) -> str | None:
        """The registry type of a variant's payload: None without fields, the field's type for a single
        field named ``value``, otherwise a generated struct named enum name + variant name."""
        if not variant.fields:
            return None
        if len(variant.fields) == 1 and variant.fields[0][0] == "value":
            return variant.fields[0][1].name
        return f"{self.name}{variant.name}"

    def variant_structs(self) -> dict[str, Any]:
        """The generated struct definitions that `registry_definition` refers to, by name."""
        out: dict[str, Any] = {}
        for v in self.variants.values():
            name = self.variant_type_name(v)
            if name is not None and not (len(v.fields) == 1 and v.fields[0][0] == "value"):
                out[name] = {"type": "struct", "type_mapping": [[published_name(n), c.name] for n, c in v.fields]}
        return out

    def registry_definition(self) -> Any:
        if not self.variants:
            return {"type": "enum", "value_list": []}  # uninhabited: py-scale-codec rejects every index
        # Indexes are positions in type_mapping, so gaps get placeholder variants.
        mapping: list[list[Any]] = []
        for i in range(max(self.variants) + 1):
            v = self.variants.get(i)
            if v is None:
                mapping.append([f"__Unused{i}", "Null"])
            else:
                mapping.append([v.name, self.variant_type_name(v) or "Null"])
        return {"type": "enum", "type_mapping": mapping}


class IndexEnumCodec(Codec):
    """A fieldless enum held as a Python `enum.IntEnum`: one byte, the member's value."""

    min_size = 1

    def __init__(self, name: str, members: Sequence[Any]) -> None:
        self.name = name
        self.members = {int(m): m for m in members}
        self._enc = {m: bytes((int(m),)) for m in members}

    def encode(self, value: Any) -> bytes:
        try:
            return self._enc[value]
        except (KeyError, TypeError):
            raise CodecError(self.name, f"{value!r} is not a {self.name}") from None

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        try:
            tag = data[offset]
        except IndexError:
            raise _truncated(self.name, offset) from None
        m = self.members.get(tag)
        if m is None:
            raise CodecError(self.name, f"invalid variant index {tag}", offset)
        return m, offset + 1

    def registry_definition(self) -> Any:
        names = [self.members[i].name for i in sorted(self.members)]
        if sorted(self.members) == list(range(len(self.members))):
            return {"type": "enum", "value_list": names}
        # explicit indexes: py-scale-codec's {name: index} form, which rejects the gaps when decoding
        return {"type": "enum", "value_list": {self.members[i].name: i for i in sorted(self.members)}}
