"""A small world for the Scheduler's tests: a runtime of System, Configuration, Paras, Scheduler and the
Initializer on in-memory state, driven hook by hook so that a test can act in the middle of a block the way the
inclusion inherent would (free cores, occupy scheduled ones) and look at `Scheduled` before finalization wipes it.

Session changes go through the real `Initializer.apply_session_change` (Configuration applies its pending change,
Paras its outgoing paras, then the Scheduler gets the notification), blocks through `Initializer.on_initialize`
and `on_finalize`. Whole-chain behaviour is tested with `tests.harness.parachain` in test_scheduler_chain.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

import attrs

from frame import io
from frame.backend import MemoryBackend
from frame.runtime import construct_runtime
from frame.state import OverlayedState
from frame.system import System
from pallets.configuration import Configuration
from pallets.initializer import Initializer
from pallets.paras import Paras
from pallets.paras.types import ParasGenesisConfig
from pallets.scheduler import Scheduler
from primitives.crypto import Keypair
from primitives.parachain import (
    AssignmentKindParathread,
    CollatorId,
    CoreIndex,
    CoreOccupiedParathread,
    FreedReason,
    HeadData,
    HostConfiguration,
    ParaGenesisArgs,
    ParaId,
    ParathreadClaim,
    ValidationCode,
    ValidatorId,
)
from primitives.types import evolve

SEED = bytes(range(32))

#: The pallets the Scheduler works with, at their FullRuntime indexes (the Initializer hooks those present).
SchedulerRuntime = construct_runtime("SchedulerTest", [
    (0, System), (3, Configuration), (4, Paras), (5, Scheduler), (9, Initializer),
])  # fmt: skip


def collator(n: int) -> CollatorId:
    """A distinct collator key (not a real key: the Scheduler only compares them)."""
    return CollatorId(n.to_bytes(4, "little") * 8)


def claim(para: int, who: int = 0) -> ParathreadClaim:
    return ParathreadClaim(ParaId(para), collator(who or para))


def validator_ids(n: int) -> tuple[ValidatorId, ...]:
    return tuple(ValidatorId(Keypair.create_from_uri(f"//Validator{i}").public_key) for i in range(n))


@attrs.define
class World:
    """The state, the validator count for the next session change, and the block driver."""

    validators: int
    state: OverlayedState
    number: int = 0
    session_index: int = 0

    @property
    def config(self) -> HostConfiguration:
        return Configuration.config()

    @property
    def parachains(self) -> list[ParaId]:
        return Paras.parachains()

    @property
    def parathreads(self) -> list[ParaId]:
        return sorted(Paras.Parathreads.keys())

    # -- the block driver

    def start_block(self, number: int, new_session: bool = False, offboard: Iterable[int] = (),
                    **config_changes: int) -> None:  # fmt: skip
        """Begin block `number`. With `new_session`, `offboard` or config changes, a session change comes first:
        the changes are made pending (Configuration, Paras) and the session change applies them."""
        assert not Initializer.HasInitialized.get(), "end the previous block first"
        self.number = number
        System.Number.put(number)
        if config_changes:
            Configuration.update_configuration(lambda c: evolve(c, **config_changes))
        offboard = list(offboard)
        for para in offboard:
            Paras.schedule_para_cleanup(ParaId(para))
        if new_session or config_changes or offboard:
            self.session_index += 1
            vals = validator_ids(self.validators)
            Initializer.apply_session_change(self.session_index, vals, vals, SEED)
        Initializer.on_initialize(number)

    def end_block(self) -> None:
        Initializer.on_finalize(self.number)

    def run_block(self, number: int, new_session: bool = False, **config_changes: int) -> None:
        self.start_block(number, new_session, **config_changes)
        self.end_block()

    # -- what Inclusion would do in the inherent

    def occupy(self, cores: Iterable[int]) -> None:
        Scheduler.occupied([CoreIndex(c) for c in cores])

    def free(self, cores: Iterable[int], reason: FreedReason = FreedReason.Concluded) -> None:
        Scheduler.schedule([(CoreIndex(c), reason) for c in cores])

    # -- reading

    def scheduled_paras(self) -> dict[int, int]:
        return {int(a.core): int(a.para_id) for a in Scheduler.scheduled()}

    def queue(self) -> list[tuple[int, int, int]]:
        """(para, retries, core offset) of each queued claim, in order."""
        return [
            (int(q.claim.claim.para_id), q.claim.retries, q.core_offset) for q in Scheduler.ParathreadQueue.get().queue
        ]

    def raw(self) -> dict[bytes, bytes]:
        """Every key the Scheduler holds, with its value (to show that a failure wrote nothing)."""
        return dict(self.state.iter_prefix(Scheduler.Scheduled.prefix[:16]))

    def check_invariants(self) -> None:
        """What must hold between any two steps."""
        cores = Scheduler.ExecutionCores.get()
        scheduled = Scheduler.scheduled()
        assert len(cores) == len(self.parachains) + self.config.parathread_cores
        assert [a.core for a in scheduled] == sorted({a.core for a in scheduled})
        for a in scheduled:  # a core is never both scheduled and occupied
            assert cores[a.core] is None
        groups = Scheduler.ValidatorGroups.get()
        if groups:
            assert len(groups) == len(cores)
            assert sorted(v for g in groups for v in g) == list(range(self.validators))
            assert max(map(len, groups)) - min(map(len, groups)) <= 1
        queue = Scheduler.ParathreadQueue.get()
        n = self.config.parathread_cores
        assert all(q.core_offset < n for q in queue.queue)
        assert queue.next_core_offset < max(n, 1)
        claimed = [q.claim.claim.para_id for q in queue.queue]
        claimed += [c.value.claim.para_id for c in cores if isinstance(c, CoreOccupiedParathread)]
        claimed += [a.para_id for a in scheduled if isinstance(a.kind, AssignmentKindParathread)]
        assert len(claimed) == len(set(claimed)), "one claim per parathread"
        assert Scheduler.ParathreadClaimIndex.get() == sorted(claimed)


def make_world(
    config: HostConfiguration, parachains: Sequence[int] = (), parathreads: Sequence[int] = (), validators: int = 0
) -> World:
    """A world at genesis: the configuration and the paras in place, no session applied yet."""
    world = World(validators, OverlayedState(MemoryBackend()))
    args = [(ParaId(p), ParaGenesisArgs(HeadData(b"head"), ValidationCode(b"code"), True)) for p in parachains]
    args += [(ParaId(p), ParaGenesisArgs(HeadData(b"head"), ValidationCode(b"code"), False)) for p in parathreads]
    with installed(world):
        Configuration.Configuration.put(config)
        Paras.genesis_build(ParasGenesisConfig(tuple(args)))
    return world


@contextmanager
def installed(world: World) -> Iterator[World]:
    with io.using(world.state, SchedulerRuntime):
        yield world
