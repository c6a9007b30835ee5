"""TransactionPayment: what a signed extrinsic pays to be included (pallet_transaction_payment, reference §2).

``fee = base_fee + len_fee + NextFeeMultiplier * WeightToFee(weight) + tip``: `base_fee` is WeightToFee of the
block's `base_extrinsic`, `len_fee` LengthToFee of the encoded length (its prefix included), and only the weight
part is multiplied. The fee is withdrawn before dispatch (`withdraw_fee`: a signer who cannot pay makes the
extrinsic invalid, ``InvalidTransaction::Payment``), recomputed after it with the call's actual weight (a call may
return a lower one) and the difference refunded (`correct_and_deposit_fee`); what is kept, tip included, goes to
the block's author (named by the digest: `author_from_digest`) or is burned, as configured, and
TransactionFeePaid records it. `on_finalize` updates the multiplier from the block's Normal weight.

A runtime configures the pallet on a subclass that keeps the name (``class TransactionPayment(TransactionPayment):
name = "TransactionPayment"; weight_to_fee = ...``) and hands it to ``construct_runtime(..., fee_handler=...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import attrs

from frame import io
from frame import transaction_validity as tv
from frame.block import Digest, PreRuntime
from frame.coupling import Requires
from frame.dispatch import DispatchError, DispatchFailure
from frame.extensions import MAX_BLOCK_LENGTH, TxContext
from frame.pallet import Pallet, constant
from frame.storage import StorageValue
from frame.weights import DEFAULT_BLOCK_WEIGHTS, ZERO, BlockWeights, Weight, to_weight
from pallets.traits import FeeCurrency
from pallets.transaction_payment import events
from pallets.transaction_payment.fees import (
    FIXED_ONE,
    MAX_U128,
    ConstantMultiplier,
    MultiplierUpdate,
    WeightToFee,
    mul_int,
    ref_time,
    slow_adjusting_fee_update,
)
from pallets.transaction_payment.types import FeeDetails, InclusionFee, Releases
from primitives.types import U8, U128, codec_of

__all__ = ["AUTHOR_ENGINE", "GenesisConfig", "TransactionPayment", "author_from_digest"]

#: The PreRuntime digest engine whose 32-byte data names the block's author (the account fees go to).
AUTHOR_ENGINE = b"auth"
#: Where the block's Normal weight so far is noted for on_finalize (written and removed within the block).
_NORMAL_WEIGHT_KEY = b":transaction_payment:normal_weight"
_WEIGHT = codec_of(Weight)


def author_from_digest(digest: Digest) -> bytes | None:
    """FRAME's FindAuthor: the 32-byte data of the first ``PreRuntime(AUTHOR_ENGINE, ...)`` item, else None."""
    for item in digest.logs:
        if isinstance(item, PreRuntime) and bytes(item.engine) == AUTHOR_ENGINE and len(item.data) == 32:
            return bytes(item.data)
    return None


@attrs.frozen
class PaymentGenesisConfig:
    """The first block's fee multiplier (FixedU128 parts: 10^18 = 1.0)."""

    multiplier: U128 = FIXED_ONE


GenesisConfig = PaymentGenesisConfig


