"""A local network: validator nodes and adder collators of one chain spec on the in-process network.

`LocalNetwork(spec, db_dir, ...)` finds the spec's validators whose keys it knows (the dev keys of
`genesis.keys`: //Alice ... //Ferdie, //Validator7 ...; a validator with another key stays offline), takes
``floor(offline * n)`` of them offline (chosen with the seed), and starts one `ValidatorNode` per online
validator (directory ``db_dir/<name>``) and one adder `CollatorNode` per parachain whose code is the adder's
(``db_dir/collator-<id>``). All share one PVF host. The first online validator is the observer: its chain is
what `run` reports (`node.network.report`: one `BlockRecord` per imported block, and a `RunResult` at the end:
with each validator's availability-store bytes against what full replication of every candidate's data would have
cost it, and `check_recovery`'s count of included candidates whose data the observer recovered from chunks).
"""

from __future__ import annotations

import asyncio
import math
import os
import random
import resource
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from frame.block import Block
from frame.runtime import Runtime
from genesis.build import build_genesis
from genesis.keys import validator_keypair, validator_uri
from genesis.spec import ChainSpec
from node.collator import AdderCollation, CollatorNode
from node.db import DB_FILE, BlockDb
from node.db.shared import shared_work
from node.messages import BlockImportEvent, RecoverAvailableData
from node.network.net import Network
from node.network.node import Node, NodeEnv, Timings, ValidatorNode, blocking
from node.network.report import BlockRecord, ParaSummary, RunResult, block_record, run_result
from node.pvf import PvfHost
from node.subsystems._slots import SlotClock, SlotRule, slot_of
from node.subsystems.candidate_backing import CandidateBackingJob
from parachains.adder import wasm
from primitives.crypto import Keypair, shared_verdicts
from primitives.errors import ParahostError
from primitives.parachain import AbridgedCandidateReceipt, AvailableData, CoreStateScheduled
from runtime_api import RuntimeApi

__all__ = ["BlockRecord", "LocalNetwork", "NetworkError", "ParaSummary", "RunResult", "raise_fd_limit"]


_TIMINGS = Timings()
_RULE = SlotRule()


class NetworkError(ParahostError):
    """The local network cannot be set up or did not get where it was asked to."""


