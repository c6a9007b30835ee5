"""Signed extensions (FRAME's ``SignedExtension`` / ``TransactionExtension``): what a signed extrinsic carries and
is checked against besides its call and signature.

Each extension has Substrate's `identifier`, may carry a value in the extrinsic's body (its "extra": `field` names
it on `frame.extrinsic.SignaturePart`, `extra_codec` encodes it), may add bytes that are signed but not sent (its
``additional_signed``: the runtime computes them from its state, a signer from `SigningParams`), and has hooks:
`validate` (for a transaction pool: priority, the tags it requires and provides, longevity; never relied on to
write), `pre_dispatch` (in a block, before the call: checks again and writes, such as the nonce increment) and
`post_dispatch` (after the call). The signing payload is ``call ++ extra(1) ++ ... ++ extra(n) ++ additional(1) ++
... ++ additional(n)`` in the runtime's order, blake2_256 of it when it is longer than 256 bytes.

The runtime's list is ``construct_runtime(..., signed_extensions=...)``; the default `STANDARD` is Polkadot's eight,
in the order py-substrate-interface assembles its payload (reference §5). A refusal raises the named
`frame.transaction_validity` error. Fees: ChargeTransactionPayment carries the tip and derives the priority from
it; charging a fee is the runtime's `fee_handler` (a `FeeHandler`, ``construct_runtime(..., fee_handler=...)``).
A runtime without one charges nothing: the tip is carried, signed and turned into priority, and no balance moves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import attrs

from frame import transaction_validity as tv
from frame.era import ERA, IMMORTAL, Era
from frame.weights import BlockWeights, Weight
from primitives.hashing import blake2_256
from primitives.scale import Codec, CompactCodec, u32, u128

if TYPE_CHECKING:
    from frame.dispatch import DispatchError
    from frame.pallet import Call
    from frame.runtime import Runtime

__all__ = [
    "MAX_BLOCK_LENGTH", "STANDARD", "ChargeTransactionPayment", "CheckGenesis", "CheckMortality", "CheckNonZeroSender",
    "CheckNonce", "CheckSpecVersion", "CheckTxVersion", "CheckWeight", "FeeHandler", "SignedExtension",
    "SigningParams", "TxContext", "nonce_tag", "payload",
]  # fmt: skip

#: FRAME's default ``BlockLength``: 5 MiB, of which 75% for Normal extrinsics (used for the tip's priority)
MAX_BLOCK_LENGTH = 5 * 1024 * 1024 * 75 // 100
_COMPACT32, _COMPACT128 = CompactCodec(u32), CompactCodec(u128)


def payload(call: bytes, extra: bytes, additional: bytes) -> bytes:
    """What is signed: ``call ++ extra ++ additional``, or blake2_256 of it when that is longer than 256 bytes."""
    raw = call + extra + additional
    return blake2_256(raw) if len(raw) > 256 else raw


def nonce_tag(who: bytes, nonce: int) -> bytes:
    """The tag ``CheckNonce`` provides for (signer, nonce): ``SCALE((AccountId32, u32))``."""
    return bytes(who) + u32.encode(nonce)


@attrs.frozen
class SigningParams:
    """What a signer needs besides the call and the extra: the runtime's versions, the genesis hash and the hash
    of the era's birth block (the genesis hash for an immortal era)."""

    spec_version: int
    transaction_version: int
    genesis_hash: bytes
    birth_hash: bytes


class WeightMeter(Protocol):
    """The block's running weight (the executive): add an extrinsic or raise ExhaustsResources."""

    def charge_weight(self, weight: Weight, mandatory: bool, what: Call) -> None: ...


