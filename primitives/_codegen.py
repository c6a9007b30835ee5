"""Code generation for struct and enum codecs: straight-line Python per declared type.

`compile_fields` turns a record's (name, codec) fields into an encoder and decoder; runs of fixed-width
integers become one `struct` call, and common shapes (fixed arrays, byte vectors, bit vectors, options,
small enums, nested structs) are read inline. Every error still goes through the field codec's own path.
Imported lazily by `primitives.scale` (StructCodec and EnumCodec), after all codec classes exist.
"""

from __future__ import annotations

import struct
import types
from collections.abc import Callable, Sequence
from typing import Any

from primitives.bitvec import BitVec
from primitives.errors import CodecError
from primitives.scale import (
    _BITVEC_BYTES,
    _BITVEC_INT,
    _BITVEC_LEN,
    _RUNNABLE_FMTS,
    _SMALL_COMPACT,
    BitVecCodec,
    BytesCodec,
    Codec,
    Decoder,
    Encoder,
    EnumCodec,
    FixedBytesCodec,
    IndexEnumCodec,
    IntCodec,
    OptionCodec,
    StructCodec,
    VecCodec,
    _peel,
    encode_compact,
)


def _field_plan(fields: Sequence[tuple[str, Codec]]) -> list[tuple[str, Any]]:
    """Group consecutive fixed-width integer fields (also under newtypes such as `ParaId`) into runs.

    Each run becomes one struct.Struct; every other field is ("one", (name, codec)).
    """
    plan: list[tuple[str, Any]] = []
    run: list[tuple[str, Codec, list[Callable[[Any], Any]]]] = []

    def flush() -> None:
        if run:
            fmt = "<" + "".join(c.fmt or "" for _, c, _ in run)
            plan.append(("run", (tuple((n, w) for n, _, w in run), struct.Struct(fmt))))
            run.clear()

    for fname, c in fields:
        base, wraps = _peel(c)
        if base.fmt in _RUNNABLE_FMTS:
            run.append((fname, base, wraps))
        else:
            flush()
            plan.append(("one", (fname, c)))
    flush()
    return plan


#: Generated lines reading a compact length at `o` in one- or two-byte form: the length `l_` and the start
#: of the data `s_`, or `s_ = -1` for anything else (longer forms, truncation, non-canonical: the slow path).
_SHORT_LENGTH = [
    "b_ = d[o] if o < n_ else 3",
    "if not b_ & 3:",
    "    s_ = o + 1",
    "    l_ = b_ >> 2",
    "elif b_ & 3 == 1 and o + 1 < n_ and (l_ := (b_ | d[o + 1] << 8) >> 2) > 63:",
    "    s_ = o + 2",
    "else:",
    "    s_ = -1",
]


#: Enums with at most this many variants are decoded inline (an if-chain on the index); others by table.
_INLINE_VARIANTS = 4


