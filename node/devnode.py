"""A single-authority development node: a chain from a dev chain spec, a transaction pool, JSON-RPC, and an author.

The database is a SQLite block database (`node.db`) under the base path, or in a temporary folder removed at
the end. //Alice is the only authority: blocks carry no seal and are finalized as soon as they are imported
(instant finality: with one author there is nothing to agree on). Blocks are authored either every
`block_time_ms` milliseconds or, with instant seal (`block_time_ms=None`), as soon as the pool holds ready
transactions. Logs follow a Substrate node's (imported blocks with numbers and hashes, the pool's size) on the
``parahost`` logger. `stop()` ends the RPC server and the author and closes the database; a block is imported in
one SQLite transaction, so the database is consistent whenever the node stops.
"""

from __future__ import annotations

import asyncio
import logging

import attrs

from frame.runtime import Runtime
from genesis.spec import ChainSpec
from node.client import Client
from node.db import BlockDb
from node.rpc import NodeInfo, RpcLimits, RpcServer, build_api
from node.rpc_node import RpcNodeParts, chain_type, report_unincludable, short
from node.txpool import PoolLimits, TxPool

__all__ = ["DevNode", "DevNodeConfig"]

log = logging.getLogger("parahost")


@attrs.frozen
class DevNodeConfig:
    """How to run a dev node. `block_time_ms` None: instant seal. `rpc_port` 0: any free port."""

    runtime: Runtime
    spec: ChainSpec
    base_path: str | None = None
    rpc_host: str = "127.0.0.1"
    rpc_port: int = 9944
    block_time_ms: int | None = None
    allow_unsafe: bool = True
    rpc_limits: RpcLimits = RpcLimits()
    pool_limits: PoolLimits = PoolLimits()
    idle_log_seconds: float = 5.0


class DevNode(RpcNodeParts):
    """`await start()`, then `rpc_port` is the bound port; `await stop()`."""

    def __init__(self, config: DevNodeConfig) -> None:
        super().__init__()
        self.config = config
        self._wake = asyncio.Event()
        self.client: Client | None = None
        self.pool: TxPool | None = None

    async def start(self) -> None:
        cfg = self.config
        path = self._base_path(cfg.base_path)
        db = BlockDb.open(path, cfg.spec, cfg.runtime)
        self.client = client = Client(db, cfg.runtime, cfg.spec.properties, cfg.spec.name, chain_type(cfg.spec))
        self.pool = pool = TxPool(client, cfg.pool_limits)
        best = client.best_header()
        log.info("📋 Chain specification: %s", cfg.spec.name)
        log.info("🏷  Runtime: %s", client.runtime_version())
        log.info("💾 Database: SQLite at %s", path)
        log.info("🔨 Initializing Genesis block/state (state: 0x%s, header-hash: 0x%s)",
                 db.header(0).state_root.hex() if db.header(0) else "?", client.genesis_hash.hex())  # type: ignore[union-attr]
        log.info("📦 Best block: #%d", best.number)
        api = build_api(client, pool, NodeInfo(), cfg.allow_unsafe)
        self.server = RpcServer(api, cfg.rpc_host, cfg.rpc_port, cfg.rpc_limits)
        await self.server.start()
        log.info("Running JSON-RPC server: addr=%s:%d, allowed origins=[\"*\"]", cfg.rpc_host, self.server.port)
        client.on_import(lambda n: log.info("🏆 Imported #%d (%s)", n.header.number, short(n.hash)))
        if cfg.block_time_ms is None:
            pool.on_ready(self._wake.set)
            log.info("⚡ Instant seal: a block as soon as a transaction is ready")
        self._tasks = [asyncio.create_task(self._author()), asyncio.create_task(self._informant())]

    async def _author(self) -> None:
        interval = self.config.block_time_ms
        while True:
            if interval is None:
                await self._wake.wait()
                self._wake.clear()
                if self.pool is None or not self.pool.status()[0]:
                    continue
            else:
                await asyncio.sleep(interval / 1000)
            try:
                self.seal()
            except Exception:  # an authoring failure is logged; the node keeps serving
                log.exception("block authoring failed")
            await asyncio.sleep(0)

    def seal(self) -> None:
        """Author one block now with the pool's ready transactions."""
        if self.client is None or self.pool is None:
            raise RuntimeError("the node is not started")
        ready = self.pool.ready()
        parent = self.client.best_hash
        log.info("🙌 Starting consensus session on top of parent %s", short(parent))
        note, built = self.client.author_block([t.inner for t in ready])
        took_any = report_unincludable(self.pool, self.client.runtime, ready, built)
        if took_any and self.pool.status()[0] and self.config.block_time_ms is None:
            self._wake.set()  # instant seal: what a full block left out goes into the next one
        log.info("🎁 Prepared block for proposing at %d [hash: 0x%s; parent_hash: 0x%s; extrinsics (%d)]",
                 note.header.number, note.hash.hex(), parent.hex(), len(built.block.extrinsics))  # fmt: skip

    async def _informant(self) -> None:
        while True:
            await asyncio.sleep(self.config.idle_log_seconds)
            if self.client is None or self.pool is None:
                continue
            best, fin = self.client.best_header(), self.client.finalized_hash
            ready, future = self.pool.status()
            log.info("💤 Idle (0 peers), best: #%d (%s), finalized (%s), txpool: ready %d future %d",
                     best.number, short(self.client.best_hash), short(fin), ready, future)  # fmt: skip

    async def stop(self) -> None:
        await self._stop_tasks_and_server()
        if self.client is not None:
            self.client.close()
            log.info("Database closed at best #%d", self.client.best_header().number)
        self._remove_tmp()
