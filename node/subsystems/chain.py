"""The Chain subsystem: the block database's owner. Imports blocks from peers (fetching unknown ancestors),
authors blocks for Block Authorship, keeps a transaction pool, and tells the overseer of every import.

Fork choice is the block database's: the longest chain, the first block seen at a height winning a tie;
competing forks are imported and kept. A block from a peer is checked for its slot (`_slots`) and then
executed; a bad one is refused, counted and not passed on. Every newly imported block is announced to all
peers (flooding), so blocks get through a lossy network. Transactions are signed extrinsics gossiped to all;
one double-vote report per offence is pooled and included, by a key naming the offence.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from frame import extrinsic as xt
from frame.backend import Backend
from frame.block import Block, Digest, Header
from frame.executive import BuiltBlock, Executive, InvalidBlock
from frame.pallet import Call
from frame.runtime import Runtime
from node.db import BlockDb, BlockDbError
from node.db.shared import answer_shared
from node.messages import (
    AuthorBlock,
    BlockImportEvent,
    ChainMessage,
    HeaderRequest,
    PeerMessage,
    PeerRequest,
    RuntimeApiQuery,
    SubmitExtrinsic,
)
from node.network import wire
from node.network.net import Endpoint
from node.overseer import Subsystem, SubsystemContext
from node.subsystems._slots import SlotClock, SlotRule, slot_digest, slot_of
from node.subsystems._stats import NodeStats
from node.subsystems.runtime_api import account_nonce
from pallets.inclusion_inherent import InclusionInherent, inclusion_inherent_for
from pallets.validity import Validity
from primitives.crypto import Keypair
from runtime_api import RuntimeApi

__all__ = ["ChainSubsystem", "report_key"]

log = logging.getLogger("parahost.chain")
#: How far back a node fetches unknown ancestors of an announced block.
MAX_SYNC = 256


def report_key(call: Call) -> Any:
    """What a call reports, so that one report per offence is pooled (None for other calls)."""
    if call.pallet is Validity and call.name == "report_double_vote":
        report = call.args[0]
        return ("double-vote", report.context.session_index, report.first.validator_index)
    return None


class ChainSubsystem(Subsystem):
    """Owns `db`. `key` signs this node's extrinsics (None: a node without an account, e.g. a collator)."""

    name = "chain"
    handles = (ChainMessage,)
    protocols = (wire.BLOCK, wire.TX)

    def __init__(self, db: BlockDb, runtime: Runtime, endpoint: Endpoint, *, clock: SlotClock, rule: SlotRule,
                 key: Keypair | None = None, stats: NodeStats | None = None,
                 sync_timeout: float = 0.5) -> None:  # fmt: skip
        self.db = db
        self.runtime = runtime
        self.endpoint = endpoint
        self.clock = clock
        self.rule = rule
        self.key = key
        self.stats = stats or NodeStats()
        self.sync_timeout = sync_timeout
        self.executive = Executive(runtime, db.genesis_hash)
        #: called with each import event and its block (tools and tests observe the chain with these)
        self.listeners: list[Callable[[BlockImportEvent, Block], None]] = []
        self._pool: OrderedDict[bytes, Any] = OrderedDict()  # extrinsic -> what it reports
        self._own: set[bytes] = set()
        self._done: set[Any] = set()  # offences already reported on chain
        self._syncing: set[bytes] = set()

    async def run(self, ctx: SubsystemContext) -> None:
        best = self.db.block(self.db.best_hash)
        if best is not None and best.header.number > 0:  # back from a restart: peers may lack our best block
            self.endpoint.gossip(wire.BLOCK, wire.BlockAnnounce(best))
        while True:
            message = await ctx.recv()
            if isinstance(message, PeerMessage):
                await self._on_peer_message(ctx, message)
            elif isinstance(message, PeerRequest):
                if isinstance(message.payload, wire.BlockRequestPayload) and not message.reply.done():
                    message.reply.set_result(self.db.block(message.payload.hash))
            elif isinstance(message, AuthorBlock):
                event = await self._author(ctx, message)
                if not message.reply.done():
                    message.reply.set_result(event)
            elif isinstance(message, SubmitExtrinsic):
                self._submit(message)
            elif isinstance(message, HeaderRequest):
                if not message.reply.done():
                    message.reply.set_result(self.db.header(message.hash))

    # -- importing

    async def _on_peer_message(self, ctx: SubsystemContext, message: PeerMessage) -> None:
        payload = message.payload
        if isinstance(payload, wire.TransactionGossip):
            self._pool_extrinsic(payload.extrinsic, message.peer)
        elif isinstance(payload, wire.BlockAnnounce):
            block = payload.block
            block_hash = block.header.hash()
            if self.db.header(block_hash) is not None or block_hash in self._syncing:
                return
            if self.db.header(block.header.parent_hash) is None:
                self._syncing.add(block_hash)
                ctx.spawn(self._sync(ctx, message.peer, block, block_hash), "sync")
                return
            await self._import(ctx, block, message.peer)

    async def _sync(self, ctx: SubsystemContext, peer: str, block: Block, block_hash: bytes) -> None:
        """Fetch the unknown ancestors of `block` from `peer` (then from other peers), and import them all."""
        try:
            chain = [block]
            missing = block.header.parent_hash
            for _ in range(MAX_SYNC):
                if self.db.header(missing) is not None:
                    break
                got = await self._fetch(peer, missing)
                if got is None or got.header.hash() != missing:
                    return
                chain.append(got)
                missing = got.header.parent_hash
            else:
                return
            for b in reversed(chain):
                if not await self._import(ctx, b, peer):
                    return
        finally:
            self._syncing.discard(block_hash)

    async def _fetch(self, peer: str, block_hash: bytes) -> Block | None:
        candidates = [peer] + [p for p in self.endpoint.network.peers() if p not in (peer, self.endpoint.peer_id)]
        for who in candidates[:4]:
            got = await self.endpoint.request(who, wire.BLOCK, wire.BlockRequestPayload(block_hash), self.sync_timeout)
            if isinstance(got, Block):
                return got
        return None

    def _check_slot(self, block: Block) -> str | None:
        header = block.header
        parent = self.db.header(header.parent_hash)
        assert parent is not None
        slot, author = slot_of(header)
        if author is None:
            return "no slot digest"
        parent_slot, _ = slot_of(parent)
        if slot <= parent_slot:
            return f"slot {slot} is not after the parent's slot {parent_slot}"
        now = self.clock.slot_at(self._now())
        if slot > now + 1:
            return f"slot {slot} is in the future (now {now})"
        at = header.parent_hash
        n = len(answer_shared(self.runtime, at, RuntimeApiQuery.Validators, None,
                              lambda: RuntimeApi(self.runtime, self.db.state_at(at), parent).validators()))  # fmt: skip
        if author not in self.rule.authors(slot, n):
            return f"validator {author} may not author slot {slot} (authors {self.rule.authors(slot, n)})"
        return None

    @staticmethod
    def _now() -> float:
        return asyncio.get_running_loop().time()

    async def _import(self, ctx: SubsystemContext, block: Block, peer: str | None,
                      built: BuiltBlock | None = None) -> BlockImportEvent | None:  # fmt: skip
        block_hash = block.header.hash()
        if self.db.header(block_hash) is not None:
            return None
        try:
            if peer is not None:
                problem = self._check_slot(block)
                if problem is not None:
                    raise InvalidBlock(problem)
            imported = self.db.import_block(block, built)
        except (InvalidBlock, BlockDbError) as e:
            self.stats.bad_blocks += 1
            log.warning("%s: refused block #%d 0x%s from %s: %s", ctx.node, block.header.number,
                        block_hash.hex()[:8], peer, e)  # fmt: skip
            return None
        if peer is not None:
            self.stats.blocks_imported += 1
        event = BlockImportEvent(imported.hash, imported.header, imported.best)
        self._note_included(block)
        self.endpoint.gossip(wire.BLOCK, wire.BlockAnnounce(block), exclude=peer)
        for listener in self.listeners:
            listener(event, block)
        await ctx.send(event)
        return event

    # -- authoring

    async def _author(self, ctx: SubsystemContext, request: AuthorBlock) -> BlockImportEvent | None:
        parent = self.db.header(request.parent)
        if parent is None:
            return None
        state = self.db.state_at(request.parent)
        digest = slot_digest(request.slot, request.author)
        inherent = inclusion_inherent_for(self.executive, state, parent, request.bitfields, request.candidates,
                                          digest)  # fmt: skip
        if (request.bitfields or request.candidates) and inherent.args == ([], []):
            self.stats.inherent_fallbacks += 1
            log.warning("%s: the offered inclusion data does not apply on #%d; trying the bitfields alone",
                        ctx.node, parent.number)  # fmt: skip
            inherent = inclusion_inherent_for(self.executive, state, parent, request.bitfields, (), digest)
        inherents = [inherent]
        for pallet in self.runtime.pallet_classes:
            if pallet is not InclusionInherent:
                made = pallet.create_inherent({})
                if made is not None:
                    inherents.append(made)
        built = self._build(request, state, parent, inherents, digest)
        self.stats.blocks_authored += 1
        return await self._import(ctx, built.block, None, built)

    def _build(self, request: AuthorBlock, state: Backend, parent: Header, inherents: list[Call],
               digest: Digest) -> BuiltBlock:  # fmt: skip
        """Build the authored block on `parent` from `inherents` and the pooled extrinsics (a subclass may add
        transactions of its own); a pooled extrinsic the block dropped leaves the pool unless it is Future."""
        pooled = list(self._pool)
        built = self.executive.build_block(state, parent, inherents, pooled, digest)
        for dropped, error in built.dropped:
            encoded = dropped if isinstance(dropped, bytes) else xt.encode(self.runtime, dropped)
            if not isinstance(error, xt.Future):
                self._pool.pop(encoded, None)
        return built

    # -- transactions

    def _submit(self, request: SubmitExtrinsic) -> None:
        if self.key is None or (request.key is not None and (request.key in self._done
                                                             or request.key in self._pool.values())):  # fmt: skip
            return
        best = self.db.best_hash
        nonce = account_nonce(self.runtime, self.db.state_at(best), self.key.public_key)
        nonce += sum(1 for e in self._pool if e in self._own)
        encoded = xt.encode(self.runtime, xt.sign(self.runtime, request.call, self.key, nonce, self.db.genesis_hash))
        self._own.add(encoded)
        self._pool[encoded] = request.key
        self.stats.reports_submitted += request.key is not None
        self.endpoint.gossip(wire.TX, wire.TransactionGossip(encoded))

    def _pool_extrinsic(self, encoded: bytes, peer: str | None) -> None:
        if encoded in self._pool:
            return
        try:
            decoded, _ = xt.decode(self.runtime, encoded)
        except xt.TransactionValidityError:
            return
        key = report_key(decoded.call)
        if key is not None and (key in self._done or key in self._pool.values()):
            return
        self._pool[encoded] = key
        self.endpoint.gossip(wire.TX, wire.TransactionGossip(encoded), exclude=peer)

    def _note_included(self, block: Block) -> None:
        for encoded in block.extrinsics:
            if not encoded or encoded[0] != xt.SIGNED_VERSION:
                continue
            self._pool.pop(encoded, None)
            self._own.discard(encoded)
            try:
                key = report_key(xt.decode(self.runtime, encoded)[0].call)
            except xt.TransactionValidityError:
                continue
            if key is not None:
                self._done.add(key)
                for e in [e for e, k in self._pool.items() if k == key]:
                    del self._pool[e]
                    self._own.discard(e)
