"""The Bitfield Distribution subsystem: gossips signed availability bitfields among validators.

One job per active leaf (see `_gossip`). Our own bitfield (`DistributeBitfield`) goes to every validator and to
our Provisioner. A bitfield from a peer is checked (a validator of the set, one bit per availability core, a
good signature in the relay parent's context), handed to the Provisioner and passed on to every other
validator, once per validator and relay parent.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from node.messages import BitfieldDistributionMessage, DistributeBitfield, ProvisionableBitfield
from node.network import wire
from node.subsystems._gossip import GossipJob, GossipSubsystem
from node.subsystems._relay_info import RelayParentInfo
from primitives.parachain import SignedAvailabilityBitfield

__all__ = ["BitfieldDistributionSubsystem"]


class _Job(GossipJob):
    protocol = wire.BITFIELD

    def own_item(self, message: Any) -> SignedAvailabilityBitfield:
        return message.bitfield

    def peer_item(self, payload: Any) -> SignedAvailabilityBitfield:
        return payload.bitfield

    def wrap(self, item: SignedAvailabilityBitfield) -> wire.BitfieldGossip:
        return wire.BitfieldGossip(self.relay_parent, item)

    def key(self, item: SignedAvailabilityBitfield) -> Hashable:
        return int(item.validator_index)

    def acceptable(self, item: SignedAvailabilityBitfield, info: RelayParentInfo) -> bool:
        index = int(item.validator_index)
        return (index < len(info.validators) and len(item.payload) == len(info.cores)
                and item.check_signature(info.context, info.validators[index]))  # fmt: skip

    async def deliver(self, item: SignedAvailabilityBitfield, own: bool) -> None:
        await self.ctx.send(ProvisionableBitfield(self.relay_parent, item))


class BitfieldDistributionSubsystem(GossipSubsystem):
    """Gossips bitfields through `endpoint`."""

    name = "bitfield-distribution"
    handles = (BitfieldDistributionMessage,)
    protocols = (wire.BITFIELD,)
    share_message = DistributeBitfield
    gossip_payload = wire.BitfieldGossip
    job = _Job
