"""The in-process network: peers, seeded latency and message loss, gossip and request/response.

Every node joins with a peer id and a `deliver` function (its overseer's: what arrives becomes a
`PeerMessage` or `PeerRequest` on the node's bus). A message from one peer to another is lost with
probability `loss`, else it arrives after a latency drawn uniformly from `latency` (so messages can overtake
each other); requests and responses are messages too. All randomness comes from one `random.Random(seed)`,
and under virtual time the schedule is deterministic, so a run is repeatable. A peer that is offline (never
joined, or left: a killed node) receives nothing. The topology is a full mesh, or, once `use_grid` was given a
validator set of `grid.GRID_MIN` or more, Polkadot's gossip grid (`node.network.grid`): `Endpoint.gossip` with an
`origin` sends an item along the grid's two hops, without one it floods to the grid neighbours. `directory` maps
a validator's public key to its peer id (a stand-in for authority discovery).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from node.messages import PeerMessage, PeerRequest
from node.network.grid import GRID_MIN, Grid

__all__ = ["Endpoint", "Network", "NetworkStats"]

Deliver = Callable[[Any], bool]
#: The event loop's clock resolution: a timer due within it of now runs now (as asyncio's loop decides).
_RESOLUTION = time.get_clock_info("monotonic").resolution


@dataclass(slots=True)
class NetworkStats:
    """Counts of what the network did."""

    sent: int = 0
    delivered: int = 0
    lost: int = 0  # dropped by the loss model
    undeliverable: int = 0  # the receiver was offline, or its queue was full


@dataclass(slots=True)
class _Peer:
    deliver: Deliver
    validator: bool
    key: bytes | None = None


class Network:
    """A full mesh of in-process peers with seeded latency (seconds, uniform in `latency`) and loss."""

    def __init__(self, *, seed: int = 0, loss: float = 0.0, latency: tuple[float, float] = (0.01, 0.1)) -> None:
        if not 0.0 <= loss < 1.0:
            raise ValueError(f"loss must be in [0, 1), not {loss}")
        if not 0.0 <= latency[0] <= latency[1]:
            raise ValueError(f"latency must be a range (low, high) with 0 <= low <= high, not {latency}")
        self.rng = random.Random(seed)
        self.loss = loss
        self.latency = latency
        self.stats = NetworkStats()
        #: validator public key -> peer id
        self.directory: dict[bytes, str] = {}
        #: observers of every message sent: tap(sender, receiver, protocol, payload)
        self.taps: list[Callable[[str, str, str, Any], None]] = []
        self._peers: dict[str, _Peer] = {}
        #: the gossip grid (None: a full mesh)
        self.grid: Grid | None = None
        self._flood_targets: dict[str, list[str]] = {}
        #: messages in flight: (arrival time, sending order, receiver, arrive, its argument)
        self._arrivals: list[tuple[float, int, str, Callable[[_Peer, Any], None], Any]] = []
        self._order = itertools.count()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._timer: asyncio.TimerHandle | None = None

    def use_grid(self, validators: list[bytes]) -> None:
        """Gossip along Polkadot's grid of this validator set (in its order), if it has `GRID_MIN` or more."""
        self.grid = Grid(validators) if len(validators) >= GRID_MIN else None
        self._flood_targets.clear()

    def key_of(self, peer_id: str | None) -> bytes | None:
        """The validator key of an online peer (None for another peer)."""
        peer = self._peers.get(peer_id) if peer_id is not None else None
        return peer.key if peer is not None else None

    def flood_targets(self, peer_id: str) -> list[str]:
        """The online peers a flood from `peer_id` goes to: everyone, or on the grid its neighbours (the
        validators of its row and column, the non-validators attached to its column; a non-validator's: the
        validators of the column it is attached to)."""
        cached = self._flood_targets.get(peer_id)
        if cached is not None:
            return cached
        grid, me = self.grid, self._peers.get(peer_id)
        if grid is None or me is None:
            out = [p for p in self._peers if p != peer_id]
        else:
            keys = set(grid.neighbours(me.key)) if me.key is not None else set()
            out = []
            for p, peer in self._peers.items():
                if p == peer_id:
                    continue
                if me.key is not None and peer.key is not None:
                    if peer.key in keys:
                        out.append(p)
                elif me.key is not None:  # a non-validator attached to my column
                    if grid.column_of_peer(p) == grid.column(me.key):
                        out.append(p)
                elif peer.key is not None and grid.column(peer.key) == grid.column_of_peer(peer_id):
                    out.append(p)
        self._flood_targets[peer_id] = out
        return out

    def join(self, peer_id: str, deliver: Deliver, *, validator: bytes | None = None) -> Endpoint:
        """Bring `peer_id` online; `validator` is its validator key, if it is one."""
        if peer_id in self._peers:
            raise ValueError(f"peer {peer_id} is already online")
        key = bytes(validator) if validator is not None else None
        self._peers[peer_id] = _Peer(deliver, key is not None, key)
        self._flood_targets.clear()
        if validator is not None:
            self.directory[bytes(validator)] = peer_id
        return Endpoint(self, peer_id)

    def leave(self, peer_id: str) -> None:
        """Take `peer_id` offline (messages in flight to it are lost)."""
        self._peers.pop(peer_id, None)
        self._flood_targets.clear()

    def online(self, peer_id: str) -> bool:
        return peer_id in self._peers

    def peers(self, *, validators_only: bool = False) -> list[str]:
        """The online peers, in the order they joined."""
        return [p for p, peer in self._peers.items() if peer.validator or not validators_only]

    # -- transport

    def _transmit(self, sender: str, receiver: str, protocol: str, payload: Any,
                  arrive: Callable[[_Peer, Any], None], arg: Any = None) -> None:  # fmt: skip
        self.stats.sent += 1
        for tap in self.taps:
            tap(sender, receiver, protocol, payload)
        if receiver not in self._peers:
            self.stats.undeliverable += 1
            return
        if self.loss and self.rng.random() < self.loss:
            self.stats.lost += 1
            return
        self._schedule(self.rng.uniform(*self.latency), receiver, arrive, arg)

    def _schedule(self, delay: float, receiver: str, arrive: Callable[[_Peer, Any], None], arg: Any) -> None:
        """Deliver after `delay`: arrivals wait in one heap, in (time, sending order), under one loop timer for
        the earliest (a timer per message costs more than the message)."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop: whatever was in flight on the old one is gone
            self._loop, self._arrivals, self._timer = loop, [], None
        when = loop.time() + delay
        heapq.heappush(self._arrivals, (when, next(self._order), receiver, arrive, arg))
        if self._timer is None or when < self._timer.when():
            if self._timer is not None:
                self._timer.cancel()
            self._timer = loop.call_at(when, self._land)

    def _land(self) -> None:
        loop, arrivals = self._loop, self._arrivals
        assert loop is not None
        self._timer = None
        horizon = loop.time() + _RESOLUTION  # what the loop itself counts as due now
        while arrivals and arrivals[0][0] <= horizon:
            _, _, receiver, arrive, arg = heapq.heappop(arrivals)
            peer = self._peers.get(receiver)
            if peer is None:
                self.stats.undeliverable += 1
                continue
            self.stats.delivered += 1
            try:
                arrive(peer, arg)
            except Exception as e:  # as a callback of its own would: reported, the others still land
                loop.call_exception_handler({"message": "network delivery failed", "exception": e})
        if arrivals and self._timer is None:
            self._timer = loop.call_at(arrivals[0][0], self._land)

    def _arrive_message(self, peer: _Peer, arg: tuple[str, str, Any]) -> None:
        protocol, sender, payload = arg
        if not peer.deliver(PeerMessage(protocol, sender, payload)):
            self.stats.undeliverable += 1

    def send(self, sender: str, receiver: str, protocol: str, payload: Any) -> None:
        self._transmit(sender, receiver, protocol, payload, self._arrive_message, (protocol, sender, payload))

    def request(self, sender: str, receiver: str, protocol: str, payload: Any) -> asyncio.Future[Any]:
        """Send a request; the future gets the response (it never completes if either leg is lost)."""
        loop = asyncio.get_running_loop()
        response: asyncio.Future[Any] = loop.create_future()

        def answered(reply: asyncio.Future[Any]) -> None:
            if reply.cancelled() or reply.exception() is not None:
                return
            result = reply.result()

            def back(_: _Peer, __: Any) -> None:
                if not response.done():
                    response.set_result(result)

            self._transmit(receiver, sender, protocol, result, back)

        def arrive(peer: _Peer, _: Any) -> None:
            reply: asyncio.Future[Any] = loop.create_future()
            reply.add_done_callback(answered)
            if not peer.deliver(PeerRequest(protocol, sender, payload, reply)):
                self.stats.undeliverable += 1

        self._transmit(sender, receiver, protocol, payload, arrive)
        return response


class Endpoint:
    """One peer's view of the network: send, gossip, request."""

    def __init__(self, network: Network, peer_id: str) -> None:
        self.network = network
        self.peer_id = peer_id

    def send(self, to: str, protocol: str, payload: Any) -> None:
        self.network.send(self.peer_id, to, protocol, payload)

    def gossip(self, protocol: str, payload: Any, *, validators_only: bool = False, exclude: str | None = None,
               origin: bytes | None = None) -> None:  # fmt: skip
        """Send `payload` to every other online peer (only validators if `validators_only`), except `exclude`.
        On the grid: an item signed by the validator `origin` goes along the grid's two hops (`exclude` is the
        peer it came from), anything else to the grid neighbours."""
        net = self.network
        grid = net.grid
        if grid is not None and origin is not None:
            me = net.key_of(self.peer_id)
            if me is None:
                return
            keys = grid.neighbours(me) if origin == me else grid.relay(me, origin, net.key_of(exclude))
            for key in keys:
                peer = self.peer_of(key)
                if peer is not None and peer != exclude:
                    net.send(self.peer_id, peer, protocol, payload)
            return
        if grid is not None:
            for peer in net.flood_targets(self.peer_id):
                if peer != exclude and (not validators_only or net.key_of(peer) is not None):
                    net.send(self.peer_id, peer, protocol, payload)
            return
        for peer in net.peers(validators_only=validators_only):
            if peer != self.peer_id and peer != exclude:
                net.send(self.peer_id, peer, protocol, payload)

    async def request(self, to: str, protocol: str, payload: Any, timeout: float) -> Any:
        """Ask `to`; its answer, or None if it does not come within `timeout` seconds."""
        response = self.network.request(self.peer_id, to, protocol, payload)
        loop = asyncio.get_running_loop()

        def give_up() -> None:
            if not response.done():
                response.set_result(None)

        handle = loop.call_later(timeout, give_up)
        try:
            return await response
        finally:
            handle.cancel()

    def peer_of(self, validator: bytes) -> str | None:
        """The peer id of the validator with this public key, if it is online."""
        peer = self.network.directory.get(bytes(validator))
        return peer if peer is not None and self.network.online(peer) else None

    def validator_peers(self) -> list[str]:
        return [p for p in self.network.peers(validators_only=True) if p != self.peer_id]
