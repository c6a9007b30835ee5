"""Substrate's JSON merge of a genesis patch onto a config (``sc-chain-spec``'s ``json_patch::merge``).

An object merged onto an object merges key by key, recursively, and a key whose patch value is ``null`` is
removed; anything else replaces the old value wholesale: arrays, scalars, and an object put where there was
no object (then verbatim, ``null``s inside it included, as Rust's ``*a = b``). Keys are compared as written:
patches name pallets and fields in camelCase, as the default config does.
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["merge"]


def merge(base: Any, patch: Any) -> Any:
    """`patch` merged onto `base` (neither is modified)."""
    if not isinstance(patch, dict) or not isinstance(base, dict):
        return copy.deepcopy(patch)
    out: dict[str, Any] = copy.deepcopy(base)
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge(out.get(key), value)
    return out
