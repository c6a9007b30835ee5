"""Unit-test setting for Inclusion: a runtime of System and Inclusion, with Configuration and Paras faked.

`World` stands in for what Inclusion reads from Configuration and Paras and records what it tells Paras and
Validity (`WorldPallets`, wired into Inclusion's dependency slots by `construct_runtime`, as FRAME's mock runtimes
do), so the routines' checks can be tested one by one without the other pallets.
`block(world)` opens the state of a block being executed, with the session's validators in place.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import attrs
import pytest

from frame import io
from frame.backend import MemoryBackend
from frame.block import Digest
from frame.runtime import construct_runtime
from frame.state import OverlayedState
from frame.system import System
from pallets.inclusion import Inclusion
from primitives.bitvec import BitVec
from primitives.hashing import blake2_256
from primitives.parachain import (
    AbridgedCandidateReceipt,
    AssignmentKindParachain,
    AssignmentKindParathread,
    CandidatePendingAvailability,
    CollatorId,
    CoreAssignment,
    CoreIndex,
    GroupIndex,
    HostConfiguration,
    ParaId,
    SigningContext,
    ValidatorIndex,
)
from tests.harness.candidates import make_receipt, validator_ids

#: The parent of the block the unit tests execute, and that block's number.
PARENT_HASH = blake2_256(b"parent")
NUMBER = 10
SESSION = 3


@attrs.define
class World:
    """What Configuration and Paras would answer, and what Inclusion told Paras."""

    n_validators: int = 6
    paras: list[ParaId] = attrs.field(factory=lambda: [ParaId(100), ParaId(200), ParaId(300)])
    config: HostConfiguration = attrs.field(factory=HostConfiguration)
    #: para -> result of last_code_upgrade(para, include_future=True)
    last_upgrade: dict[int, int] = attrs.field(factory=dict)
    #: core -> para, what Scheduler.core_para answers
    occupied: dict[int, ParaId] = attrs.field(factory=dict)
    #: groups by index (Scheduler.group_validators)
    groups: list[list[ValidatorIndex]] = attrs.field(factory=list)
    calls: list[tuple[Any, ...]] = attrs.field(factory=list)

    def core_para(self, core: CoreIndex) -> ParaId | None:
        return self.occupied.get(int(core))

    def group_validators(self, group: GroupIndex) -> list[ValidatorIndex] | None:
        return self.groups[group] if group < len(self.groups) else None

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(WorldPallets, "world", self)


def _installed(pallets: type[WorldPallets]) -> World:
    if pallets.world is None:
        raise LookupError("no World installed: use make_world(monkeypatch)")
    return pallets.world


class WorldPallets:
    """Configuration, Paras and Validity as Inclusion sees them (pallets.traits), answered by the installed World."""

    world: World | None = None  # installed by World.install

    @classmethod
    def config(cls) -> HostConfiguration:
        return _installed(cls).config

    @classmethod
    def parachains(cls) -> list[ParaId]:
        return list(_installed(cls).paras)

    @classmethod
    def is_parathread(cls, para: int) -> bool:
        return False

    @classmethod
    def last_code_upgrade(cls, para: int, include_future: bool) -> int | None:
        return _installed(cls).last_upgrade.get(int(para))

    @classmethod
    def schedule_code_upgrade(cls, para: ParaId, code: Any, expected_at: int) -> None:
        _installed(cls).calls.append(("upgrade", para, code, expected_at))

    @classmethod
    def note_new_head(cls, para: ParaId, head: Any, execution_context: int) -> None:
        _installed(cls).calls.append(("head", para, head, execution_context))

    @classmethod
    def candidate_included(cls, receipt: AbridgedCandidateReceipt, backing: Sequence[Any]) -> None:
        _installed(cls).calls.append(("included", receipt, tuple(backing)))


UnitRuntime = construct_runtime("InclusionUnit", [System, (5, Inclusion)], wiring={
    Inclusion: {"Configuration": WorldPallets, "Paras": WorldPallets, "Validity": WorldPallets}})  # fmt: skip


def make_world(monkeypatch: pytest.MonkeyPatch, **kw: Any) -> World:
    """A `World` installed in place of Configuration and Paras for the test's duration."""
    w = World(**kw)
    w.install(monkeypatch)
    return w


@contextmanager
def block(world: World, number: int = NUMBER, parent_hash: bytes = PARENT_HASH) -> Iterator[OverlayedState]:
    """The state of block `number` being executed on `parent_hash`, in session `SESSION`."""
    state = OverlayedState(MemoryBackend())
    with io.using(state, UnitRuntime):
        Inclusion.Validators.put(validator_ids(world.n_validators))
        Inclusion.CurrentSessionIndex.put(SESSION)
        System.initialize(number, parent_hash, Digest())
        yield state


def context() -> SigningContext:
    return SigningContext(SESSION, PARENT_HASH)


def receipt(para: int, **kw: Any) -> AbridgedCandidateReceipt:
    return make_receipt(para, PARENT_HASH, **kw)


def put_pending(
    world: World, core: int, para: int, backed_in: int = NUMBER - 1, **kw: Any
) -> CandidatePendingAvailability:
    """A candidate of `para` pending on `core` (and the core occupied by it)."""
    record = CandidatePendingAvailability(
        CoreIndex(core),
        make_receipt(para, b"\x01" * 32, **kw),
        BitVec.zeros(world.n_validators),
        backed_in - 1,
        backed_in,
    )
    Inclusion.PendingAvailability.insert(ParaId(para), record)
    world.occupied[core] = ParaId(para)
    return record


def chain_assignment(core: int, para: int, group: int | None = None) -> CoreAssignment:
    return CoreAssignment(
        CoreIndex(core), ParaId(para), AssignmentKindParachain(), GroupIndex(core if group is None else group)
    )


def thread_assignment(core: int, para: int, collator: bytes, group: int | None = None) -> CoreAssignment:
    kind = AssignmentKindParathread(CollatorId(collator), 0)
    return CoreAssignment(CoreIndex(core), ParaId(para), kind, GroupIndex(core if group is None else group))


def events() -> list[Any]:
    return [record.event.event for record in System.events()]


def groups_of(sizes: Sequence[int]) -> list[list[ValidatorIndex]]:
    """Consecutive validator indexes split into groups of these sizes."""
    out, start = [], 0
    for size in sizes:
        out.append([ValidatorIndex(i) for i in range(start, start + size)])
        start += size
    return out
