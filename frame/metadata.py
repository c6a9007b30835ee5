"""Runtime metadata as JSON: pallets with their storage (key layout, hashers, types, defaults), calls,
events, errors and constants, all with indexes and docs.

The shape follows FRAME's V14 metadata in spirit (names, modifiers, hasher names, pallet indexes) but is
plain JSON with py-scale-codec type strings; `registry()` gives the matching py-scale-codec registry. A map's
entry has its hashers, its key types one by one (`keys`) and, as V14's `key`, the key type (a tuple for a
double or N map); a `CountedStorageMap`'s counter is an entry of its own, right after the map's.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any

from frame.pallet import Pallet
from frame.runtime import Runtime
from frame.storage import StorageItem
from primitives.scale import Codec, TupleCodec, published_name


def _docs(obj: Any) -> list[str]:
    doc = obj if isinstance(obj, str) else inspect.getdoc(obj) or ""
    return [line for line in doc.strip().splitlines()] if doc.strip() else []


def _storage_entry(item: StorageItem) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": item.name,
        "modifier": item.query.modifier,
        "key_prefix": "0x" + item.prefix.hex(),
        "default": "0x" + item.default_bytes().hex(),
        "docs": _docs(item.doc),
    }
    if item.kind == "Plain":
        entry["type"] = {"Plain": item.value_codec.name}
    else:
        entry["type"] = {
            "Map": {
                "hashers": [h.name for h in item.hashers],
                "key": _key_type(item).name,
                "keys": [c.name for c in item.key_codecs],
                "value": item.value_codec.name,
                "iterable": all(h.reversible for h in item.hashers),
            }
        }
    return entry


def _key_type(item: StorageItem) -> Codec:
    """V14's map key type: the key's own type, or the tuple of the keys for a double or N map."""
    return item.key_codecs[0] if len(item.key_codecs) == 1 else TupleCodec(item.key_codecs)


def _in_metadata_order(items: Iterable[StorageItem]) -> list[StorageItem]:
    """Declaration order, with each counted map's counter moved right after its map (as FRAME lists them)."""
    items = list(items)
    counters = {id(c) for c in (getattr(i, "counter", None) for i in items) if c is not None}
    out: list[StorageItem] = []
    for i in items:
        if id(i) in counters:
            continue
        out.append(i)
        counter = getattr(i, "counter", None)
        if counter is not None:
            out.append(counter)
    return out


def _variant_fields(fields: tuple[tuple[str, Codec], ...]) -> list[dict[str, str]]:
    return [{"name": published_name(n), "type": c.name} for n, c in fields]


def pallet_metadata(index: int, p: type[Pallet]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name, "index": index, "docs": _docs(p)}
    entries = [_storage_entry(i) for i in _in_metadata_order(p.storage.values())]
    out["storage"] = {"prefix": p.name, "entries": entries} if entries else None
    out["calls"] = [
        {"name": d.name, "index": d.index, "args": [{"name": published_name(n), "type": c.name} for n, c in d.args],
         "inherent": d.inherent, "docs": _docs(d.doc)}
        for d in sorted(p.call_defs.values(), key=lambda d: d.index)
    ]  # fmt: skip
    if p.Event is not None:
        out["events"] = [
            {"name": v.name, "index": i, "fields": _variant_fields(v.fields), "docs": _docs(v.cls)}
            for i, v in sorted(p.Event.SCALE.variants.items())
        ]
    else:
        out["events"] = None
    if p.Error is not None:
        out["errors"] = [{"name": e.__name__, "index": i, "docs": _docs(e)} for i, e in sorted(p.Error.members.items())]
    else:
        out["errors"] = None
    out["constants"] = [
        {"name": n, "type": c.codec.name, "value": "0x" + c.codec.encode(getattr(p, n)).hex(), "docs": _docs(c.doc)}
        for n, c in p.constants.items()
    ]
    return out


def metadata(runtime: Runtime) -> dict[str, Any]:
    """The runtime's metadata as a JSON-serialisable dict."""
    return {
        "magic": "meta",
        "runtime": runtime.name,
        "spec_version": runtime.spec_version,
        "pallets": [pallet_metadata(i, p) for i, p in runtime.pallets],
        "extrinsic": {
            "version": 4,
            "address": "MultiAddress::Id (0x00 ++ AccountId32)",
            "signature": "MultiSignature::Sr25519 (0x01 ++ 64 bytes)",
            "signed_extensions": [_extension_json(e) for e in runtime.signed_extensions],
        },
    }


