"""A validator node of the in-process network that also serves a client and a transaction pool (for JSON-RPC).

`PoolChainSubsystem` is the Chain subsystem whose blocks also carry the ready transactions of the node's
`TxPool` (after the inclusion inherent and the timestamp, which comes from the wall clock), and which tells the
`Client`'s listeners (the pool, RPC subscriptions, the node's log) of every block it imports, its own and its
peers'. `RpcValidatorNode` is a `ValidatorNode` with that Chain subsystem: its one block database is the one
the client reads, so RPC sees exactly what the subsystems built and imported.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from frame import extrinsic as xt
from frame.backend import Backend
from frame.block import Block, Digest, Header
from frame.executive import BuiltBlock
from frame.pallet import Call
from node.client import BlockNotification, Client
from node.db import BlockDb
from node.messages import AuthorBlock, BlockImportEvent
from node.network.net import Endpoint
from node.network.node import NodeEnv, ValidatorNode
from node.rpc_node import chain_type, report_unincludable
from node.subsystems.chain import ChainSubsystem
from node.txpool import PoolLimits, TxPool
from pallets.timestamp.pallet import INHERENT_IDENTIFIER as TIMESTAMP
from primitives.crypto import Keypair

__all__ = ["PoolChainSubsystem", "RpcValidatorNode", "chain_type"]

log = logging.getLogger("parahost")


class PoolChainSubsystem(ChainSubsystem):
    """Chain, authoring with `txpool`'s ready transactions too and telling `client` of each import."""

    txpool: TxPool | None = None
    client: Client | None = None

    def _build(self, request: AuthorBlock, state: Backend, parent: Header, inherents: list[Call],
               digest: Digest) -> BuiltBlock:  # fmt: skip
        """The Chain subsystem's block, with the pool's ready transactions after the node's own and the wall
        clock's timestamp; a transaction the block refused is reported invalid to the pool (unless it only has
        to wait: Future, or a full block that took others)."""
        ready = self.txpool.ready() if self.txpool is not None else []
        own = list(self._pool)
        pooled = own + [t.inner for t in ready if t.inner not in self._pool]
        built = self.executive.build_block(state, parent, inherents, pooled, digest,
                                           inherent_data={TIMESTAMP: int(time.time() * 1000)})  # fmt: skip
        if self.txpool is not None:  # the node's own extrinsics (in self._pool) are not the tx pool's
            report_unincludable(self.txpool, self.runtime, ready, built, skip=self._pool)
        for dropped, error in built.dropped:
            encoded = dropped if isinstance(dropped, bytes) else xt.encode(self.runtime, dropped)
            if encoded in self._pool and not isinstance(error, xt.Future):
                self._pool.pop(encoded, None)
        log.info("🎁 Prepared block for proposing at %d [slot %d; parent_hash: 0x%s; extrinsics (%d)]",
                 parent.number + 1, request.slot, request.parent.hex(), len(built.block.extrinsics))  # fmt: skip
        return built

    def tell_client(self, event: BlockImportEvent, block: Block) -> None:
        """A chain listener: the client's import listeners hear of the block (a failing one is logged)."""
        if self.client is None:
            return
        note = BlockNotification(event.hash, event.header, event.new_best, tuple(block.extrinsics))
        try:
            self.client.imported(note)
        except Exception:  # a listener's bug must not stop the chain
            log.exception("a block import listener failed")


class RpcValidatorNode(ValidatorNode):
    """A `ValidatorNode` whose Chain subsystem is a `PoolChainSubsystem`; `client` and `pool` exist once started.

    `client_info` is (properties, chain name, chain type) for ``system_*``."""

    def __init__(self, name: str, db_dir: str | os.PathLike[str], env: NodeEnv, key: Keypair, *,
                 pool_limits: PoolLimits | None = None,
                 client_info: tuple[dict[str, Any], str, str] = ({}, "Development", "Development"),
                 allow_new_signing_record: bool = False) -> None:  # fmt: skip
        super().__init__(name, db_dir, env, key, allow_new_signing_record=allow_new_signing_record)
        self.pool_limits = pool_limits or PoolLimits()
        self.client_info = client_info
        self.client: Client | None = None
        self.pool: TxPool | None = None

    def _chain(self, db: BlockDb, endpoint: Endpoint, key: Keypair | None) -> ChainSubsystem:
        env = self.env
        chain = PoolChainSubsystem(db, env.runtime, endpoint, clock=env.clock, rule=env.rule, key=key,
                                   stats=self.stats, sync_timeout=env.timings.request_timeout * 2)  # fmt: skip
        self.chain = chain
        properties, name, kind = self.client_info
        self.client = chain.client = Client(db, env.runtime, properties, name, kind)
        self.pool = chain.txpool = TxPool(self.client, self.pool_limits)

        def tell(event: Any, block: Any) -> None:
            chain.tell_client(event, block)
            for listener in self.chain_listeners:
                listener(event, block)

        chain.listeners.append(tell)
        return chain
