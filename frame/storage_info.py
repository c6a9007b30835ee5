"""FRAME's `StorageInfo`: per item, its prefix and the most bytes one entry can take (for proof-size estimates).

``max_size`` is the value's maximum encoded length, plus for a map the longest hashed key after the 32-byte
prefix (as FRAME's `StorageInfoTrait`). An item declared ``unbounded=True`` (``#[pallet::unbounded]``), or any
item of a pallet that sets ``without_storage_info = True`` (``#[pallet::without_storage_info]``), has
``max_size`` None. Every other item must have a bounded key and value: FRAME refuses to compile a pallet that
breaks this, and `check_storage_bounds` (run by `Pallet` when a pallet class is defined) raises
`UnboundedStorage` naming the pallet, the item and the type without a bound.
"""

from __future__ import annotations

from typing import Any

import attrs

from primitives.maxlen import Unbounded

__all__ = ["StorageInfo", "Unbounded", "UnboundedStorage", "check_storage_bounds", "pallet_storage_info"]


class UnboundedStorage(Unbounded):
    """A storage item whose key or value type has no maximum encoded length, in a pallet that gives storage
    info, and not declared ``unbounded=True``. The message names the pallet, the item and the type."""

    def __init__(self, pallet: str, item: str, part: str, cause: Unbounded) -> None:
        self.pallet, self.item, self.part = pallet, item, part
        super().__init__(
            f"{pallet}.{item}: its {part} type has no maximum encoded length ({cause.type_name} is unbounded): "
            "use a bounded type, declare the item unbounded=True, or set without_storage_info = True on the pallet",
            cause.type_name,
        )


@attrs.frozen
class StorageInfo:
    pallet_name: str
    storage_name: str
    prefix: bytes
    #: 1 for a value, None (no limit) for a map
    max_values: int | None
    max_size: int | None


def check_storage_bounds(pallet: Any) -> None:
    """FRAME's definition-time rule: raise `UnboundedStorage` for the first item of `pallet` (a Pallet class)
    whose key or value has no maximum encoded length, unless it says ``unbounded=True`` or the pallet sets
    ``without_storage_info = True``."""
    if getattr(pallet, "without_storage_info", False):
        return
    for item in pallet.storage.values():
        _ = item.max_key_len, item.max_value_len  # each raises UnboundedStorage


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
