"""Types of the Inclusion module and of the runtime API's view of cores (reference §5, §7.2 and §8).

A pending candidate keeps its abridged receipt (the v0 record, DESIGN §4.1) and one availability bit per
validator of the session.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, ClassVar

from primitives.parachain.candidate import AbridgedCandidateReceipt
from primitives.parachain.ids import BlockNumber, CoreIndex, GroupIndex, HeadData, ParaId
from primitives.parachain.scheduler import ScheduledCore
from primitives.parachain.signed import AvailabilityBitfield
from primitives.types import Bits, ScaleEnum, index_enum, scale_struct, scale_variant


@scale_struct
class AvailabilityBitfieldRecord:
    """The latest bitfield a validator submitted, and the block it was submitted in."""

    bitfield: AvailabilityBitfield
    submitted_at: BlockNumber


@scale_struct
class CandidatePendingAvailability:
    """A backed candidate waiting to become available on its core (reference §5, the E record)."""

    #: The core the candidate occupies.
    core: CoreIndex
    #: The candidate's receipt.
    receipt: AbridgedCandidateReceipt
    #: One bit per validator of the session: who has reported the candidate's chunk available.
    availability_votes: Bits
    #: The number of the relay parent the candidate was backed in the context of.
    relay_parent_number: BlockNumber
    #: The block the candidate was backed in.
    backed_in_number: BlockNumber


class CandidateEvent(ScaleEnum):
    """What happened to a candidate in a block (reference §7.2): backed, included, or timed out."""

    __slots__ = ()
    if TYPE_CHECKING:
        receipt: AbridgedCandidateReceipt
        head_data: HeadData


@scale_variant(0)
class CandidateBacked(CandidateEvent):
    """The candidate was backed and now occupies a core."""

    receipt: AbridgedCandidateReceipt
    head_data: HeadData


@scale_variant(1)
class CandidateIncluded(CandidateEvent):
    """The candidate became available and was enacted."""

    receipt: AbridgedCandidateReceipt
    head_data: HeadData


@scale_variant(2)
class CandidateTimedOut(CandidateEvent):
    """The candidate did not become available in time and was dropped."""

    receipt: AbridgedCandidateReceipt
    head_data: HeadData


# ---------------------------------------------------------------------------------------------
# The runtime API's view of cores


@scale_struct
class OccupiedCore:
    """A core with a candidate pending availability, as the runtime API reports it (§7.2, §8)."""

    para_id: ParaId
    next_up_on_available: ScheduledCore | None
    occupied_since: BlockNumber
    time_out_at: BlockNumber
    next_up_on_time_out: ScheduledCore | None
    availability: Bits
    group_responsible: GroupIndex


class CoreState(ScaleEnum):
    """The state of an availability core: occupied (0), scheduled (1) or free (2)."""

    __slots__ = ()
    if TYPE_CHECKING:
        Occupied: ClassVar[type[CoreStateOccupied]]
        Scheduled: ClassVar[type[CoreStateScheduled]]
        Free: ClassVar[type[CoreStateFree]]


@scale_variant(0, name="Occupied")
class CoreStateOccupied(CoreState):
    """A candidate occupies the core."""

    value: OccupiedCore


@scale_variant(1, name="Scheduled")
class CoreStateScheduled(CoreState):
    """A para is scheduled on the core."""

    value: ScheduledCore


@scale_variant(2, name="Free")
class CoreStateFree(CoreState):
    """Nothing is scheduled on or occupies the core."""


CoreState.Occupied = CoreStateOccupied
CoreState.Scheduled = CoreStateScheduled
CoreState.Free = CoreStateFree


@index_enum
class OccupiedCoreAssumption(enum.IntEnum):
    """What a runtime API query assumes about a para's occupied core: included, timed out, or free."""

    Included = 0
    TimedOut = 1
    Free = 2