def raise_fd_limit() -> int:
    """Raise this process's open-file limit (RLIMIT_NOFILE) to its hard limit (every node keeps several SQLite
    files open: nothing but time and memory may limit a simulation's size); the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            return soft
        return target
    return soft


def _known_keys(n: int) -> dict[bytes, tuple[str, Keypair]]:
    """The dev validator keys of the presets, for a set of `n` validators: public key -> (name, key pair)."""
    out = {}
    for i in range(1, n + 1):
        kp = validator_keypair(i)
        out[bytes(kp.public_key)] = (validator_uri(i)[2:].lower(), kp)
    return out


class LocalNetwork:
    """Validators and collators of `spec` on one in-process network (see the module docstring).

    `backing_jobs` gives some validators (by index) another backing job class; `collations` gives some paras
    another collation builder; `offline_validators` names the offline validators instead of `offline`;
    `allow_new_signing_record` lets validators that ran before start without their signing record. `share`
    (default on) verifies each signature once for all nodes (`crypto.shared_verdicts`) and executes each block
    once per parent state, answers each runtime API query once per block and builds the genesis once
    (`node.db.shared`); none of it can change what happens, only how long it takes.
    """

    def __init__(self, spec: ChainSpec, db_dir: str | os.PathLike[str], *, runtime: Runtime | None = None,
                 loss: float = 0.0, offline: float = 0.0, seed: int = 0, timings: Timings = _TIMINGS,
                 latency: tuple[float, float] = (0.01, 0.1), rule: SlotRule = _RULE, virtual: bool = True,
                 pvf: PvfHost | None = None, backing_jobs: dict[int, type[CandidateBackingJob]] | None = None,
                 collations: dict[int, AdderCollation] | None = None,
                 offline_validators: list[int] | None = None,
                 allow_new_signing_record: bool = False, share: bool = True) -> None:  # fmt: skip
        if not 0.0 <= offline < 1.0:
            raise NetworkError(f"--offline {offline}: the fraction of offline validators must be in [0, 1)")
        if runtime is None:
            from runtime.parachain import ParachainRuntime

            runtime = ParachainRuntime
        self.spec, self.runtime, self.dir = spec, runtime, Path(db_dir)
        self.seed, self.timings, self.rule, self.virtual = seed, timings, rule, virtual
        self.network = Network(seed=seed, loss=loss, latency=latency)
        self._own_pvf = pvf is None
        self.pvf = pvf
        genesis = build_genesis(spec, runtime)
        api = RuntimeApi(runtime, genesis.backend(), genesis.header)
        self.validator_ids = [bytes(v) for v in api.validators()]
        self.network.use_grid(self.validator_ids)
        self.share = share
        self._shared = ExitStack()
        n = len(self.validator_ids)
        known = _known_keys(n)
        if offline_validators is None:
            offline_validators = sorted(random.Random(seed).sample(range(n), math.floor(offline * n)))
        self.offline = [i for i in range(n) if i in offline_validators or self.validator_ids[i] not in known]
        self.names = [known[v][0] if v in known else f"validator-{i}" for i, v in enumerate(self.validator_ids)]
        self._keys = {i: known[v][1] for i, v in enumerate(self.validator_ids) if i not in self.offline}
        if not self._keys:
            raise NetworkError("no validator of the chain spec can run here (none has a known dev key, or all are "
                               "offline)")  # fmt: skip
        adder = wasm()
        self.paras = [int(c.value.para_id) for c in api.availability_cores() if isinstance(c, CoreStateScheduled)]
        self.collated = [p for p in self.paras if bytes(api.validation_code(p) or b"") == adder]
        self._backing_jobs = backing_jobs or {}
        self.allow_new_signing_record = allow_new_signing_record
        self._collations = collations or {}
        self.nodes: dict[str, ValidatorNode] = {}
        self.collators: dict[int, CollatorNode] = {}
        self.records: dict[bytes, BlockRecord] = {}
        #: block hash -> the receipts of the candidates included in it (as the observer saw them)
        self.included: dict[bytes, list[AbridgedCandidateReceipt]] = {}
        self.recovery: tuple[int, int] = (0, 0)
        self.on_block: Callable[[BlockRecord], None] | None = None
        self.env: NodeEnv | None = None
        self._failure: asyncio.Future[None] | None = None
        self._target: tuple[int, asyncio.Event] | None = None

    # -- running

    @property
    def observer(self) -> ValidatorNode:
        return self.nodes[self.names[min(self._keys)]]

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        raise_fd_limit()
        if self.share:
            self._shared.enter_context(shared_verdicts())
            self._shared.enter_context(shared_work())
        if self.pvf is None:
            self.pvf = PvfHost(workers=1 if self.virtual else None)
        validate = blocking(self.pvf.validate) if self.virtual else self.pvf.validate_async
        clock = SlotClock(loop.time() - self._resume_slot() * self.timings.slot, self.timings.slot)
        self.env = NodeEnv(self.spec, self.runtime, self.network, clock, self.rule, validate, self.timings)
        self._failure = loop.create_future()
        for i, key in sorted(self._keys.items()):
            name = self.names[i]
            job = self._backing_jobs.get(i, CandidateBackingJob)
            self.nodes[name] = ValidatorNode(name, self.dir / name, self.env, key, backing_job=job,
                                             allow_new_signing_record=self.allow_new_signing_record)  # fmt: skip
        for para in self.collated:
            self.collators[para] = CollatorNode(para, self.dir / f"collator-{para}", self.env,
                                                collation=self._collations.get(para))  # fmt: skip
        self.observer.chain_listeners.append(self._observe)
        for node in [*self.nodes.values(), *self.collators.values()]:
            self._launch(node)

    def _resume_slot(self) -> int:
        """The latest slot in the nodes' existing databases (0 for new ones): the clock continues from it."""
        latest = 0
        for i in self._keys:
            where = self.dir / self.names[i]
            if (where / DB_FILE).exists():
                with BlockDb.open(where, read_only=True) as db:
                    latest = max(latest, slot_of(db.best_header())[0])
        return latest

    def _launch(self, node: Node) -> None:
        task = node.start()

        def ended(t: asyncio.Task[None]) -> None:
            if t.cancelled() or self._failure is None or self._failure.done():
                return
            error = t.exception()
            if error is not None:
                self._failure.set_exception(error)

        task.add_done_callback(ended)

    async def restart(self, name: str) -> ValidatorNode:
        """Start a stopped validator again from its directory."""
        node = self.nodes[name]
        await node.stop()
        self._launch(node)
        return node

    async def run_until(self, number: int, timeout: float | None = None) -> None:
        """Wait until the observer's best block is `number` (NetworkError after `timeout` seconds)."""
        assert self._failure is not None
        if timeout is None:
            timeout = (number + 5) * self.timings.slot * 4
        event = asyncio.Event()
        self._target = (number, event)
        db = self.observer.db
        if db is not None and db.best_header().number >= number:
            event.set()
        waiter: asyncio.Future[Any] = asyncio.ensure_future(event.wait())
        failure: asyncio.Future[Any] = self._failure
        try:
            done, _ = await asyncio.wait({waiter, failure}, timeout=timeout,
                                         return_when=asyncio.FIRST_COMPLETED)  # fmt: skip
        finally:
            waiter.cancel()
        if self._failure in done:
            self._failure.result()  # raises the node's failure
        if waiter not in done:
            best = self.observer.db.best_header().number if self.observer.db else "?"
            raise NetworkError(f"the chain did not reach block #{number} in {timeout:g} s (best #{best})")

    async def stop(self) -> None:
        for node in [*self.collators.values(), *self.nodes.values()]:
            await node.stop()
        if self._own_pvf and self.pvf is not None:
            self.pvf.close()
            self.pvf = None
        self._shared.close()

    async def run(self, blocks: int, timeout: float | None = None) -> RunResult:
        """Start, wait until the observer's best block is `blocks`, stop, and report."""
        await self.start()
        try:
            await self.run_until(blocks, timeout)
            return self.result()
        finally:
            await self.stop()

    # -- observing

    def _observe(self, event: BlockImportEvent, block: Block) -> None:
        db = self.observer.db
        assert db is not None
        record, included = block_record(self.runtime, db, event, self.names)
        self.records[event.hash] = record
        self.included[event.hash] = included
        if self.on_block is not None:
            self.on_block(record)
        if self._target is not None and db.best_header().number >= self._target[0]:
            self._target[1].set()

    def best_chain(self, node: ValidatorNode | None = None) -> list[BlockRecord]:
        """The observer's records of the best chain of `node` (default: the observer), from block 1."""
        db = (node or self.observer).db
        assert db is not None
        out = []
        h = db.best_hash
        while h in self.records:
            out.append(self.records[h])
            h = self.records[h].parent
        return out[::-1]

    def result(self) -> RunResult:
        db = self.observer.db
        assert db is not None
        return run_result(self.runtime, db, self.paras, self.best_chain(), self.nodes, self.network.stats,
                          self.recovery)  # fmt: skip

    async def check_recovery(self, last: int = 3) -> tuple[int, int]:
        """Ask the observer to recover the data of the last `last` candidates included on the best chain of each
        para from chunks alone (no backers asked); (recovered, tried), also kept for `result`."""
        overseer = self.observer.overseer
        if overseer is None:
            return self.recovery
        receipts = [r for rec in self.best_chain() for r in self.included.get(rec.hash, [])]
        chosen = [r for p in self.paras for r in [r for r in receipts if int(r.parachain_index) == p][-last:]]
        loop = asyncio.get_running_loop()
        replies: list[asyncio.Future[Any]] = []
        for receipt in chosen:  # all at once: one at a time, a large network would make blocks meanwhile
            reply: asyncio.Future[Any] = loop.create_future()
            await overseer.route(RecoverAvailableData(receipt, None, reply))
            replies.append(reply)
        ok = sum(isinstance(got, AvailableData) for got in await asyncio.gather(*replies))
        self.recovery = (ok, len(chosen))
        return self.recovery