class _Gen:
    """Writes the source of a generated encoder and decoder; `ns` collects the names it refers to.

    Decoding reads the common shapes inline (fixed arrays, byte and bit vectors and vectors with one- or
    two-byte lengths, big integers, option tags, enum dispatch, nested records, the payloads of enums with
    few variants) and calls the field codec for the rest and for every error, so errors are the codecs'
    own (type name and offset), raised at the same offsets. Newtype wraps are applied after the inner value
    is read. Encoding writes fixed arrays, byte and bit vectors, big integers and options inline.
    """

    def __init__(self, ns: dict[str, Any]) -> None:
        self.ns = ns
        self.count = 0
        self.dec: list[str] = []
        self.enc_checks: list[str] = []
        self.enc_parts: list[str] = []

    def ref(self, value: Any, prefix: str = "g") -> str:
        """A fresh name for `value` in the generated code's namespace."""
        name = self.local(prefix)
        self.ns[name] = value
        return name

    def local(self, prefix: str) -> str:
        """A fresh local variable name."""
        self.count += 1
        return f"{prefix}{self.count}"

    def emit(self, indent: int, *lines: str) -> None:
        pad = "    " * indent
        self.dec.extend(pad + line for line in lines)

    def record(
        self, type_name: str, fields: Sequence[tuple[str, Codec]], build: Callable[..., Any], result: str, indent: int
    ) -> None:
        """Lines that read a record's fields at `o` and build the record into `result`."""
        locs: list[str] = []
        for kind, item in _field_plan(fields):
            if kind == "run":
                fields_wraps, st = item
                run_locs = [self.local(f"f_{f}_") for f, _ in fields_wraps]
                locs.extend(run_locs)
                name, unpack = self.ref(type_name, "n"), self.ref(st.unpack_from, "u")
                self.emit(indent, "try:")
                self.emit(indent + 1, f"{', '.join(run_locs)}, = {unpack}(d, o)")
                self.emit(indent, "except struct_error:")
                first = fields_wraps[0][0]
                self.emit(indent + 1, f"raise CodecError({name}, 'input too short (field {first})', o) from None")
                self.emit(indent, f"o += {st.size}")
                for loc, (_, wraps) in zip(run_locs, fields_wraps, strict=True):
                    for wrap in wraps:
                        self.emit(indent, f"{loc} = {self.ref(wrap, 'w')}({loc})")
            else:
                fname, codec = item
                loc = self.local(f"f_{fname}_")
                locs.append(loc)
                self.decode(codec, loc, indent)
        setters = _slot_setters(build, [f for f, _ in fields])
        builder = self.ref(build, "b")
        if setters is None:
            self.emit(indent, f"{result} = {builder}({', '.join(locs)})")
        else:
            # a plain frozen slotted attrs class: fill its slots directly (what its __init__ does, minus a call)
            self.ns["new_object"] = object.__new__
            self.emit(indent, f"{result} = new_object({builder})")
            for setter, loc in zip(setters, locs, strict=True):
                self.emit(indent, f"{self.ref(setter, 's')}({result}, {loc})")

    def decode(self, codec: Codec, loc: str, indent: int) -> None:
        """Lines that read a value of `codec` at offset `o` of `d` into `loc` and advance `o`."""
        base, wraps = _peel(codec)
        slow = self.ref(base.decode_from, "d")
        if isinstance(base, FixedBytesCodec):
            name = self.ref(codec.name, "n")
            self.emit(indent, f"e_ = o + {base.size}", "if e_ > n_:")
            self.emit(indent + 1, f"raise CodecError({name}, 'input too short', o)")
            self.emit(indent, f"{loc} = d[o:e_]", "o = e_")
        elif isinstance(base, IntCodec) and base.fmt is None:  # 128-bit
            name = self.ref(codec.name, "n")
            self.emit(indent, f"e_ = o + {base.bits // 8}", "if e_ > n_:")
            self.emit(indent + 1, f"raise CodecError({name}, 'input too short', o)")
            self.emit(indent, f"{loc} = from_bytes(d[o:e_], 'little', signed={base.signed})", "o = e_")
        elif isinstance(base, BytesCodec):
            self.emit(indent, *_SHORT_LENGTH, "if s_ >= 0 and (e_ := s_ + l_) <= n_:")
            self.emit(indent + 1, f"{loc} = d[s_:e_]", "o = e_")
            self.emit(indent, "else:")
            self.emit(indent + 1, f"{loc}, o = {slow}(d, o)")
        elif isinstance(base, BitVecCodec):
            self.ns.update(new_object=object.__new__, BitVec=BitVec)
            self.ns.update(set_len=_BITVEC_LEN, set_int=_BITVEC_INT, set_bytes=_BITVEC_BYTES)
            name = self.ref(codec.name, "n")
            self.emit(indent, *_SHORT_LENGTH, "if s_ >= 0 and (e_ := s_ + ((l_ + 7) >> 3)) <= n_:")
            self.emit(indent + 1, "r_ = d[s_:e_]", "a_ = from_bytes(r_, 'little')", "if a_ >> l_:")
            self.emit(indent + 2, f"raise CodecError({name}, 'bits set past the end of the vector', e_ - 1)")
            self.emit(indent + 1, f"{loc} = new_object(BitVec)", f"set_len({loc}, l_)", f"set_int({loc}, a_)")
            self.emit(indent + 1, f"set_bytes({loc}, r_)", "o = e_")
            self.emit(indent, "else:")
            self.emit(indent + 1, f"{loc}, o = {slow}(d, o)")
        elif isinstance(base, OptionCodec) and not base._bool:
            self.emit(indent, "t_ = d[o] if o < n_ else 2", "if t_ == 0:")
            self.emit(indent + 1, f"{loc} = None", "o += 1")
            self.emit(indent, "elif t_ == 1:")
            self.emit(indent + 1, "o += 1")
            self.decode(base.inner, loc, indent + 1)
            self.emit(indent, "else:")
            self.emit(indent + 1, f"{loc}, o = {slow}(d, o)")
        elif isinstance(base, VecCodec) and base._fmt is None:
            count, items, item = self.local("c"), self.local("a"), self.local("i")
            self.emit(indent, *_SHORT_LENGTH, f"if s_ >= 0 and l_ * {max(base.item.min_size, 1)} <= n_ - s_:")
            self.emit(indent + 1, f"{count} = l_", "o = s_", f"{items} = []", f"for _ in range({count}):")
            self.decode(base.item, item, indent + 2)
            self.emit(indent + 2, f"{items}.append({item})")
            self.emit(indent + 1, f"{loc} = tuple({items})" if base.as_tuple else f"{loc} = {items}")
            self.emit(indent, "else:")
            self.emit(indent + 1, f"{loc}, o = {slow}(d, o)")
        elif isinstance(base, StructCodec):  # nested records are read inline too
            self.record(base.name, base.fields, base.build, loc, indent)
        elif isinstance(base, EnumCodec) and 0 < len(base.variants) <= _INLINE_VARIANTS:
            # a few variants: test the index and read the payload inline
            self.emit(indent, "t_ = d[o] if o < n_ else -1")
            for k, (index, variant) in enumerate(sorted(base.variants.items())):
                self.emit(indent, f"{'if' if k == 0 else 'elif'} t_ == {index}:")
                self.emit(indent + 1, "o += 1")
                self.record(f"{base.name}::{variant.name}", variant.fields, variant.cls, loc, indent + 1)
            self.emit(indent, "else:")
            self.emit(indent + 1, f"{loc}, o = {slow}(d, o)")
        elif isinstance(base, EnumCodec):
            decoders = self.ref(base._decoders, "v")
            self.emit(indent, f"g_ = {decoders}[d[o]] if o < n_ else None", "if g_ is None:")
            self.emit(indent + 1, f"{loc}, o = {slow}(d, o)")
            self.emit(indent, "else:")
            self.emit(indent + 1, f"{loc}, o = g_(d, o + 1)")
        elif isinstance(base, IndexEnumCodec):
            members = self.ref(base.members, "m")
            self.emit(indent, f"{loc} = {members}.get(d[o]) if o < n_ else None", f"if {loc} is None:")
            self.emit(indent + 1, f"{loc}, o = {slow}(d, o)")
            self.emit(indent, "else:")
            self.emit(indent + 1, "o += 1")
        else:
            self.emit(indent, f"{loc}, o = {slow}(d, o)")
        for wrap in wraps:
            self.emit(indent, f"{loc} = {self.ref(wrap, 'w')}({loc})")

    def encode(self, codec: Codec, expr: str) -> None:
        """Encoder parts (and checks) writing the value `expr` of `codec`."""
        base, _ = _peel(codec)
        if isinstance(base, FixedBytesCodec):
            x, name = self.local("x"), self.ref(codec.name, "n")
            self.enc_checks.append(f"{x} = {expr}")
            self.enc_checks.append(f"if len({x}) != {base.size}:")
            message = f"f'needs exactly {base.size} bytes, got {{len({x})}}'"
            self.enc_checks.append(f"    raise CodecError({name}, {message})")
            self.enc_parts.append(x)
        elif isinstance(base, IntCodec) and base.fmt is None:  # 128-bit
            self.enc_parts.append(f"{expr}.to_bytes({base.bits // 8}, 'little', signed={base.signed})")
        elif isinstance(base, (BytesCodec, BitVecCodec)):
            x, n = self.local("x"), self.local("l")
            self.enc_checks.append(f"{x} = {expr}")
            self.enc_parts.append(f"(SMALL[{n}] if ({n} := len({x})) < 64 else enc_compact({n}))")
            self.enc_parts.append(x if isinstance(base, BytesCodec) else f"{x}.packed")
        elif isinstance(base, OptionCodec) and not base._bool:
            x, inner = self.local("x"), self.ref(base.inner.encode, "e")
            self.enc_parts.append(f'(b"\\x00" if ({x} := {expr}) is None else b"\\x01" + {inner}({x}))')
        else:
            self.enc_parts.append(f"{self.ref(codec.encode, 'e')}({expr})")