#: the standard extensions' (extra, additional signed) types, by identifier
_EXTENSION_TYPES = {
    "CheckNonZeroSender": ("()", "()"), "CheckSpecVersion": ("()", "u32"), "CheckTxVersion": ("()", "u32"),
    "CheckGenesis": ("()", "H256"), "CheckMortality": ("Era", "H256"), "CheckNonce": ("Compact<u32>", "()"),
    "CheckWeight": ("()", "()"), "ChargeTransactionPayment": ("Compact<u128>", "()"),
}  # fmt: skip


def _extension_json(e: Any) -> dict[str, str]:
    codec = e.extra_codec
    extra, additional = _EXTENSION_TYPES.get(e.identifier, ("()" if codec is None else codec.name, "()"))
    return {"identifier": e.identifier, "type": extra, "additional_signed": additional}


def storage_item(runtime: Runtime, pallet: str, item: str) -> StorageItem:
    """Look up a storage item by pallet and item name (as metadata names them)."""
    p = runtime.by_name.get(pallet)
    if p is None:
        raise KeyError(f"no pallet {pallet!r} (pallets: {', '.join(runtime.by_name)})")
    if item not in p.storage:
        raise KeyError(f"{pallet} has no storage item {item!r} (items: {', '.join(p.storage)})")
    return p.storage[item]


# ---------------------------------------------------------------------------------------------
# The py-scale-codec registry of a runtime


def _call_type_name(p: type[Pallet], d: Any = None) -> str:
    base = f"{p.name}Call"
    return base if d is None else base + "".join(w[:1].upper() + w[1:] for w in d.name.split("_"))


def _indexed_enum(entries: dict[int, tuple[str, str]]) -> dict[str, Any]:
    top = max(entries, default=-1)
    mapping = [list(entries.get(i, (f"__Unused{i}", "Null"))) for i in range(top + 1)]
    return {"type": "enum", "type_mapping": mapping}


def runtime_types(runtime: Runtime) -> tuple[list[Codec], dict[str, Any]]:
    """The codecs a runtime's storage, calls, events and constants use, and the runtime-specific
    definitions (RuntimeCall, RuntimeEvent, each pallet's Call enum and argument structs)."""
    from frame.system import EVENT_RECORD

    codecs: list[Codec] = [EVENT_RECORD]
    types: dict[str, Any] = {}
    calls: dict[int, tuple[str, str]] = {}
    events: dict[int, tuple[str, str]] = {}
    for index, p in runtime.pallets:
        for item in p.storage.values():
            codecs.append(item.value_codec)
            codecs.extend(item.key_codecs)
            if len(item.key_codecs) > 1:
                codecs.append(_key_type(item))
        codecs.extend(c.codec for c in p.constants.values())
        if p.Event is not None:
            codecs.append(p.Event.SCALE)
            events[index] = (p.name, p.Event.SCALE.name)
        if p.call_defs:
            variants: dict[int, tuple[str, str]] = {}
            for d in p.call_defs.values():
                codecs.extend(c for _, c in d.args)
                if d.args:
                    mapping = [[published_name(n), c.name] for n, c in d.args]
                    types[_call_type_name(p, d)] = {"type": "struct", "type_mapping": mapping}
                    variants[d.index] = (d.name, _call_type_name(p, d))
                else:
                    variants[d.index] = (d.name, "Null")
            types[_call_type_name(p)] = _indexed_enum(variants)
            calls[index] = (p.name, _call_type_name(p))
    types["RuntimeCall"] = _indexed_enum(calls)
    types["RuntimeEvent"] = _indexed_enum(events)
    return codecs, types


def registry(runtime: Runtime) -> dict[str, Any]:
    """py-scale-codec's JSON registry for everything this runtime stores, dispatches and emits."""
    from primitives.registry import type_registry

    codecs, types = runtime_types(runtime)
    return type_registry(codecs, types)
