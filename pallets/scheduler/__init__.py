"""The Scheduler pallet: execution cores, validator groups and their rotation, and parathread claims
(guide "The Scheduler Module").

Where the guide, the reference (§4, §11) and DESIGN differ, this is what the pallet does:

- Freed cores are written back free (DESIGN §4.7); the 2020 code left them marked occupied.
- Rotation (DESIGN §4.6): after k rotations group i serves core (i + k) % n, so core c is served by group
  (c - k) % n, as `GroupRotationInfo.group_for_core` computes; frequency 0 never rotates. (The reference's
  formula was the inverse.) `group_assigned_to_core` is None for a core without a group, also at frequency 0.
- `availability_timeout_predicate` at frequency 0 counts every block as 0 blocks after a rotation (the fix of
  1b7882a5): timeouts stay possible all session and nothing divides by zero.
- A claim that finalization drops for exceeding `parathread_retries` leaves `ParathreadClaimIndex` at once
  (the reference kept it until the next session, blocking new claims on that parathread meanwhile). At a
  session change the index is rebuilt from the surviving queue. The index therefore always holds exactly
  the paras with a claim queued, scheduled or on a core: one claim per parathread, as the guide intends.
- `add_parathread_claim` stays a routine (no call) but raises `NotParathread`, `QueueFull` or
  `AlreadyClaimed`, in the reference's check order, and then writes nothing (the reference ignored such
  claims silently). A call built on it fails with that error; other callers may catch `Error`.
- `occupied` raises `CoreNotScheduled` for a core that is not scheduled (the guide: "fails"; the reference
  has no errors), writing nothing; from the inclusion inherent that makes the block invalid.
- `core_para` reports the para scheduled on a core as well as the one occupying it (the guide; the reference
  looked only at occupied cores).
- Validator groups: our own platform-independent shuffle (`groups`), not ChaCha20 with rand 0.7; groups are
  consecutive runs of the shuffled list, the first V % n one larger (the reference's sizes).
- Kept from the reference: the queue is rebalanced (`core_offset = i % parathread_cores`) at every session
  change, not only when the core count changes; the `parathread_cores * scheduling_lookahead` cap limits new
  claims only, not claims requeued after a timeout or a missed block, nor the queue kept at a session change;
  a timed-out claim is requeued at the queue's next offset, so `next_up_on_time_out` is a prediction.
"""

from pallets.scheduler.errors import AlreadyClaimed, CoreNotScheduled, Error, NotParathread, QueueFull
from pallets.scheduler.groups import shuffle, split_into_groups, validator_groups
from pallets.scheduler.pallet import Scheduler
from pallets.scheduler.types import TimeoutPredicate

__all__ = [
    "AlreadyClaimed",
    "CoreNotScheduled",
    "Error",
    "NotParathread",
    "QueueFull",
    "Scheduler",
    "TimeoutPredicate",
    "shuffle",
    "split_into_groups",
    "validator_groups",
]
