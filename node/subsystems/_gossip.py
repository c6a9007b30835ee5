"""What Statement Distribution and Bitfield Distribution share: flood gossip of signed items per relay parent.

One job per active leaf. Our own item goes to every validator. An item from a peer is taken once (told apart
by `key`), checked (`acceptable`: a validator of the set, a good signature in the relay parent's context ...),
handed on inside the node (`deliver`) and passed on to every other validator; on the gossip grid
(`node.network.grid`), own items go to the row and column and items are passed on along the grid's second hop
(the signer, `origin`, is the originator). Items that arrive before their
relay parent is imported wait for it (see `_jobs`).
"""

from __future__ import annotations

import abc
from collections.abc import Hashable
from typing import Any, ClassVar

from node.messages import OverseerSignal, PeerMessage
from node.network.net import Endpoint
from node.overseer import Subsystem, SubsystemContext
from node.subsystems._jobs import Job, JobManager
from node.subsystems._relay_info import RelayParentInfo, relay_parent_info
from node.subsystems.runtime_api import RuntimeApiUnavailable


class GossipJob(Job):
    """One relay parent's gossip. Subclasses say how to wrap, key, check and deliver an item."""

    protocol: ClassVar[str]

    def __init__(self, ctx: SubsystemContext, relay_parent: bytes, endpoint: Endpoint) -> None:
        super().__init__(ctx, relay_parent)
        self.endpoint = endpoint
        self.seen: set[Hashable] = set()

    @abc.abstractmethod
    def own_item(self, message: Any) -> Any:
        """The signed item in a local request to share it."""

    @abc.abstractmethod
    def peer_item(self, payload: Any) -> Any:
        """The signed item in a peer's gossip payload."""

    @abc.abstractmethod
    def wrap(self, item: Any) -> Any:
        """The gossip payload carrying `item` under this relay parent."""

    @abc.abstractmethod
    def key(self, item: Any) -> Hashable:
        """What tells items apart (each is taken and passed on once)."""

    @abc.abstractmethod
    def acceptable(self, item: Any, info: RelayParentInfo) -> bool:
        """Whether a peer's item is well-formed and signed by a validator of the set."""

    def origin(self, item: Any, info: RelayParentInfo) -> bytes | None:
        """The public key of the validator that signed `item` (its `validator_index` in the set)."""
        index = int(item.validator_index)
        return bytes(info.validators[index]) if index < len(info.validators) else None

    @abc.abstractmethod
    async def deliver(self, item: Any, own: bool) -> None:
        """Hand an item to the subsystem that uses it (`own`: it is ours, not a peer's)."""

    async def run(self) -> None:
        try:
            info = await relay_parent_info(self.ctx, self.relay_parent)
        except RuntimeApiUnavailable:
            return
        while True:
            message = await self.inbox.get()
            if not isinstance(message, PeerMessage):
                item = self.own_item(message)
                self.seen.add(self.key(item))
                await self.deliver(item, own=True)
                self.endpoint.gossip(self.protocol, self.wrap(item), validators_only=True,
                                     origin=self.origin(item, info))  # fmt: skip
                continue
            item = self.peer_item(message.payload)
            key = self.key(item)
            if key in self.seen or not self.acceptable(item, info):
                continue
            self.seen.add(key)
            await self.deliver(item, own=False)
            self.endpoint.gossip(self.protocol, message.payload, validators_only=True, exclude=message.peer,
                                 origin=self.origin(item, info))  # fmt: skip


class GossipSubsystem(Subsystem):
    """Routes local share requests and peers' gossip to the job of their relay parent."""

    #: the local request to share an item (it has a `relay_parent`)
    share_message: ClassVar[type[Any]]
    #: the gossip payload type (it has a `relay_parent`)
    gossip_payload: ClassVar[type[Any]]
    job: ClassVar[type[GossipJob]]

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint

    async def run(self, ctx: SubsystemContext) -> None:
        jobs = JobManager(ctx, lambda rp: self.job(ctx, rp, self.endpoint))
        while True:
            message = await ctx.recv()
            if isinstance(message, OverseerSignal):
                jobs.on_signal(message)
            elif isinstance(message, self.share_message):
                jobs.dispatch(message.relay_parent, message)
            elif isinstance(message, PeerMessage) and isinstance(message.payload, self.gossip_payload):
                jobs.dispatch(message.payload.relay_parent, message)
