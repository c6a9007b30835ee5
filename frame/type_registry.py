"""scale-info's portable type registry, built from our codecs, SCALE-encoded as metadata V14/V15 carry it.

`PortableRegistry.of(codec)` gives a codec's type id, adding the type (and the types it is built from) on first
use: integers, bool and str are primitives, ``Compact<uN>`` compact, ``Vec<T>`` (and bounded collections, which
encode as one) sequences, ``[u8; N]`` arrays, tuples tuples, ``BitVec`` a bit sequence over ``u8`` with
``bitvec::order::Lsb0``; structs are composites with named fields, enums variants with their indexes (a single
field named ``value`` becomes an unnamed field), newtypes composites of one unnamed field, ``Option``/``Result``
the generic ``Option``/``Result`` variants with their params. A declared type's path is the one set with
`set_path` (what the clients special-case, e.g. ``frame_system::AccountInfo``), else its class's
``type_path`` attribute, else ``parahost::<module>::<Name>`` (never one or two segments, which the clients
would match against their built-in codecs).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from primitives import scale
from primitives.scale import Codec, encode_compact

__all__ = ["Field", "PortableRegistry", "TypeDef", "Variant", "enc_str", "enc_vec"]

#: (name or None, type id, type name or None, docs)
Field = tuple[str | None, int, str | None, Sequence[str]]
#: (name, fields, index, docs)
Variant = tuple[str, Sequence[Field], int, Sequence[str]]
#: ("composite", fields) | ("variant", variants) | ("sequence", ty) | ("array", len, ty) | ("tuple", tys)
#: | ("primitive", name) | ("compact", ty) | ("bitsequence", store ty, order ty)
TypeDef = tuple[Any, ...]

PRIMITIVES = ("bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "u256",
              "i8", "i16", "i32", "i64", "i128", "i256")  # fmt: skip
_DEF_TAGS = {"composite": 0, "variant": 1, "sequence": 2, "array": 3, "tuple": 4, "primitive": 5, "compact": 6,
             "bitsequence": 7}  # fmt: skip


def enc_str(s: str) -> bytes:
    raw = s.encode()
    return encode_compact(len(raw)) + raw


def enc_vec(items: Sequence[Any], enc: Callable[[Any], bytes]) -> bytes:
    return encode_compact(len(items)) + b"".join(enc(i) for i in items)


def _enc_field(f: Field) -> bytes:
    name, ty, type_name, docs = f
    return (
        (b"\x00" if name is None else b"\x01" + enc_str(name))
        + encode_compact(ty)
        + (b"\x00" if type_name is None else b"\x01" + enc_str(type_name))
        + enc_vec(docs, enc_str)
    )


def _enc_def(d: TypeDef) -> bytes:
    kind = d[0]
    out = bytes((_DEF_TAGS[kind],))
    if kind == "composite":
        return out + enc_vec(d[1], _enc_field)
    if kind == "variant":
        return out + enc_vec(
            d[1], lambda v: enc_str(v[0]) + enc_vec(v[1], _enc_field) + bytes((v[2],)) + enc_vec(v[3], enc_str)
        )
    if kind in ("sequence", "compact"):
        return out + encode_compact(d[1])
    if kind == "array":
        return out + d[1].to_bytes(4, "little") + encode_compact(d[2])
    if kind == "tuple":
        return out + enc_vec(d[1], encode_compact)
    if kind == "primitive":
        return out + bytes((PRIMITIVES.index(d[1]),))
    if kind == "bitsequence":
        return out + encode_compact(d[1]) + encode_compact(d[2])
    raise ValueError(f"unknown type definition kind {kind!r}")


def _doc_lines(obj: Any) -> list[str]:
    doc = obj if isinstance(obj, str) else (getattr(obj, "__doc__", None) or "")
    return [line.strip() for line in doc.strip().splitlines()] if doc.strip() else []


def _declared_class(codec: Codec) -> type | None:
    """The Python class a declared codec belongs to (struct, newtype or ScaleEnum), if any."""
    if isinstance(codec, scale.StructCodec) and isinstance(codec.build, type):
        return codec.build
    if isinstance(codec, scale.NewtypeCodec) and isinstance(codec.wrap, type):
        return codec.wrap
    if isinstance(codec, scale.EnumCodec):
        for v in codec.variants.values():
            for base in v.cls.__mro__[1:]:
                if getattr(base, "SCALE", None) is codec:
                    return base
    if isinstance(codec, scale.IndexEnumCodec) and codec.members:
        return type(next(iter(codec.members.values())))
    return None


class PortableRegistry:
    """Types by id (0..n-1, in order); `of` adds codecs, `add` hand-built types."""

    def __init__(self) -> None:
        self.types: list[tuple[list[str], list[tuple[str, int | None]], TypeDef, list[str]] | None] = []
        self._ids: dict[Hashable, int] = {}
        self._alive: list[Any] = []  # codecs keyed by id() stay alive while the registry is
        #: per-registry paths and params for declared codecs, by codec identity
        self._paths: dict[int, tuple[list[str], list[tuple[str, int | None]]]] = {}
        #: codecs whose type is given (outer enums, hand-built layouts), by codec identity or codec class
        self._fixed: dict[Hashable, Callable[[], int]] = {}

    # -- building

    def reserve(self, key: Hashable) -> tuple[int, bool]:
        """The id for `key` and whether it is new (then `define` must fill it)."""
        if key in self._ids:
            return self._ids[key], False
        self._ids[key] = len(self.types)
        self.types.append(None)
        return self._ids[key], True

    def define(self, ty: int, d: TypeDef, path: Sequence[str] = (), params: Sequence[tuple[str, int | None]] = (),
               docs: Sequence[str] = ()) -> int:  # fmt: skip
        self.types[ty] = (list(path), list(params), d, list(docs))
        return ty

    def add(self, key: Hashable, d: TypeDef, path: Sequence[str] = (), params: Sequence[tuple[str, int | None]] = (),
            docs: Sequence[str] = ()) -> int:  # fmt: skip
        """A hand-built type, once per key."""
        ty, new = self.reserve(key)
        return self.define(ty, d, path, params, docs) if new else ty

    def primitive(self, name: str) -> int:
        return self.add(("primitive", name), ("primitive", name))

    def set_path(self, codec: Codec, path: Sequence[str], params: Sequence[tuple[str, int | None]] = ()) -> None:
        """Give a declared codec its path (and type params) in this registry."""
        self._alive.append(codec)
        self._paths[id(codec)] = (list(path), list(params))

    def fix(self, codec: Codec | str, make: Callable[[], int]) -> None:
        """Describe a codec (an instance, or every codec of that name) by a hand-built type."""
        self._alive.append(codec)
        self._fixed[("name", codec) if isinstance(codec, str) else id(codec)] = make

    def path_of(self, codec: Codec) -> tuple[list[str], list[tuple[str, int | None]]]:
        if id(codec) in self._paths:
            return self._paths[id(codec)]
        cls = _declared_class(codec)
        explicit = getattr(cls, "type_path", None)
        if isinstance(explicit, str):
            return explicit.split("::"), []
        module = [m for m in (cls.__module__ if cls is not None else "").split(".") if m and m != "__main__"]
        return ["parahost", *module, getattr(cls, "__name__", codec.name)], []

    # -- codecs

    def of(self, codec: Codec) -> int:
        """The type id of `codec`, adding it (and what it is built from) on first use."""
        make = self._fixed.get(id(codec)) or self._fixed.get(("name", codec.name))
        if make is not None:
            return make()
        if isinstance(codec, scale.IntCodec):
            return self.primitive(codec.name)
        if isinstance(codec, scale.BoolCodec):
            return self.primitive("bool")
        if isinstance(codec, scale.StrCodec):
            return self.primitive("str")
        if isinstance(codec, scale.CompactCodec):
            return self.add(("compact", codec.inner.name), ("compact", self.of(codec.inner)))
        if isinstance(codec, scale.BytesCodec):
            return self.add(("sequence", self.primitive("u8")), ("sequence", self.primitive("u8")))
        if isinstance(codec, scale.VecCodec) or hasattr(codec, "vec_form"):
            vec: Any = codec if isinstance(codec, scale.VecCodec) else getattr(codec, "vec_form")  # noqa: B009
            item = self.of(vec.item)
            return self.add(("sequence", item), ("sequence", item))
        if isinstance(codec, scale.TupleCodec):
            items = tuple(self.of(c) for c in codec.items)
            return self.add(("tuple", items), ("tuple", list(items)))
        if isinstance(codec, scale.BitVecCodec):
            order = self.add("bitvec::order::Lsb0", ("composite", []), ["bitvec", "order", "Lsb0"])
            u8 = self.primitive("u8")
            return self.add(("bitsequence", u8, order), ("bitsequence", u8, order))
        if isinstance(codec, scale.FixedBytesCodec) and id(codec) not in self._paths:
            u8 = self.primitive("u8")
            return self.add(("array", codec.size, u8), ("array", codec.size, u8))
        if isinstance(codec, scale.OptionCodec):
            return self._option(codec)
        if isinstance(codec, scale.ResultCodec):
            ok, err = self.of(codec.ok), self.of(codec.err)
            variants: list[Variant] = [("Ok", [(None, ok, None, [])], 0, []), ("Err", [(None, err, None, [])], 1, [])]
            return self.add(("result", ok, err), ("variant", variants), ["Result"], [("T", ok), ("E", err)])
        return self._declared(codec)

    def _option(self, codec: scale.OptionCodec) -> int:
        if codec.inner is scale.boolean:  # Rust's one-byte Option<bool>: 0 None, 1 Some(true), 2 Some(false)
            variants: list[Variant] = [(n, [], i, []) for i, n in enumerate(("None", "True", "False"))]
            return self.add("OptionBool", ("variant", variants), ["parahost", "scale", "OptionBool"])
        inner = self.of(codec.inner)
        some: list[Field] = [(None, inner, None, [])]
        return self.add(
            ("option", inner), ("variant", [("None", [], 0, []), ("Some", some, 1, [])]), ["Option"], [("T", inner)]
        )

    def _fields(self, fields: Sequence[tuple[str, Codec]]) -> list[Field]:
        if len(fields) == 1 and fields[0][0] == "value":
            return [(None, self.of(fields[0][1]), fields[0][1].name, [])]
        return [(scale.published_name(n), self.of(c), c.name, []) for n, c in fields]

    def _declared(self, codec: Codec) -> int:
        ty, new = self.reserve(("codec", id(codec)))
        if not new:
            return ty
        self._alive.append(codec)
        path, params = self.path_of(codec)
        docs = _doc_lines(_declared_class(codec))
        if isinstance(codec, scale.StructCodec):
            d: TypeDef = ("composite", [(scale.published_name(n), self.of(c), c.name, []) for n, c in codec.fields])
        elif isinstance(codec, scale.EnumCodec):
            d = ("variant", [(v.name, self._fields(v.fields), i, _doc_lines(v.cls))
                             for i, v in sorted(codec.variants.items())])  # fmt: skip
        elif isinstance(codec, scale.IndexEnumCodec):
            d = ("variant", [(m.name, [], i, []) for i, m in sorted(codec.members.items())])
        elif isinstance(codec, scale.NewtypeCodec):
            d = ("composite", [(None, self.of(codec.inner), codec.inner.name, [])])
        elif isinstance(codec, scale.FixedBytesCodec):  # a byte array with a path (H256, AccountId32)
            u8 = self.primitive("u8")
            inner = self.add(("array", codec.size, u8), ("array", codec.size, u8))
            d = ("composite", [(None, inner, f"[u8; {codec.size}]", [])])
        else:
            raise TypeError(f"no scale-info type for codec {codec!r} ({type(codec).__name__})")
        return self.define(ty, d, path, params, docs)

    # -- output

    def encode(self) -> bytes:
        """SCALE of the PortableRegistry: Vec<{id: Compact<u32>, type}>."""
        out = [encode_compact(len(self.types))]
        for i, t in enumerate(self.types):
            if t is None:
                raise ValueError(f"type {i} was reserved but never defined")
            path, params, d, docs = t
            out.append(encode_compact(i) + enc_vec(path, enc_str))
            out.append(enc_vec(params, lambda p: enc_str(p[0]) + (
                b"\x00" if p[1] is None else b"\x01" + encode_compact(p[1]))))  # fmt: skip
            out.append(_enc_def(d) + enc_vec(docs, enc_str))
        return b"".join(out)
