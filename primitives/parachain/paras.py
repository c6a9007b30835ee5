"""Types of the Paras module's storage: past-code bookkeeping and genesis arguments (reference §3).

Code replaced at relay block X (its ``expected_at``) is the code that validates contexts up to and
including X; it is kept until ``acceptance_period`` blocks after the upgrade was enacted (``activated_at``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from primitives.parachain.ids import BlockNumber, HeadData, ValidationCode
from primitives.types import ScaleEnum, scale_struct, scale_variant


@scale_struct
class ReplacementTimes:
    """When a para's code was replaced: from which relay parent the para saw it, and when it was enacted."""

    #: The relay-parent number from which the para sees the new code (`PastCode` is keyed by this).
    expected_at: BlockNumber
    #: The relay block in which the upgrading parablock was enacted (pruning counts from this).
    activated_at: BlockNumber


class UseCodeAt(ScaleEnum):
    """Which code validates a para at some relay parent: the current one, or the one replaced at N."""

    __slots__ = ()
    if TYPE_CHECKING:
        Current: ClassVar[type[UseCodeAtCurrent]]
        ReplacedAt: ClassVar[type[UseCodeAtReplacedAt]]


@scale_variant(0, name="Current")
class UseCodeAtCurrent(UseCodeAt):
    """The para's current code."""


@scale_variant(1, name="ReplacedAt")
class UseCodeAtReplacedAt(UseCodeAt):
    """The code that was replaced at this ``expected_at`` (stored in `PastCode` under that number)."""

    value: BlockNumber


UseCodeAt.Current = UseCodeAtCurrent
UseCodeAt.ReplacedAt = UseCodeAtReplacedAt


@scale_struct
class ParaPastCodeMeta:
    """A para's code replacements still on record, oldest first, and the last pruned ``expected_at``.

    Invariant: ``upgrade_times`` is sorted by both ``expected_at`` and ``activated_at``. The methods
    return new values (the type is immutable, like everything read from storage).
    """

    upgrade_times: tuple[ReplacementTimes, ...] = ()
    last_pruned: BlockNumber | None = None

    def note_replacement(self, expected_at: int, activated_at: int) -> ParaPastCodeMeta:
        """Record a replacement (appended: replacements are noted in order)."""
        times = (*self.upgrade_times, ReplacementTimes(expected_at, activated_at))
        return ParaPastCodeMeta(times, self.last_pruned)

    def code_at(self, para_at: int) -> UseCodeAt | None:
        """Which code validated the para at relay parent `para_at`; None if that code was pruned."""
        pruned = self.last_pruned is not None and self.last_pruned >= para_at
        for i, times in enumerate(self.upgrade_times):
            if times.expected_at >= para_at:
                if i == 0 and pruned:
                    return None
                return UseCodeAtReplacedAt(times.expected_at)
        return None if pruned else UseCodeAtCurrent()

    def most_recent_change(self) -> int | None:
        """The ``expected_at`` of the latest replacement on record."""
        return self.upgrade_times[-1].expected_at if self.upgrade_times else None

    def prune_up_to(self, max_at: int) -> tuple[ParaPastCodeMeta, list[int]]:
        """Drop the replacements activated at or before `max_at`; return the new meta and their ``expected_at``s."""
        n = 0
        while n < len(self.upgrade_times) and self.upgrade_times[n].activated_at <= max_at:
            n += 1
        if n == 0:
            return self, []
        pruned = [t.expected_at for t in self.upgrade_times[:n]]
        return ParaPastCodeMeta(self.upgrade_times[n:], pruned[-1]), pruned


@scale_struct
class ParaGenesisArgs:
    """How a para starts: its genesis head, its validation code, and whether it is a parachain."""

    genesis_head: HeadData
    validation_code: ValidationCode
    parachain: bool
