"""Substrate's runtime metadata, SCALE-encoded: ``RuntimeMetadataPrefixed`` V14 (and V15), what
``state_getMetadata`` and the ``Metadata_metadata*`` runtime calls return (reference §4).

`metadata_v14(runtime)` is ``b"meta" ++ 0x0e ++ RuntimeMetadataV14 {types, pallets, extrinsic, ty}``: the
portable type registry (`frame.type_registry`) with the paths the clients special-case
(`frame.metadata_types`), each pallet's storage (prefix, entries with modifier, hashers, key and value types,
default bytes, docs), its ``<crate>::pallet::Call`` enum (fields named, with type names), ``Event`` and ``Error``
enums and its constants, the extrinsic (version 4, the runtime's signed extensions), and the runtime type. Outer
enums are ``<name>_runtime::RuntimeCall`` / ``RuntimeEvent`` / ``RuntimeError``. `metadata_v15(runtime)` adds
pallet docs, the extrinsic's address/call/signature/extra types, the Metadata runtime API, the outer enums and an
empty custom map; `metadata_at_version` serves both (V15 only through ``Metadata_metadata_at_version(15)``).
"""

from __future__ import annotations

import inspect
import re
import weakref
from typing import Any

from frame.dispatch import Origin, PalletError
from frame.metadata_types import extrinsic_types, known_types
from frame.pallet import Pallet
from frame.runtime import Runtime
from frame.storage import StorageItem
from frame.system import System
from frame.type_registry import Field, PortableRegistry, Variant, enc_str, enc_vec
from primitives.scale import bytes_codec, encode_compact, published_name

__all__ = [
    "MAGIC",
    "METADATA_VERSIONS",
    "api_metadata",
    "api_metadata_at_version",
    "api_metadata_versions",
    "metadata_at_version",
    "metadata_v14",
    "metadata_v15",
    "pallet_crate",
    "runtime_crate",
]

MAGIC = b"meta"
#: the versions `metadata_at_version` serves (``Metadata_metadata_versions``)
METADATA_VERSIONS = (14, 15)


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def runtime_crate(runtime: Runtime) -> str:
    """The first path segment of the outer enums: ``ParachainHost`` -> ``parachain_host_runtime``."""
    return _snake(runtime.name) + "_runtime"


def pallet_crate(p: type[Pallet]) -> str:
    """The crate of a pallet's Call/Event/Error enums: ``frame_system`` for System, else ``pallet_<name>``."""
    return "frame_system" if issubclass(p, System) else "pallet_" + _snake(p.name)


def _docs(obj: Any) -> list[str]:
    doc = obj if isinstance(obj, str) else inspect.getdoc(obj) or ""
    return [line for line in doc.strip().splitlines()] if doc.strip() else []


def _opt(ty: int | None) -> bytes:
    return b"\x00" if ty is None else b"\x01" + encode_compact(ty)


