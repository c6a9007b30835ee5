"""The ParachainHost runtime API over one block (see the package docstring)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from frame import io
from frame.backend import Backend
from frame.block import Header
from frame.executive import Executive
from frame.runtime import Runtime
from frame.state import OverlayedState
from frame.system import System
from pallets.configuration import Configuration
from pallets.inclusion import Inclusion
from pallets.paras import Paras
from pallets.scheduler import Scheduler
from pallets.session import Session
from primitives.errors import ParahostError
from primitives.parachain import (
    AbridgedCandidateReceipt,
    CandidateEvent,
    CoreIndex,
    CoreOccupiedParachain,
    CoreState,
    CoreStateFree,
    CoreStateOccupied,
    CoreStateScheduled,
    GlobalValidationSchedule,
    GroupIndex,
    GroupRotationInfo,
    LocalValidationData,
    OccupiedCore,
    OccupiedCoreAssumption,
    ParaId,
    ScheduledCore,
    ValidationCode,
    ValidatorId,
    ValidatorIndex,
)

T = TypeVar("T")


class RuntimeApiError(ParahostError):
    """A runtime API query could not run at this block (for example the child block cannot be initialized)."""


class RuntimeApi:
    """Queries against the state of block `head` (whose state `backend` holds)."""

    def __init__(self, runtime: Runtime, backend: Backend, head: Header) -> None:
        self.runtime = runtime
        self.backend = backend
        self.head = head

    @classmethod
    def of(cls, chain: Any) -> RuntimeApi:
        """The API at a `frame.Chain`'s head."""
        return cls(chain.runtime, chain.backend, chain.head)

    # -- running a query

    @contextmanager
    def _child(self, prepare: Callable[[], None] | None = None) -> Iterator[OverlayedState]:
        state = OverlayedState(self.backend)
        child = Header(self.head.hash(), self.head.number + 1, bytes(32), bytes(32), self.head.digest)
        with io.using(state, self.runtime):
            try:
                Executive(self.runtime, bytes(32)).initialize_block(child)
                if prepare is not None:
                    prepare()
            except ParahostError as e:
                raise RuntimeApiError(f"cannot initialize the child of block {self.head.number}: {e}") from e
            state.read_only = True
            yield state

    def _query(self, f: Callable[[], T], prepare: Callable[[], None] | None = None) -> T:
        with self._child(prepare):
            return f()

    def _assuming(self, para: int, assumption: OccupiedCoreAssumption, f: Callable[[], T | None]) -> T | None:
        """`f()` under an assumption about `para`'s occupied core (reference §8): `Included` enacts its candidate
        pending availability first (`Inclusion.force_enact`), `TimedOut` reads the state as it is, `Free` gives
        None if the para has a candidate pending availability."""
        assumption = OccupiedCoreAssumption(assumption)
        if assumption is OccupiedCoreAssumption.Included:
            return self._query(f, lambda: Inclusion.force_enact(ParaId(para)))
        if assumption is OccupiedCoreAssumption.Free:
            return self._query(lambda: None if Inclusion.pending_availability(ParaId(para)) is not None else f())
        return self._query(f)

    # -- the API

    def validators(self) -> list[ValidatorId]:
        """The session's validators, in validator-index order."""
        return self._query(lambda: list(Session.validators()))

    def validator_groups(self) -> tuple[list[list[ValidatorIndex]], GroupRotationInfo]:
        """The validator groups and what is needed to tell which group serves which core at a block."""
        return self._query(lambda: (list(Scheduler.ValidatorGroups.get()), Scheduler.group_rotation_info()))

    def availability_cores(self) -> list[CoreState]:
        """Every core: Occupied (with what comes next on availability and on time-out), Scheduled, or Free."""
        return self._query(self._availability_cores)

    def _availability_cores(self) -> list[CoreState]:
        config = Configuration.config()
        rotation = Scheduler.group_rotation_info()
        paras = Paras.parachains()
        out: list[CoreState] = []
        for index, occupied in enumerate(Scheduler.availability_cores()):
            core = CoreIndex(index)
            if occupied is None:
                out.append(CoreStateFree())
                continue
            para = paras[core] if isinstance(occupied, CoreOccupiedParachain) else occupied.value.claim.para_id  # type: ignore[attr-defined]
            pending = Inclusion.pending_availability(para)
            if pending is None:  # occupied, but nothing pending: treat as free
                out.append(CoreStateFree())
                continue
            period = (config.chain_availability_period if isinstance(occupied, CoreOccupiedParachain)
                      else config.thread_availability_period)  # fmt: skip
            group = Scheduler.group_assigned_to_core(core, pending.backed_in_number)
            out.append(
                CoreStateOccupied(
                    OccupiedCore(
                        para_id=ParaId(para),
                        next_up_on_available=Scheduler.next_up_on_available(core),
                        occupied_since=pending.backed_in_number,
                        time_out_at=_time_out_at(rotation, pending.backed_in_number, period),
                        next_up_on_time_out=Scheduler.next_up_on_time_out(core),
                        availability=pending.availability_votes,
                        group_responsible=GroupIndex(0 if group is None else group),
                    )
                )
            )
        for assignment in Scheduler.scheduled():
            out[assignment.core] = CoreStateScheduled(
                ScheduledCore(assignment.para_id, assignment.required_collator())
            )
        return out

    def global_validation_schedule(self) -> GlobalValidationSchedule:
        """Validation data common to all paras, for candidates built on this block."""

        return self._query(Configuration.global_validation_schedule)

    def local_validation_data(self, para: int, assumption: OccupiedCoreAssumption = OccupiedCoreAssumption.Included,
                              ) -> LocalValidationData | None:  # fmt: skip
        """A para's validation data for a candidate built on this block (None for an unknown para), under
        `assumption` about its occupied core (see `_assuming`). The default, `Included`, is what the next candidate
        builds on: the head of the candidate pending availability if there is one, else the para's head;
        `TimedOut` gives the state as it is (the head last included)."""
        return self._assuming(para, assumption, lambda: Paras.local_validation_data(ParaId(para)))

    def session_index_for_child(self) -> int:
        """The session a child of this block is in (what signatures in the child use)."""
        return self._query(lambda: Session.current_index())

    def validation_code(self, para: int, assumption: OccupiedCoreAssumption = OccupiedCoreAssumption.Included,
                        ) -> ValidationCode | None:  # fmt: skip
        """The para's current validation code, under `assumption` about its occupied core (see `_assuming`;
        default `Included`, as for `local_validation_data`)."""
        return self._assuming(para, assumption, lambda: Paras.current_code(ParaId(para)))

    def candidate_pending_availability(self, para: int) -> AbridgedCandidateReceipt | None:
        """The receipt of the para's candidate pending availability, if any."""

        def q() -> AbridgedCandidateReceipt | None:
            pending = Inclusion.pending_availability(ParaId(para))
            return None if pending is None else pending.receipt

        return self._query(q)

    def candidate_events(self) -> list[CandidateEvent]:
        """The candidate events (backed, included, timed out) of this block itself.

        The one query that reads the block's own state rather than the child's: initializing the child
        resets System.Events, so the events are read before that."""
        state = OverlayedState(self.backend, read_only=True)
        with io.using(state, self.runtime):
            return [r.event.event for r in System.events()
                    if r.event.pallet == "Inclusion" and isinstance(r.event.event, CandidateEvent)]  # fmt: skip


def _time_out_at(rotation: GroupRotationInfo, backed_in: int, period: int) -> int:
    """When a candidate backed in `backed_in` times out (reference §8): at backed + period, pushed to the next
    rotation if the group rotates first."""
    t = backed_in + period
    if rotation.group_rotation_frequency == 0:
        return t
    if t < rotation.last_rotation_at() + period:
        return t
    next_rotation = rotation.next_rotation_at()
    return next_rotation if t <= next_rotation else t
