"""The SCALE codec: codec objects for every shape SCALE knows.

A codec has a registry name (the py-scale-codec type string, such as ``u32`` or ``Vec<ParaId>``),
``encode(value) -> bytes``, ``decode_from(data, offset) -> (value, new_offset)`` and
``decode(data) -> value``, which also rejects trailing bytes. Declared types (``primitives.types``)
build on these; struct and enum codecs generate straight-line Python for their fields.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from typing import Any

from primitives.bitvec import BitVec
from primitives.errors import CodecError

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
        """The py-scale-codec definition for a named type, or None for a built-in type string."""
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
        return f"[u8; {self.size}]" if self.name != f"[u8; {self.size}]" else None


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
        self._fmt = item.fmt
        if self._fmt is not None:
            self._width = item.min_size

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
            return (items if self.as_tuple else list(items)), off
        dec = self.item.decode_from
        out = []
        append = out.append
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

    def encode(self, value: Any) -> bytes:
        if not isinstance(value, (tuple, list)) or len(value) != len(self.items):
            raise CodecError(self.name, f"needs a {len(self.items)}-tuple, got {value!r:.80}")
        return b"".join([c.encode(v) for c, v in zip(self.items, value)])

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        out = []
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
        if n % 8 and raw[-1] >> (n % 8):
            raise CodecError(self.name, "bits set past the end of the vector", end - 1)
        return BitVec.from_packed(raw, n), end


bitvec = BitVecCodec()


class NewtypeCodec(Codec):
    """A named wrapper around another codec (`ParaId` over `u32`, `HeadData` over `Bytes`).

    Decoding wraps the inner value in `wrap` (the newtype's class).
    """

    def __init__(self, name: str, inner: Codec, wrap: Callable[[Any], Any]) -> None:
        self.name = name
        self.inner = inner
        self.wrap = wrap
        self.min_size = inner.min_size
        self.fmt = None
        self.encode = inner.encode  # type: ignore[method-assign]
        inner_dec = inner.decode_from

        def decode_from(data: bytes, offset: int) -> tuple[Any, int]:
            v, end = inner_dec(data, offset)
            return wrap(v), end

        self.decode_from = decode_from  # type: ignore[method-assign]

    def children(self) -> tuple[Codec, ...]:
        return (self.inner,)

    def registry_definition(self) -> Any:
        return self.inner.name


# ---------------------------------------------------------------------------------------------
# Structs and enums: generated code

_RUNNABLE_FMTS = set("bBhHiIqQ")


def _field_plan(fields: Sequence[tuple[str, Codec]]) -> list[tuple[str, Any]]:
    """Group consecutive fixed-width integer fields into one struct.Struct each."""
    plan: list[tuple[str, Any]] = []
    run: list[tuple[str, Codec]] = []

    def flush() -> None:
        if run:
            fmt = "<" + "".join(c.fmt or "" for _, c in run)
            plan.append(("run", (tuple(n for n, _ in run), struct.Struct(fmt))))
            run.clear()

    for fname, c in fields:
        if c.fmt in _RUNNABLE_FMTS:
            run.append((fname, c))
        else:
            flush()
            plan.append(("one", (fname, c)))
    flush()
    return plan


def compile_fields(
    type_name: str, fields: Sequence[tuple[str, Codec]], build: Callable[..., Any], prefix: bytes = b""
) -> tuple[Encoder, Decoder]:
    """Generate an encoder and decoder for a record with the given fields.

    `build(*field_values)` makes the value; `prefix` (an enum variant index) goes before the fields.
    """
    plan = _field_plan(fields)
    ns: dict[str, Any] = {
        "CodecError": CodecError,
        "struct_error": struct.error,
        "build": build,
        "PREFIX": prefix,
        "NAME": type_name,
    }
    enc_parts: list[str] = []
    dec_lines: list[str] = []
    names: list[str] = []
    for i, (kind, item) in enumerate(plan):
        if kind == "run":
            fnames, st = item
            ns[f"p{i}"] = st.pack
            ns[f"u{i}"] = st.unpack_from
            enc_parts.append(f"p{i}(" + ", ".join(f"v.{f}" for f in fnames) + ")")
            locs = [f"f_{f}" for f in fnames]
            names.extend(locs)
            dec_lines.append("    try:")
            dec_lines.append(f"        {', '.join(locs)}, = u{i}(d, o)")
            dec_lines.append("    except struct_error:")
            dec_lines.append(f"        raise CodecError(NAME, 'input too short (field {fnames[0]})', o) from None")
            dec_lines.append(f"    o += {st.size}")
        else:
            fname, c = item
            ns[f"e{i}"] = c.encode
            ns[f"d{i}"] = c.decode_from
            enc_parts.append(f"e{i}(v.{fname})")
            names.append(f"f_{fname}")
            dec_lines.append(f"    f_{fname}, o = d{i}(d, o)")
    if prefix:
        enc_parts.insert(0, "PREFIX")
    if not enc_parts:
        body = "PREFIX"
    elif len(enc_parts) == 1:
        body = enc_parts[0]
    else:
        body = 'b"".join((' + ", ".join(enc_parts) + ",))"
    src = [
        "def encode(v):",
        "    try:",
        f"        return {body}",
        "    except struct_error as e:",
        "        raise CodecError(NAME, str(e)) from None",
        "    except AttributeError as e:",
        "        raise CodecError(NAME, f'not a {NAME}: {e}') from None",
        "def decode_from(d, o):",
        *dec_lines,
        f"    return build({', '.join(names)}), o",
    ]
    exec("\n".join(src), ns)  # noqa: S102 - generated from declared field names only
    return ns["encode"], ns["decode_from"]


class StructCodec(Codec):
    """A struct: its fields in declaration order, no prefix."""

    def __init__(self, name: str, fields: Sequence[tuple[str, Codec]], build: Callable[..., Any]) -> None:
        self.name = name
        self.fields = tuple(fields)
        self.build = build
        self.min_size = sum(c.min_size for _, c in self.fields)
        self.encode, self.decode_from = compile_fields(name, self.fields, build)  # type: ignore[method-assign]

    def children(self) -> tuple[Codec, ...]:
        return tuple(c for _, c in self.fields)

    def registry_definition(self) -> Any:
        return {"type": "struct", "type_mapping": [[n, c.name] for n, c in self.fields]}


class Variant:
    """One variant of an enum: its index, name, class and fields."""

    __slots__ = ("index", "name", "cls", "fields", "encode", "decode_from")

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
        return variant.encode(value)  # type: ignore[no-any-return]

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        try:
            tag = data[offset]
        except IndexError:
            raise _truncated(self.name, offset) from None
        dec = self._decoders[tag]
        if dec is None:
            raise CodecError(self.name, f"invalid variant index {tag}", offset)
        return dec(data, offset + 1)

    def registry_definition(self) -> Any:
        mapping: list[list[Any]] = []
        top = max(self.variants, default=-1)
        for i in range(top + 1):
            v = self.variants.get(i)
            if v is None:
                mapping.append([f"__Unused{i}", "Null"])
            elif not v.fields:
                mapping.append([v.name, "Null"])
            elif len(v.fields) == 1 and v.fields[0][0] == "value":
                mapping.append([v.name, v.fields[0][1].name])
            else:
                mapping.append([v.name, f"{self.name}{v.name}"])
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
        top = max(self.members, default=-1)
        return {
            "type": "enum",
            "value_list": [self.members[i].name if i in self.members else f"__Unused{i}" for i in range(top + 1)],
        }
