"""The Collator Protocol: collators send collations to the validators assigned to their para; validators
pass one at a time to Candidate Backing to second.

Collator side (`CollatorSideSubsystem`, in a collator node): on each active leaf where its para is scheduled
on a core, it finds the group assigned to that core (runtime APIs: availability cores, validator groups with
the rotation, validators), builds a collation on the para's head at the leaf (`collate`), puts the erasure root
of its `AvailableData` (the PoV and the validation data at the leaf) for the session's validator count in the
receipt's commitments (unless `collate` set one: a zero root means "not computed"), and offers it to every
validator of the group (again after `resend_after` seconds, for lossy networks).

Validator side (`CollatorProtocolSubsystem`): one job per active leaf keeps the offers that check out (for
this relay parent, collator signature good, PoV matching the receipt), and asks Candidate Backing to
`Second` the first; if that one is rejected (invalid, or not ours), the next; once one is seconded, no more.
Offers that arrive before their relay parent is imported wait for it.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable

from node.availability import encode_available_data, erasure_root, obtain_chunks
from node.messages import (
    CollationRejected,
    CollationSeconded,
    CollatorProtocolMessage,
    OverseerSignal,
    PeerMessage,
    RuntimeApiQuery,
    Second,
    StartWork,
    StopWork,
)
from node.network import wire
from node.network.net import Endpoint
from node.overseer import Subsystem, SubsystemContext
from node.subsystems._jobs import Job, JobManager
from node.subsystems._relay_info import query, relay_parent_info
from node.subsystems.runtime_api import RuntimeApiUnavailable
from primitives.parachain import (
    ZERO_HASH,
    AbridgedCandidateReceipt,
    AvailableData,
    GlobalValidationSchedule,
    LocalValidationData,
    OmittedValidationData,
    PoV,
)
from primitives.types import evolve

__all__ = ["Collate", "CollatorProtocolSubsystem", "CollatorSideSubsystem"]

#: Builds a collation for a relay parent from the para's validation data there (None: nothing to offer).
Collate = Callable[[bytes, LocalValidationData, GlobalValidationSchedule], tuple[AbridgedCandidateReceipt, PoV] | None]

# ---------------------------------------------------------------------------------------------
# Validator side


class _Job(Job):
    def __init__(self, ctx: SubsystemContext, relay_parent: bytes) -> None:
        super().__init__(ctx, relay_parent)
        self.offers: OrderedDict[bytes, tuple[AbridgedCandidateReceipt, PoV]] = OrderedDict()
        self.tried: set[bytes] = set()
        self.current: bytes | None = None
        self.seconded: bytes | None = None

    async def run(self) -> None:
        while True:
            message = await self.inbox.get()
            if isinstance(message, PeerMessage):
                offer = message.payload
                receipt, pov = offer.candidate, offer.pov
                h = receipt.hash()
                if (
                    h in self.offers
                    or bytes(receipt.relay_parent) != self.relay_parent
                    or pov.hash() != bytes(receipt.pov_block_hash)
                    or not receipt.check_collator_signature()
                ):
                    continue  # fmt: skip
                self.offers[h] = (receipt, pov)
            elif isinstance(message, CollationSeconded):
                self.seconded = message.candidate_hash
            elif isinstance(message, CollationRejected) and message.candidate_hash == self.current:
                self.current = None
            await self._next()

    async def _next(self) -> None:
        if self.seconded is not None or self.current is not None:
            return
        for h, (receipt, pov) in self.offers.items():
            if h not in self.tried:
                self.tried.add(h)
                self.current = h
                await self.ctx.send(Second(self.relay_parent, receipt, pov))
                return


class CollatorProtocolSubsystem(Subsystem):
    """The validator side: collations from collators to Candidate Backing."""

    name = "collator-protocol"
    handles = (CollatorProtocolMessage,)
    protocols = (wire.COLLATION,)

    async def run(self, ctx: SubsystemContext) -> None:
        jobs = JobManager(ctx, lambda rp: _Job(ctx, rp))
        while True:
            message = await ctx.recv()
            if isinstance(message, OverseerSignal):
                jobs.on_signal(message)
            elif isinstance(message, CollationSeconded | CollationRejected):
                jobs.dispatch(message.relay_parent, message)
            elif isinstance(message, PeerMessage) and isinstance(message.payload, wire.CollationOffer):
                jobs.dispatch(message.payload.relay_parent, message)


# ---------------------------------------------------------------------------------------------
# Collator side


class CollatorSideSubsystem(Subsystem):
    """The collator side for `para_id`: collations from `collate`, offered through `endpoint`."""

    name = "collator-protocol"
    handles = (CollatorProtocolMessage,)
    protocols = (wire.COLLATION,)

    def __init__(self, para_id: int, collate: Collate, endpoint: Endpoint, *, resend_after: float = 0.5) -> None:
        self.para_id = para_id
        self.collate = collate
        self.endpoint = endpoint
        self.resend_after = resend_after
        #: (relay parent, candidate hash) of every collation offered
        self.offered: list[tuple[bytes, bytes]] = []

    async def run(self, ctx: SubsystemContext) -> None:
        tasks: dict[bytes, asyncio.Task[None]] = {}
        while True:
            message = await ctx.recv()
            if isinstance(message, StartWork):
                tasks[message.relay_parent] = ctx.spawn(self._offer(ctx, message.relay_parent), "collate")
            elif isinstance(message, StopWork):
                task = tasks.pop(message.relay_parent, None)
                if task is not None:
                    task.cancel()

    async def _offer(self, ctx: SubsystemContext, relay_parent: bytes) -> None:
        try:
            info = await relay_parent_info(ctx, relay_parent)
            group = info.backing_group(self.para_id)
            if not group:
                return
            local = await query(ctx, relay_parent, RuntimeApiQuery.LocalValidationData,
                                (self.para_id, info.assumption(self.para_id)))  # fmt: skip
            schedule = await query(ctx, relay_parent, RuntimeApiQuery.GlobalValidationSchedule)
        except RuntimeApiUnavailable:
            return
        if local is None:
            return
        made = self.collate(relay_parent, local, schedule)
        if made is None:
            return
        receipt, pov = made
        if bytes(receipt.commitments.erasure_root) == ZERO_HASH:
            data = AvailableData(pov, OmittedValidationData(schedule, local))
            root = erasure_root(obtain_chunks(len(info.validators), encode_available_data(data)))
            receipt = evolve(receipt, commitments=evolve(receipt.commitments, erasure_root=root))
        self.offered.append((relay_parent, receipt.hash()))
        offer = wire.CollationOffer(relay_parent, receipt, pov)
        peers = [p for p in (self.endpoint.peer_of(info.validators[v]) for v in group) if p is not None]
        for attempt in range(2):
            if attempt:
                await asyncio.sleep(self.resend_after)
            for peer in peers:
                self.endpoint.send(peer, wire.COLLATION, offer)