class TransactionPayment(Pallet):
    """pallet_transaction_payment with its OnChargeTransaction (FungibleAdapter): this class is the runtime's
    `fee_handler`."""

    Event = events.Event
    GenesisConfig = PaymentGenesisConfig

    OperationalFeeMultiplier = constant(U8, 5, "How many times its fee an Operational extrinsic's priority adds.")

    # -- Configuration (a runtime overrides these on a subclass)

    #: WeightToFee of a weight's ref_time (the built-in runtimes: 10 per picosecond)
    weight_to_fee: ClassVar[WeightToFee] = ConstantMultiplier(10)
    #: LengthToFee of an encoded length in bytes (the built-in runtimes: 10^6 per byte)
    length_to_fee: ClassVar[WeightToFee] = ConstantMultiplier(10**6)
    #: the multiplier's update at the end of each block (Polkadot's SlowAdjustingFeeUpdate, or ConstFeeMultiplier)
    fee_multiplier_update: ClassVar[MultiplierUpdate] = slow_adjusting_fee_update()
    #: True: what a transaction pays goes to the block's author when the digest names one (else it is burned)
    fees_to_author: ClassVar[bool] = True
    #: FindAuthor over the block's digest
    find_author: ClassVar[Callable[[Digest], bytes | None]] = staticmethod(author_from_digest)
    #: the block limits on_finalize and the runtime API use (a block's own come with each extrinsic)
    block_weights: ClassVar[BlockWeights] = DEFAULT_BLOCK_WEIGHTS

    # -- Dependencies (wired by construct_runtime; pallets/traits.py)

    Currency = Requires(FeeCurrency, doc="Where fees are withdrawn from and refunds and fees deposited to.")

    # -- Storage

    NextFeeMultiplier = StorageValue(U128, default=FIXED_ONE,
                                     doc="The weight fee's multiplier (FixedU128). Invariant: within the update's "
                                         "bounds after the first block.")  # fmt: skip
    StorageVersion = StorageValue(Releases, default=Releases.V1Ancient,
                                  doc="The pallet's own storage version (V2 since genesis).")  # fmt: skip

    # -- Genesis

    @classmethod
    def genesis_build(cls, config: PaymentGenesisConfig) -> None:
        cls.StorageVersion.put(Releases.V2)
        cls.NextFeeMultiplier.put(config.multiplier)

    @classmethod
    def integrity_test(cls) -> None:
        lo, hi = cls.fee_multiplier_update.bounds()
        if not 0 <= lo <= hi <= MAX_U128:
            raise ValueError(f"TransactionPayment: the multiplier bounds [{lo}, {hi}] are not a u128 range")

    # -- Routines

    @classmethod
    def next_fee_multiplier(cls) -> int:
        return int(cls.NextFeeMultiplier.get())

    @classmethod
    def fee_details(cls, length: int, weight: Any, tip: int, pays_fee: bool = True,
                    block_weights: BlockWeights | None = None) -> FeeDetails:  # fmt: skip
        """FRAME's ``compute_fee_details``: the inclusion fee's parts at the current multiplier, and the tip."""
        if not pays_fee:
            return FeeDetails(None, tip)
        limits = block_weights or cls.block_weights
        base_fee = cls.weight_to_fee(limits.base_extrinsic)
        len_fee = cls.length_to_fee(length)
        weight_fee = cls.weight_to_fee(min(ref_time(weight), limits.max_block.ref_time))
        return FeeDetails(InclusionFee(base_fee, len_fee, mul_int(cls.next_fee_multiplier(), weight_fee)), tip)

    @classmethod
    def compute_fee(cls, length: int, weight: Any, tip: int, pays_fee: bool = True,
                    block_weights: BlockWeights | None = None) -> int:  # fmt: skip
        """FRAME's ``compute_fee``: base + length + multiplied weight fee + tip, saturating."""
        return min(cls.fee_details(length, weight, tip, pays_fee, block_weights).final_fee(), MAX_U128)

    @classmethod
    def priority(cls, weight: Any, length: int, tip: int, final_fee: int, dispatch_class: int = 0,
                 block_weights: BlockWeights | None = None) -> int:  # fmt: skip
        """FRAME's ``get_priority``: (tip + 1) times how many such extrinsics fit a block; an Operational one
        (class 1) adds its fee times OperationalFeeMultiplier as a virtual tip, scaled the same way."""
        limits = block_weights or cls.block_weights
        w = weight if isinstance(weight, Weight) else Weight(ref_time(weight), 0)
        bounded = w.max(Weight(1, 1)).min(limits.max_block)  # the scarcer dimension decides (FRAME's)
        per_block = min(limits.max_block.checked_div_per_component(bounded) or 1,
                        MAX_BLOCK_LENGTH // min(max(length, 1), MAX_BLOCK_LENGTH))  # fmt: skip
        scaled_tip = min((tip + 1) * per_block, MAX_U128)
        if dispatch_class == 1:
            scaled_tip = min(scaled_tip + final_fee * cls.OperationalFeeMultiplier * per_block, MAX_U128)
        return min(scaled_tip, tv.LONGEVITY_MAX)

    # -- OnChargeTransaction (ChargeTransactionPayment calls these: frame.extensions.FeeHandler)

    @classmethod
    def withdraw_fee(cls, ctx: TxContext, tip: int) -> tuple[int, Any]:
        """Withdraw the whole fee, tip included, keeping the payer alive; Payment if it cannot be paid."""
        fee = cls.compute_fee(ctx.length, ctx.weight, tip, block_weights=ctx.block_weights)
        if fee > 0:
            try:
                cls.Currency.withdraw(ctx.who, fee, keep_alive=True)
            except DispatchFailure as e:
                raise tv.Payment(f"0x{ctx.who.hex()} cannot pay the fee of {fee}: {type(e).__name__}: {e}") from None
        return fee, fee

    @classmethod
    def correct_and_deposit_fee(cls, ctx: TxContext, tip: int, withdrawn: Any, error: DispatchError | None) -> None:
        """Recompute the fee with the call's actual weight (the same multiplier and length; none but the tip if the
        call returned Pays::No), refund the difference, hand the rest (fee and tip) to the author or burn it, and
        record TransactionFeePaid."""
        actual_weight = getattr(ctx, "actual_weight", None)
        weight = ctx.weight if actual_weight is None else min(ref_time(actual_weight), ref_time(ctx.weight))
        pays_fee = getattr(ctx, "pays_fee", True)  # False: the call waived it (Pays::No), only the tip is kept
        actual_fee = cls.compute_fee(ctx.length, weight, tip, pays_fee, block_weights=ctx.block_weights)
        paid = int(withdrawn or 0)
        refund = max(0, paid - actual_fee)
        if refund:
            try:
                cls.Currency.deposit_creating(ctx.who, refund)
            except DispatchFailure:
                refund = 0  # FRAME's BestEffort: a refund that cannot be deposited is kept as fee
        cls._deal_with_fee(paid - refund)
        cls.deposit_event(events.TransactionFeePaid(ctx.who, actual_fee, tip))
        cls._note_normal_weight(ctx)

    @classmethod
    def _deal_with_fee(cls, amount: int) -> None:
        """FRAME's OnUnbalanced: to the author if configured and named, else burned (already off the issuance)."""
        if amount == 0 or not cls.fees_to_author:
            return
        author = cls.find_author(io.runtime().system.Digest.get())
        if author is None:
            return
        try:
            cls.Currency.deposit_creating(author, amount)
        except DispatchFailure:
            return  # below the existential deposit of a new account: burned

    @classmethod
    def _note_normal_weight(cls, ctx: TxContext) -> None:
        used = getattr(ctx.meter, "normal_weight", None)
        if used is not None:
            io.state().set(_NORMAL_WEIGHT_KEY, _WEIGHT.encode(to_weight(used)))

    # -- Finalization

    @classmethod
    def on_finalize(cls, now: int) -> None:
        """Update NextFeeMultiplier from the Normal weight this block used (FRAME's MultiplierUpdate)."""
        st = io.state()
        raw = st.get(_NORMAL_WEIGHT_KEY)
        st.delete(_NORMAL_WEIGHT_KEY)
        used = ZERO if raw is None else _WEIGHT.decode(raw)
        nxt = cls.fee_multiplier_update(cls.next_fee_multiplier(), used, cls.block_weights.max_normal)
        cls.NextFeeMultiplier.put(nxt)

    # -- try-runtime

    @classmethod
    def try_state(cls, now: int) -> None:
        """The multiplier is within its update's bounds."""
        lo, hi = cls.fee_multiplier_update.bounds()
        m = cls.next_fee_multiplier()
        if now > 0 and not lo <= m <= hi:
            raise AssertionError(f"NextFeeMultiplier {m} is outside [{lo}, {hi}]")