def _slot_setters(build: Any, names: Sequence[str]) -> list[Callable[[Any, Any], None]] | None:
    """The slot setters of `build`'s fields if it is a plain frozen slotted attrs class, else None.

    Plain: attrs generated its ``__init__``, and no field has a validator or converter or is left out of it.
    """
    fields = getattr(build, "__attrs_attrs__", None)
    if not isinstance(build, type) or fields is None or "__slots__" not in build.__dict__:
        return None
    if [a.name for a in fields] != list(names):
        return None
    if any(a.validator is not None or a.converter is not None or not a.init for a in fields):
        return None
    if hasattr(build, "__attrs_pre_init__") or hasattr(build, "__attrs_post_init__"):
        return None
    code = getattr(build.__dict__.get("__init__"), "__code__", None)
    if code is None or not code.co_filename.startswith("<attrs generated"):
        return None
    setters = []
    for name in names:
        slot = getattr(build, name, None)
        if not isinstance(slot, types.MemberDescriptorType):
            return None
        setters.append(slot.__set__)
    return setters


def compile_fields(
    type_name: str, fields: Sequence[tuple[str, Codec]], build: Callable[..., Any], prefix: bytes = b""
) -> tuple[Encoder, Decoder]:
    """Generate an encoder and decoder for a record with the given fields.

    `build(*field_values)` makes the value; `prefix` (an enum variant index) goes before the fields.
    The encoder reads the fields as attributes of the value.
    """
    encode, decode_from, _ = _compile(type_name, fields, build, prefix)
    return encode, decode_from


