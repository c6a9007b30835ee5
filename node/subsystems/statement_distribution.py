"""The Statement Distribution subsystem: gossips signed backing statements among validators.

One job per active leaf (see `_gossip`). Our own statements (`ShareStatement`) go to every validator. A
statement from a peer is checked (a validator of the set, a good signature in the relay parent's signing
context), handed to Candidate Backing and passed on to every other validator, once: statements are told apart
by signer and compact statement, so two conflicting statements by one validator both travel (and get it
reported).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from node.messages import ImportStatement, ShareStatement, StatementDistributionMessage
from node.network import wire
from node.subsystems._gossip import GossipJob, GossipSubsystem
from node.subsystems._relay_info import RelayParentInfo
from primitives.parachain import SignedStatement

__all__ = ["StatementDistributionSubsystem"]


class _Job(GossipJob):
    protocol = wire.STATEMENT

    def own_item(self, message: Any) -> SignedStatement:
        return message.statement

    def peer_item(self, payload: Any) -> SignedStatement:
        return payload.statement

    def wrap(self, item: SignedStatement) -> wire.StatementGossip:
        return wire.StatementGossip(self.relay_parent, item)

    def key(self, item: SignedStatement) -> Hashable:
        return int(item.validator_index), item.payload.to_compact().encode()

    def acceptable(self, item: SignedStatement, info: RelayParentInfo) -> bool:
        index = item.validator_index
        return index < len(info.validators) and item.check_signature(info.context, info.validators[index])

    async def deliver(self, item: SignedStatement, own: bool) -> None:
        if not own:  # Candidate Backing made our own statements: it already has them
            await self.ctx.send(ImportStatement(self.relay_parent, item))


class StatementDistributionSubsystem(GossipSubsystem):
    """Gossips statements through `endpoint`."""

    name = "statement-distribution"
    handles = (StatementDistributionMessage,)
    protocols = (wire.STATEMENT,)
    share_message = ShareStatement
    gossip_payload = wire.StatementGossip
    job = _Job
