"""Transaction validity as ``sp_runtime::transaction_validity`` names it: the errors and `ValidTransaction`.

Every error carries Substrate's variant: `code` is (0 ``Invalid`` | 1 ``Unknown``, the variant index inside), so
a node can encode ``TransactionValidityError`` without a table (``Custom(u8)`` carries `custom`). A refusal is
raised, never asserted; in an imported block any of them makes the block invalid, naming the class.
"""

from __future__ import annotations

import attrs

from primitives.errors import ParahostError

__all__ = [
    "LONGEVITY_MAX", "AncientBirthBlock", "BadFormat", "BadMandatory", "BadProof", "BadSigner", "CannotLookup",
    "ExhaustsResources", "Future", "InvalidCall", "InvalidTransaction", "MandatoryValidation", "NoUnsignedValidator",
    "Payment", "Stale", "TransactionSource", "TransactionValidityError", "UnknownTransaction",
    "UnsupportedAddress", "UnsupportedSignature", "ValidTransaction",
]  # fmt: skip

#: ``TransactionLongevity::max_value()``
LONGEVITY_MAX = 2**64 - 1


class TransactionValidityError(ParahostError):
    """The extrinsic cannot be included at all; in an imported block it makes the block invalid."""

    #: (0 Invalid | 1 Unknown, variant index) in sp_runtime's TransactionValidityError
    code: tuple[int, int] = (0, 7)
    #: the byte of a ``Custom(u8)`` variant
    custom: int = 0


class InvalidTransaction(TransactionValidityError):
    """The extrinsic is invalid (sp_runtime::InvalidTransaction); by default ``Custom(0)``."""

    code = (0, 7)


class InvalidCall(InvalidTransaction):
    """The call of the transaction is not expected (InvalidTransaction::Call)."""

    code = (0, 0)


class BadFormat(InvalidCall):
    """The extrinsic's bytes do not decode (version, address, signature, signed extensions or call)."""


class Payment(InvalidTransaction):
    """The signer cannot pay the transaction's fee (InvalidTransaction::Payment)."""

    code = (0, 1)


class Future(InvalidTransaction):
    """The nonce is ahead of the signer's account nonce (InvalidTransaction::Future)."""

    code = (0, 2)


class Stale(InvalidTransaction):
    """Transaction is outdated: its nonce was already used, or its mortal era has ended (InvalidTransaction::Stale)."""

    code = (0, 3)


class BadProof(InvalidTransaction):
    """The signature does not verify over the signing payload (InvalidTransaction::BadProof)."""

    code = (0, 4)


class UnsupportedSignature(BadProof):
    """A MultiSignature other than Sr25519 (Ed25519, Ecdsa): this runtime cannot verify it."""


class AncientBirthBlock(InvalidTransaction):
    """The mortal era's birth block is not among the kept block hashes (InvalidTransaction::AncientBirthBlock)."""

    code = (0, 5)


class ExhaustsResources(InvalidTransaction):
    """The extrinsic would take the block over its weight limit, or alone weighs more than an extrinsic may."""

    code = (0, 6)


class BadMandatory(InvalidTransaction):
    """A mandatory (inherent) call failed (InvalidTransaction::BadMandatory)."""

    code = (0, 8)


class MandatoryValidation(InvalidTransaction):
    """A mandatory (inherent) call offered as a transaction: only a block author adds it."""

    code = (0, 9)


class BadSigner(InvalidTransaction):
    """The signer is not acceptable: the all-zero account (InvalidTransaction::BadSigner)."""

    code = (0, 10)


class UnknownTransaction(TransactionValidityError):
    """Validity cannot be determined (sp_runtime::UnknownTransaction); by default ``Custom(0)``."""

    code = (1, 2)


class CannotLookup(UnknownTransaction):
    """The signer's address does not resolve to a known account (UnknownTransaction::CannotLookup)."""

    code = (1, 0)


class UnsupportedAddress(CannotLookup):
    """A MultiAddress other than ``Id`` (Index, Raw, Address32, Address20): this runtime cannot look it up."""


class NoUnsignedValidator(UnknownTransaction):
    """An unsigned extrinsic whose call is not an inherent: nothing can validate it."""

    code = (1, 1)


class TransactionSource:
    """Where a transaction comes from (``sp_runtime::transaction_validity::TransactionSource``, by index)."""

    IN_BLOCK = 0
    LOCAL = 1
    EXTERNAL = 2


@attrs.frozen
class ValidTransaction:
    """sp_runtime's ValidTransaction: priority, the tags it requires and provides, longevity, propagate."""

    priority: int = 0
    requires: tuple[bytes, ...] = ()
    provides: tuple[bytes, ...] = ()
    longevity: int = LONGEVITY_MAX
    propagate: bool = True

    def combine_with(self, other: ValidTransaction) -> ValidTransaction:
        """``ValidTransaction::combine_with``: priorities add (saturating at u64), tags concatenate, the shorter
        longevity wins, propagate only if both do."""
        return ValidTransaction(
            min(self.priority + other.priority, LONGEVITY_MAX),
            self.requires + other.requires,
            self.provides + other.provides,
            min(self.longevity, other.longevity),
            self.propagate and other.propagate,
        )
