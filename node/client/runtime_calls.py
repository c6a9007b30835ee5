"""Runtime API calls by Substrate's names (``Core_version``, ``Metadata_metadata`` ...), SCALE in and SCALE out.

What ``state_call`` serves: `call_runtime_api(name, data, ctx)` decodes the SCALE arguments, runs the call on the
state of the block `ctx` names, and returns the SCALE-encoded result. Served:

- ``Core_version`` (the RuntimeVersion recorded at ``:code`` in that state, else the runtime's own);
- ``Metadata_metadata``, ``Metadata_metadata_versions``, ``Metadata_metadata_at_version(u32)``;
- ``AccountNonceApi_account_nonce(AccountId32) -> u32``;
- ``TaggedTransactionQueue_validate_transaction(source u8, xt, block_hash) -> TransactionValidity``
  (`frame.tagged_queue`; the block hash must be the block the call is made at);
- ``TransactionPaymentApi_query_info(xt, u32) -> RuntimeDispatchInfo``, ``_query_fee_details(xt, u32) ->
  FeeDetails``, ``_query_weight_to_fee(Weight) -> u128``, ``_query_length_to_fee(u32) -> u128`` (the extrinsic as
  in a block, its length prefix included; `pallets.transaction_payment.api`), when the runtime has the pallet;
- ``ParachainHost_*`` (the guide's runtime API, `runtime_api.RuntimeApi`): ``validators``, ``validator_groups``,
  ``availability_cores``, ``global_validation_schedule``, ``local_validation_data(ParaId,
  OccupiedCoreAssumption)``, ``session_index_for_child``, ``validation_code(ParaId, OccupiedCoreAssumption)`` (the
  assumption may be left out: ``Included``), ``candidate_pending_availability(ParaId)``, ``candidate_events``.

Anything else raises `MethodNotFound` naming the method; ``BlockBuilder_*`` (which needs a block being built) and
``TransactionPaymentApi_*`` of a runtime without TransactionPayment are among them, with that said in the message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from frame import extrinsic as xt
from frame import io
from frame.backend import Backend
from frame.block import Header
from frame.metadata_v14 import api_metadata, api_metadata_at_version, api_metadata_versions
from frame.runtime import Runtime
from frame.state import OverlayedState
from frame.system import Weight
from frame.tagged_queue import validate_transaction
from frame.validity import encode_validity
from frame.version import runtime_identity
from pallets.transaction_payment import api as payment
from pallets.transaction_payment.types import FeeDetails, RuntimeDispatchInfo
from primitives import scale
from primitives.errors import CodecError, ParahostError
from primitives.parachain import (
    AbridgedCandidateReceipt,
    CandidateEvent,
    CoreState,
    GlobalValidationSchedule,
    GroupRotationInfo,
    LocalValidationData,
    OccupiedCoreAssumption,
    ParaId,
    ValidationCode,
    ValidatorId,
    ValidatorIndex,
)
from primitives.types import codec_of
from runtime_api import RuntimeApi

__all__ = ["CallContext", "MethodNotFound", "RuntimeCallError", "call_runtime_api", "served_methods"]


class RuntimeCallError(ParahostError):
    """A runtime API call failed: its arguments do not decode, or the runtime refused to answer."""


class MethodNotFound(RuntimeCallError):
    """The runtime has no API method by that name."""


class CallContext(Protocol):
    """What a call needs: the runtime, the genesis hash, the block's header, hash and state."""

    runtime: Runtime
    genesis_hash: bytes
    header: Header
    block_hash: bytes
    state: Backend


_ACCOUNT = scale.FixedBytesCodec(32)
_PARA = codec_of(ParaId)


def _args(data: bytes, *codecs: scale.Codec) -> list[Any]:
    out, offset = [], 0
    try:
        for codec in codecs:
            value, offset = codec.decode_from(data, offset)
            out.append(value)
    except CodecError as e:
        raise RuntimeCallError(f"the arguments do not decode: {e}") from None
    if offset != len(data):
        raise RuntimeCallError(f"the arguments have {len(data) - offset} trailing bytes")
    return out


