"""Why the pool refuses a transaction, with the JSON-RPC error code and message Substrate's author API uses."""

from __future__ import annotations

from frame import extrinsic as xt
from primitives.errors import ParahostError

__all__ = [
    "AlreadyImported", "BadFormat", "ImmediatelyDropped", "InvalidTx", "PoolError", "TemporarilyBanned",
    "TooLowPriority", "UnknownValidity", "from_validity_error",
]  # fmt: skip


class PoolError(ParahostError):
    """The pool refused a transaction. `code`, `rpc_message` and `data` are the JSON-RPC error's."""

    code = 1000
    rpc_message = "Transaction pool error"

    def __init__(self, data: str | None = None, detail: str | None = None) -> None:
        self.data = data
        super().__init__(self.rpc_message + (f": {data}" if data else "") + (f" ({detail})" if detail else ""))


class BadFormat(PoolError):
    """The extrinsic's bytes do not decode (author_submitExtrinsic's 1001)."""

    code = 1001
    rpc_message = "Extrinsic has invalid format"


class InvalidTx(PoolError):
    """The runtime says the transaction is invalid (1010, data names why)."""

    code = 1010
    rpc_message = "Invalid Transaction"


class UnknownValidity(PoolError):
    """The runtime cannot tell whether the transaction is valid (1011)."""

    code = 1011
    rpc_message = "Unknown Transaction Validity"


class TemporarilyBanned(PoolError):
    """The transaction's hash was recently found invalid or included (1012)."""

    code = 1012
    rpc_message = "Transaction is temporarily banned"


class AlreadyImported(PoolError):
    """The transaction is already in the pool (1013)."""

    code = 1013
    rpc_message = "Transaction Already Imported"


class TooLowPriority(PoolError):
    """Another transaction in the pool provides the same tag with a priority at least as high (1014)."""

    code = 1014
    rpc_message = "Priority is too low"


class ImmediatelyDropped(PoolError):
    """The pool is full (count or bytes) for the queue this transaction would enter (1016)."""

    code = 1016
    rpc_message = "Immediately Dropped"


#: Substrate's texts for sp_runtime's InvalidTransaction / UnknownTransaction variants
_TEXTS: dict[str, str] = {
    "InvalidCall": "Transaction call is not expected",
    "Payment": "Inability to pay some fees (e.g. account balance too low)",
    "Future": "Transaction will be valid in the future",
    "Stale": "Transaction is outdated",
    "BadProof": "Transaction has a bad signature",
    "AncientBirthBlock": "Transaction has an ancient birth block",
    "ExhaustsResources": "Transaction would exhaust the block limits",
    "BadMandatory": "A call was labelled as mandatory, but resulted in an Error.",
    "MandatoryValidation": "Transaction dispatch is mandatory; transactions must not be validated.",
    "BadSigner": "Invalid signing address",
    "CannotLookup": "Could not lookup information required to validate the transaction",
    "NoUnsignedValidator": "Could not find an unsigned validator for the unsigned transaction",
}


def from_validity_error(e: xt.TransactionValidityError) -> PoolError:
    """The pool error for a runtime's refusal: 1001 for undecodable bytes, else 1010 / 1011 with Substrate's text
    as the data (ours in the exception's message)."""
    if isinstance(e, xt.BadFormat):
        return BadFormat(str(e))
    text = next((_TEXTS[c.__name__] for c in type(e).__mro__ if c.__name__ in _TEXTS), "Custom error")
    return InvalidTx(text, str(e)) if isinstance(e, xt.InvalidTransaction) else UnknownValidity(text, str(e))
