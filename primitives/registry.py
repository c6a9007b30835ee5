"""The py-scale-codec type registry for every declared SCALE type, and value conversion to and from it.

`type_registry()` is py-scale-codec's JSON registry format (``{"types": {...}}``), generated from
`primitives.types.DECLARED` and the composite types they use; `runtime_config()` is a
``RuntimeConfigurationObject`` with the "core" preset plus ours. How our shapes are spelled:

========================  =================================================================================
our codec                 py-scale-codec
========================  =================================================================================
struct                    ``{"type": "struct", "type_mapping": [[field, type], ...]}``
enum with payloads        ``{"type": "enum", "type_mapping": [[variant, type | "Null"], ...]}``; index =
                          position, so gaps are ``["__Unused<i>", "Null"]``. A single field named
                          ``value`` maps to its type; other fields get a struct named enum + variant.
fieldless ``IntEnum``     ``{"type": "enum", "value_list": [names]}``, or ``{name: index}`` with gaps
newtype                   an alias: ``"ParaId": "u32"``
``Result<T, E>``          an enum ``[["Ok", T], ["Err", E]]`` registered under its name
``Option<bool>``          an enum ``["None", "True", "False"]`` (Rust's one-byte form) under its name
tuples                    ``{"type": "tuple", "type_mapping": [...]}`` under their exact name
bounded collections,      an alias of the Vec they encode as: ``"BoundedVec<u32, 4>": "Vec<u32>"``,
BTreeMap, BTreeSet        ``"BoundedBTreeMap<u32, u64, 4>": "Vec<(u32, u64)>"``; values are lists (of
                          [key, value] pairs for maps) in wire order (`primitives.bounded`)
``Option<T>``, ``Vec<T>``, ``Compact<uN>``, ``[u8; N]``, ``H256``, ``Bytes``, ``BitVec``: py-scale-codec's own
========================  =================================================================================

One shape needs more than JSON: py-scale-codec 1.2.12's ``BitVec`` decodes correctly but *encodes* with the
bit count of the highest set bit (``[1, 0, 0]`` becomes 1 bit, all zeros becomes 0 bits), and decodes an
empty vector as ``"0b0"``. `runtime_config()` therefore registers `Lsb0BitVec`, which keeps the length of
the ``"0b..."`` value both ways. Users of the exported JSON with stock py-scale-codec decode our state
correctly except for empty bit vectors; encoding bit vectors that end in zeros needs that class.

Values: py-scale-codec's representation is dicts for structs, ``{variant: value}`` or the bare variant
name for enums, ``"0x..."`` hex for byte arrays and byte vectors, ``"0b..."`` (highest bit first) for bit
vectors. Its decoded ``Bytes`` are text when the bytes are UTF-8, so ``b"0x12"`` and ``b"\\x12"`` both come
back as ``"0x12"``: `from_scalecodec_value` is exact when given the decoded *object* (it then reads the raw
bytes), and otherwise treats a ``0x``-prefixed hex string as hex.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

from scalecodec.base import RuntimeConfigurationObject, ScaleBytes, ScaleType
from scalecodec.type_registry import load_type_registry_preset
from scalecodec.types import BitVec as _ScaleCodecBitVec

from primitives import scale
from primitives.bitvec import BitVec
from primitives.scale import published_name as _pub
from primitives.types import DECLARED

__all__ = [
    "Lsb0BitVec",
    "all_codecs",
    "from_scalecodec_value",
    "runtime_config",
    "scalecodec_decode",
    "scalecodec_encode",
    "to_scalecodec_value",
    "definitions_of",
    "type_registry",
]


# ---------------------------------------------------------------------------------------------
# The registry


def all_codecs(roots: Iterable[scale.Codec] | None = None) -> list[scale.Codec]:
    """Every codec reachable from `roots` (default: everything declared), dependencies first."""
    seen: set[int] = set()
    out: list[scale.Codec] = []

    def visit(codec: scale.Codec) -> None:
        if id(codec) in seen:
            return
        seen.add(id(codec))
        for child in codec.children():
            visit(child)
        out.append(codec)

    for codec in list(DECLARED.values()) if roots is None else roots:
        visit(codec)
    return out


def definitions_of(codec: scale.Codec) -> Iterator[tuple[str, Any]]:
    if isinstance(codec, scale.EnumCodec):
        yield from codec.variant_structs().items()
    definition = codec.registry_definition()
    if definition is not None:
        yield codec.name, definition


def type_registry(extra: Iterable[scale.Codec] = (), extra_types: dict[str, Any] | None = None) -> dict[str, Any]:
    """py-scale-codec's JSON registry (``{"types": {...}}``) for every declared type; `json.dumps` it freely.

    `extra` adds codecs that are not declared globally (a runtime's storage and call types) and `extra_types`
    ready-made definitions (a runtime's RuntimeCall and RuntimeEvent).

    Types are declared when their modules are imported: this imports `primitives.parachain`; callers that
    want the framework's and pallets' types too (``parahost types``) import the runtime first.
    """
    import primitives.parachain  # noqa: F401  (declares the parachain types)

    types: dict[str, Any] = {}
    owners: dict[str, str] = {}
    named = [(n, d) for c in all_codecs([*DECLARED.values(), *extra]) for n, d in definitions_of(c)]
    for name, definition in [*named, *(extra_types or {}).items()]:
        key = name.lower()  # py-scale-codec matches type names case-insensitively
        if key in owners and types[owners[key]] != definition:
            raise ValueError(f"registry names {owners[key]!r} and {name!r} clash (py-scale-codec ignores case)")
        if RuntimeConfigurationObject.convert_type_string(name) != name:
            raise ValueError(f"py-scale-codec would rewrite the type name {name!r}")
        owners[key] = name
        types[name] = definition
    return {"types": types}


class Lsb0BitVec(_ScaleCodecBitVec):
    """py-scale-codec's BitVec with the length kept both ways: ``"0b001"`` encodes as 3 bits (not 1), and
    an empty vector decodes as ``"0b"`` (not ``"0b0"``)."""

    def process(self) -> str:
        n = self.process_type("Compact<u32>").value
        acc = int.from_bytes(self.get_next_bytes(math.ceil(n / 8)), "little")
        return "0b" + (format(acc, f"0{n}b") if n else "")

    def process_encode(self, value: Any) -> ScaleBytes:
        if isinstance(value, str) and value.startswith("0b"):
            bits = value[2:]
        elif isinstance(value, list):
            bits = "".join("1" if b else "0" for b in value)
        else:
            raise ValueError("a BitVec value is a '0b...' string or a list of bools, highest bit first")
        n = len(bits)
        acc = int(bits, 2) if bits else 0
        length = scale.encode_compact(n)
        return ScaleBytes(bytearray(length + acc.to_bytes(math.ceil(n / 8), "little")))


def runtime_config(registry: dict[str, Any] | None = None) -> RuntimeConfigurationObject:
    """A fresh py-scale-codec configuration: the "core" preset, our registry (or the one given), and
    `Lsb0BitVec`."""
    config = RuntimeConfigurationObject()
    config.update_type_registry(load_type_registry_preset("core"))
    config.update_type_registry(registry if registry is not None else type_registry())
    config.type_registry["types"]["bitvec"] = Lsb0BitVec
    return config


def scalecodec_encode(config: RuntimeConfigurationObject, codec: scale.Codec, value: Any) -> bytes:
    """Encode one of our values with py-scale-codec (for interop tests and tools)."""
    obj = config.create_scale_object(codec.name)
    return bytes(obj.encode(to_scalecodec_value(codec, value)).data)


def scalecodec_decode(config: RuntimeConfigurationObject, codec: scale.Codec, data: bytes) -> Any:
    """Decode bytes with py-scale-codec and convert the result to our value (exact, via the object)."""
    obj = config.create_scale_object(codec.name, data=ScaleBytes(bytearray(data)))
    obj.decode()
    return from_scalecodec_value(codec, obj)


# ---------------------------------------------------------------------------------------------
# Values: ours to py-scale-codec's


def _hex(value: bytes) -> str:
    return "0x" + bytes(value).hex()


def _resolves_to_u8(codec: scale.Codec) -> bool:
    """Whether py-scale-codec sees this item type as u8 (its Vec of it is then a byte string)."""
    while isinstance(codec, scale.NewtypeCodec):
        codec = codec.inner
    return isinstance(codec, scale.IntCodec) and codec.bits == 8 and not codec.signed


def to_scalecodec_value(codec: scale.Codec, value: Any) -> Any:
    """Our value of `codec`'s type as py-scale-codec's encoder takes it."""
    vec_form = getattr(codec, "vec_form", None)  # bounded collections, BTreeMap, BTreeSet: as their Vec
    if vec_form is not None:
        return to_scalecodec_value(vec_form, codec.to_items(value))  # type: ignore[attr-defined]
    if isinstance(codec, scale.NewtypeCodec):
        return to_scalecodec_value(codec.inner, value)
    if isinstance(codec, (scale.IntCodec, scale.CompactCodec)):
        return int(value)
    if isinstance(codec, scale.BoolCodec):
        return bool(value)
    if isinstance(codec, (scale.BytesCodec, scale.FixedBytesCodec)):
        return _hex(value)
    if isinstance(codec, scale.StrCodec):
        # py-scale-codec reads a str starting with 0x as hex, so such strings go as hex of their UTF-8
        return _hex(value.encode()) if value.startswith("0x") else value
    if isinstance(codec, scale.VecCodec):
        return [to_scalecodec_value(codec.item, v) for v in value]
    if isinstance(codec, scale.TupleCodec):
        return [to_scalecodec_value(c, v) for c, v in zip(codec.items, value, strict=True)]
    if isinstance(codec, scale.OptionCodec):
        if codec.inner is scale.boolean:
            return {None: "None", True: "True", False: "False"}[value]
        return None if value is None else to_scalecodec_value(codec.inner, value)
    if isinstance(codec, scale.ResultCodec):
        if isinstance(value, scale.Ok):
            return {"Ok": to_scalecodec_value(codec.ok, value.value)}
        return {"Err": to_scalecodec_value(codec.err, value.value)}
    if isinstance(codec, scale.BitVecCodec):
        return "0b" + "".join("1" if b else "0" for b in reversed(list(value)))
    if isinstance(codec, scale.StructCodec):
        return {_pub(n): to_scalecodec_value(c, getattr(value, n)) for n, c in codec.fields}
    if isinstance(codec, scale.EnumCodec):
        variant = codec.by_class[type(value)]
        if not variant.fields:
            return variant.name
        if len(variant.fields) == 1 and variant.fields[0][0] == "value":
            return {variant.name: to_scalecodec_value(variant.fields[0][1], value.value)}
        return {variant.name: {_pub(n): to_scalecodec_value(c, getattr(value, n)) for n, c in variant.fields}}
    if isinstance(codec, scale.IndexEnumCodec):
        return codec.members[int(value)].name
    raise TypeError(f"no py-scale-codec value conversion for {codec!r}")


# ---------------------------------------------------------------------------------------------
# Values: py-scale-codec's to ours


def _bytes_of(value: Any) -> bytes:
    """Bytes from a decoded py-scale-codec byte string: 0x-hex if it parses as such, else UTF-8 text."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, list):
        return bytes(value)
    if value.startswith("0x"):
        try:
            return bytes.fromhex(value[2:])
        except ValueError:
            pass
    return str(value).encode()


def _bits_of(value: str) -> BitVec:
    if not value.startswith("0b"):
        raise ValueError(f"not a py-scale-codec bit string: {value!r}")
    return BitVec(c == "1" for c in reversed(value[2:]))


def from_scalecodec_value(codec: scale.Codec, value: Any) -> Any:
    """A py-scale-codec value (or decoded object) of `codec`'s type as our value.

    Given the decoded ``ScaleType`` object the conversion is exact; given its ``.value`` a byte vector that
    is UTF-8 text of the form ``0x<hex>`` is read as that hex (py-scale-codec returns both alike).
    """
    if isinstance(value, ScaleType):
        return _from_object(codec, value)
    vec_form = getattr(codec, "vec_form", None)
    if vec_form is not None:
        return codec.from_items(from_scalecodec_value(vec_form, value))  # type: ignore[attr-defined]
    if isinstance(codec, scale.NewtypeCodec):
        return codec.wrap(from_scalecodec_value(codec.inner, value))
    if isinstance(codec, (scale.IntCodec, scale.CompactCodec)):
        return int(value)
    if isinstance(codec, scale.BoolCodec):
        return bool(value)
    if isinstance(codec, scale.FixedBytesCodec):
        return bytes.fromhex(value[2:])
    if isinstance(codec, scale.BytesCodec):
        return _bytes_of(value)
    if isinstance(codec, scale.StrCodec):
        return str(value)
    if isinstance(codec, scale.VecCodec):
        if _resolves_to_u8(codec.item):
            items: list[Any] = [from_scalecodec_value(codec.item, b) for b in _bytes_of(value)]
        else:
            items = [from_scalecodec_value(codec.item, v) for v in value]
        return tuple(items) if codec.as_tuple else items
    if isinstance(codec, scale.TupleCodec):
        if not codec.items:  # "()" is py-scale-codec's Null
            return ()
        if len(codec.items) == 1:  # py-scale-codec unwraps one-element tuples
            return (from_scalecodec_value(codec.items[0], value),)
        return tuple(from_scalecodec_value(c, v) for c, v in zip(codec.items, value, strict=True))
    if isinstance(codec, scale.OptionCodec):
        if codec.inner is scale.boolean:
            return {"None": None, "True": True, "False": False}[value]
        return None if value is None else from_scalecodec_value(codec.inner, value)
    if isinstance(codec, scale.ResultCodec):
        ((tag, inner),) = value.items()
        if tag == "Ok":
            return scale.Ok(from_scalecodec_value(codec.ok, inner))
        return scale.Err(from_scalecodec_value(codec.err, inner))
    if isinstance(codec, scale.BitVecCodec):
        return _bits_of(value)
    if isinstance(codec, scale.StructCodec):
        return codec.build(*(from_scalecodec_value(c, value[_pub(n)]) for n, c in codec.fields))
    if isinstance(codec, scale.EnumCodec):
        name, payload = (value, None) if isinstance(value, str) else next(iter(value.items()))
        return _build_variant(codec, name, payload, from_scalecodec_value)
    if isinstance(codec, scale.IndexEnumCodec):
        for member in codec.members.values():
            if member.name == value:
                return member
        raise ValueError(f"{value!r} is not a {codec.name}")
    raise TypeError(f"no py-scale-codec value conversion for {codec!r}")


def _variant_named(codec: scale.EnumCodec, name: str) -> scale.Variant:
    for variant in codec.variants.values():
        if variant.name == name:
            return variant
    raise ValueError(f"{name!r} is not a variant of {codec.name}")


def _build_variant(codec: scale.EnumCodec, name: str, payload: Any, convert: Any) -> Any:
    variant = _variant_named(codec, name)
    if not variant.fields:
        return variant.cls()
    if len(variant.fields) == 1 and variant.fields[0][0] == "value":
        return variant.cls(convert(variant.fields[0][1], payload))
    return variant.cls(*(convert(c, payload[_pub(n)]) for n, c in variant.fields))


def _from_object(codec: scale.Codec, obj: Any) -> Any:
    """Convert a decoded py-scale-codec object, reading raw bytes where its ``.value`` is ambiguous."""
    if not isinstance(obj, ScaleType):  # a plain value inside a container of plain values
        return from_scalecodec_value(codec, obj)
    return _from_parts(codec, obj.value_object, obj.value)


def _from_parts(codec: scale.Codec, inner: Any, value: Any) -> Any:
    """Convert from a decoded object's ``value_object`` (child objects, raw bytes) and its ``value``."""
    vec_form = getattr(codec, "vec_form", None)
    if vec_form is not None:
        return codec.from_items(_from_parts(vec_form, inner, value))  # type: ignore[attr-defined]
    if isinstance(codec, scale.NewtypeCodec):
        return codec.wrap(_from_parts(codec.inner, inner, value))
    if isinstance(codec, scale.BytesCodec):
        return bytes(inner)
    if isinstance(codec, scale.VecCodec):
        if isinstance(inner, (bytes, bytearray)):
            items: list[Any] = [from_scalecodec_value(codec.item, b) for b in inner]
        else:
            items = [_from_object(codec.item, o) for o in inner]
        return tuple(items) if codec.as_tuple else items
    if isinstance(codec, scale.TupleCodec):
        if len(codec.items) == 1:  # py-scale-codec hands over the element's own value_object
            return (_from_parts(codec.items[0], inner, value),)
        if not codec.items:
            return ()
        return tuple(_from_object(c, o) for c, o in zip(codec.items, inner, strict=True))
    if isinstance(codec, scale.OptionCodec) and codec.inner is not scale.boolean:
        return None if inner is None else _from_object(codec.inner, inner)
    if isinstance(codec, scale.ResultCodec):
        tag, payload = inner
        if tag == "Ok":
            return scale.Ok(_from_object(codec.ok, payload))
        return scale.Err(_from_object(codec.err, payload))
    if isinstance(codec, scale.StructCodec):
        return codec.build(*(_from_object(c, inner[_pub(n)]) for n, c in codec.fields))
    if isinstance(codec, scale.EnumCodec) and isinstance(inner, tuple):
        name, payload = inner
        variant = _variant_named(codec, name)
        if len(variant.fields) > 1 or (variant.fields and variant.fields[0][0] != "value"):
            fields = payload.value_object
            return variant.cls(*(_from_object(c, fields[_pub(n)]) for n, c in variant.fields))
        return _build_variant(codec, name, payload, _from_object)
    return from_scalecodec_value(codec, value)