def _version(ctx: CallContext, data: bytes) -> bytes:
    _args(data)
    recorded = runtime_identity(ctx.state)
    return (recorded if recorded is not None else ctx.runtime.version).encode()


def _metadata(ctx: CallContext, data: bytes) -> bytes:
    _args(data)
    return api_metadata(ctx.runtime)


def _metadata_versions(ctx: CallContext, data: bytes) -> bytes:
    _args(data)
    return api_metadata_versions()


def _metadata_at_version(ctx: CallContext, data: bytes) -> bytes:
    (version,) = _args(data, scale.u32)
    return api_metadata_at_version(ctx.runtime, version)


def _account_nonce(ctx: CallContext, data: bytes) -> bytes:
    (who,) = _args(data, _ACCOUNT)
    with io.using(OverlayedState(ctx.state, read_only=True), ctx.runtime):
        return scale.u32.encode(ctx.runtime.system.Account.get(bytes(who)).nonce)


def _validate(ctx: CallContext, data: bytes) -> bytes:
    source, extrinsic, block_hash = _args(data, scale.u8, scale.bytes_codec, scale.FixedBytesCodec(32))
    if bytes(block_hash) != ctx.block_hash:
        raise RuntimeCallError(f"validate_transaction names block 0x{bytes(block_hash).hex()}, but the call is made "
                               f"at 0x{ctx.block_hash.hex()}")  # fmt: skip
    try:
        return encode_validity(validate_transaction(ctx.runtime, ctx.state, source, extrinsic, ctx.block_hash))
    except xt.TransactionValidityError as e:
        return encode_validity(e)
    except ValueError as e:
        raise RuntimeCallError(str(e)) from None


def _payment(method: str) -> Callable[[CallContext, bytes], bytes]:
    def run(ctx: CallContext, data: bytes) -> bytes:
        pallet = payment.payment_pallet(ctx.runtime)
        if pallet is None:
            raise MethodNotFound(f"the runtime has no API method 'TransactionPaymentApi_{method}' (it has no "
                                 "TransactionPayment pallet)")  # fmt: skip
        with io.using(OverlayedState(ctx.state, read_only=True), ctx.runtime):
            if method == "query_weight_to_fee":
                (weight,) = _args(data, _WEIGHT)
                return scale.u128.encode(payment.query_weight_to_fee(pallet, weight))
            if method == "query_length_to_fee":
                (length,) = _args(data, scale.u32)
                return scale.u128.encode(payment.query_length_to_fee(pallet, length))
            encoded, length = _args(data, scale.bytes_codec, scale.u32)
            try:
                decoded, _ = xt.decode(ctx.runtime, bytes(encoded))
            except xt.TransactionValidityError as e:
                raise RuntimeCallError(f"TransactionPaymentApi_{method}: the extrinsic does not decode: {e}") from None
            if method == "query_info":
                return _DISPATCH_INFO.encode(payment.query_info(pallet, decoded, length))
            return _FEE_DETAILS.encode(payment.query_fee_details(pallet, decoded, length))

    return run


_WEIGHT, _DISPATCH_INFO, _FEE_DETAILS = codec_of(Weight), codec_of(RuntimeDispatchInfo), codec_of(FeeDetails)
_PAYMENT = {f"TransactionPaymentApi_{m}": _payment(m) for m in
            ("query_info", "query_fee_details", "query_weight_to_fee", "query_length_to_fee")}  # fmt: skip


_Call = Callable[[CallContext, bytes], bytes]


def _host_call(method: str, result: Any, parse: Callable[[bytes], list[Any]]) -> _Call:
    """A ParachainHost method: `parse` the call's data into its arguments, ask `RuntimeApi`, encode as `result`."""
    codec = codec_of(result)

    def run(ctx: CallContext, data: bytes) -> bytes:
        args = parse(data)
        api = RuntimeApi(ctx.runtime, ctx.state, ctx.header)
        try:
            value = getattr(api, method)(*args)
        except ParahostError as e:
            raise RuntimeCallError(f"ParachainHost_{method}: {e}") from None
        return codec.encode(value)

    return run