def _compile(
    type_name: str, fields: Sequence[tuple[str, Codec]], build: Callable[..., Any], prefix: bytes = b""
) -> tuple[Encoder, Decoder, Callable[[Any], Any]]:
    """`compile_fields`, plus a whole-value decoder (like `Codec.decode`: trailing bytes are an error)."""
    ns: dict[str, Any] = {
        "CodecError": CodecError,
        "struct_error": struct.error,
        "build": build,
        "PREFIX": prefix,
        "NAME": type_name,
        "SMALL": _SMALL_COMPACT,
        "enc_compact": encode_compact,
        "from_bytes": int.from_bytes,
    }
    gen = _Gen(ns)
    if prefix:
        gen.enc_parts.append("PREFIX")
    for kind, item in _field_plan(fields):
        if kind == "run":
            fnames = [f for f, _ in item[0]]
            pack = gen.ref(item[1].pack, "p")
            gen.enc_parts.append(f"{pack}(" + ", ".join(f"v.{f}" for f in fnames) + ")")
        else:
            gen.encode(item[1], f"v.{item[0]}")
    gen.emit(1, "n_ = len(d)")
    gen.record(type_name, fields, build, "r_", 1)
    parts = gen.enc_parts
    if not parts:
        body = 'b""'
    elif len(parts) == 1 and not gen.enc_checks:
        body = parts[0]
    else:
        body = 'b"".join((' + ", ".join(parts) + ",))"
    src = [
        "def encode(v):",
        "    try:",
        *("        " + line for line in gen.enc_checks),
        f"        return {body}",
        "    except struct_error as e:",
        "        raise CodecError(NAME, str(e)) from None",
        "    except AttributeError as e:",
        "        raise CodecError(NAME, f'not a {NAME}: {e}') from None",
        "    except (TypeError, OverflowError) as e:",
        "        raise CodecError(NAME, f'{type(e).__name__}: {e}') from None",
        "def decode_from(d, o):",
        *gen.dec,
        "    return r_, o",
        "def decode(d):",
        "    if not isinstance(d, bytes):",
        "        d = bytes(d)",
        "    o = 0",
        *gen.dec,
        "    if o != n_:",
        "        raise CodecError(NAME, f'{n_ - o} trailing byte(s) after the value', o)",
        "    return r_",
    ]
    exec("\n".join(src), ns)  # noqa: S102 - generated from declared field names only
    return ns["encode"], ns["decode_from"], ns["decode"]
