"""Extrinsics in Substrate's v4 layout (``sp_runtime::generic::UncheckedExtrinsic``) with signed extensions.

An extrinsic is a SCALE byte vector; its content (what these functions take and give: "inner bytes") is::

    unsigned (inherents only):  0x04 ++ call
    signed:                     0x84 ++ MultiAddress::Id (0x00 ++ AccountId32) ++ MultiSignature::Sr25519 (0x01 ++ 64
                                bytes) ++ extra(ext_1) ++ ... ++ extra(ext_n) ++ call

where the extensions are the runtime's (`frame.extensions`; by default Polkadot's eight, whose extras are the Era,
``Compact<u32>`` nonce and ``Compact<u128>`` tip). The signature covers `frame.extensions.payload`: ``call ++
extras ++ additional_signed`` (spec_version, transaction_version, genesis hash, birth block hash), blake2_256 of
it when longer than 256 bytes. Other MultiAddress variants are refused as `UnsupportedAddress` (a CannotLookup),
Ed25519 and Ecdsa signatures as `UnsupportedSignature` (a BadProof).

`check_signed` is FRAME's ``Checkable::check`` (additional_signed from the state, then the signature);
`pre_dispatch` / `post_dispatch` / `validate` run the extensions' hooks in the runtime's order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from frame import extensions as ext
from frame.era import IMMORTAL, Era
from frame.pallet import Call
from frame.transaction_validity import (  # the errors, also importable from here (their old home)
    AncientBirthBlock,
    BadFormat,
    BadMandatory,
    BadProof,
    BadSigner,
    CannotLookup,
    ExhaustsResources,
    Future,
    InvalidCall,
    InvalidTransaction,
    MandatoryValidation,
    NoUnsignedValidator,
    Payment,
    Stale,
    TransactionValidityError,
    UnknownTransaction,
    UnsupportedAddress,
    UnsupportedSignature,
    ValidTransaction,
)
from primitives import crypto
from primitives.errors import CodecError

if TYPE_CHECKING:
    from frame.dispatch import DispatchError
    from frame.runtime import Runtime

__all__ = [
    "ADDRESS_ID", "SIGNED_VERSION", "SR25519", "UNSIGNED_VERSION", "AncientBirthBlock", "BadFormat", "BadMandatory",
    "BadProof", "BadSigner", "CannotLookup", "ExhaustsResources", "Extrinsic", "Future", "InvalidCall",
    "InvalidTransaction", "MandatoryValidation", "NoUnsignedValidator", "Payment", "SignaturePart", "Stale",
    "TransactionValidityError", "UnknownTransaction", "UnsupportedAddress", "UnsupportedSignature", "check_signed",
    "signature_check",
    "decode", "encode", "encode_extra", "encoded_length", "post_dispatch", "pre_dispatch", "sign", "signing_payload",
    "unsigned", "validate",
]  # fmt: skip

UNSIGNED_VERSION = 0x04
SIGNED_VERSION = 0x84
#: MultiAddress and MultiSignature variants (sp_runtime)
ADDRESS_ID = 0x00
SR25519 = 0x01
_ADDRESSES = {1: "Index", 2: "Raw", 3: "Address32", 4: "Address20"}
_SIGNATURES = {0: "Ed25519", 2: "Ecdsa"}


@attrs.frozen
class SignaturePart:
    """Who signed (AccountId32), the 64-byte sr25519 signature and the extra the signed extensions carry."""

    signer: bytes
    signature: bytes
    nonce: int = 0
    era: Era = IMMORTAL
    tip: int = 0


@attrs.frozen
class Extrinsic:
    """A call, signed or not."""

    call: Call
    signature: SignaturePart | None = None

    @property
    def is_signed(self) -> bool:
        return self.signature is not None


def encode_extra(runtime: Runtime, part: SignaturePart) -> bytes:
    """The extensions' extras in the runtime's order, as in the body and the payload."""
    return b"".join(e.extra(part) for e in runtime.signed_extensions)


def signing_payload(runtime: Runtime, call_bytes: bytes, part: SignaturePart, params: ext.SigningParams) -> bytes:
    """What the signer signs (the signer's side: additional_signed from `params`)."""
    implicit = b"".join(e.implicit(params) for e in runtime.signed_extensions)
    return ext.payload(call_bytes, encode_extra(runtime, part), implicit)


def sign(runtime: Runtime, call: Call, keypair: Any, nonce: int, genesis_hash: bytes, tip: int = 0,
         era: Era = IMMORTAL, birth_hash: bytes | None = None) -> Extrinsic:  # fmt: skip
    """A signed extrinsic (`keypair` has `public_key` and `sign(message)`). A mortal `era` needs `birth_hash`, the
    hash of block ``era.birth(current)`` for the block `current` it is signed at; immortal ones sign genesis."""
    if birth_hash is None:
        if not era.is_immortal:
            raise ValueError(f"a mortal {era!r} needs the hash of its birth block")
        birth_hash = genesis_hash
    v = runtime.version
    params = ext.SigningParams(v.spec_version, v.transaction_version, bytes(genesis_hash), bytes(birth_hash))
    part = SignaturePart(bytes(keypair.public_key), b"", nonce, era, tip)
    signature = keypair.sign(signing_payload(runtime, runtime.encode_call(call), part, params))
    return Extrinsic(call, attrs.evolve(part, signature=bytes(signature)))


def unsigned(call: Call) -> Extrinsic:
    return Extrinsic(call)


def encode(runtime: Runtime, xt: Extrinsic) -> bytes:
    """The inner bytes of an extrinsic (without the outer length prefix)."""
    call = runtime.encode_call(xt.call)
    s = xt.signature
    if s is None:
        return bytes((UNSIGNED_VERSION,)) + call
    if len(s.signer) != 32 or len(s.signature) != 64:
        raise CodecError("Extrinsic", "signer must be 32 bytes and signature 64 bytes")
    head = bytes((SIGNED_VERSION, ADDRESS_ID)) + s.signer + bytes((SR25519,)) + s.signature
    return head + encode_extra(runtime, s) + call


def decode(runtime: Runtime, data: bytes) -> tuple[Extrinsic, bytes]:
    """Decode inner extrinsic bytes; returns the extrinsic and its call bytes. Raises BadFormat (or
    UnsupportedAddress / UnsupportedSignature for the MultiAddress and MultiSignature variants refused here)."""
    try:
        if not data:
            raise CodecError("Extrinsic", "empty", 0)
        version = data[0]
        if version == UNSIGNED_VERSION:
            call_bytes = data[1:]
            return Extrinsic(runtime.decode_call(call_bytes)), call_bytes
        if version != SIGNED_VERSION:
            raise CodecError("Extrinsic", f"unsupported version byte 0x{version:02x}", 0)
        if len(data) < 2:
            raise CodecError("Extrinsic", "too short for a signed extrinsic", len(data))
        if data[1] != ADDRESS_ID:
            name = _ADDRESSES.get(data[1])
            if name is None:
                raise CodecError("MultiAddress", f"no variant {data[1]}", 1)
            raise UnsupportedAddress(f"MultiAddress::{name}: only MultiAddress::Id is accepted")
        if len(data) < 1 + 33 + 65:
            raise CodecError("Extrinsic", "too short for a signed extrinsic", len(data))
        signer = data[2:34]
        if data[34] != SR25519:
            name = _SIGNATURES.get(data[34])
            if name is None:
                raise CodecError("MultiSignature", f"no variant {data[34]}", 34)
            raise UnsupportedSignature(f"MultiSignature::{name} by 0x{signer.hex()}: only Sr25519 is verified here")
        values: dict[str, Any] = {}
        offset = 99
        for e in runtime.signed_extensions:
            if e.field is not None and e.extra_codec is not None:
                values[e.field], offset = e.extra_codec.decode_from(data, offset)
        call_bytes = data[offset:]
        part = SignaturePart(signer, data[35:99], **values)
        return Extrinsic(runtime.decode_call(call_bytes), part), call_bytes
    except CodecError as e:
        raise BadFormat(f"extrinsic does not decode: {e}") from None


def encoded_length(inner: bytes) -> int:
    """The length FRAME charges for: the extrinsic with its length prefix."""
    n = len(inner)
    return n + (1 if n < 64 else 2 if n < 1 << 14 else 4 if n < 1 << 30 else 5)


# ---------------------------------------------------------------------------------------------
# The pipeline (the caller has the runtime's state installed, System initialized for the block)


def check_signed(ctx: ext.TxContext, call_bytes: bytes) -> None:
    """FRAME's ``check``: additional_signed (may raise AncientBirthBlock), then the signature over the payload
    (BadProof, or Stale when it was valid for an era that has ended). The signer's account is CheckNonce's."""
    rt, part = ctx.runtime, ctx.part
    extra = encode_extra(rt, part)
    additional = [e.additional_signed(ctx) for e in rt.signed_extensions]
    if not crypto.verify(*signature_check(ctx, call_bytes, extra, additional)):
        for i, e in enumerate(rt.signed_extensions):
            earlier = e.outdated_additional(ctx)
            if earlier is None:
                continue
            old = b"".join((*additional[:i], earlier, *additional[i + 1 :]))
            if crypto.verify(part.signature, ext.payload(call_bytes, extra, old), part.signer):
                raise Stale(f"Transaction is outdated: {part.era!r} of 0x{part.signer.hex()} ended at block "
                            f"{part.era.birth(ctx.current)} (checked in block {ctx.current})")  # fmt: skip
        raise BadProof(f"bad signature by 0x{part.signer.hex()} on {ctx.call!r:.200}")


def signature_check(ctx: ext.TxContext, call_bytes: bytes, extra: bytes | None = None,
                    additional: list[bytes] | None = None) -> tuple[bytes, bytes, bytes]:  # fmt: skip
    """(signature, signed payload, signer): the sr25519 check `check_signed` makes (`frame.sigbatch.Check`), so
    that a block's checks can be verified in advance. May raise AncientBirthBlock."""
    rt, part = ctx.runtime, ctx.part
    if extra is None:
        extra = encode_extra(rt, part)
    if additional is None:
        additional = [e.additional_signed(ctx) for e in rt.signed_extensions]
    return part.signature, ext.payload(call_bytes, extra, b"".join(additional)), part.signer


def validate(ctx: ext.TxContext) -> ValidTransaction:
    """Every extension's `validate`, combined (``ValidTransaction::combine_with``)."""
    out = ValidTransaction()
    for e in ctx.runtime.signed_extensions:
        out = out.combine_with(e.validate(ctx))
    return out


def pre_dispatch(ctx: ext.TxContext) -> list[Any]:
    """Every extension's `pre_dispatch` in order; what each returned, for `post_dispatch`."""
    return [e.pre_dispatch(ctx) for e in ctx.runtime.signed_extensions]


def post_dispatch(ctx: ext.TxContext, pre: list[Any], error: DispatchError | None) -> None:
    for e, p in zip(ctx.runtime.signed_extensions, pre, strict=True):
        e.post_dispatch(ctx, p, error)
