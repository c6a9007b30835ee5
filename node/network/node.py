"""A node on the in-process network: its block database, its subsystems under an overseer, its network
endpoint; and the validator node's subsystem set.

A node keeps everything durable under its own directory: the block database (``chain.sqlite``, the Genesis
issue's) and, for a validator, the signing record (``signing.sqlite``) and the availability store
(``availability.sqlite``: its erasure-coded chunks, and the full data of what it backed).
`stop()` is a crash as far as the
node can tell (it is cut off, its tasks cancelled, its files closed); `start()` again reopens the same
directory, so a restarted node resumes from its best block and cannot sign against what it signed before.
A validator whose directory already holds a block database but no signing record refuses to start (it
cannot know what it signed) unless ``allow_new_signing_record`` says the operator accepts the risk.
"""

from __future__ import annotations

import abc
import asyncio
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frame.runtime import Runtime
from genesis.spec import ChainSpec
from node.db import DB_FILE, BlockDb
from node.network.net import Endpoint, Network
from node.overseer import Overseer, Subsystem
from node.subsystems._slots import SlotClock, SlotRule
from node.subsystems._stats import NodeStats
from node.subsystems.availability_distribution import AvailabilityDistributionSubsystem
from node.subsystems.availability_recovery import AvailabilityRecoverySubsystem
from node.subsystems.availability_store import STORE_FILE, AvailabilityStoreSubsystem
from node.subsystems.bitfield_distribution import BitfieldDistributionSubsystem
from node.subsystems.bitfield_signing import BitfieldSigningSubsystem
from node.subsystems.block_authorship import BlockAuthorshipSubsystem
from node.subsystems.candidate_backing import RECORD_FILE, CandidateBackingJob, CandidateBackingSubsystem, SigningRecord
from node.subsystems.candidate_validation import CandidateValidationSubsystem, Validator
from node.subsystems.chain import ChainSubsystem
from node.subsystems.collator_protocol import CollatorProtocolSubsystem
from node.subsystems.pov_distribution import PoVDistributionSubsystem
from node.subsystems.provisioner import ProvisionerSubsystem
from node.subsystems.runtime_api import RuntimeApiSubsystem
from node.subsystems.statement_distribution import StatementDistributionSubsystem
from primitives.crypto import Keypair

__all__ = ["Node", "NodeEnv", "Timings", "ValidatorNode", "blocking"]


@dataclass(frozen=True, slots=True)
class Timings:
    """How long things wait, in seconds (of the loop's clock)."""

    slot: float = 2.0  # slot duration
    bitfield_delay: float = 0.5  # after StartWork, before signing a bitfield
    fetch_timeout: float = 1.0  # a PoV fetch for backing
    finality_lag: int = 8  # the availability store treats blocks this far below the best as final (no GRANDPA here)
    request_timeout: float = 0.25  # one request to one peer
    resend_after: float = 0.5  # a collator offers its collation again after this


@dataclass(frozen=True, slots=True)
class NodeEnv:
    """What every node of one network shares: the chain, the network, the clock and the validation."""

    spec: ChainSpec
    runtime: Runtime
    network: Network
    clock: SlotClock
    rule: SlotRule
    validate: Validator
    timings: Timings = Timings()


class Node(abc.ABC):
    """A node: `make_subsystems` builds its subsystems; `start()` runs them under an overseer."""

    def __init__(self, name: str, db_dir: str | os.PathLike[str], env: NodeEnv, *, key: Keypair | None = None,
                 validator: bool = False) -> None:  # fmt: skip
        self.name = name
        self.dir = Path(db_dir)
        self.env = env
        self.key = key
        self.validator = validator
        self.stats = NodeStats()
        self.db: BlockDb | None = None
        self.overseer: Overseer | None = None
        self.chain: ChainSubsystem | None = None
        self.endpoint: Endpoint | None = None
        self.task: asyncio.Task[None] | None = None
        #: called with each (import event, block) of this node's chain, across restarts
        self.chain_listeners: list[Callable[[Any, Any], None]] = []

    @abc.abstractmethod
    def make_subsystems(self, db: BlockDb, endpoint: Endpoint) -> list[Subsystem]:
        """The subsystems this kind of node runs, wired to its database and network endpoint."""

    def close_resources(self) -> None:  # noqa: B027 - optional hook: most nodes open nothing extra
        """Close what `make_subsystems` opened (besides the block database)."""

    def start(self) -> asyncio.Task[None]:
        """Open the node's files, join the network and run the overseer (the returned task)."""
        if self.task is not None and not self.task.done():
            raise RuntimeError(f"node {self.name} is already running")
        self.dir.mkdir(parents=True, exist_ok=True)
        db = self.db = BlockDb.open(self.dir, self.env.spec, self.env.runtime)
        overseer_box: list[Overseer] = []
        endpoint = self.endpoint = self.env.network.join(
            self.name, lambda m: overseer_box[0].deliver(m),
            validator=self.key.public_key if self.validator and self.key is not None else None,
        )  # fmt: skip
        try:
            subsystems = self.make_subsystems(db, endpoint)
        except BaseException:
            self.env.network.leave(self.name)
            self.close_resources()
            db.close()
            raise
        overseer = self.overseer = Overseer(subsystems, name=self.name)
        overseer_box.append(overseer)
        best = db.best_header()
        self.task = asyncio.get_running_loop().create_task(self._run(overseer, [(db.best_hash, best.number)]))
        return self.task

    def _chain(self, db: BlockDb, endpoint: Endpoint, key: Keypair | None) -> ChainSubsystem:
        env = self.env
        chain = self.chain = ChainSubsystem(db, env.runtime, endpoint, clock=env.clock, rule=env.rule, key=key,
                                            stats=self.stats, sync_timeout=env.timings.request_timeout * 2)  # fmt: skip

        def tell(event: Any, block: Any) -> None:
            for listener in self.chain_listeners:
                listener(event, block)

        chain.listeners.append(tell)
        return chain

    async def _run(self, overseer: Overseer, leaves: list[tuple[bytes, int]]) -> None:
        try:
            await overseer.run(leaves)
        finally:
            self.env.network.leave(self.name)
            self.close_resources()
            if self.db is not None:
                self.db.close()

    async def stop(self) -> None:
        """Cut the node off and stop it (a crash, as far as its files are concerned)."""
        self.env.network.leave(self.name)
        if self.overseer is not None:
            self.overseer.stop()
        if self.task is not None:
            await asyncio.gather(self.task, return_exceptions=True)

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()


