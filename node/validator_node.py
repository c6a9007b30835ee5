"""``parahost node`` on the parachain-host chain: one validator with all its subsystems, JSON-RPC, and (dev) collators.

`HostNode` runs one `RpcValidatorNode` (`node.host_chain`: the overseer with Candidate Backing, availability,
bitfields, the Provisioner and Block Authorship, whose blocks carry the inclusion inherent, the timestamp and the
transaction pool's transactions) on the in-process network, in wall-clock time, and serves JSON-RPC from its block
database (the one source of truth: ``<base path>/chain.sqlite``, beside its signing record and availability store).

Slots are the wall clock's (slot s starts at Unix time ``s * slot``), and the author of slot s is validator
``s % n`` of the n validators (`node.subsystems._slots`), so separate processes agree on slots. A lone validator
of an n-validator spec authors only its own slots, every n-th one (until the multi-process network connects the
others). With ``collators`` (``--dev``) an adder collator per adder parachain of the spec runs in the process
(``<base path>/collator-<id>``), so parachain heads advance block by block; with ``local_validators`` (``--dev``)
the spec's other validators whose keys are dev keys run in the process too (``<base path>/<name>``): availability
needs at least two validators (erasure coding, as Polkadot's, refuses one), so the dev chain has //Alice and //Bob.
The pool's ready transactions are gossiped to the other validators, which include them in their blocks too.

There is no GRANDPA: a best block is finalized once `finality_depth` blocks are built on it (0 for the dev
chain's single validator: instant finality). Logs follow a Substrate node's on the ``parahost`` logger. `stop()`
stops the RPC server, the collators and the validator (a block is imported in one SQLite transaction, so the
database is consistent whenever it stops) and closes the PVF workers.
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

import attrs

from frame.runtime import Runtime
from genesis.build import build_genesis
from genesis.keys import validator_keypair, validator_uri
from genesis.spec import ChainSpec
from node.client import BlockNotification, Client
from node.collator import CollatorNode
from node.host_chain import RpcValidatorNode
from node.network import wire
from node.network.net import Network
from node.network.node import NodeEnv, Timings, ValidatorNode
from node.pvf import PvfHost
from node.rpc import NodeInfo, RpcLimits, RpcServer, build_api
from node.rpc_node import RpcNodeParts, chain_type, short
from node.subsystems._slots import SlotClock, SlotRule
from node.txpool import PoolLimits
from parachains.adder import AdderHead, wasm
from primitives.crypto import Keypair
from primitives.errors import ParahostError
from primitives.parachain import CandidateBacked, CandidateIncluded, CandidateTimedOut, CoreStateScheduled
from runtime_api import RuntimeApi

__all__ = ["HostNode", "HostNodeConfig", "NotAValidator", "adder_paras", "spec_validators"]

log = logging.getLogger("parahost")


class NotAValidator(ParahostError):
    """The node's key is not one of the chain spec's validators."""


@attrs.frozen
class HostNodeConfig:
    """How to run a parachain-host validator node. `key_name` is how the key was given (``//Alice``)."""

    runtime: Runtime
    spec: ChainSpec
    key: Keypair
    key_name: str = "//Alice"
    base_path: str | None = None
    rpc_host: str = "127.0.0.1"
    rpc_port: int = 9944
    allow_unsafe: bool = True
    rpc_limits: RpcLimits = RpcLimits()
    pool_limits: PoolLimits = PoolLimits()
    slot_ms: int = 6000
    collators: bool = False
    local_validators: bool = False
    finality_depth: int = 0
    allow_new_signing_record: bool = False
    idle_log_seconds: float = 5.0


def spec_validators(spec: ChainSpec, runtime: Runtime) -> list[bytes]:
    """The public keys of the validators at the spec's genesis."""
    genesis = build_genesis(spec, runtime)
    return [bytes(v) for v in RuntimeApi(runtime, genesis.backend(), genesis.header).validators()]


def adder_paras(spec: ChainSpec, runtime: Runtime) -> list[int]:
    """The scheduled parachains at the spec's genesis whose validation code is the adder's."""
    genesis = build_genesis(spec, runtime)
    api = RuntimeApi(runtime, genesis.backend(), genesis.header)
    paras = [int(c.value.para_id) for c in api.availability_cores() if isinstance(c, CoreStateScheduled)]
    code = wasm()
    return [p for p in paras if bytes(api.validation_code(p) or b"") == code]


class HostNode(RpcNodeParts):
    """`await start()` (then `rpc_port` is the bound port and `failed` completes if the validator dies);
    `await stop()`."""

    def __init__(self, config: HostNodeConfig) -> None:
        super().__init__()
        self.config = config
        validators = spec_validators(config.spec, config.runtime)
        me = bytes(config.key.public_key)
        if me not in validators:
            raise NotAValidator(f"{config.key_name} (0x{me.hex()}) is not one of the {len(validators)} validators of "
                                f"the chain spec {config.spec.name!r}")  # fmt: skip
        self.index = validators.index(me)
        self.validators = validators
        self.network = Network(seed=0)
        self.pvf: PvfHost | None = None
        self.node: RpcValidatorNode | None = None
        self.collators: list[CollatorNode] = []
        self.others: list[ValidatorNode] = []
        self._gossiped: dict[bytes, None] = {}
        self.failed: asyncio.Future[None] | None = None
        self._stopping = False

    @property
    def client(self) -> Client:
        if self.node is None or self.node.client is None:
            raise RuntimeError("the node is not started")
        return self.node.client

    async def start(self) -> None:
        cfg = self.config
        loop = asyncio.get_running_loop()
        path = self._base_path(cfg.base_path)
        seconds = cfg.slot_ms / 1000
        clock = SlotClock(loop.time() - time.time(), seconds)  # slot s starts at Unix time s * seconds
        timings = Timings(slot=seconds, bitfield_delay=seconds / 4)
        self.network.use_grid(self.validators)
        self.pvf = PvfHost()
        env = NodeEnv(cfg.spec, cfg.runtime, self.network, clock, SlotRule(), self.pvf.validate_async, timings)
        name = cfg.key_name.lstrip("/").lower() or f"validator-{self.index}"
        info = (dict(cfg.spec.properties or {}), cfg.spec.name, chain_type(cfg.spec))
        node = self.node = RpcValidatorNode(name, path, env, cfg.key, pool_limits=cfg.pool_limits, client_info=info,
                                            allow_new_signing_record=cfg.allow_new_signing_record)  # fmt: skip
        self.failed = loop.create_future()
        node.start().add_done_callback(self._ended)
        client = self.client
        best = client.best_header()
        log.info("📋 Chain specification: %s", cfg.spec.name)
        log.info("🏷  Runtime: %s", client.runtime_version())
        log.info("💾 Database: SQLite at %s", path)
        log.info("🔨 Genesis block: header-hash 0x%s", client.genesis_hash.hex())
        log.info("👤 Validator %s (index %d of %d), key 0x%s", cfg.key_name, self.index, len(self.validators),
                 cfg.key.public_key.hex())  # fmt: skip
        if len(self.validators) > 1:
            alone = "the others run in this process" if cfg.local_validators else "alone until peers connect"
            log.info("⏱  Slots of %d ms; this validator authors the slots s with s %% %d == %d (%s)", cfg.slot_ms,
                     len(self.validators), self.index, alone)  # fmt: skip
        else:
            log.info("⏱  Slots of %d ms; the only validator authors every slot", cfg.slot_ms)
        log.info("📦 Best block: #%d", best.number)
        if node.pool is None:
            raise RuntimeError("the validator started without its transaction pool")
        api = build_api(client, node.pool, NodeInfo(), cfg.allow_unsafe)
        self.server = RpcServer(api, cfg.rpc_host, cfg.rpc_port, cfg.rpc_limits)
        await self.server.start()
        log.info("Running JSON-RPC server: addr=%s:%d, allowed origins=[\"*\"]", cfg.rpc_host, self.server.port)
        client.on_import(self._on_import)
        client.on_finalized(lambda n: log.info("✨ Finalized #%d (%s)", n.header.number, short(n.hash)))
        if cfg.collators:
            for para in adder_paras(cfg.spec, cfg.runtime):
                collator = CollatorNode(para, Path(path) / f"collator-{para}", env)
                collator.start().add_done_callback(self._ended)
                self.collators.append(collator)
                log.info("🧩 Adder collator for parachain %d running in this process", para)
        if cfg.local_validators:
            self._start_others(env, Path(path))
        node.pool.on_ready(self._gossip_ready)
        self._tasks = [asyncio.create_task(self._informant())]

    def _start_others(self, env: NodeEnv, path: Path) -> None:
        """The spec's other validators with dev keys, in this process."""
        for i in range(1, len(self.validators) + 1):
            key = validator_keypair(i)
            public = bytes(key.public_key)
            if public not in self.validators or public == bytes(self.config.key.public_key):
                continue
            name = validator_uri(i)[2:].lower()
            other = ValidatorNode(name, path / name, env, key, allow_new_signing_record=True)
            other.start().add_done_callback(self._ended)
            self.others.append(other)
            log.info("👥 Validator %s (index %d) running in this process", validator_uri(i),
                     self.validators.index(bytes(key.public_key)))  # fmt: skip

    def _gossip_ready(self) -> None:
        """Offer the pool's new ready transactions to the other validators (their blocks include them too)."""
        node = self.node
        if node is None or node.pool is None or node.endpoint is None:
            return
        for tx in node.pool.ready():
            if tx.hash not in self._gossiped:
                self._gossiped[tx.hash] = None
                node.endpoint.gossip(wire.TX, wire.TransactionGossip(tx.inner))
        while len(self._gossiped) > 100_000:
            del self._gossiped[next(iter(self._gossiped))]

    def _ended(self, task: asyncio.Task[None]) -> None:
        if self._stopping or task.cancelled() or self.failed is None or self.failed.done():
            return
        error = task.exception()
        self.failed.set_exception(error if error is not None else RuntimeError("a node stopped by itself"))

    def _on_import(self, note: BlockNotification) -> None:
        log.info("🏆 Imported #%d (%s)%s", note.header.number, short(note.hash), "" if note.is_best else " (fork)")
        if not note.is_best:
            return
        client = self.client
        self._log_paras(note)
        target = note.header.number - self.config.finality_depth
        finalized = client.header(client.finalized_hash)
        if target > 0 and finalized is not None and target > finalized.number:
            h = client.block_hash(target)
            if h is not None:
                client.finalize(h)

    def _log_paras(self, note: BlockNotification) -> None:
        client = self.client
        try:
            events = RuntimeApi(client.runtime, client.state(note.hash), note.header).candidate_events()
        except ParahostError:
            return
        for e in events:
            para = int(e.receipt.parachain_index)
            if isinstance(e, CandidateIncluded):
                try:
                    head = f"head #{AdderHead.decode(bytes(e.head_data)).number}"
                except ParahostError:
                    head = f"head 0x{bytes(e.head_data)[:4].hex()}…"
                log.info("⛓  Parachain %d: candidate included in #%d, %s", para, note.header.number, head)
            elif isinstance(e, CandidateBacked):
                log.info("⛓  Parachain %d: candidate backed in #%d", para, note.header.number)
            elif isinstance(e, CandidateTimedOut):
                log.info("⛓  Parachain %d: candidate timed out in #%d", para, note.header.number)

    async def _informant(self) -> None:
        while True:
            await asyncio.sleep(self.config.idle_log_seconds)
            if self.node is None or self.node.client is None or self.node.pool is None:
                continue
            client = self.node.client
            best, fin = client.best_header(), client.header(client.finalized_hash)
            ready, future = self.node.pool.status()
            peers = max(0, len(self.network.peers()) - 1)
            log.info("💤 Idle (%d peers), best: #%d (%s), finalized #%d (%s), txpool: ready %d future %d", peers,
                     best.number, short(client.best_hash), fin.number if fin else 0, short(client.finalized_hash),
                     ready, future)  # fmt: skip

    async def stop(self) -> None:
        self._stopping = True
        await self._stop_tasks_and_server()
        for other in [*self.collators, *self.others]:
            await other.stop()
        node = self.node
        if node is not None:
            best = node.db.best_header().number if node.db is not None and node.running else None
            await node.stop()
            if best is not None:
                log.info("Database closed at best #%d", best)
        if self.pvf is not None:
            self.pvf.close()
            self.pvf = None
        self._remove_tmp()
