"""SCALE ``TransactionValidity`` (``Result<ValidTransaction, TransactionValidityError>``): what the runtime API
``TaggedTransactionQueue_validate_transaction`` returns for `frame.tagged_queue.validate_transaction`'s verdict."""

from __future__ import annotations

from frame.transaction_validity import TransactionValidityError, ValidTransaction
from primitives import scale

__all__ = ["encode_validity"]

_TAGS = scale.VecCodec(scale.bytes_codec)


def encode_validity(result: ValidTransaction | TransactionValidityError) -> bytes:
    """``0x00 ++ ValidTransaction {priority u64, requires, provides: Vec<Vec<u8>>, longevity u64, propagate bool}``
    or ``0x01 ++ TransactionValidityError`` (Invalid 0 | Unknown 1, the variant, a ``Custom`` variant's byte)."""
    if isinstance(result, ValidTransaction):
        return b"\x00" + b"".join((scale.u64.encode(result.priority), _TAGS.encode(list(result.requires)),
                                   _TAGS.encode(list(result.provides)), scale.u64.encode(result.longevity),
                                   scale.boolean.encode(result.propagate)))  # fmt: skip
    outer, inner = result.code
    custom = bytes((result.custom,)) if (outer, inner) in ((0, 7), (1, 2)) else b""
    return bytes((1, outer, inner)) + custom
