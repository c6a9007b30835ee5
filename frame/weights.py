"""Weights: what a call, an extrinsic and a block may cost, in two dimensions (FRAME's Weight v2).

A `Weight` is ``(ref_time, proof_size)``: picoseconds of reference time (`WEIGHT_REF_TIME_PER_SECOND` = 10^12)
and bytes of storage proof a collator must ship with the block (the PoV). SCALE: two ``Compact<u64>``
(``sp_weights::weight_v2::Weight``). Arithmetic saturates at 0 and 2^64 - 1; a limit is exceeded when *any*
component is (`Weight.any_gt`), a weight fits when *all* are within (`Weight.all_lte`). Weights are not ordered
(``<`` raises TypeError), as in FRAME: compare with the component-wise helpers.

Calls declare theirs with ``@call(index, weight=...)``, normally through their pallet's generated ``weights.py``
(``parahost benchmark pallet``). A plain int where a weight is expected (a call's declared weight, a hook's
return) means ``Weight(int, 0)`` (`to_weight`), so older code and weight files keep working. `DbWeight` prices
storage reads and writes (ref_time only, as FRAME's). `BlockWeights` limits a block: the executive adds
`base_block`, every extrinsic's `base_extrinsic` plus its call's weight, and refuses a block over `max_block`
in either dimension (inherents count: a mandatory inherent has no separate allowance); signed extrinsics
together may use at most `max_normal` (FRAME's NORMAL_DISPATCH_RATIO of the block, in both dimensions).

The constants below were measured on the reference machine with ``parahost benchmark overhead`` (empty block,
per-extrinsic base, a storage read and a write of the SQLite backend including its share of the trie root);
re-run it on your hardware and replace them.
"""

from __future__ import annotations

from typing import Any, Final

import attrs

from primitives.errors import ParahostError
from primitives.types import Compact64, scale_struct

WEIGHT_REF_TIME_PER_SECOND: Final = 10**12
WEIGHT_REF_TIME_PER_MILLIS: Final = 10**9
WEIGHT_REF_TIME_PER_MICROS: Final = 10**6
WEIGHT_REF_TIME_PER_NANOS: Final = 10**3
#: Each component is a u64.
MAX_U64: Final = 2**64 - 1
#: Polkadot's relay-chain limit on a parachain block's proof of validity (`MAX_POV_SIZE`, 5 MiB): the
#: proof_size limit of a parachain block (cumulus' `MAX_POV_SIZE` as `max_block.proof_size`).
MAX_POV_SIZE: Final = 5 * 1024 * 1024


class BadWeight(ParahostError):
    """A weight that is neither a Weight nor a non-negative int (or a component outside u64)."""


def _sat(x: int) -> int:
    return 0 if x < 0 else MAX_U64 if x > MAX_U64 else x


