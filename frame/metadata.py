"""Runtime metadata as JSON: pallets with their storage (key layout, hashers, types, defaults), calls,
events, errors and constants, all with indexes and docs.

The shape follows FRAME's V14 metadata in spirit (names, modifiers, hasher names, pallet indexes) but is
plain JSON with py-scale-codec type strings; `registry()` gives the matching py-scale-codec registry.
"""

from __future__ import annotations

import inspect
from typing import Any

from frame.pallet import Pallet
from frame.runtime import Runtime
from frame.storage import StorageItem
from primitives.scale import Codec


def _docs(obj: Any) -> list[str]:
    doc = obj if isinstance(obj, str) else inspect.getdoc(obj) or ""
    return [line for line in doc.strip().splitlines()] if doc.strip() else []


def _storage_entry(item: StorageItem) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": item.name,
        "modifier": "Default" if item.value_query else "Optional",
        "key_prefix": "0x" + item.prefix.hex(),
        "default": "0x" + item.default_bytes().hex(),
        "docs": _docs(item.doc),
    }
    if item.kind == "Plain":
        entry["type"] = {"Plain": item.value_codec.name}
    else:
        entry["type"] = {
            "Map": {
                "hashers": [h.name for h in item.hashers],  # type: ignore[attr-defined]
                "keys": [c.name for c in item.key_codecs],  # type: ignore[attr-defined]
                "value": item.value_codec.name,
                "iterable": all(h.reversible for h in item.hashers),  # type: ignore[attr-defined]
            }
        }
    return entry


def _variant_fields(fields: tuple[tuple[str, Codec], ...]) -> list[dict[str, str]]:
    return [{"name": n, "type": c.name} for n, c in fields]


def pallet_metadata(index: int, p: type[Pallet]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name, "index": index, "docs": _docs(p)}
    entries = [_storage_entry(i) for i in p.storage.values()]
    out["storage"] = {"prefix": p.name, "entries": entries} if entries else None
    out["calls"] = [
        {"name": d.name, "index": d.index, "args": [{"name": n, "type": c.name} for n, c in d.args],
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
            "signed_extensions": [{"identifier": "CheckNonce", "type": "Compact<u32>", "additional_signed": "()"},
                                  {"identifier": "CheckGenesis", "type": "()", "additional_signed": "H256"}],
        },  # fmt: skip
    }


def storage_item(runtime: Runtime, pallet: str, item: str) -> StorageItem:
    """Look up a storage item by pallet and item name (as metadata names them)."""
    p = runtime.by_name.get(pallet)
    if p is None:
        raise KeyError(f"no pallet {pallet!r} (pallets: {', '.join(runtime.by_name)})")
    if item not in p.storage:
        raise KeyError(f"{pallet} has no storage item {item!r} (items: {', '.join(p.storage)})")
    return p.storage[item]