@attrs.frozen
class TxContext:
    """One signed extrinsic as the extensions see it, inside the block (or pool check) it is validated for."""

    runtime: Runtime
    who: bytes
    part: Any  # frame.extrinsic.SignaturePart: nonce, era, tip
    call: Call
    weight: Weight  # the call's declared weight, without base_extrinsic
    length: int  # the extrinsic's encoded length, its length prefix included
    block_weights: BlockWeights
    meter: WeightMeter | None = None  # None in a pool check
    #: after dispatch: the call's actual weight when it reported one (at most `weight`; FRAME's PostDispatchInfo)
    actual_weight: Weight | None = None
    #: after dispatch: False if the call waived its fee (FRAME's ``Pays::No``; only a successful call can)
    pays_fee: bool = True

    @property
    def current(self) -> int:
        """The number of the block being built or validated for."""
        return self.runtime.system.block_number()


class FeeHandler(Protocol):
    """Charges fees for ChargeTransactionPayment (pallet_transaction_payment's OnChargeTransaction)."""

    def withdraw_fee(self, ctx: TxContext, tip: int) -> tuple[int, Any]:
        """Compute the fee (tip included) and withdraw it from ``ctx.who``; raise `Payment` if it cannot be paid.
        Returns the fee and what `correct_and_deposit_fee` needs back."""
        ...

    def correct_and_deposit_fee(self, ctx: TxContext, tip: int, withdrawn: Any, error: DispatchError | None) -> None:
        """After dispatch: refund what was overpaid and deposit the rest (FRAME's post_dispatch)."""
        ...


class SignedExtension:
    """One signed extension; subclasses override what they need (the defaults carry and check nothing)."""

    identifier: ClassVar[str] = ""
    #: the `SignaturePart` attribute carried in the body, and its codec (None: nothing in the body)
    field: ClassVar[str | None] = None
    extra_codec: ClassVar[Codec | None] = None

    def extra(self, part: Any) -> bytes:
        if self.field is None or self.extra_codec is None:
            return b""
        return self.extra_codec.encode(getattr(part, self.field))

    def implicit(self, params: SigningParams) -> bytes:
        """The signer's side of ``additional_signed``."""
        return b""

    def additional_signed(self, ctx: TxContext) -> bytes:
        """The runtime's side of ``additional_signed``, from its state; may refuse (AncientBirthBlock)."""
        return b""

    def outdated_additional(self, ctx: TxContext) -> bytes | None:
        """What ``additional_signed`` was before the extrinsic expired, if it can tell (see CheckMortality)."""
        return None

    def validate(self, ctx: TxContext) -> tv.ValidTransaction:
        return tv.ValidTransaction()

    def pre_dispatch(self, ctx: TxContext) -> Any:
        self.validate(ctx)
        return None

    def post_dispatch(self, ctx: TxContext, pre: Any, error: DispatchError | None) -> None:
        return None

    def __repr__(self) -> str:
        return self.identifier


class CheckNonZeroSender(SignedExtension):
    """The signer must not be the all-zero account (BadSigner)."""

    identifier = "CheckNonZeroSender"

    def validate(self, ctx: TxContext) -> tv.ValidTransaction:
        if not any(ctx.who):
            raise tv.BadSigner("the signer is the all-zero account")
        return tv.ValidTransaction()


class CheckSpecVersion(SignedExtension):
    """Signs the runtime's spec_version: an extrinsic signed for another runtime version fails as BadProof."""

    identifier = "CheckSpecVersion"

    def implicit(self, params: SigningParams) -> bytes:
        return u32.encode(params.spec_version)

    def additional_signed(self, ctx: TxContext) -> bytes:
        return u32.encode(ctx.runtime.version.spec_version)


class CheckTxVersion(SignedExtension):
    """Signs the runtime's transaction_version: a mismatch fails as BadProof."""

    identifier = "CheckTxVersion"

    def implicit(self, params: SigningParams) -> bytes:
        return u32.encode(params.transaction_version)

    def additional_signed(self, ctx: TxContext) -> bytes:
        return u32.encode(ctx.runtime.version.transaction_version)


