"""Reading storage by pallet and item name, with keys given as text, decoded with the runtime's metadata.

Values come out in py-scale-codec's JSON shapes (`primitives.registry.to_scalecodec_value`): what a
py-substrate-interface user sees for the same storage.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from frame.backend import Backend
from frame.genesis import convert
from frame.runtime import Runtime
from frame.storage import StorageItem
from primitives import scale
from primitives.errors import CodecError, ParahostError
from primitives.hashing import Hasher, twox_128
from primitives.registry import to_scalecodec_value

__all__ = ["QueryError", "describe_keys", "find_item", "parse_key", "query"]

#: Substrate's well-known keys that are not storage items
WELL_KNOWN = {b":code": ":code", b":heappages": ":heappages", b":extrinsic_index": ":extrinsic_index",
              b":intrablock_entropy": ":intrablock_entropy"}  # fmt: skip


class QueryError(ParahostError):
    """A storage query names no such pallet or item, gives bad keys, or finds a value that does not decode."""


def find_item(runtime: Runtime, pallet: str, item: str) -> StorageItem:
    """The storage item `pallet`.`item` (names as in the metadata; case-insensitive if unambiguous)."""
    by_lower = {p.name.lower(): p for p in runtime.pallet_classes}
    p = runtime.by_name.get(pallet) or by_lower.get(pallet.lower())
    if p is None:
        raise QueryError(f"no pallet {pallet!r} in runtime {runtime.name} (pallets: {', '.join(runtime.by_name)})")
    found = p.storage.get(item) or {k.lower(): v for k, v in p.storage.items()}.get(item.lower())
    if found is None:
        raise QueryError(f"{p.name} has no storage item {item!r} (items: {', '.join(p.storage) or 'none'})")
    return found


def _bare(codec: scale.Codec) -> scale.Codec:
    while isinstance(codec, scale.NewtypeCodec):
        codec = codec.inner
    return codec


def parse_key(text: str, codec: scale.Codec, where: str) -> Any:
    """A map key from command-line text: an integer (decimal or 0x-hex), 0x-hex bytes, an SS58 address, or
    JSON (for tuples and the like)."""
    value: Any = text
    bare = _bare(codec)
    if text[:1] in "[{\"" or text in ("true", "false", "null"):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as e:
            raise QueryError(f"{where}: {text!r} is not valid JSON ({e.msg})") from None
    elif isinstance(bare, scale.IntCodec | scale.CompactCodec):
        try:
            value = int(text, 16) if text.lower().startswith("0x") else int(text, 10)
        except ValueError:
            raise QueryError(f"{where}: {text!r} is not an integer ({codec.name})") from None
    elif re.fullmatch(r"-?\d+", text):
        value = int(text)
    return convert(value, codec, where)


def _key_suffix(item: StorageItem, keys: Sequence[Any]) -> bytes:
    hashers = getattr(item, "hashers", ())
    codecs = getattr(item, "key_codecs", ())
    return b"".join(h.hash(c.encode(k)) for h, c, k in zip(hashers, codecs, keys, strict=False))


def _decode(item: StorageItem, raw: bytes, key: bytes) -> Any:
    try:
        return to_scalecodec_value(item.value_codec, item.value_codec.decode(raw))
    except CodecError as e:
        where = f"{item.pallet}.{item.name} at 0x{key.hex()}"
        raise QueryError(f"{where}: the stored value does not decode ({e})") from None


_HASH_LEN = {Hasher.Blake2_128: 16, Hasher.Twox128: 16, Hasher.Blake2_256: 32, Hasher.Twox256: 32}


def _keys_of(item: StorageItem, raw_key: bytes, given: int) -> list[Any]:
    """The keys after the first `given`, read back from a full storage key (a hash-only part as its hex)."""
    offset = len(item.prefix)
    out: list[Any] = []
    for i, (h, c) in enumerate(zip(getattr(item, "hashers", ()), getattr(item, "key_codecs", ()), strict=True)):
        if h.reversible:
            value, offset = c.decode_from(raw_key, offset + h.prefix_len)
            shown = to_scalecodec_value(c, value)
        else:
            shown, offset = "0x" + raw_key[offset : offset + _HASH_LEN[h]].hex(), offset + _HASH_LEN[h]
        if i >= given:
            out.append(shown)
    return out


def query(runtime: Runtime, state: Backend, pallet: str, item_name: str, key_texts: Sequence[str]) -> Any:
    """The decoded value of a storage item (with all its keys), or every entry under the keys given."""
    item = find_item(runtime, pallet, item_name)
    codecs = getattr(item, "key_codecs", ())
    where = f"{item.pallet}.{item.name}"
    if len(key_texts) > len(codecs):
        raise QueryError(f"{where} takes {len(codecs)} key(s), got {len(key_texts)}")
    keys = [parse_key(t, c, f"{where} key {i + 1}") for i, (t, c) in enumerate(zip(key_texts, codecs, strict=False))]
    prefix = item.prefix + _key_suffix(item, keys)
    if len(keys) == len(codecs):
        raw = state.get(prefix)
        if raw is None:
            default = item.default()
            return None if default is None else to_scalecodec_value(item.value_codec, default)
        return _decode(item, raw, prefix)
    entries = []
    for raw_key, raw in state.iter_from(prefix):
        if not raw_key.startswith(prefix):
            break
        try:
            rest = _keys_of(item, raw_key, len(keys))
        except CodecError as e:
            raise QueryError(f"{where}: the key 0x{raw_key.hex()} does not decode ({e})") from None
        entries.append({"key": [to_scalecodec_value(c, k) for c, k in zip(codecs, keys, strict=False)] + rest,
                        "value": _decode(item, raw, raw_key)})  # fmt: skip
    return entries


def describe_keys(runtime: Runtime, keys: Sequence[bytes]) -> list[str]:
    """`Pallet.Item` (or the well-known name, or ``?``) for each raw key."""
    prefixes = {twox_128(p.name.encode()) + twox_128(i.name.encode()): f"{p.name}.{i.name}"
                for p in runtime.pallet_classes for i in p.storage.values()}  # fmt: skip
    return [WELL_KNOWN.get(k) or prefixes.get(k[:32], "?") for k in keys]
