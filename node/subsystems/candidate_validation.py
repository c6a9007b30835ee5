"""The Candidate Validation subsystem: runs a candidate's validation function (the PVF host) on its PoV
against the para's code and head at the relay parent (after enacting its candidate pending availability, if its
core is occupied: `OccupiedCoreAssumption.Included`), and checks the outputs against the receipt.

A candidate is invalid if its PoV is not the one the receipt commits to, its collator signature is bad, its
validation function says so (a PVF `Invalid` reason), or what the function returned differs from what the
receipt claims (head data, new code, upward messages, processed downward messages). If the para or its code
is unknown at the relay parent, or the PVF host itself failed, the answer is `ValidationFailed`: it says
nothing about the candidate.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from node.messages import (
    CandidateInvalid,
    CandidateValid,
    CandidateValidationMessage,
    CandidateValidity,
    RuntimeApiQuery,
    ValidateFromChainState,
    ValidationFailed,
)
from node.overseer import Subsystem, SubsystemContext
from node.pvf import InternalError, Invalid, ValidationOutcome
from node.subsystems._relay_info import query, relay_parent_info
from node.subsystems._stats import NodeStats
from node.subsystems.runtime_api import RuntimeApiUnavailable
from primitives.parachain import AbridgedCandidateReceipt, PoV, ValidationParams, ValidationResult

__all__ = ["CandidateValidationSubsystem", "Validator", "check_outputs"]

#: Runs a validation function: (code, params) -> outcome (may raise `node.pvf.InternalError`).
Validator = Callable[[bytes, ValidationParams], Awaitable[ValidationOutcome]]


def check_outputs(candidate: AbridgedCandidateReceipt, result: ValidationResult) -> str | None:
    """Why the validation result does not match the receipt (None if it does)."""
    commitments = candidate.commitments
    if bytes(result.head_data) != bytes(candidate.head_data):
        return "the head data differs from the receipt's"
    if result.new_validation_code != commitments.new_validation_code:
        return "the new validation code differs from the receipt's"
    if tuple(result.upward_messages) != tuple(commitments.upward_messages):
        return "the upward messages differ from the receipt's"
    if result.processed_downward_messages != commitments.processed_downward_messages:
        return "the processed downward messages differ from the receipt's"
    return None


class CandidateValidationSubsystem(Subsystem):
    """Validates candidates with `validate` (the PVF host; see `node.network.node` for how it is called)."""

    name = "candidate-validation"
    handles = (CandidateValidationMessage,)

    def __init__(self, validate: Validator, stats: NodeStats | None = None) -> None:
        self.validate = validate
        self.stats = stats or NodeStats()

    async def run(self, ctx: SubsystemContext) -> None:
        while True:
            message = await ctx.recv()
            if isinstance(message, ValidateFromChainState):
                ctx.spawn(self._answer(ctx, message), "validate")

    async def _answer(self, ctx: SubsystemContext, request: ValidateFromChainState) -> None:
        verdict = await self.validate_from_chain_state(ctx, request.relay_parent, request.candidate, request.pov)
        if not request.reply.done():
            request.reply.set_result(verdict)

    async def validate_from_chain_state(self, ctx: SubsystemContext, relay_parent: bytes,
                                        candidate: AbridgedCandidateReceipt,
                                        pov: PoV) -> CandidateValidity:  # fmt: skip
        para = int(candidate.parachain_index)
        if pov.hash() != bytes(candidate.pov_block_hash):
            return CandidateInvalid("the PoV does not hash to the receipt's pov_block_hash")
        if not candidate.check_collator_signature():
            return CandidateInvalid("bad collator signature")
        try:
            assumption = (await relay_parent_info(ctx, relay_parent)).assumption(para)
            code = await query(ctx, relay_parent, RuntimeApiQuery.ValidationCode, (para, assumption))
            local = await query(ctx, relay_parent, RuntimeApiQuery.LocalValidationData, (para, assumption))
            schedule = await query(ctx, relay_parent, RuntimeApiQuery.GlobalValidationSchedule)
        except RuntimeApiUnavailable as e:
            return ValidationFailed(str(e))
        if code is None or local is None:
            return ValidationFailed(f"para {para} has no code or head at the relay parent")
        params = ValidationParams(pov.block_data, local.parent_head, schedule.max_code_size,
                                  schedule.max_head_data_size, schedule.block_number,
                                  local.code_upgrade_allowed)  # fmt: skip
        self.stats.validations += 1
        try:
            outcome = await self.validate(bytes(code), params)
        except InternalError as e:
            return ValidationFailed(f"the PVF host failed: {e}")
        if isinstance(outcome, Invalid):
            return CandidateInvalid(str(outcome))
        mismatch = check_outputs(candidate, outcome.result)
        return CandidateInvalid(mismatch) if mismatch else CandidateValid(outcome.result)
