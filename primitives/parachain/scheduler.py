"""Types of the Scheduler module: parathread claims and their queue, core occupation, assignments, and
group rotation (reference §4 and §7.2; DESIGN §4.6 and §4.9).

SCALE field and variant orders are the reference's; note that `CoreOccupied` puts ``Parathread`` first.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, ClassVar

from primitives.parachain.ids import BlockNumber, CollatorId, CoreIndex, GroupIndex, ParaId
from primitives.types import U32, ScaleEnum, index_enum, scale_struct, scale_variant

# ---------------------------------------------------------------------------------------------
# Parathread claims


@scale_struct
class ParathreadClaim:
    """A claim by a collator to author the next block of a parathread (``ParathreadClaim(ParaId, CollatorId)``)."""

    para_id: ParaId
    collator: CollatorId


@scale_struct
class ParathreadEntry:
    """A claim and how many times it has been retried."""

    claim: ParathreadClaim
    retries: U32


@scale_struct
class QueuedParathread:
    """A queued claim and the parathread core (offset among the parathread cores) it waits for."""

    claim: ParathreadEntry
    core_offset: U32


@scale_struct
class ParathreadClaimQueue:
    """The queue of parathread claims (DESIGN §4.9): entries in order, and the offset the next one gets.

    The methods return new values; the queue is rewritten to storage as a whole.
    """

    queue: tuple[QueuedParathread, ...] = ()
    next_core_offset: U32 = 0

    def enqueue_entry(self, entry: ParathreadEntry, n_parathread_cores: int) -> ParathreadClaimQueue:
        """Append `entry` at the next core offset, advancing it round-robin over the parathread cores."""
        if n_parathread_cores == 0:
            raise ValueError("cannot queue a parathread claim without parathread cores")
        offset = self.next_core_offset
        queued = (*self.queue, QueuedParathread(entry, offset))
        return ParathreadClaimQueue(queued, (offset + 1) % n_parathread_cores)

    def get_next_on_core(self, core_offset: int) -> ParathreadEntry | None:
        """The first entry waiting for `core_offset`, without removing it."""
        for q in self.queue:
            if q.core_offset == core_offset:
                return q.claim
        return None

    def take_next_on_core(self, core_offset: int) -> tuple[ParathreadClaimQueue, ParathreadEntry | None]:
        """Remove the first entry waiting for `core_offset`; return the new queue and the entry (or None)."""
        for i, q in enumerate(self.queue):
            if q.core_offset == core_offset:
                rest = self.queue[:i] + self.queue[i + 1 :]
                return ParathreadClaimQueue(rest, self.next_core_offset), q.claim
        return self, None


# ---------------------------------------------------------------------------------------------
# Cores and assignments


class CoreOccupied(ScaleEnum):
    """What occupies an availability core: a parathread's claim (index 0) or its parachain (index 1)."""

    __slots__ = ()
    if TYPE_CHECKING:
        Parathread: ClassVar[type[CoreOccupiedParathread]]
        Parachain: ClassVar[type[CoreOccupiedParachain]]


@scale_variant(0, name="Parathread")
class CoreOccupiedParathread(CoreOccupied):
    """Occupied by a parathread candidate, made under this claim."""

    value: ParathreadEntry


@scale_variant(1, name="Parachain")
class CoreOccupiedParachain(CoreOccupied):
    """Occupied by the core's parachain."""


CoreOccupied.Parathread = CoreOccupiedParathread
CoreOccupied.Parachain = CoreOccupiedParachain


class AssignmentKind(ScaleEnum):
    """Whether a core is assigned to a parachain (index 0) or to a parathread claim (index 1)."""

    __slots__ = ()
    if TYPE_CHECKING:
        Parachain: ClassVar[type[AssignmentKindParachain]]
        Parathread: ClassVar[type[AssignmentKindParathread]]


@scale_variant(0, name="Parachain")
class AssignmentKindParachain(AssignmentKind):
    """A parachain: any of its collators may author."""


@scale_variant(1, name="Parathread")
class AssignmentKindParathread(AssignmentKind):
    """A parathread claim: only this collator may author, and the claim has been retried this often."""

    collator: CollatorId
    retries: U32


AssignmentKind.Parachain = AssignmentKindParachain
AssignmentKind.Parathread = AssignmentKindParathread


@scale_struct
class CoreAssignment:
    """A core scheduled for a para, with the kind of assignment and the group that backs it."""

    core: CoreIndex
    para_id: ParaId
    kind: AssignmentKind
    group_idx: GroupIndex

    def required_collator(self) -> CollatorId | None:
        """The collator that must author (parathreads), or None (parachains)."""
        return self.kind.collator if isinstance(self.kind, AssignmentKindParathread) else None

    def to_core_occupied(self) -> CoreOccupied:
        """What the core holds once a candidate for this assignment is backed."""
        kind = self.kind
        if isinstance(kind, AssignmentKindParathread):
            return CoreOccupiedParathread(ParathreadEntry(ParathreadClaim(self.para_id, kind.collator), kind.retries))
        return CoreOccupiedParachain()


@index_enum
class FreedReason(enum.IntEnum):
    """Why a core was freed: its candidate became available (concluded), or it timed out."""

    Concluded = 0
    TimedOut = 1


@scale_struct
class ScheduledCore:
    """A para scheduled on a core, and the collator it requires if it is a parathread (§7.2)."""

    para_id: ParaId
    collator: CollatorId | None = None


# ---------------------------------------------------------------------------------------------
# Group rotation


@scale_struct
class GroupRotationInfo:
    """Where group rotation stands at block `now` (reference §7.2; DESIGN §4.6).

    After k rotations (k = (now - session_start_block) // frequency), group i serves core (i + k) % n, so
    core c is served by group (c - k) % n. A frequency of 0 means groups never rotate.
    """

    session_start_block: BlockNumber
    group_rotation_frequency: BlockNumber
    now: BlockNumber

    def rotations(self) -> int:
        """How many rotations have happened since the session started (0 if groups never rotate)."""
        if self.group_rotation_frequency == 0:
            return 0
        return (self.now - self.session_start_block) // self.group_rotation_frequency

    def group_for_core(self, core: int, cores: int) -> GroupIndex:
        """The group serving `core` out of `cores` cores: `core` itself without rotation, 0 if no cores."""
        if self.group_rotation_frequency == 0:
            return GroupIndex(core)
        if cores == 0:
            return GroupIndex(0)
        return GroupIndex((core - self.rotations()) % cores)

    def core_for_group(self, group: int, cores: int) -> CoreIndex:
        """The core `group` serves out of `cores` cores (the inverse of `group_for_core`)."""
        if self.group_rotation_frequency == 0:
            return CoreIndex(group)
        if cores == 0:
            return CoreIndex(0)
        return CoreIndex((group + self.rotations()) % cores)

    def next_rotation_at(self) -> int:
        """The block at which the next rotation happens (0 if groups never rotate)."""
        freq = self.group_rotation_frequency
        if freq == 0:
            return 0
        return (self.now + freq) - ((self.now + freq - self.session_start_block) % freq)

    def last_rotation_at(self) -> int:
        """The block at which the latest rotation happened (0 if groups never rotate)."""
        freq = self.group_rotation_frequency
        if freq == 0:
            return 0
        return self.now - ((self.now - self.session_start_block) % freq)
