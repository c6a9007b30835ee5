"""``TransactionPaymentApi`` (reference §2.5; id ``37c8bb1350a9a2a8``, version 4): a decoded extrinsic's dispatch
info and fee, and the two converters. Each runs inside ``io.using(state, runtime)`` on the state of the block
asked about; nothing is checked (a fee estimate needs no valid signature) and nothing is written."""

from __future__ import annotations

from typing import Any

from frame.extrinsic import Extrinsic
from frame.runtime import Runtime
from frame.system import Weight
from pallets.transaction_payment.fees import ref_time
from pallets.transaction_payment.pallet import TransactionPayment
from pallets.transaction_payment.types import FeeDetails, RuntimeDispatchInfo

__all__ = ["API_NAME", "API_VERSION", "payment_pallet", "query_fee_details", "query_info", "query_length_to_fee",
           "query_weight_to_fee"]  # fmt: skip

API_NAME, API_VERSION = "TransactionPaymentApi", 4


def payment_pallet(runtime: Runtime) -> type[TransactionPayment] | None:
    """The runtime's TransactionPayment (its fee handler if that is one, else its pallet), or None."""
    handler: Any = runtime.fee_handler
    if isinstance(handler, type) and issubclass(handler, TransactionPayment):
        return handler
    for p in runtime.pallet_classes:
        if issubclass(p, TransactionPayment):
            return p
    return None


def _dispatch(xt: Extrinsic) -> tuple[int, int]:
    """The call's declared weight and class (inherents are Mandatory, the rest Normal)."""
    d = xt.call.definition
    return d.weight_of(xt.call.args), 2 if d.inherent else 0


def query_info(pallet: type[TransactionPayment], xt: Extrinsic, length: int) -> RuntimeDispatchInfo:
    """Weight, class and the fee without tip (0 for an unsigned extrinsic) of `xt` of encoded `length`."""
    weight, cls = _dispatch(xt)
    fee = 0 if xt.signature is None else pallet.compute_fee(length, weight, 0)
    return RuntimeDispatchInfo(Weight(ref_time(weight), int(getattr(weight, "proof_size", 0))), cls, fee)


def query_fee_details(pallet: type[TransactionPayment], xt: Extrinsic, length: int) -> FeeDetails:
    """The inclusion fee's parts of a signed `xt` (None for an unsigned one); the tip is left at 0."""
    weight, _ = _dispatch(xt)
    return pallet.fee_details(length, weight, 0) if xt.signature is not None else FeeDetails(None, 0)


def query_weight_to_fee(pallet: type[TransactionPayment], weight: Any) -> int:
    """WeightToFee of `weight` (unmultiplied)."""
    return int(pallet.weight_to_fee(weight))


def query_length_to_fee(pallet: type[TransactionPayment], length: int) -> int:
    """LengthToFee of `length` bytes."""
    return int(pallet.length_to_fee(length))