class CheckGenesis(SignedExtension):
    """Signs the genesis hash (``System.BlockHash[0]``): an extrinsic of another chain fails as BadProof."""

    identifier = "CheckGenesis"

    def implicit(self, params: SigningParams) -> bytes:
        return bytes(params.genesis_hash)

    def additional_signed(self, ctx: TxContext) -> bytes:
        return bytes(ctx.runtime.system.BlockHash.get(0))


class CheckMortality(SignedExtension):
    """Carries the Era and signs the hash of its birth block, which must be among ``System.BlockHash``
    (else AncientBirthBlock); the pool learns its longevity. An era that has ended points at a later birth
    block, so its signature no longer verifies: that is reported as Stale ("Transaction is outdated") when the
    signature verifies against the birth block one period earlier, else as BadProof (Substrate's own answer)."""

    identifier = "CheckMortality"
    field = "era"
    extra_codec = ERA

    def implicit(self, params: SigningParams) -> bytes:
        return bytes(params.birth_hash)

    def additional_signed(self, ctx: TxContext) -> bytes:
        era: Era = ctx.part.era
        birth = era.birth(ctx.current)
        hashes = ctx.runtime.system.BlockHash
        if not hashes.contains_key(birth):
            raise tv.AncientBirthBlock(f"{era!r} seen from block {ctx.current} was born at block {birth}, whose "
                                       "hash is not kept")  # fmt: skip
        return bytes(hashes.get(birth))

    def outdated_additional(self, ctx: TxContext) -> bytes | None:
        era: Era = ctx.part.era
        earlier = era.birth(ctx.current) - era.period
        if era.is_immortal or earlier < 0 or not ctx.runtime.system.BlockHash.contains_key(earlier):
            return None
        return bytes(ctx.runtime.system.BlockHash.get(earlier))

    def validate(self, ctx: TxContext) -> tv.ValidTransaction:
        era: Era = ctx.part.era
        return tv.ValidTransaction(longevity=max(0, era.death(ctx.current) - ctx.current))


class CheckNonce(SignedExtension):
    """Carries the nonce (``Compact<u32>``): a used one is Stale; in a block a later one is Future, in the pool it
    *requires* the previous nonce's tag. Provides ``(signer, nonce)``; increments the account nonce before dispatch.
    The signer must be an existing account, else CannotLookup (FRAME's CheckNonce refuses an account without
    providers, as Payment; the name here is the one this framework has always used)."""

    identifier = "CheckNonce"
    field = "nonce"
    extra_codec = _COMPACT32

    def _expected(self, ctx: TxContext) -> int:
        system = ctx.runtime.system
        if not system.account_exists(ctx.who):
            raise tv.CannotLookup(f"unknown signer 0x{ctx.who.hex()}")
        return int(system.Account.get(ctx.who).nonce)

    def validate(self, ctx: TxContext) -> tv.ValidTransaction:
        nonce, expected = ctx.part.nonce, self._expected(ctx)
        if nonce < expected:
            raise tv.Stale(f"nonce {nonce} of 0x{ctx.who.hex()} is stale (account nonce {expected})")
        requires = (nonce_tag(ctx.who, nonce - 1),) if nonce > expected else ()
        return tv.ValidTransaction(requires=requires, provides=(nonce_tag(ctx.who, nonce),))

    def pre_dispatch(self, ctx: TxContext) -> Any:
        nonce, expected = ctx.part.nonce, self._expected(ctx)
        if nonce < expected:
            raise tv.Stale(f"nonce {nonce} of 0x{ctx.who.hex()} is stale (account nonce {expected})")
        if nonce > expected:
            raise tv.Future(f"nonce {nonce} of 0x{ctx.who.hex()} is ahead (account nonce {expected})")
        ctx.runtime.system.inc_account_nonce(ctx.who)
        return None


