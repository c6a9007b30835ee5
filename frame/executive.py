"""The executive: build and execute blocks in FRAME's order.

execute_block: the check that the state belongs to this runtime (`frame.version.check_runtime_matches`), the
previous block's events cleared, the runtime upgrade if the state was last run by an older spec_version
(`frame.upgrade`: migrations and on_runtime_upgrade, FRAME's order), System initialize, every pallet's
on_initialize in declaration order, the inherents (which must come first), then the signed extrinsics, the check
that every required inherent was there, on_idle with the weight left (pallets in FRAME's rotating order, starting
at block number % pallet count; skipped when nothing is left), on_finalize in declaration order, System
finalize, then the extrinsics root and the state root, both compared with the header. All of it runs on an
overlay over the parent state; a block that fails is discarded whole and the parent state is untouched.

Applying a signed extrinsic follows FRAME: decode, `frame.extrinsic.check_signed` (additional_signed, then the
signature; a block's many signed extrinsics have their signatures verified in advance by `frame.sigbatch`), every
signed extension's `pre_dispatch` in the runtime's order (CheckNonce increments the nonce, CheckWeight adds the
weight, ChargeTransactionPayment withdraws a fee if the runtime has a fee handler), the dispatch, then every
`post_dispatch` (given the call's actual weight if it returned one, and whether it waived its fee: FRAME's
PostDispatchInfo; the unused weight goes back to the block and ExtrinsicSuccess records the actual weight and Pays).
A failing check or pre_dispatch raises the named `frame.transaction_validity` error: a block author leaves the
extrinsic out, an imported block carrying it is invalid. A failing call is not: its writes are rolled back and
ExtrinsicFailed records it.

Block weight (`frame.weights.BlockWeights`), two-dimensional (ref_time, proof_size): a block starts at `base_block`
plus what the on_initialize hooks return; each extrinsic adds `base_extrinsic` plus its call's declared weight
(CheckWeight for signed ones). An extrinsic that would take the block over `max_block` (or the signed ones over
`max_normal`) in either dimension raises `ExhaustsResources` naming the dimension. Inherents count like the rest.
on_idle runs only while both dimensions have weight left.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import attrs

from frame import extensions as ext
from frame import extrinsic as xt
from frame import io, sigbatch
from frame.backend import Backend
from frame.block import EMPTY_DIGEST, Block, Digest, Header
from frame.dispatch import NONE, DispatchError, PalletError, PostDispatchInfo, Signed
from frame.extrinsic import Extrinsic, TransactionValidityError
from frame.pallet import Call
from frame.runtime import Runtime
from frame.state import OverlayedState
from frame.system import DispatchInfo
from frame.upgrade import needs_upgrade, run_runtime_upgrade
from frame.version import check_runtime_matches, runtime_identity
from frame.weights import DEFAULT_BLOCK_WEIGHTS, ZERO, BlockWeights, Weight, to_weight
from primitives.errors import ParahostError
from primitives.scale import bytes_codec
from primitives.types import evolve


class InvalidBlock(ParahostError):
    """The block cannot be imported; the message says why. Nothing of it was kept."""


class BlockBuildingError(ParahostError):
    """A block could not be built (for example, an inherent failed)."""


#: InvalidTransaction::ExhaustsResources (defined in frame.transaction_validity; kept importable from here)
ExhaustsResources = xt.ExhaustsResources


@attrs.frozen
class ApplyResult:
    """What applying one extrinsic did: None for success, else the DispatchError it failed with."""

    error: DispatchError | None


@attrs.frozen
class BuiltBlock:
    """A block made by `build_block`, the state it leads to, and the extrinsics left out with why."""

    block: Block
    state: OverlayedState
    dropped: tuple[tuple[Extrinsic | bytes, TransactionValidityError], ...] = ()


def _over(whose: str, used: Weight, more: Weight, limit: Weight) -> str:
    """Which dimension a weight would take over its limit, with the numbers (ExhaustsResources' message)."""
    return "; ".join(f"over the {name} limit ({whose} {'have' if whose.endswith('s') else 'has'} used "
                     f"{getattr(used, name)} of {getattr(limit, name)} {unit})"
                     for name, unit in (("ref_time", "ps"), ("proof_size", "bytes"))
                     if getattr(used, name) + getattr(more, name) > getattr(limit, name))  # fmt: skip


class Executive:
    """Runs blocks of one runtime. `genesis_hash` is the chain's (CheckGenesis reads it back from
    ``System.BlockHash[0]``, which holds it from block 1 on)."""

    def __init__(self, runtime: Runtime, genesis_hash: bytes, block_weights: BlockWeights | None = None) -> None:
        self.runtime = runtime
        self.genesis_hash = genesis_hash
        self.block_weights = block_weights if block_weights is not None else DEFAULT_BLOCK_WEIGHTS
        #: weight used so far by the block being executed or built, and by its signed (Normal) extrinsics
        self.block_weight: Weight = ZERO
        self.normal_weight: Weight = ZERO

    # -- the pieces

    def initialize_block(self, header: Header) -> None:
        rt, system = self.runtime, self.runtime.system
        check_runtime_matches(rt, runtime_identity(io.state()))
        system.reset_events()
        used = self.block_weights.base_block
        if needs_upgrade(rt):
            used += to_weight(run_runtime_upgrade(rt).weight)
        system.initialize(header.number, header.parent_hash, header.digest, reset_events=False)
        for p in self.runtime.pallet_classes:
            used += to_weight(p.on_initialize(header.number))
        self.block_weight, self.normal_weight = used, ZERO
        system.note_finished_initialize()

    def apply_extrinsic(self, encoded: bytes, decoded: Extrinsic | None = None) -> ApplyResult:
        """Check and dispatch one extrinsic (inner bytes). Raises TransactionValidityError if it is invalid."""
        rt, system = self.runtime, self.runtime.system
        call_bytes = None
        if decoded is None:
            decoded, call_bytes = xt.decode(rt, encoded)
        d = decoded.call.definition
        sig = decoded.signature
        weight = d.weight_of(decoded.call.args)
        ctx: ext.TxContext | None = None
        pre: list[Any] = []
        if sig is None:
            if not d.inherent:
                raise xt.NoUnsignedValidator(f"unsigned {decoded.call!r} is not an inherent")
            self.charge_weight(weight, mandatory=True, what=decoded.call)
            origin: Any = NONE
        else:
            if call_bytes is None:  # only a signed extrinsic needs its call's bytes (an inherent's can be large)
                call_bytes = rt.encode_call(decoded.call)
            ctx = self._context(encoded, decoded, weight)
            xt.check_signed(ctx, call_bytes)
            pre = xt.pre_dispatch(ctx)
            origin = Signed(sig.signer)
        system.note_extrinsic(bytes_codec.encode(encoded))
        error, reported = rt.dispatch_with_post_info(decoded.call, origin)
        if error is not None and sig is None:
            raise xt.BadMandatory(f"inherent {decoded.call!r:.200} failed: {rt.describe_error(error)}")
        post = reported if isinstance(reported, PostDispatchInfo) else PostDispatchInfo(reported)
        reported = post.actual_weight
        actual = weight if reported is None else to_weight(max(0, reported) if isinstance(reported, int) else
                                                           reported).min(weight)  # fmt: skip
        if actual != weight:  # FRAME's CheckWeight post_dispatch: the unused weight goes back to the block
            self.block_weight -= weight - actual
            if sig is not None:
                self.normal_weight -= weight - actual
        if ctx is not None:
            xt.post_dispatch(attrs.evolve(ctx, actual_weight=actual, pays_fee=post.pays_fee), pre, error)
        info = DispatchInfo(actual, 2 if d.inherent else 0, 1 if d.inherent or not post.pays_fee else 0)
        system.note_applied_extrinsic(error, info)
        return ApplyResult(error)

    def _context(self, encoded: bytes, decoded: Extrinsic, weight: Weight) -> ext.TxContext:
        sig = decoded.signature
        if sig is None:
            raise ValueError("an unsigned extrinsic has no signed extensions")
        return ext.TxContext(self.runtime, sig.signer, sig, decoded.call, weight, xt.encoded_length(encoded),
                             self.block_weights, self)  # fmt: skip

    def _preverified(self, encoded: Sequence[bytes], decoded: Sequence[Extrinsic]) -> AbstractContextManager[None]:
        """The signed extrinsics' signatures verified in advance, on the other cores (`frame.sigbatch`), when there
        are enough of them; each is still checked in its place and order, answered from the batch."""
        signed = [(e, d) for e, d in zip(encoded, decoded, strict=True) if d.signature is not None]
        if not sigbatch.enabled(len(signed)):
            return nullcontext()
        checks = []
        for e, d in signed:
            try:
                ctx = self._context(e, d, ZERO)
                checks.append(xt.signature_check(ctx, self.runtime.encode_call(d.call)))
            except TransactionValidityError:  # refused by name when its turn comes
                continue
        return sigbatch.preverified(checks)

    def charge_weight(self, weight: Weight, mandatory: bool, what: Call) -> None:
        """Add an extrinsic's weight (its call's; base_extrinsic is added here) to the block's, or raise
        ExhaustsResources naming the dimension (ref_time, proof_size) that does not fit. CheckWeight calls it for
        signed extrinsics."""
        limits = self.block_weights
        total = limits.base_extrinsic + weight
        if (self.block_weight + total).any_gt(limits.max_block):
            over = _over("the block", self.block_weight, total, limits.max_block)
            raise ExhaustsResources(f"{what!r:.120} weighs {total}: {over}")
        if not mandatory and (self.normal_weight + total).any_gt(limits.max_normal):
            over = _over("signed extrinsics", self.normal_weight, total, limits.max_normal)
            raise ExhaustsResources(f"{what!r:.120} weighs {total}: {over}")
        self.block_weight += total
        if not mandatory:
            self.normal_weight += total

    def finalize_block(self, state: OverlayedState) -> Header:
        rt = self.runtime
        number = rt.system.block_number()
        rt.system.note_finished_extrinsics()
        self._on_idle(number)
        for p in rt.pallet_classes:
            p.on_finalize(number)
        header = rt.system.finalize()
        return evolve(header, state_root=state.storage_root())

    def _on_idle(self, number: int) -> None:
        """FRAME's OnIdle: each pallet, from number % count round, gets the weight still left in the block, while
        both of its components are (a block full in either dimension skips it)."""
        remaining = self.block_weights.max_block - self.block_weight  # saturating: 0 where the block is full
        pallets = self.runtime.pallet_classes
        start = number % len(pallets)
        for p in pallets[start:] + pallets[:start]:
            if remaining.ref_time == 0 or remaining.proof_size == 0:
                break
            used = to_weight(p.on_idle(number, remaining))
            self.block_weight += used
            remaining -= used

    def provide_inherents(self, given: Sequence[Call], inherent_data: Mapping[bytes, Any] | None = None) -> list[Call]:
        """FRAME's ProvideInherent, on the block being built (after `initialize_block`): each pallet with an
        `inherent_identifier` and no call among `given` makes its inherent with `create_inherent(data)`, the
        data under its identifier defaulting to its `default_inherent_data()`. Returns `given` followed by those
        calls (in pallet order)."""
        rt = self.runtime
        have = {rt.by_index[rt.index_of(c.pallet)] for c in given}
        data = dict(inherent_data or {})
        made: list[Call] = []
        for p in rt.pallet_classes:
            key = p.inherent_identifier
            if key is None or p in have:
                continue
            if key not in data:
                default = p.default_inherent_data()
                if default is None:
                    continue
                data[key] = default
            c = p.create_inherent(data)
            if c is not None:
                made.append(c)
        return list(given) + made

    def check_inherents(self, parent_state: Backend, block: Block, inherent_data: Mapping[bytes, Any]) -> None:
        """FRAME's check_inherents, for an importer with its own inherent data: each inherent of `block` is
        checked by its pallet's `check_inherent` on the parent state. Raises InvalidBlock naming the error."""
        rt = self.runtime
        with io.using(OverlayedState(parent_state, read_only=True), rt):
            for encoded in block.extrinsics:
                d, _ = xt.decode(rt, encoded)
                if d.signature is not None or not d.call.definition.inherent:
                    break
                pallet = rt.by_index[rt.index_of(d.call.pallet)]
                try:
                    pallet.check_inherent(d.call, dict(inherent_data))
                except PalletError as e:
                    n = block.header.number
                    raise InvalidBlock(f"block {n}: inherent {d.call!r:.120} fails its check: {e}") from e

    def _check_required_inherents(self, seen: set[type]) -> None:
        for p in self.runtime.pallet_classes:
            if p.inherent_required and p not in seen:
                number = self.runtime.system.block_number()
                raise InvalidBlock(f"block {number} lacks the mandatory inherent of {p.name}")

    # -- whole blocks

    def execute_block(self, parent_state: Backend, parent: Header, block: Block) -> OverlayedState:
        """Execute `block` on top of `parent` (whose state is `parent_state`); return the resulting overlay.

        Raises InvalidBlock naming the first problem. The parent state is never modified.
        """
        h = block.header
        if h.parent_hash != parent.hash():
            raise InvalidBlock(f"parent hash 0x{h.parent_hash.hex()} is not the parent's 0x{parent.hash().hex()}")
        if h.number != parent.number + 1:
            raise InvalidBlock(f"block number {h.number} does not follow the parent's {parent.number}")
        state = OverlayedState(parent_state)
        rt = self.runtime
        try:
            with io.using(state, rt):
                self.initialize_block(evolve(h, state_root=bytes(32), extrinsics_root=bytes(32)))
                decoded = [xt.decode(rt, encoded)[0] for encoded in block.extrinsics]
                kinds = [d.signature is None and d.call.definition.inherent for d in decoded]
                n_inherents = kinds.index(False) if False in kinds else len(kinds)
                if any(kinds[n_inherents:]):
                    i = n_inherents + kinds[n_inherents:].index(True)
                    raise InvalidBlock(f"extrinsic {i}: inherent {decoded[i].call!r} after non-inherent extrinsics")
                seen: set[type] = set()
                for encoded, d in zip(block.extrinsics[:n_inherents], decoded[:n_inherents], strict=True):
                    self.apply_extrinsic(encoded, d)
                    seen.add(rt.by_index[rt.index_of(d.call.pallet)])
                self._check_required_inherents(seen)
                rest = block.extrinsics[n_inherents:], decoded[n_inherents:]
                with self._preverified(*rest):  # signatures checked in parallel, in advance, if there are many
                    for encoded, d in zip(*rest, strict=True):
                        self.apply_extrinsic(encoded, d)
                final = self.finalize_block(state)
        except InvalidBlock:
            raise
        except TransactionValidityError as e:
            raise InvalidBlock(f"block {h.number}: {type(e).__name__}: {e}") from e
        except Exception as e:
            raise InvalidBlock(f"block {h.number}: the runtime failed: {type(e).__name__}: {e}") from e
        if final.extrinsics_root != h.extrinsics_root:
            raise InvalidBlock(
                f"extrinsics root mismatch: header 0x{h.extrinsics_root.hex()}, "
                f"computed 0x{final.extrinsics_root.hex()}"
            )
        if final.state_root != h.state_root:
            raise InvalidBlock(
                f"state root mismatch: header 0x{h.state_root.hex()}, computed 0x{final.state_root.hex()}"
            )
        return state

    def build_block(
        self,
        parent_state: Backend,
        parent: Header,
        inherents: Sequence[Call],
        extrinsics: Sequence[Extrinsic | bytes] = (),
        digest: Digest = EMPTY_DIGEST,
        inherent_data: Mapping[bytes, Any] | None = None,
    ) -> BuiltBlock:
        """Author a block on `parent`: the inherents first (those given, then those the pallets provide from
        `inherent_data`: `provide_inherents`), then each extrinsic that is valid (invalid ones are dropped and
        reported). Raises BlockBuildingError if an inherent fails."""
        rt = self.runtime
        state = OverlayedState(parent_state)
        header = Header(parent.hash(), parent.number + 1, bytes(32), bytes(32), digest)
        body: list[bytes] = []
        dropped: list[tuple[Extrinsic | bytes, TransactionValidityError]] = []
        with io.using(state, rt):
            self.initialize_block(header)
            inherents = self.provide_inherents(inherents, inherent_data)
            for c in inherents:
                encoded = xt.encode(rt, xt.unsigned(c))
                try:
                    self.apply_extrinsic(encoded)
                except TransactionValidityError as e:
                    raise BlockBuildingError(f"inherent {c!r:.200} cannot be applied: {e}") from e
                body.append(encoded)
            seen = {rt.by_index[rt.index_of(c.pallet)] for c in inherents}
            missing = [p.name for p in rt.pallet_classes if p.inherent_required and p not in seen]
            if missing:
                raise BlockBuildingError(f"the mandatory inherent of {', '.join(missing)} is missing")
            for item in extrinsics:
                encoded = item if isinstance(item, bytes) else xt.encode(rt, item)
                try:
                    decoded, _ = xt.decode(rt, encoded)
                except TransactionValidityError as e:
                    dropped.append((encoded, e))
                    continue
                state.start_transaction()
                used = self.block_weight, self.normal_weight
                try:
                    self.apply_extrinsic(encoded, decoded)
                except TransactionValidityError as e:
                    state.rollback_transaction()
                    self.block_weight, self.normal_weight = used
                    dropped.append((decoded, e))
                    continue
                state.commit_transaction()
                body.append(encoded)
            final = self.finalize_block(state)
        return BuiltBlock(Block(final, tuple(body)), state, tuple(dropped))