class ValidatorNode(Node):
    """A validator: every subsystem of the inclusion pipeline, signing with `key`.

    `backing_job` replaces the Candidate Backing job class (tests use misbehaving ones).
    `allow_new_signing_record`: start with a new, empty signing record even though the node has run before
    (its block database exists) and its record is missing; otherwise `start()` raises `SigningRecordMissing`.
    """

    def __init__(self, name: str, db_dir: str | os.PathLike[str], env: NodeEnv, key: Keypair, *,
                 backing_job: type[CandidateBackingJob] = CandidateBackingJob,
                 allow_new_signing_record: bool = False) -> None:  # fmt: skip
        super().__init__(name, db_dir, env, key=key, validator=True)
        self.backing_job = backing_job
        self.allow_new_signing_record = allow_new_signing_record
        self.record: SigningRecord | None = None
        self.backing: CandidateBackingSubsystem | None = None
        self.av_store: AvailabilityStoreSubsystem | None = None

    def start(self) -> asyncio.Task[None]:
        """As `Node.start`, after opening the signing record (before the block database, whose existence
        says whether the node has run before)."""
        if self.task is not None and not self.task.done():
            raise RuntimeError(f"node {self.name} is already running")
        ran_before = (self.dir / DB_FILE).exists()
        self.dir.mkdir(parents=True, exist_ok=True)
        self.record = SigningRecord(self.dir / RECORD_FILE, create=self.allow_new_signing_record or not ran_before)
        try:
            return super().start()
        except BaseException:
            self.close_resources()
            raise

    def make_subsystems(self, db: BlockDb, endpoint: Endpoint) -> list[Subsystem]:
        env, t, key = self.env, self.env.timings, self.key
        assert key is not None and self.record is not None
        self.backing = CandidateBackingSubsystem(key, self.record, self.stats, job_class=self.backing_job,
                                                 fetch_timeout=t.fetch_timeout)  # fmt: skip
        self.av_store = AvailabilityStoreSubsystem(self.dir / STORE_FILE, db, self.stats, finality_lag=t.finality_lag)
        return [
            self._chain(db, endpoint, key),
            RuntimeApiSubsystem(db, env.runtime),
            self.backing,
            CandidateValidationSubsystem(env.validate, self.stats),
            StatementDistributionSubsystem(endpoint),
            PoVDistributionSubsystem(endpoint, self.stats, request_timeout=t.request_timeout),
            self.av_store,
            AvailabilityDistributionSubsystem(key, endpoint, self.stats, request_timeout=t.request_timeout),
            AvailabilityRecoverySubsystem(endpoint, self.stats, request_timeout=t.request_timeout),
            CollatorProtocolSubsystem(),
            BitfieldSigningSubsystem(key, self.stats, delay=t.bitfield_delay),
            BitfieldDistributionSubsystem(endpoint),
            ProvisionerSubsystem(),
            BlockAuthorshipSubsystem(key, env.clock, env.rule),
        ]

    def close_resources(self) -> None:
        if self.record is not None:
            self.record.close()
            self.record = None


def blocking(validate: Callable[[bytes, Any], Any]) -> Validator:
    """A `Validator` that calls `validate` on the loop's thread (deterministic under virtual time)."""

    async def run(code: bytes, params: Any) -> Any:
        return validate(code, params)

    return run
