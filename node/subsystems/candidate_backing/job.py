"""The Candidate Backing Job (guide "Candidate Backing Job"): the work on backing under one relay parent.

*On startup* it fetches the validator set, groups and cores at the relay parent, finds the local key's
validator index, and the para its group is assigned to (if any). *On a signed statement* it imports it into
the `StatementTable`; a ``Seconded`` candidate of its own para that it has not voted on is validated (the PoV
fetched with `FetchPoV`, the validation done by Candidate Validation) and gets a ``Valid`` or ``Invalid``
statement. *On `Second`* it validates the candidate and, if it is valid, seconds it, unless it seconded
another candidate here or already voted on this one. Every statement it signs passes the `SigningRecord`
first. Its own statements go to Statement Distribution. A candidate it finds valid is made available: its
`AvailableData` (the PoV and the validation data at the relay parent) goes to the Availability Store, which
re-encodes it and checks the receipt's erasure root; a candidate whose root differs is treated as invalid
(``InvalidErasureRoot``: not seconded, voted Invalid), so it is never backed. The PoV of a candidate it
seconded goes to PoV Distribution for the rest of its backing group. Double votes
seen in the table are reported on chain (`Validity.report_double_vote`, signed by this validator's account).
Watchers registered with `RegisterBackingWatcher` get each backed candidate.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from node.availability import InvalidErasureRoot
from node.messages import (
    CandidateInvalid,
    CandidateValid,
    CandidateValidity,
    CollationRejected,
    CollationSeconded,
    DistributePoV,
    FetchPoV,
    GetBackedCandidates,
    ImportStatement,
    RegisterBackingWatcher,
    RuntimeApiQuery,
    Second,
    ShareStatement,
    StoreAvailableData,
    SubmitExtrinsic,
    ValidateFromChainState,
    ValidationFailed,
)
from node.overseer import SubsystemContext
from node.subsystems._jobs import Job
from node.subsystems._relay_info import RelayParentInfo, query, relay_parent_info
from node.subsystems.candidate_backing.table import ImportResult, StatementTable
from node.subsystems.runtime_api import RuntimeApiUnavailable
from pallets.validity import DoubleVoteReport, Validity
from primitives.parachain import (
    AbridgedCandidateReceipt,
    AvailableData,
    BackedCandidate,
    Invalid,
    OmittedValidationData,
    PoV,
    Seconded,
    SignedStatement,
    Statement,
    Valid,
)

if TYPE_CHECKING:
    from node.subsystems.candidate_backing.subsystem import CandidateBackingSubsystem

__all__ = ["CandidateBackingJob"]

log = logging.getLogger("parahost.backing")


class CandidateBackingJob(Job):
    """Backing under `relay_parent` for the subsystem `owner` (its key, signing record and stats)."""

    def __init__(self, ctx: SubsystemContext, relay_parent: bytes, owner: CandidateBackingSubsystem) -> None:
        super().__init__(ctx, relay_parent)
        self.owner = owner
        self.info: RelayParentInfo | None = None
        self.table: StatementTable | None = None
        self.me: int | None = None
        self.assigned_para: int | None = None
        self.seconding: bytes | None = None  # the candidate being validated for seconding, or seconded
        self.voting: set[bytes] = set()  # candidates validated (or being validated) for a Valid/Invalid vote
        self.watchers: list[asyncio.Queue[BackedCandidate]] = []

    # -- startup and the inbox

    async def run(self) -> None:
        try:
            self.info = await relay_parent_info(self.ctx, self.relay_parent)
        except RuntimeApiUnavailable:
            return
        self.table = StatementTable(self.info)
        key = self.owner.key
        self.me = self.info.index_of(None if key is None else key.public_key)
        assignment = self.info.assignment(self.me)
        self.assigned_para = None if assignment is None else int(assignment[1])
        while True:
            await self.handle(await self.inbox.get())

    async def handle(self, message: object) -> None:
        if isinstance(message, ImportStatement):
            await self.import_statement(message.statement)
        elif isinstance(message, Second):
            await self.on_second(message.candidate, message.pov)
        elif isinstance(message, RegisterBackingWatcher):
            self.watchers.append(message.watcher)
            for backed in self.table.backed() if self.table else []:
                message.watcher.put_nowait(backed)
        elif isinstance(message, GetBackedCandidates) and not message.reply.done():
            message.reply.set_result(self.table.backed() if self.table else [])

    # -- statements

    async def import_statement(self, signed: SignedStatement) -> ImportResult:
        assert self.table is not None
        result = self.table.import_statement(signed)
        if result.double_vote is not None:
            await self.report(result.double_vote)
        if result.backed is not None:
            self.owner.stats.candidates_backed += 1
            for watcher in self.watchers:
                watcher.put_nowait(result.backed)
        receipt = result.seconded
        if receipt is not None and self.should_check(receipt):
            self.voting.add(receipt.hash())
            self.spawn(self.check_and_vote(receipt), "vote")
        return result

    def should_check(self, receipt: AbridgedCandidateReceipt) -> bool:
        """Whether to validate a newly seconded candidate: ours to back, and not voted on yet."""
        h = receipt.hash()
        return (self.me is not None and int(receipt.parachain_index) == self.assigned_para
                and h not in self.voting and h != self.seconding)  # fmt: skip

    def sign(self, statement: Statement) -> SignedStatement | None:
        """Sign `statement` as the local validator, if the signing record lets us (None if not)."""
        key, info = self.owner.key, self.info
        if key is None or info is None or self.me is None:
            return None
        if not self.owner.record.record(key.public_key, info.session_index, self.relay_parent, statement.to_compact()):
            self.owner.stats.refused_to_sign += 1
            log.info("%s: refused to sign %s under 0x%s: it would conflict with a statement already signed",
                     self.ctx.node, type(statement).__name__, self.relay_parent.hex()[:8])  # fmt: skip
            return None
        return SignedStatement.sign(key, statement, info.context, self.me)

    async def share(self, signed: SignedStatement) -> None:
        """Import our own statement and send it to the other validators."""
        await self.import_statement(signed)
        await self.ctx.send(ShareStatement(self.relay_parent, signed))

    async def report(self, report: DoubleVoteReport) -> None:
        self.owner.stats.double_votes_detected += 1
        offender = int(report.first.validator_index)
        log.warning("%s: validator %d double-voted under 0x%s; reporting it", self.ctx.node, offender,
                    self.relay_parent.hex()[:8])  # fmt: skip
        key = ("double-vote", report.context.session_index, offender)
        await self.ctx.send(SubmitExtrinsic(Validity.tx.report_double_vote(report), key))

    # -- validation work

    async def validate(self, receipt: AbridgedCandidateReceipt, pov: PoV) -> CandidateValidity:
        return await self.ctx.ask(lambda reply: ValidateFromChainState(self.relay_parent, receipt, pov, reply))

    async def make_available(self, receipt: AbridgedCandidateReceipt,
                             pov: PoV) -> CandidateInvalid | ValidationFailed | None:  # fmt: skip
        """Hand a valid candidate's data to the Availability Store: None when kept, `CandidateInvalid` if the
        receipt's erasure root is not the one its data encodes to, `ValidationFailed` if the validation data is
        gone."""
        assert self.info is not None
        para = int(receipt.parachain_index)
        try:
            local = await query(self.ctx, self.relay_parent, RuntimeApiQuery.LocalValidationData,
                                (para, self.info.assumption(para)))  # fmt: skip
            schedule = await query(self.ctx, self.relay_parent, RuntimeApiQuery.GlobalValidationSchedule)
        except RuntimeApiUnavailable as e:
            return ValidationFailed(str(e))
        if local is None:
            return ValidationFailed(f"para {para} has no validation data at the relay parent")
        data = AvailableData(pov, OmittedValidationData(schedule, local))
        root = bytes(receipt.commitments.erasure_root)
        n = len(self.info.validators)
        try:
            await self.ctx.ask(lambda reply: StoreAvailableData(receipt.hash(), n, data, root, reply))
        except InvalidErasureRoot as e:
            return CandidateInvalid(f"InvalidErasureRoot: {e}")
        return None

    def group_keys(self) -> tuple[bytes, ...]:
        """The public keys of the other members of this validator's backing group here."""
        info, me = self.info, self.me
        group = None if info is None or me is None else info.group_of(me)
        if info is None or group is None:
            return ()
        return tuple(bytes(info.validators[v]) for v in info.groups[group] if v != me)

    async def fetch_pov(self, receipt: AbridgedCandidateReceipt) -> PoV | None:
        try:
            pov: PoV = await self.ctx.ask(lambda reply: FetchPoV(self.relay_parent, receipt, reply),
                                          self.owner.fetch_timeout)  # fmt: skip
        except TimeoutError:
            return None
        return pov

    async def check_and_vote(self, receipt: AbridgedCandidateReceipt) -> None:
        """The guide's "spawning validation work": fetch the PoV, validate, sign Valid or Invalid."""
        pov = await self.fetch_pov(receipt)
        if pov is None:
            self.voting.discard(receipt.hash())  # try again if the candidate comes up again
            return
        verdict = await self.validate(receipt, pov)
        h = receipt.hash()
        if isinstance(verdict, CandidateValid):
            verdict = await self.make_available(receipt, pov) or verdict
        if isinstance(verdict, CandidateValid):
            if self.seconding != h:
                signed = self.sign(Valid(h))
                if signed is not None:
                    self.owner.stats.valid_votes += 1
                    await self.share(signed)
        elif isinstance(verdict, CandidateInvalid):
            signed = self.sign(Invalid(h))
            if signed is not None:
                self.owner.stats.invalid_votes += 1
                log.info("%s: candidate 0x%s of para %d is invalid: %s", self.ctx.node, h.hex()[:8],
                         receipt.parachain_index, verdict.reason)  # fmt: skip
                await self.share(signed)

    async def on_second(self, receipt: AbridgedCandidateReceipt, pov: PoV) -> None:
        """A `Second` request: validate, then second if we may."""
        h = receipt.hash()
        reason = None
        if self.me is None or int(receipt.parachain_index) != self.assigned_para:
            reason = "this validator is not assigned to the para here"
        elif self.seconding is not None:
            reason = "this validator already seconds a candidate here"
        elif h in self.voting:
            reason = "this validator already voted on the candidate"
        if reason is not None:
            await self.ctx.send(CollationRejected(self.relay_parent, h, reason))
            return
        self.seconding = h
        self.spawn(self.validate_and_second(receipt, pov), "second")

    async def validate_and_second(self, receipt: AbridgedCandidateReceipt, pov: PoV) -> None:
        h = receipt.hash()
        verdict = await self.validate(receipt, pov)
        if isinstance(verdict, CandidateValid):
            verdict = await self.make_available(receipt, pov) or verdict
        signed = None
        if isinstance(verdict, CandidateValid):
            signed = self.sign(Seconded(receipt))
        if signed is None:
            self.seconding = None
            why = verdict.reason if not isinstance(verdict, CandidateValid) else "the signing record refused"
            await self.ctx.send(CollationRejected(self.relay_parent, h, why))
            return
        self.owner.stats.seconded += 1
        await self.share(signed)
        await self.ctx.send(DistributePoV(self.relay_parent, receipt, pov, self.group_keys()))
        await self.ctx.send(CollationSeconded(self.relay_parent, h))
