"""Weights: what a call, an extrinsic and a block may cost, in picoseconds of reference time (FRAME's ref_time).

A weight is an int of picoseconds (`WEIGHT_REF_TIME_PER_SECOND` = 10^12). Calls declare theirs with
``@call(index, weight=...)``, normally through the functions in their pallet's generated ``weights.py``
(``parahost benchmark pallet``). `DbWeight` prices storage reads and writes, `BlockWeights` limits a block:
the executive adds `base_block`, every extrinsic's `base_extrinsic` plus its call's weight, and refuses a
block over `max_block` (inherents count: a mandatory inherent has no separate allowance); signed extrinsics
together may use at most `max_normal` (FRAME's NORMAL_DISPATCH_RATIO of the block).

The constants below were measured on the reference machine with ``parahost benchmark overhead`` (empty block,
per-extrinsic base, a storage read and a write of the SQLite backend including its share of the trie root);
re-run it on your hardware and replace them.
"""

from __future__ import annotations

from typing import Final

import attrs

WEIGHT_REF_TIME_PER_SECOND: Final = 10**12
WEIGHT_REF_TIME_PER_MILLIS: Final = 10**9
WEIGHT_REF_TIME_PER_MICROS: Final = 10**6
WEIGHT_REF_TIME_PER_NANOS: Final = 10**3


@attrs.frozen
class DbWeight:
    """The weight of one storage read and of one storage write (FRAME's RuntimeDbWeight)."""

    read: int
    write: int

    def reads(self, n: int) -> int:
        return self.read * n

    def writes(self, n: int) -> int:
        return self.write * n

    def reads_writes(self, r: int, w: int) -> int:
        return self.read * r + self.write * w


@attrs.frozen
class BlockWeights:
    """A block's weight limits. `normal_ratio_percent` of `max_block` is open to signed (Normal) extrinsics;
    the rest is kept for inherents and hooks (FRAME's `with_sensible_defaults`)."""

    base_block: int
    base_extrinsic: int
    max_block: int
    normal_ratio_percent: int = 75

    @property
    def max_normal(self) -> int:
        return self.max_block * self.normal_ratio_percent // 100


#: ``parahost benchmark overhead``: an empty block of the parachain runtime (median 557-647 us in three runs).
BLOCK_EXECUTION_WEIGHT: Final = 650 * WEIGHT_REF_TIME_PER_MICROS
#: ``parahost benchmark overhead``: what one more signed extrinsic (System.remark) adds to a block (70-71 us:
#: mostly its sr25519 signature check).
EXTRINSIC_BASE_WEIGHT: Final = 75 * WEIGHT_REF_TIME_PER_MICROS
#: ``parahost benchmark overhead``: a read of the SQLite backend (1.0-1.3 us, from SQLite's page cache) and a write
#: with its share of the commit and the trie root (14-39 us). Rounded up.
DB_WEIGHT: Final = DbWeight(read=2 * WEIGHT_REF_TIME_PER_MICROS, write=25 * WEIGHT_REF_TIME_PER_MICROS)

#: Two seconds of reference time per block (Substrate's node template), 75% for signed extrinsics.
DEFAULT_BLOCK_WEIGHTS: Final = BlockWeights(
    base_block=BLOCK_EXECUTION_WEIGHT,
    base_extrinsic=EXTRINSIC_BASE_WEIGHT,
    max_block=2 * WEIGHT_REF_TIME_PER_SECOND,
)

__all__ = [
    "BLOCK_EXECUTION_WEIGHT",
    "DB_WEIGHT",
    "DEFAULT_BLOCK_WEIGHTS",
    "EXTRINSIC_BASE_WEIGHT",
    "WEIGHT_REF_TIME_PER_MICROS",
    "WEIGHT_REF_TIME_PER_MILLIS",
    "WEIGHT_REF_TIME_PER_NANOS",
    "WEIGHT_REF_TIME_PER_SECOND",
    "BlockWeights",
    "DbWeight",
]
