"""FRAME's `StorageInfo`: per item, its prefix and the most bytes one entry can take (for proof-size estimates).

``max_size`` is the value's maximum encoded length, plus for a map the longest hashed key after the 32-byte
prefix (as FRAME's `StorageInfoTrait`). An item declared ``unbounded=True`` (``#[pallet::unbounded]``), or any
item of a pallet that sets ``without_storage_info = True`` (``#[pallet::without_storage_info]``), has
``max_size`` None; any other item whose type has no bound makes `pallet_storage_info` raise `Unbounded`.
"""

from __future__ import annotations

from typing import Any

import attrs

from primitives.maxlen import Unbounded

__all__ = ["StorageInfo", "Unbounded", "pallet_storage_info"]


@attrs.frozen
class StorageInfo:
    pallet_name: str
    storage_name: str
    prefix: bytes
    #: 1 for a value, None (no limit) for a map
    max_values: int | None
    max_size: int | None


def pallet_storage_info(pallet: Any) -> list[StorageInfo]:
    """The storage info of every item of `pallet` (a Pallet class), in declaration order."""
    partial = bool(getattr(pallet, "without_storage_info", False))
    out = []
    for item in pallet.storage.values():
        max_size: int | None = None
        if not partial:
            value, key = item.max_value_len, item.max_key_len
            max_size = None if value is None or key is None else key - len(item.prefix) + value
        out.append(StorageInfo(pallet.name, item.name, item.prefix, 1 if item.kind == "Plain" else None, max_size))
    return out
