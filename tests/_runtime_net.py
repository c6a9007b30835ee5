"""A test net of the whole parachain-host runtime for the runtime-level tests (state machine and scenarios).

`RuntimeNet` is the harness's `TestNet` with `InclusionChain`'s block builders (`view`, `produce`, `forged`,
`events` ...) but any genesis (parachains and parathreads of the caller's choosing), plus what those tests
need on top: the next block's plan after its bitfields are applied (`plan`), the parathread collators' keys,
and Root shortcuts. Keys are the dev keys (`validator_key`), so the session's validators must be
`validator_ids(n)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from frame.dispatch import NONE
from frame.system import System
from pallets.inclusion import Inclusion
from pallets.inclusion_inherent import InclusionInherent
from pallets.paras import Paras
from pallets.scheduler import Scheduler
from primitives.crypto import Keypair
from primitives.parachain import (
    BackedCandidate,
    CandidatePendingAvailability,
    CollatorId,
    CoreAssignment,
    CoreIndex,
    CoreOccupied,
    ParaId,
    ParathreadClaim,
    SignedAvailabilityBitfield,
    SigningContext,
)
from tests.harness.candidates import back_candidate, collator_key, make_receipt
from tests.harness.parachain import TestNet
from tests.pallets._inclusion_chain import InclusionChain

#: The collators that claim parathread slots (a parachain's candidates are signed by ``//Collator``).
THREAD_COLLATORS: tuple[Keypair, ...] = (collator_key("Thread0"), collator_key("Thread1"))
_BY_PUBLIC = {bytes(k.public_key): k for k in (collator_key(), *THREAD_COLLATORS)}


def thread_claim(para: int, who: int = 0) -> ParathreadClaim:
    """A claim on a parathread slot by `THREAD_COLLATORS[who]`."""
    return ParathreadClaim(ParaId(para), CollatorId(THREAD_COLLATORS[who].public_key))


def collator_for(assignment: CoreAssignment) -> Keypair:
    """The key that must sign a candidate for `assignment`: the claim's collator, or ``//Collator``."""
    required = assignment.required_collator()
    return collator_key() if required is None else _BY_PUBLIC[bytes(required)]


@attrs.frozen
class BlockPlan:
    """What the next block offers, read on its state right after initialization (`before`) and again after its
    bitfields have been applied (`scheduled`, `groups`, `upgrade_allowed`: what its candidates must fit)."""

    context: SigningContext
    n_validators: int
    cores: list[CoreOccupied | None]
    pending: dict[int, tuple[ParaId, CandidatePendingAvailability]]  # by core
    scheduled: list[CoreAssignment]
    groups: dict[int, list[int]]  # by core: the validators of the group assigned to it
    upgrade_allowed: dict[int, int | None]  # by para: code_upgrade_allowed of its local validation data


class RuntimeNet(InclusionChain):
    """The parachain-host runtime from `genesis_config`, with the inclusion-inherent builders."""

    def __init__(self, genesis_config: dict[str, Any]) -> None:
        self.n_validators = len(genesis_config["session"]["validators"])
        TestNet.__init__(self, genesis_config)  # not InclusionChain's: its genesis is fixed

    def plan(self, bitfields: Sequence[SignedAvailabilityBitfield] = ()) -> BlockPlan:
        """The next block's plan if it carries `bitfields` (which must apply)."""
        with self.view():
            context = Inclusion.signing_context()
            n_validators = len(Inclusion.validators())
            cores = Scheduler.availability_cores()
            pending = {int(r.core): (para, r) for para, r in Inclusion.PendingAvailability.iter()}
            InclusionInherent.inclusion(NONE, list(bitfields), [])
            scheduled = Scheduler.scheduled()
            groups = {int(a.core): [int(v) for v in Scheduler.group_validators(a.group_idx) or []] for a in scheduled}
            allowed = {}
            for a in scheduled:
                lvd = Paras.local_validation_data(a.para_id)
                allowed[int(a.para_id)] = None if lvd is None else lvd.code_upgrade_allowed
        return BlockPlan(context, n_validators, cores, pending, scheduled, groups, allowed)

    def candidate(self, plan: BlockPlan, assignment: CoreAssignment, signers: Sequence[int] | None = None,
                  explicit: bool | None = None, collator: Keypair | None = None, **receipt: Any,
                  ) -> BackedCandidate:  # fmt: skip
        """A candidate for `assignment` in the planned block, signed by `collator` (default: the one the assignment
        requires) and backed by the members of its group at positions `signers` (default: all)."""
        key = collator_for(assignment) if collator is None else collator
        made = make_receipt(int(assignment.para_id), self.head.hash(), collator=key, **receipt)
        return back_candidate(made, plan.groups[int(assignment.core)], plan.context, signers, explicit)

    def core_of_para(self, para: int) -> CoreIndex | None:
        """The core `para`'s candidate may go on in the next block (scheduled there), if any."""
        with self.view():
            return next((a.core for a in Scheduler.scheduled() if a.para_id == para), None)

    def now(self) -> int:
        with self.reading():
            return System.block_number()


__all__ = ["THREAD_COLLATORS", "BlockPlan", "RuntimeNet", "collator_for", "thread_claim"]