def _host(method: str, arg: scale.Codec | None, result: Any) -> Callable[[CallContext, bytes], bytes]:
    return _host_call(method, result, lambda data: _args(data, arg) if arg is not None else _args(data))


_ASSUMPTION = codec_of(OccupiedCoreAssumption)


def _assumed(method: str, result: Any) -> Callable[[CallContext, bytes], bytes]:
    """A ParachainHost method taking (ParaId, OccupiedCoreAssumption), as Polkadot's; the assumption may be left
    out (then `Included`, `RuntimeApi`'s default)."""

    def parse(data: bytes) -> list[Any]:
        return _args(data, _PARA) if len(data) == 4 else _args(data, _PARA, _ASSUMPTION)

    return _host_call(method, result, parse)


_PARACHAIN_HOST: dict[str, Callable[[CallContext, bytes], bytes]] = {
    "ParachainHost_validators": _host("validators", None, list[ValidatorId]),
    "ParachainHost_validator_groups": _host("validator_groups", None,
                                            tuple[list[list[ValidatorIndex]], GroupRotationInfo]),  # fmt: skip
    "ParachainHost_availability_cores": _host("availability_cores", None, list[CoreState]),
    "ParachainHost_global_validation_schedule": _host("global_validation_schedule", None, GlobalValidationSchedule),
    "ParachainHost_local_validation_data": _assumed("local_validation_data", LocalValidationData | None),
    "ParachainHost_session_index_for_child": _host("session_index_for_child", None, scale.u32),
    "ParachainHost_validation_code": _assumed("validation_code", ValidationCode | None),
    "ParachainHost_candidate_pending_availability": _host("candidate_pending_availability", _PARA,
                                                          AbridgedCandidateReceipt | None),  # fmt: skip
    "ParachainHost_candidate_events": _host("candidate_events", None, list[CandidateEvent]),
}

_METHODS: dict[str, Callable[[CallContext, bytes], bytes]] = {
    "Core_version": _version,
    "Metadata_metadata": _metadata,
    "Metadata_metadata_versions": _metadata_versions,
    "Metadata_metadata_at_version": _metadata_at_version,
    "AccountNonceApi_account_nonce": _account_nonce,
    "TaggedTransactionQueue_validate_transaction": _validate,
}

_WHY_NOT = {
    "BlockBuilder": "BlockBuilder calls need a block being built; the node's author builds blocks itself",
    "TransactionPaymentApi": "this runtime has no TransactionPayment pallet",
}


def served_methods(runtime: Runtime) -> list[str]:
    """The method names `call_runtime_api` serves for `runtime` (ParachainHost_* only if it declares the API,
    TransactionPaymentApi_* only if it has the pallet)."""
    names = list(_METHODS)
    if payment.payment_pallet(runtime) is not None:
        names += list(_PAYMENT)
    if runtime.version.api_version("ParachainHost") is not None:
        names += list(_PARACHAIN_HOST)
    return names


def call_runtime_api(name: str, data: bytes, ctx: CallContext) -> bytes:
    """Run runtime API method `name` (``Trait_method``) with SCALE `data` at `ctx`; the SCALE result."""
    method = _METHODS.get(name)
    if method is None and payment.payment_pallet(ctx.runtime) is not None:
        method = _PAYMENT.get(name)
    if method is None and ctx.runtime.version.api_version("ParachainHost") is not None:
        method = _PARACHAIN_HOST.get(name)
    if method is None:
        why = _WHY_NOT.get(name.split("_", 1)[0])
        raise MethodNotFound(f"the runtime has no API method {name!r}" + (f" ({why})" if why else ""))
    return method(ctx, data)
