"""``payment_queryInfo`` and ``payment_queryFeeDetails`` (pallet_transaction_payment's RPC, reference §2.5): the
runtime's ``TransactionPaymentApi`` through `Client.call`, in Substrate's JSON shapes.

Both take the extrinsic as in a block (hex, its length prefix included; its length is what is priced) and an
optional block hash. ``payment_queryInfo`` answers ``{"weight": {"ref_time": n, "proof_size": n}, "class":
"normal", "partialFee": "123"}`` (the fee a decimal string); ``payment_queryFeeDetails`` answers
``{"inclusionFee": {"baseFee": "0x..", "lenFee": "0x..", "adjustedWeightFee": "0x.."}}`` (minimal hex; null
when the extrinsic pays none; the tip is not shown). Bytes that are not a length-prefixed extrinsic are error 2,
a runtime that cannot answer error 1, as Substrate's.
"""

from __future__ import annotations

from typing import Any

from node.client import Client, MethodNotFound, RuntimeCallError, StatePruned, UnknownBlock
from node.rpc.api import Method, RpcError, Session
from node.rpc.shapes import arg, block_hash_arg, from_hex, state_error
from primitives import scale
from primitives.errors import CodecError

__all__ = ["payment_methods"]

_CLASSES = ("normal", "operational", "mandatory")
_COMPACT64 = scale.CompactCodec(scale.u64)
_DISPATCH_INFO = scale.TupleCodec([_COMPACT64, _COMPACT64, scale.u8, scale.u128])
_FEE_DETAILS = scale.TupleCodec([scale.OptionCodec(scale.TupleCodec([scale.u128] * 3)), scale.u128])
_INFO_ERROR, _DETAILS_ERROR = "Unable to query dispatch info.", "Unable to query fee details."


def _hex(n: int) -> str:
    """Substrate's NumberOrHex::Hex: minimal hex (``0x0`` for zero)."""
    return hex(n)


def payment_methods(client: Client) -> dict[str, Method]:
    def query(p: list[Any], api: str, message: str) -> bytes:
        encoded = from_hex(arg(p, 0, "extrinsic", required=True), "extrinsic")
        try:
            _, end = scale.bytes_codec.decode_from(encoded, 0)
        except CodecError as e:
            raise RpcError(2, message, f"the extrinsic does not decode: {e}") from None
        if end != len(encoded):
            raise RpcError(2, message, f"the extrinsic has {len(encoded) - end} trailing bytes")
        at = block_hash_arg(p, 1)
        try:
            return client.call(api, encoded + scale.u32.encode(len(encoded)), at)
        except (UnknownBlock, StatePruned) as e:
            raise state_error(e) from None
        except (MethodNotFound, RuntimeCallError) as e:
            raise RpcError(1, message, str(e)) from None

    def query_info(_s: Session, p: list[Any]) -> Any:
        ref_time, proof_size, cls, fee = _DISPATCH_INFO.decode(query(p, "TransactionPaymentApi_query_info",
                                                                     _INFO_ERROR))  # fmt: skip
        return {"weight": {"ref_time": ref_time, "proof_size": proof_size}, "class": _CLASSES[cls],
                "partialFee": str(fee)}  # fmt: skip

    def query_fee_details(_s: Session, p: list[Any]) -> Any:
        inclusion, _tip = _FEE_DETAILS.decode(query(p, "TransactionPaymentApi_query_fee_details", _DETAILS_ERROR))
        if inclusion is None:
            return {"inclusionFee": None}
        base, length, weight = inclusion
        return {"inclusionFee": {"baseFee": _hex(base), "lenFee": _hex(length), "adjustedWeightFee": _hex(weight)}}

    return {"payment_queryInfo": Method(query_info), "payment_queryFeeDetails": Method(query_fee_details)}
