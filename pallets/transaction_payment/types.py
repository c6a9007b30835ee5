"""TransactionPayment's wire types (pallet_transaction_payment ``types.rs``, sp-weights, reference §2.1, §2.5):
the fee polynomial's coefficients, the runtime API's answers and the pallet's storage version."""

from __future__ import annotations

import enum

from frame.system import Weight
from primitives.types import U8, U32, U128, index_enum, scale_struct

__all__ = ["DISPATCH_CLASSES", "FeeDetails", "InclusionFee", "Releases", "RuntimeDispatchInfo",
           "WeightToFeeCoefficient"]  # fmt: skip

#: DispatchClass by index, as the RPC spells it
DISPATCH_CLASSES = ("normal", "operational", "mandatory")


@scale_struct
class WeightToFeeCoefficient:
    """One term ``(coeff_integer + coeff_frac) * x^degree`` of a fee polynomial, subtracted if `negative`
    (`coeff_frac` in Perbill: parts per 10^9)."""

    coeff_integer: U128
    coeff_frac: U32
    negative: bool
    degree: U8


@scale_struct
class RuntimeDispatchInfo:
    """`query_info`'s answer: the call's weight, its class (0 Normal, 1 Operational, 2 Mandatory) and the fee
    without the tip (0 for an unsigned extrinsic)."""

    weight: Weight
    dispatch_class: U8
    partial_fee: U128


@scale_struct
class InclusionFee:
    """What inclusion costs besides the tip: the base fee, the length fee and the multiplied weight fee."""

    base_fee: U128
    len_fee: U128
    adjusted_weight_fee: U128


@scale_struct
class FeeDetails:
    """`query_fee_details`'s answer: the inclusion fee (None if the extrinsic pays none) and the tip."""

    inclusion_fee: InclusionFee | None
    tip: U128

    def final_fee(self) -> int:
        """What is charged: the inclusion fee's three parts plus the tip."""
        f = self.inclusion_fee
        return self.tip + (0 if f is None else f.base_fee + f.len_fee + f.adjusted_weight_fee)


@index_enum
class Releases(enum.IntEnum):
    """The pallet's own storage version (``StorageVersion: Releases``; genesis writes V2)."""

    V1Ancient = 0
    V2 = 1
