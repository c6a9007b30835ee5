"""FRAME's ``TaggedTransactionQueue::validate_transaction``: everything a block would do to a transaction except
dispatching it, on a throwaway overlay, so that a pool can decide whether to keep it and in what order.

As in ``frame_executive::validate_transaction``: System is initialized for the block after `block_hash` (number
+ 1, parent `block_hash`, so ``System.BlockHash`` holds `block_hash` and CheckMortality can find it), the
extrinsic is decoded and checked (additional_signed, signature, signer: `frame.extrinsic.check_signed`), then
every signed extension's `validate` runs and their `ValidTransaction`s are combined: CheckNonce provides
``SCALE((AccountId32, nonce))`` and, for a nonce ahead of the account's, requires ``SCALE((AccountId32, nonce -
1))``; CheckMortality sets the longevity (``death - current``; ``u64::MAX - current`` when immortal);
ChargeTransactionPayment the priority. Inherents are refused (``MandatoryValidation``), other unsigned extrinsics
too (``NoUnsignedValidator``). Whatever the checks write is thrown away.
"""

from __future__ import annotations

from frame import extensions as ext
from frame import extrinsic as xt
from frame import io
from frame.backend import Backend
from frame.block import EMPTY_DIGEST
from frame.runtime import Runtime
from frame.state import OverlayedState
from frame.transaction_validity import TransactionSource, ValidTransaction
from frame.weights import DEFAULT_BLOCK_WEIGHTS, BlockWeights

__all__ = ["validate_transaction"]


def validate_transaction(runtime: Runtime, state: Backend, source: int, xt_bytes: bytes, block_hash: bytes,
                         block_weights: BlockWeights | None = None) -> ValidTransaction:  # fmt: skip
    """Validate inner extrinsic bytes (no length prefix) for inclusion after block `block_hash`, whose state is
    `state`. Returns the `ValidTransaction`; raises the named `frame.transaction_validity` error. Never writes."""
    if source not in (TransactionSource.IN_BLOCK, TransactionSource.LOCAL, TransactionSource.EXTERNAL):
        raise ValueError(f"unknown transaction source {source}")
    overlay = OverlayedState(state)
    try:
        with io.using(overlay, runtime):
            system = runtime.system
            system.initialize(system.block_number() + 1, bytes(block_hash), EMPTY_DIGEST)
            decoded, call_bytes = xt.decode(runtime, xt_bytes)
            sig, call = decoded.signature, decoded.call
            if sig is None:
                if call.definition.inherent:
                    raise xt.MandatoryValidation(f"{call!r:.120} is an inherent: only a block author adds it")
                raise xt.NoUnsignedValidator(f"unsigned {call!r:.120} is not an inherent: nothing validates it")
            ctx = ext.TxContext(runtime, sig.signer, sig, call, call.definition.weight_of(call.args),
                                xt.encoded_length(xt_bytes), block_weights or DEFAULT_BLOCK_WEIGHTS)  # fmt: skip
            xt.check_signed(ctx, call_bytes)
            return xt.validate(ctx)
    finally:
        overlay.discard()