class _Builder:
    """One runtime's types and pallets; `pallets(docs)` first, then `reg.encode()` (types are added lazily)."""

    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime
        self.reg = reg = PortableRegistry()
        self.crate = runtime_crate(runtime)
        self.call_ty = reg.reserve("RuntimeCall")[0]
        self.event_ty = reg.reserve("RuntimeEvent")[0]
        self.error_ty = reg.reserve("RuntimeError")[0]
        # the codecs that stand for the runtime's own outer enums, whichever instance a pallet declares
        reg.fix("RuntimeCall", lambda: self.call_ty)
        reg.fix("RuntimeEvent", lambda: self.event_ty)
        reg.fix("OriginCaller", self.origin_caller)
        known_types(reg, self.event_ty)
        for _, p in runtime.pallets:
            if p.Event is not None:
                reg.set_path(p.Event.SCALE, [pallet_crate(p), "pallet", "Event"])
        self.calls: dict[int, int] = {}
        self.events: dict[int, int] = {}
        self.errors: dict[int, int] = {}
        self.runtime_ty = reg.add("Runtime", ("composite", []), [self.crate, "Runtime"])

    # -- pallet enums

    def call_enum(self, p: type[Pallet]) -> int:
        ty, new = self.reg.reserve(("call", p))
        if new:
            variants: list[Variant] = [
                (d.name, [(published_name(n), self.reg.of(c), c.name, []) for n, c in d.args], d.index, _docs(d.doc))
                for d in sorted(p.call_defs.values(), key=lambda d: d.index)
            ]
            self.reg.define(ty, ("variant", variants), [pallet_crate(p), "pallet", "Call"],
                            docs=["Contains a variant per dispatchable extrinsic that this pallet has."])  # fmt: skip
        return ty

    def error_enum(self, error: type[PalletError], p: type[Pallet]) -> int:
        variants: list[Variant] = [(e.__name__, [], i, _docs(e)) for i, e in sorted(error.members.items())]
        path = [pallet_crate(p), "pallet", "Error"]
        return self.reg.add(("error", p), ("variant", variants), path, docs=_docs(error))

    def origin_caller(self) -> int:
        """``<runtime>::OriginCaller``: System's RawOrigin at System's index, each pallet origin at its pallet's."""
        ty, new = self.reg.reserve("OriginCaller")
        if new:
            variants: list[Variant] = []
            for index, p in self.rt.pallets:
                kind = Origin if p is self.rt.system else getattr(p, "PalletOrigin", None)
                if kind is not None:
                    field: Field = (None, self.reg.of(kind.SCALE), f"{pallet_crate(p)}::Origin", [])
                    variants.append(("system" if p is self.rt.system else p.name, [field], index, []))
            self.reg.define(ty, ("variant", variants), [self.crate, "OriginCaller"])
        return ty

    def outer_enums(self) -> None:
        """RuntimeCall, RuntimeEvent and RuntimeError: one variant per pallet, at the pallet's index."""
        for ty, name, enums, kind in ((self.call_ty, "RuntimeCall", self.calls, "Call"),
                                      (self.event_ty, "RuntimeEvent", self.events, "Event"),
                                      (self.error_ty, "RuntimeError", self.errors, "Error")):  # fmt: skip
            variants: list[Variant] = []
            for index, inner in sorted(enums.items()):
                p = self.rt.by_index[index]
                field: Field = (None, inner, f"{pallet_crate(p)}::{kind}<Runtime>", [])
                variants.append((p.name, [field], index, []))
            self.reg.define(ty, ("variant", variants), [self.crate, name])

    # -- pallets

    def storage_entry(self, item: StorageItem) -> bytes:
        modifier = b"\x01" if item.value_query else b"\x00"
        value = self.reg.of(item.value_codec)
        hashers = getattr(item, "hashers", ())
        if item.kind == "Plain" or not hashers:
            shape = b"\x00" + encode_compact(value)
        else:
            keys = [self.reg.of(c) for c in item.key_codecs]
            key = keys[0] if len(keys) == 1 else self.reg.add(("tuple", tuple(keys)), ("tuple", keys))
            shape = b"\x01" + enc_vec([int(h) for h in hashers], lambda h: bytes((h,))) + encode_compact(key)
            shape += encode_compact(value)
        return (enc_str(item.name) + modifier + shape + bytes_codec.encode(item.default_bytes())
                + enc_vec(_docs(item.doc), enc_str))  # fmt: skip

    def pallet(self, index: int, p: type[Pallet], docs: bool) -> bytes:
        out = [enc_str(p.name)]
        entries = list(p.storage.values())
        if entries:
            out.append(b"\x01" + enc_str(p.name) + enc_vec(entries, self.storage_entry))
        else:
            out.append(b"\x00")
        if p.call_defs:
            self.calls[index] = self.call_enum(p)
        out.append(_opt(self.calls.get(index)))
        if p.Event is not None:
            self.events[index] = self.reg.of(p.Event.SCALE)
        out.append(_opt(self.events.get(index)))
        out.append(
            enc_vec(
                list(p.constants.items()),
                lambda kv: (
                    enc_str(kv[0])
                    + encode_compact(self.reg.of(kv[1].codec))
                    + bytes_codec.encode(kv[1].codec.encode(getattr(p, kv[0])))
                    + enc_vec(_docs(kv[1].doc), enc_str)
                ),
            )
        )
        if p.Error is not None:
            self.errors[index] = self.error_enum(p.Error, p)
        out.append(_opt(self.errors.get(index)))
        out.append(bytes((index,)))
        if docs:
            out.append(enc_vec(_docs(p), enc_str))
        return b"".join(out)

    def pallets(self, docs: bool) -> bytes:
        body = enc_vec(self.rt.pallets, lambda ip: self.pallet(ip[0], ip[1], docs))
        self.outer_enums()
        return body


def _extensions(extensions: list[tuple[str, int, int]]) -> bytes:
    return enc_vec(extensions, lambda e: enc_str(e[0]) + encode_compact(e[1]) + encode_compact(e[2]))


