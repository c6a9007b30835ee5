"""The Candidate Backing subsystem (guide "Candidate Backing Subsystem"): one `CandidateBackingJob` per
active leaf, started on StartWork and ended on StopWork; each message goes to the job of its relay parent.

A message for a relay parent without a job (not an active leaf) is dropped; one that expects a reply gets
an empty one.
"""

from __future__ import annotations

from node.messages import (
    CandidateBackingMessage,
    GetBackedCandidates,
    OverseerSignal,
)
from node.overseer import Subsystem, SubsystemContext
from node.subsystems._jobs import JobManager
from node.subsystems._stats import NodeStats
from node.subsystems.candidate_backing.job import CandidateBackingJob
from node.subsystems.candidate_backing.signing_record import SigningRecord
from primitives.crypto import Keypair

__all__ = ["CandidateBackingSubsystem"]


class CandidateBackingSubsystem(Subsystem):
    """Backing jobs signing with `key` (None: a node that only watches), guarded by `record`.

    `job_class` makes the jobs (tests give misbehaving ones); `fetch_timeout` bounds a PoV fetch.
    """

    name = "candidate-backing"
    handles = (CandidateBackingMessage,)

    def __init__(self, key: Keypair | None, record: SigningRecord, stats: NodeStats | None = None, *,
                 job_class: type[CandidateBackingJob] = CandidateBackingJob,
                 fetch_timeout: float = 1.0) -> None:  # fmt: skip
        self.key = key
        self.record = record
        self.stats = stats or NodeStats()
        self.job_class = job_class
        self.fetch_timeout = fetch_timeout
        self.jobs: JobManager[CandidateBackingJob] | None = None

    async def run(self, ctx: SubsystemContext) -> None:
        jobs = self.jobs = JobManager(ctx, lambda rp: self.job_class(ctx, rp, self), early_limit=0)
        while True:
            message = await ctx.recv()
            if isinstance(message, OverseerSignal):
                jobs.on_signal(message)
            elif isinstance(message, CandidateBackingMessage):
                if jobs.get(message.relay_parent) is not None:
                    jobs.dispatch(message.relay_parent, message)
                elif isinstance(message, GetBackedCandidates) and not message.reply.done():
                    message.reply.set_result([])