class CheckWeight(SignedExtension):
    """The extrinsic's weight (base_extrinsic + the call's) must fit an extrinsic's maximum (pool and block) and
    what is left of the block (block only): else ExhaustsResources."""

    identifier = "CheckWeight"

    def validate(self, ctx: TxContext) -> tv.ValidTransaction:
        limits = ctx.block_weights
        total = limits.base_extrinsic + ctx.weight
        if total.any_gt(limits.max_normal):
            raise tv.ExhaustsResources(f"{ctx.call!r:.120} weighs {total}: its {total.exceeded(limits.max_normal)} "
                                       f"is more than an extrinsic may use ({limits.max_normal})")  # fmt: skip
        return tv.ValidTransaction()

    def pre_dispatch(self, ctx: TxContext) -> Any:
        self.validate(ctx)
        if ctx.meter is not None:
            ctx.meter.charge_weight(ctx.weight, mandatory=False, what=ctx.call)
        return None


class ChargeTransactionPayment(SignedExtension):
    """Carries the tip (``Compact<u128>``) and sets the priority from it as FRAME does (the tip + 1 times how many
    such extrinsics fit in a block); the fee itself is the runtime's `fee_handler`'s (none: nothing is charged)."""

    identifier = "ChargeTransactionPayment"
    field = "tip"
    extra_codec = _COMPACT128

    def validate(self, ctx: TxContext) -> tv.ValidTransaction:
        handler = ctx.runtime.fee_handler
        if handler is not None:
            handler.withdraw_fee(ctx, ctx.part.tip)  # on the pool's throwaway state: can it be paid?
        return tv.ValidTransaction(priority=self.priority(ctx))

    def priority(self, ctx: TxContext) -> int:
        """FRAME's ``get_priority`` for a Normal extrinsic."""
        limits = ctx.block_weights
        weight = (limits.base_extrinsic + ctx.weight).max(Weight(1, 1)).min(limits.max_block)
        length = min(max(ctx.length, 1), MAX_BLOCK_LENGTH)
        per_block = min(limits.max_block.checked_div_per_component(weight) or 1, MAX_BLOCK_LENGTH // length)
        return min((ctx.part.tip + 1) * per_block, tv.LONGEVITY_MAX)

    def pre_dispatch(self, ctx: TxContext) -> Any:
        handler = ctx.runtime.fee_handler
        return None if handler is None else handler.withdraw_fee(ctx, ctx.part.tip)[1]

    def post_dispatch(self, ctx: TxContext, pre: Any, error: DispatchError | None) -> None:
        handler = ctx.runtime.fee_handler
        if handler is not None:
            handler.correct_and_deposit_fee(ctx, ctx.part.tip, pre, error)


#: Polkadot's standard list, in the order py-substrate-interface assembles its payload (reference §5).
STANDARD: tuple[SignedExtension, ...] = (
    CheckNonZeroSender(), CheckSpecVersion(), CheckTxVersion(), CheckGenesis(), CheckMortality(), CheckNonce(),
    CheckWeight(), ChargeTransactionPayment(),
)  # fmt: skip

#: the `SignaturePart` fields an extension may carry, and their values when a runtime carries none
CARRIED = {"era": IMMORTAL, "nonce": 0, "tip": 0}


def check_list(extensions: Sequence[SignedExtension]) -> tuple[SignedExtension, ...]:
    """A runtime's extensions: instances with distinct identifiers, each carried field used at most once.
    Raises ValueError."""
    seen: set[str] = set()
    fields: set[str] = set()
    for e in extensions:
        if not isinstance(e, SignedExtension) or not e.identifier:
            raise ValueError(f"{e!r} is not a SignedExtension instance with an identifier")
        if e.identifier in seen:
            raise ValueError(f"signed extension {e.identifier} is listed twice")
        seen.add(e.identifier)
        if e.field is not None:
            if e.field not in CARRIED or e.field in fields or e.extra_codec is None:
                raise ValueError(f"signed extension {e.identifier} carries {e.field!r}: it must be one of "
                                 f"{sorted(CARRIED)}, not carried by another, with an extra_codec")  # fmt: skip
            fields.add(e.field)
    return tuple(extensions)
