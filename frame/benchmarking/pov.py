"""Proof-size (PoV) estimates of what a benchmark reads, as frame-benchmarking-cli's ``writer.rs`` makes them.

Each storage item a benchmark reads adds to the proof a collator ships: per read, the trie nodes on the way to
the key (``layers x 15 x 33`` bytes: 15 sibling hashes of 32 bytes plus a byte, per layer; `trie_layers` of the
item's ``max_values``, a map taking `WORST_CASE_MAP_VALUES`) and the value. The value is what `PovMode` says:

- ``MaxEncodedLen`` (the default): the item's `frame.storage_info` ``max_size``, the worst case. An item without
  one (declared unbounded) falls back to ``Measured``;
- ``Measured``: the bytes of the values this run actually read;
- ``Ignored``: nothing.

Whenever anything is read, ``ADDITIONAL_TRIE_LAYERS x 15 x 33`` bytes more (the layers above the items, FRAME's
``--additional-trie-layers``, default 2). Whitelisted keys are not counted. System.Account: 5 layers (a map) x 495
+ 128 bytes = 2603 "added" per read; one read estimates 3593, two 6196.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import attrs

from primitives.maxlen import Unbounded

__all__ = [
    "ADDITIONAL_TRIE_LAYERS",
    "LAYER_BYTES",
    "POV_MODES",
    "WORST_CASE_MAP_VALUES",
    "ItemProof",
    "PovMode",
    "estimate_proof",
    "item_proofs",
    "parse_pov_mode",
    "trie_layers",
]

#: Bytes one trie layer adds to a read's proof: 15 sibling hashes (32 bytes and a length byte each).
LAYER_BYTES: Final = 15 * 33
#: The number of values a map (no max_values) is assumed to hold (FRAME's ``--worst-case-map-values``).
WORST_CASE_MAP_VALUES: Final = 1_000_000
#: Trie layers above the pallets' items, added once when a benchmark reads anything (``--additional-trie-layers``).
ADDITIONAL_TRIE_LAYERS: Final = 2


class PovMode:
    """FRAME's ``PovEstimationMode`` names, as they appear in the generated comments."""

    MAX_ENCODED_LEN: Final = "MaxEncodedLen"
    MEASURED: Final = "Measured"
    IGNORED: Final = "Ignored"


#: ``--default-pov-mode`` values and the modes they select.
POV_MODES: Final = {"max-encoded-len": PovMode.MAX_ENCODED_LEN, "measured": PovMode.MEASURED,
                    "ignored": PovMode.IGNORED}  # fmt: skip


def parse_pov_mode(text: str) -> str:
    """A ``--default-pov-mode`` value (``max-encoded-len``, ``measured``, ``ignored``, or a mode's own name)."""
    if text in POV_MODES:
        return POV_MODES[text]
    if text in POV_MODES.values():
        return text
    raise ValueError(f"unknown PoV mode {text!r} (one of {', '.join(POV_MODES)})")


def trie_layers(max_values: int | None, worst_case_map_values: int = WORST_CASE_MAP_VALUES) -> int:
    """FRAME's ``easy_log_16`` of the item's number of values: 1 for a StorageValue, 5 for a map of 10^6."""
    n = worst_case_map_values if max_values is None else max_values
    layers, bound = 0, 1
    while n > bound and layers < 8:
        layers, bound = layers + 1, bound * 16
    return max(layers, 1 if n > 0 else 0)


@attrs.frozen
class ItemProof:
    """How reads of one storage item are estimated: its ``max_values`` / ``max_size`` and the mode used."""

    item: str
    max_values: int | None
    max_size: int | None
    mode: str

    @property
    def overhead(self) -> int:
        """The trie nodes of one read of the item."""
        return trie_layers(self.max_values) * LAYER_BYTES

    @property
    def added(self) -> int:
        """What one read adds in MaxEncodedLen mode (FRAME's ``added`` in the Proof comment)."""
        return self.overhead + (self.max_size or 0)

    def estimate(self, reads: int, measured_bytes: int) -> int:
        if self.mode == PovMode.IGNORED or reads == 0:
            return 0
        if self.mode == PovMode.MAX_ENCODED_LEN:
            return reads * self.added
        return reads * self.overhead + measured_bytes

    def comment(self) -> str:
        """FRAME's ``Proof:`` line."""
        size = "None" if self.max_size is None else f"Some({self.max_size})"
        values = "None" if self.max_values is None else f"Some({self.max_values})"
        added = f", added: {self.added}" if self.mode == PovMode.MAX_ENCODED_LEN else ""
        return f"Proof: {self.item} (max_values: {values}, max_size: {size}{added}, mode: {self.mode})"


def item_proofs(pallets: Iterable[Any], default_mode: str = PovMode.MAX_ENCODED_LEN,
                overrides: Mapping[str, str] | None = None) -> dict[str, ItemProof]:  # fmt: skip
    """Per ``Pallet.Item`` label, its ItemProof: `default_mode`, or `overrides[label]`; MaxEncodedLen falls back to
    Measured for an item without a max_size (unbounded, or a pallet ``without_storage_info``)."""
    out: dict[str, ItemProof] = {}
    for p in pallets:
        partial = bool(getattr(p, "without_storage_info", False))
        for item in p.storage.values():
            label = f"{p.name}.{item.name}"
            max_size: int | None = None
            if not partial:
                try:
                    value, key = item.max_value_len, item.max_key_len
                except Unbounded:
                    value = key = None
                max_size = None if value is None or key is None else key - len(item.prefix) + value
            mode = (overrides or {}).get(label, default_mode)
            if mode == PovMode.MAX_ENCODED_LEN and max_size is None:
                mode = PovMode.MEASURED
            out[label] = ItemProof(label, 1 if item.kind == "Plain" else None, max_size, mode)
    return out


def estimate_proof(reads: Iterable[tuple[bytes, int]], label: Callable[[bytes], str],
                   proofs: Mapping[str, ItemProof], default_mode: str = PovMode.MAX_ENCODED_LEN) -> int:  # fmt: skip
    """The proof size of a run that read these (key, value length) pairs (whitelisted keys already left out): each
    item's estimate plus the additional trie layers. Keys of no item (raw keys) are Measured, as a map's."""
    per_item: dict[str, list[int]] = {}
    for key, size in reads:
        entry = per_item.setdefault(label(key), [0, 0])
        entry[0] += 1
        entry[1] += size
    if not per_item:
        return 0
    total = 0
    raw_mode = PovMode.IGNORED if default_mode == PovMode.IGNORED else PovMode.MEASURED
    for item, (count, measured) in per_item.items():
        proof = proofs.get(item) or ItemProof(item, None, None, raw_mode)
        total += proof.estimate(count, measured)
    if default_mode != PovMode.IGNORED:
        total += ADDITIONAL_TRIE_LAYERS * LAYER_BYTES
    return total