@scale_struct
class Weight:
    """Execution weight: ref_time in picoseconds and proof_size in bytes (``sp_weights::weight_v2::Weight``)."""

    ref_time: Compact64 = 0
    proof_size: Compact64 = 0

    @classmethod
    def from_parts(cls, ref_time: int, proof_size: int) -> Weight:
        """FRAME's ``Weight::from_parts``: components outside u64 raise BadWeight."""
        for name, v in (("ref_time", ref_time), ("proof_size", proof_size)):
            if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_U64:
                raise BadWeight(f"Weight.{name} must be an int in [0, 2^64 - 1], got {v!r}")
        return cls(ref_time, proof_size)

    @classmethod
    def zero(cls) -> Weight:
        return ZERO

    @classmethod
    def max_value(cls) -> Weight:
        return cls(MAX_U64, MAX_U64)

    def is_zero(self) -> bool:
        return self.ref_time == 0 and self.proof_size == 0

    # -- saturating arithmetic (FRAME's saturating_add/sub/mul; + and - saturate too)

    def saturating_add(self, other: Weight) -> Weight:
        return Weight(_sat(self.ref_time + other.ref_time), _sat(self.proof_size + other.proof_size))

    def saturating_sub(self, other: Weight) -> Weight:
        return Weight(_sat(self.ref_time - other.ref_time), _sat(self.proof_size - other.proof_size))

    def saturating_mul(self, n: int) -> Weight:
        return Weight(_sat(self.ref_time * n), _sat(self.proof_size * n))

    def saturating_div(self, n: int) -> Weight:
        """Component-wise integer division (n == 0 gives the maximum, as a saturating division would)."""
        return self.max_value() if n == 0 else Weight(self.ref_time // n, self.proof_size // n)

    def checked_add(self, other: Weight) -> Weight | None:
        r, p = self.ref_time + other.ref_time, self.proof_size + other.proof_size
        return Weight(r, p) if r <= MAX_U64 and p <= MAX_U64 else None

    def __add__(self, other: Weight | int) -> Weight:
        return self.saturating_add(to_weight(other))

    __radd__ = __add__

    def __sub__(self, other: Weight | int) -> Weight:
        return self.saturating_sub(to_weight(other))

    def __mul__(self, n: int) -> Weight:
        return self.saturating_mul(n)

    __rmul__ = __mul__

    # -- comparisons, component-wise (FRAME's any_*/all_*); a limit is hit when any component is over

    def any_gt(self, other: Weight) -> bool:
        return self.ref_time > other.ref_time or self.proof_size > other.proof_size

    def all_gt(self, other: Weight) -> bool:
        return self.ref_time > other.ref_time and self.proof_size > other.proof_size

    def any_lt(self, other: Weight) -> bool:
        return self.ref_time < other.ref_time or self.proof_size < other.proof_size

    def all_lt(self, other: Weight) -> bool:
        return self.ref_time < other.ref_time and self.proof_size < other.proof_size

    def any_gte(self, other: Weight) -> bool:
        return self.ref_time >= other.ref_time or self.proof_size >= other.proof_size

    def all_gte(self, other: Weight) -> bool:
        return self.ref_time >= other.ref_time and self.proof_size >= other.proof_size

    def any_lte(self, other: Weight) -> bool:
        return self.ref_time <= other.ref_time or self.proof_size <= other.proof_size

    def all_lte(self, other: Weight) -> bool:
        return self.ref_time <= other.ref_time and self.proof_size <= other.proof_size

    def min(self, other: Weight) -> Weight:
        """The smaller of each component."""
        return Weight(min(self.ref_time, other.ref_time), min(self.proof_size, other.proof_size))

    def max(self, other: Weight) -> Weight:
        """The larger of each component."""
        return Weight(max(self.ref_time, other.ref_time), max(self.proof_size, other.proof_size))

    def checked_div_per_component(self, other: Weight) -> int | None:
        """How many `other` fit in this, in the scarcer component (None when `other` is zero in both)."""
        parts = [a // b for a, b in ((self.ref_time, other.ref_time), (self.proof_size, other.proof_size)) if b]
        return min(parts) if parts else None

    def exceeded(self, limit: Weight) -> str:
        """The names of the components over `limit` ("ref_time", "proof_size", both, or "")."""
        over = [n for n in ("ref_time", "proof_size") if getattr(self, n) > getattr(limit, n)]
        return " and ".join(over)

    def __str__(self) -> str:
        return f"(ref_time {self.ref_time} ps, proof_size {self.proof_size} B)"


ZERO: Final = Weight(0, 0)


def to_weight(value: Any) -> Weight:
    """A weight at the boundary: a Weight as is, an int as ``Weight(int, 0)`` (ref_time only, the old form),
    None as zero. Anything else, or a negative int, raises BadWeight."""
    if isinstance(value, Weight):
        return value
    if value is None:
        return ZERO
    if isinstance(value, int) and not isinstance(value, bool):
        return Weight.from_parts(value, 0)
    raise BadWeight(f"a weight is a frame.weights.Weight or an int of picoseconds, got {value!r:.80}")


@attrs.frozen
class DbWeight:
    """The weight of one storage read and of one storage write (FRAME's RuntimeDbWeight): ref_time only,
    the proof size of what is read is a benchmark's to estimate."""

    read: int
    write: int

    def reads(self, n: int) -> Weight:
        return Weight(_sat(self.read * n), 0)

    def writes(self, n: int) -> Weight:
        return Weight(_sat(self.write * n), 0)

    def reads_writes(self, r: int, w: int) -> Weight:
        return Weight(_sat(self.read * r + self.write * w), 0)


@attrs.frozen
class BlockWeights:
    """A block's weight limits. `normal_ratio_percent` of `max_block` (each component) is open to signed
    (Normal) extrinsics; the rest is kept for inherents and hooks (FRAME's `with_sensible_defaults`).

    Each field is a Weight; an int is accepted as ``Weight(int, 0)`` for `base_block` / `base_extrinsic` and,
    for `max_block`, as a ref_time limit with the relay chain's proof_size limit (`MAX_POV_SIZE`)."""

    base_block: Weight = attrs.field(converter=to_weight)
    base_extrinsic: Weight = attrs.field(converter=to_weight)
    max_block: Weight = attrs.field(
        converter=lambda v: Weight.from_parts(v, MAX_POV_SIZE) if isinstance(v, int) else to_weight(v)
    )
    normal_ratio_percent: int = 75

    @property
    def max_normal(self) -> Weight:
        p = self.normal_ratio_percent
        return Weight(self.max_block.ref_time * p // 100, self.max_block.proof_size * p // 100)


#: ``parahost benchmark overhead``: an empty block of the parachain runtime (median 557-647 us in three runs).
BLOCK_EXECUTION_WEIGHT: Final = Weight(650 * WEIGHT_REF_TIME_PER_MICROS, 0)
#: ``parahost benchmark overhead``: what one more signed extrinsic (System.remark) adds to a block (70-71 us:
#: mostly its sr25519 signature check).
EXTRINSIC_BASE_WEIGHT: Final = Weight(75 * WEIGHT_REF_TIME_PER_MICROS, 0)
#: ``parahost benchmark overhead``: a read of the SQLite backend (1.0-1.3 us, from SQLite's page cache) and a write
#: with its share of the commit and the trie root (14-39 us). Rounded up.
DB_WEIGHT: Final = DbWeight(read=2 * WEIGHT_REF_TIME_PER_MICROS, write=25 * WEIGHT_REF_TIME_PER_MICROS)

#: Two seconds of reference time per block (Substrate's node template) and the relay chain's 5 MiB of proof,
#: 75% of each for signed extrinsics.
DEFAULT_BLOCK_WEIGHTS: Final = BlockWeights(
    base_block=BLOCK_EXECUTION_WEIGHT,
    base_extrinsic=EXTRINSIC_BASE_WEIGHT,
    max_block=Weight(2 * WEIGHT_REF_TIME_PER_SECOND, MAX_POV_SIZE),
)

__all__ = [
    "BLOCK_EXECUTION_WEIGHT",
    "DB_WEIGHT",
    "DEFAULT_BLOCK_WEIGHTS",
    "EXTRINSIC_BASE_WEIGHT",
    "MAX_POV_SIZE",
    "MAX_U64",
    "WEIGHT_REF_TIME_PER_MICROS",
    "WEIGHT_REF_TIME_PER_MILLIS",
    "WEIGHT_REF_TIME_PER_NANOS",
    "WEIGHT_REF_TIME_PER_SECOND",
    "ZERO",
    "BadWeight",
    "BlockWeights",
    "DbWeight",
    "Weight",
    "to_weight",
]
