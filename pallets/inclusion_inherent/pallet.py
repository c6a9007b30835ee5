"""InclusionInherent: the mandatory `inclusion` entry point that carries a block's bitfields and backed
candidates (guide "The InclusionInherent Module"; reference §6).

Exactly one `inclusion` call per block, with the None origin; if it fails or is missing the block is invalid.
It is driven by FRAME's own hooks, not by the Initializer: it only needs the other modules initialized before
it runs and finalized after.
"""

from __future__ import annotations

from typing import Any

from frame import io
from frame.coupling import Requires
from frame.dispatch import NONE, DispatchFailure, Origin, PalletError, ensure_none
from frame.pallet import Call, Pallet, call
from frame.storage import StorageValue
from frame.weights import Weight, to_weight
from pallets.inclusion_inherent import _lookups, _prefetch, weights
from pallets.traits import CandidateInclusion, CoreScheduler, ParaRegistry
from primitives.errors import CodecError, ParahostError
from primitives.parachain import BackedCandidate, FreedReason, SignedAvailabilityBitfield
from primitives.types import codec_of

#: The inherent data identifier of the inclusion inherent (reference §6).
INHERENT_IDENTIFIER = b"inclusn0"
#: The reference's fixed weight of the `inclusion` call (reference §6); the call now weighs what it carries
#: (`inclusion_weight`, from the benchmarks' weights.py).
INCLUSION_WEIGHT = 1_000_000_000

#: The SCALE form of the inherent data: (bitfields, backed candidates).
InclusionInherentData = tuple[list[SignedAvailabilityBitfield], list[BackedCandidate]]
_DATA_CODEC = codec_of(InclusionInherentData)


def inclusion_weight(bitfields: list[SignedAvailabilityBitfield], backed_candidates: list[BackedCandidate]) -> Weight:
    """The weight of `inclusion` from its arguments: b bitfields; c, the candidates backed or (at most one per core
    with a bit set in some bitfield) enacted; v, the most votes of a candidate; u, its largest new code."""
    cores = 0
    for signed in bitfields:
        cores |= int.from_bytes(signed.payload.packed, "little")
    c = max(len(backed_candidates), cores.bit_count())
    v = max((len(b.validity_votes) for b in backed_candidates), default=0)
    u = max((len(b.candidate.commitments.new_validation_code or b"") for b in backed_candidates), default=0)
    # to_weight: the committed weights.py predates proof sizes (an int of ref_time; regenerate it on a quiet machine)
    return to_weight(weights.inclusion(len(bitfields), c, v, u))


# ---------------------------------------------------------------------------------------------
# Errors


class Error(PalletError):
    """InclusionInherent's errors."""


class TooManyInclusionInherents(Error, index=0):
    """The inclusion inherent was already applied in this block."""


class MissingInclusionInherent(ParahostError):
    """A block reached finalization without the inclusion inherent ("Bitfields and heads must be included
    every block"): the block is invalid."""


# ---------------------------------------------------------------------------------------------
# The pallet


class InclusionInherent(Pallet):
    """The guide's InclusionInherent module."""

    Error = Error
    inherent_required = True

    # -- Dependencies (wired by construct_runtime; pallets/traits.py)

    Inclusion = Requires(CandidateInclusion, doc="Applies the bitfields, timeouts and backed candidates.")
    Scheduler = Requires(CoreScheduler, doc="Frees, schedules and occupies the cores.")
    Paras = Requires(ParaRegistry, doc="The registered parachains (the i'th owns core i).")

    # -- Storage

    Included = StorageValue(
        tuple[()],
        doc="Set once the inclusion inherent has run in this block. Invariant: absent between blocks.",
    )

    # -- Entry points

    @call(0, weight=inclusion_weight, inherent=True)
    def inclusion(
        cls, origin: Origin, bitfields: list[SignedAvailabilityBitfield], backed_candidates: list[BackedCandidate]
    ) -> None:
        """Apply the block's availability bitfields, time out stale candidates, then back new candidates."""
        ensure_none(origin)
        if cls.Included.exists():
            raise TooManyInclusionInherents("the block already carries an inclusion inherent")
        with _prefetch.preverified(cls, bitfields, backed_candidates):  # signatures checked in parallel, in advance
            cls._include(bitfields, backed_candidates)

    @classmethod
    def _include(cls, bitfields: list[SignedAvailabilityBitfield], backed_candidates: list[BackedCandidate]) -> None:
        """The inherent's work, in the guide's order: bitfields, timeouts, scheduling, backing."""
        inclusion, scheduler = cls.Inclusion, cls.Scheduler
        freed_concluded = inclusion.process_bitfields(bitfields, _lookups.core_lookup(scheduler, cls.Paras))
        predicate = scheduler.availability_timeout_predicate()
        freed_timed_out = inclusion.collect_pending(predicate) if predicate is not None else []
        freed = [(core, FreedReason.Concluded) for core in freed_concluded]
        freed += [(core, FreedReason.TimedOut) for core in freed_timed_out]
        scheduler.schedule(sorted(freed, key=lambda item: item[0]))

        occupied = inclusion.process_candidates(
            backed_candidates, scheduler.scheduled(), _lookups.group_lookup(scheduler)
        )
        scheduler.occupied(sorted(occupied))
        cls.Included.put(())

    # -- Finalization

    @classmethod
    def on_finalize(cls, now: int) -> None:
        """Take `Included`; a block without it is invalid."""
        if cls.Included.take() is None:
            raise MissingInclusionInherent(f"block {now} has no inclusion inherent")

    # -- Inherent data provider

    @classmethod
    def create_inherent(cls, data: dict[bytes, Any]) -> Call:
        """The inclusion inherent for the block being built, from the node's inherent data.

        ``data[INHERENT_IDENTIFIER]`` is ``(bitfields, backed_candidates)`` or its SCALE encoding. The offered
        data is dry-run on the current (initialized) block state in a storage transaction that is rolled back;
        if it would fail, is missing or does not decode, the inherent is the empty ``inclusion([], [])``, so the
        author still makes a valid block (reference §6).
        """
        empty = cls.tx.inclusion([], [])
        offered = data.get(INHERENT_IDENTIFIER)
        if offered is None:
            return empty
        try:  # decode, or round-trip through the codec: either way only well-typed data goes on
            raw = offered if isinstance(offered, bytes) else _DATA_CODEC.encode(tuple(offered))
            bitfields, candidates = _DATA_CODEC.decode(raw)
        except (CodecError, TypeError, ValueError):
            return empty
        state = io.state()
        state.start_transaction()
        try:
            cls.inclusion(NONE, bitfields, candidates)
        except DispatchFailure:
            return empty
        finally:
            state.rollback_transaction()
        return cls.tx.inclusion(bitfields, candidates)
