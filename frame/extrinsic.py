"""Extrinsics: unsigned (inherents) and signed (sr25519), in Substrate's v4 layout.

An extrinsic encodes as a SCALE byte vector whose content is a version byte (0x04 unsigned, 0x84 signed),
then for a signed one ``MultiAddress::Id(signer) ++ MultiSignature::Sr25519(sig) ++ extra``, then the
call. The only signed extension is the nonce (`Compact<u32>`); the signature covers
``call ++ extra ++ genesis_hash`` (blake2_256 of that if it is longer than 256 bytes), so an extrinsic
cannot be replayed on another chain or with another nonce.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from frame.pallet import Call
from primitives.errors import CodecError, ParahostError
from primitives.hashing import blake2_256
from primitives.scale import decode_compact, encode_compact

if TYPE_CHECKING:
    from frame.runtime import Runtime

UNSIGNED_VERSION = 0x04
SIGNED_VERSION = 0x84


# ---------------------------------------------------------------------------------------------
# Why an extrinsic is not valid (sp_runtime TransactionValidityError, by Substrate's names)


class TransactionValidityError(ParahostError):
    """The extrinsic cannot be included at all; in an imported block it makes the block invalid."""


class InvalidTransaction(TransactionValidityError):
    """The extrinsic is invalid (sp_runtime::InvalidTransaction)."""


class BadProof(InvalidTransaction):
    """The signature does not verify for the signer, call, nonce and genesis hash."""


class Stale(InvalidTransaction):
    """The nonce was already used: it is below the signer's account nonce."""


class Future(InvalidTransaction):
    """The nonce is ahead of the signer's account nonce."""


class BadMandatory(InvalidTransaction):
    """A mandatory (inherent) call failed."""


class BadFormat(InvalidTransaction):
    """The extrinsic's bytes do not decode (version, address, signature or call)."""


class UnknownTransaction(TransactionValidityError):
    """Validity cannot be determined (sp_runtime::UnknownTransaction)."""


class CannotLookup(UnknownTransaction):
    """The signer is not a known account."""


class NoUnsignedValidator(UnknownTransaction):
    """An unsigned extrinsic whose call is not an inherent: nothing can validate it."""


# ---------------------------------------------------------------------------------------------
# The extrinsic


@attrs.frozen
class SignaturePart:
    """Who signed, the 64-byte sr25519 signature, and the nonce (the signed extension)."""

    signer: bytes
    signature: bytes
    nonce: int


@attrs.frozen
class Extrinsic:
    """A call, signed or not."""

    call: Call
    signature: SignaturePart | None = None

    @property
    def is_signed(self) -> bool:
        return self.signature is not None


def signing_payload(call_bytes: bytes, nonce: int, genesis_hash: bytes) -> bytes:
    """What the signer signs: call ++ extra ++ additional signed, hashed if longer than 256 bytes."""
    payload = call_bytes + encode_compact(nonce) + genesis_hash
    return blake2_256(payload) if len(payload) > 256 else payload


def sign(runtime: Runtime, call: Call, keypair: Any, nonce: int, genesis_hash: bytes) -> Extrinsic:
    """Build a signed extrinsic (`keypair` has `public_key` and `sign(message)`)."""
    payload = signing_payload(runtime.encode_call(call), nonce, genesis_hash)
    return Extrinsic(call, SignaturePart(bytes(keypair.public_key), keypair.sign(payload), nonce))


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
    return b"".join(
        (bytes((SIGNED_VERSION, 0x00)), s.signer, b"\x01", s.signature, encode_compact(s.nonce), call)
    )


def decode(runtime: Runtime, data: bytes) -> tuple[Extrinsic, bytes]:
    """Decode inner extrinsic bytes; returns the extrinsic and its call bytes. Raises BadFormat."""
    try:
        if not data:
            raise CodecError("Extrinsic", "empty", 0)
        version = data[0]
        if version == UNSIGNED_VERSION:
            call_bytes = data[1:]
            return Extrinsic(runtime.decode_call(call_bytes)), call_bytes
        if version != SIGNED_VERSION:
            raise CodecError("Extrinsic", f"unsupported version byte 0x{version:02x}", 0)
        if len(data) < 1 + 33 + 65 + 1:
            raise CodecError("Extrinsic", "too short for a signed extrinsic", len(data))
        if data[1] != 0x00:
            raise CodecError("MultiAddress", f"only MultiAddress::Id (0) is supported, got {data[1]}", 1)
        signer = data[2:34]
        if data[34] != 0x01:
            raise CodecError("MultiSignature", f"only MultiSignature::Sr25519 (1) is supported, got {data[34]}", 34)
        sig = data[35:99]
        nonce, off = decode_compact(data, 99, "Compact<u32>")
        if nonce > 0xFFFFFFFF:
            raise CodecError("Compact<u32>", f"nonce {nonce} does not fit in u32", 99)
        call_bytes = data[off:]
        return Extrinsic(runtime.decode_call(call_bytes), SignaturePart(signer, sig, nonce)), call_bytes
    except CodecError as e:
        raise BadFormat(f"extrinsic does not decode: {e}") from None