def _v14(runtime: Runtime) -> bytes:
    b = _Builder(runtime)
    pallets = b.pallets(docs=False)
    extrinsic, _, _, _, extensions = extrinsic_types(b.reg, b.call_ty, runtime.signed_extensions)
    ext = encode_compact(extrinsic) + b"\x04" + _extensions(extensions)
    return MAGIC + b"\x0e" + b.reg.encode() + pallets + ext + encode_compact(b.runtime_ty)


def _metadata_api(b: _Builder) -> bytes:
    """RuntimeApiMetadata of the Metadata API (version 2): metadata, metadata_at_version, metadata_versions."""
    reg = b.reg
    u8, u32 = reg.primitive("u8"), reg.primitive("u32")
    raw = reg.add(("sequence", u8), ("sequence", u8))
    opaque = reg.add("OpaqueMetadata", ("composite", [(None, raw, "Vec<u8>", [])]), ["sp_core", "OpaqueMetadata"])
    some: list[Field] = [(None, opaque, None, [])]
    option = reg.add(("option", opaque), ("variant", [("None", [], 0, []), ("Some", some, 1, [])]),
                     ["Option"], [("T", opaque)])  # fmt: skip
    versions = reg.add(("sequence", u32), ("sequence", u32))
    methods = [
        ("metadata", [], opaque, "The runtime's metadata (V14)."),
        ("metadata_at_version", [("version", u32)], option, "The metadata at `version`, if the runtime serves it."),
        ("metadata_versions", [], versions, "The metadata versions the runtime serves."),
    ]

    def method(m: tuple[str, list[tuple[str, int]], int, str]) -> bytes:
        inputs = enc_vec(m[1], lambda i: enc_str(i[0]) + encode_compact(i[1]))
        return enc_str(m[0]) + inputs + encode_compact(m[2]) + enc_vec([m[3]], enc_str)

    return enc_str("Metadata") + enc_vec(methods, method) + enc_vec(["The runtime's metadata."], enc_str)


def _v15(runtime: Runtime) -> bytes:
    b = _Builder(runtime)
    pallets = b.pallets(docs=True)
    _, address, signature, extra, extensions = extrinsic_types(b.reg, b.call_ty, runtime.signed_extensions)
    ext = b"\x04" + b"".join(encode_compact(t) for t in (address, b.call_ty, signature, extra))
    ext += _extensions(extensions)
    apis = encode_compact(1) + _metadata_api(b)
    outer = b"".join(encode_compact(t) for t in (b.call_ty, b.event_ty, b.error_ty))
    custom = encode_compact(0)
    return MAGIC + b"\x0f" + b.reg.encode() + pallets + ext + encode_compact(b.runtime_ty) + apis + outer + custom


_CACHE: weakref.WeakKeyDictionary[Runtime, dict[int, bytes]] = weakref.WeakKeyDictionary()


def metadata_at_version(runtime: Runtime, version: int) -> bytes | None:
    """``RuntimeMetadataPrefixed`` at `version` (14 or 15), or None for a version not served."""
    if version not in METADATA_VERSIONS:
        return None
    cached = _CACHE.setdefault(runtime, {})
    if version not in cached:
        cached[version] = _v14(runtime) if version == 14 else _v15(runtime)
    return cached[version]


def metadata_v14(runtime: Runtime) -> bytes:
    """``b"meta" ++ 0x0e ++ RuntimeMetadataV14``: what ``state_getMetadata`` returns."""
    out = metadata_at_version(runtime, 14)
    if out is None:  # pragma: no cover - 14 is always served
        raise ValueError("metadata V14 is not served")
    return out


def metadata_v15(runtime: Runtime) -> bytes:
    """``b"meta" ++ 0x0f ++ RuntimeMetadataV15``: served through ``Metadata_metadata_at_version(15)``."""
    out = metadata_at_version(runtime, 15)
    if out is None:  # pragma: no cover
        raise ValueError("metadata V15 is not served")
    return out


# -- the Metadata runtime API's results, SCALE-encoded as state_call returns them


def api_metadata(runtime: Runtime) -> bytes:
    """``Metadata_metadata()``: OpaqueMetadata, the V14 bytes as a SCALE byte vector."""
    return bytes_codec.encode(metadata_v14(runtime))


def api_metadata_at_version(runtime: Runtime, version: int) -> bytes:
    """``Metadata_metadata_at_version(u32)``: Option<OpaqueMetadata>."""
    out = metadata_at_version(runtime, version)
    return b"\x00" if out is None else b"\x01" + bytes_codec.encode(out)


def api_metadata_versions() -> bytes:
    """``Metadata_metadata_versions()``: Vec<u32>."""
    return enc_vec(METADATA_VERSIONS, lambda v: v.to_bytes(4, "little"))
