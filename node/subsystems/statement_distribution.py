"""The Statement Distribution subsystem: gossips signed backing statements among validators.

One job per active leaf. Our own statements (`ShareStatement`) go to every validator. A statement from a
peer is checked (a validator of the set, a good signature in the relay parent's signing context), handed to
Candidate Backing and passed on to every other validator, once: statements are told apart by signer and
compact statement, so two conflicting statements by one validator both travel (and get it reported).
Statements that arrive before the node imported their relay parent wait for it (see `_jobs`).
"""

from __future__ import annotations

from node.messages import (
    ImportStatement,
    OverseerSignal,
    PeerMessage,
    ShareStatement,
    StatementDistributionMessage,
)
from node.network import wire
from node.network.net import Endpoint
from node.overseer import Subsystem, SubsystemContext
from node.subsystems._jobs import Job, JobManager
from node.subsystems._relay_info import relay_parent_info
from node.subsystems.runtime_api import RuntimeApiUnavailable
from primitives.parachain import SignedStatement

__all__ = ["StatementDistributionSubsystem"]


class _Job(Job):
    def __init__(self, ctx: SubsystemContext, relay_parent: bytes, endpoint: Endpoint) -> None:
        super().__init__(ctx, relay_parent)
        self.endpoint = endpoint
        self.seen: set[tuple[int, bytes]] = set()

    async def run(self) -> None:
        try:
            info = await relay_parent_info(self.ctx, self.relay_parent)
        except RuntimeApiUnavailable:
            return
        while True:
            message = await self.inbox.get()
            if isinstance(message, ShareStatement):
                self.seen.add(_key(message.statement))
                self.endpoint.gossip(wire.STATEMENT, wire.StatementGossip(self.relay_parent, message.statement),
                                     validators_only=True)  # fmt: skip
                continue
            statement = message.payload.statement
            key = _key(statement)
            if key in self.seen:
                continue
            index = statement.validator_index
            if index >= len(info.validators) or not statement.check_signature(info.context, info.validators[index]):
                continue
            self.seen.add(key)
            await self.ctx.send(ImportStatement(self.relay_parent, statement))
            self.endpoint.gossip(wire.STATEMENT, message.payload, validators_only=True, exclude=message.peer)


def _key(statement: SignedStatement) -> tuple[int, bytes]:
    return int(statement.validator_index), statement.payload.to_compact().encode()


class StatementDistributionSubsystem(Subsystem):
    """Gossips statements through `endpoint`."""

    name = "statement-distribution"
    handles = (StatementDistributionMessage,)
    protocols = (wire.STATEMENT,)

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint

    async def run(self, ctx: SubsystemContext) -> None:
        jobs = JobManager(ctx, lambda rp: _Job(ctx, rp, self.endpoint))
        while True:
            message = await ctx.recv()
            if isinstance(message, OverseerSignal):
                jobs.on_signal(message)
            elif isinstance(message, ShareStatement):
                jobs.dispatch(message.relay_parent, message)
            elif isinstance(message, PeerMessage) and isinstance(message.payload, wire.StatementGossip):
                jobs.dispatch(message.payload.relay_parent, message)
