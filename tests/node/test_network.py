"""The virtual-time loop and the in-process network (latency, loss, offline peers, gossip, requests)."""

from __future__ import annotations

import asyncio
import time

import pytest

from node.messages import PeerMessage, PeerRequest
from node.network.clock import VirtualTimeDeadlock, run
from node.network.net import Network

# ---------------------------------------------------------------------------------------------
# Virtual time


def test_virtual_time_jumps_to_the_next_timer():
    async def main():
        loop = asyncio.get_running_loop()
        fired = []

        async def at(delay: float, tag: str) -> None:
            await asyncio.sleep(delay)
            fired.append((tag, loop.time()))

        assert loop.time() == 0.0
        await asyncio.gather(at(3600, "hour"), at(1, "one"), at(2.5, "two and a half"))
        return fired

    assert run(main(), virtual=True) == [("one", 1.0), ("two and a half", 2.5), ("hour", 3600.0)]


def test_work_in_threads_takes_no_virtual_time():
    async def main():
        loop = asyncio.get_running_loop()
        await asyncio.sleep(5)
        result = await asyncio.to_thread(lambda: (time.sleep(0.05), 42)[1])
        return result, loop.time()

    assert run(main(), virtual=True) == (42, 5.0)


def test_a_loop_with_nothing_to_wait_for_is_a_deadlock():
    async def main():
        await asyncio.get_running_loop().create_future()  # never set

    with pytest.raises(VirtualTimeDeadlock, match="would wait forever"):
        run(main(), virtual=True)


def test_real_time_mode_runs_on_an_ordinary_loop():
    async def main():
        await asyncio.sleep(0.01)
        return type(asyncio.get_running_loop()).__name__

    assert run(main(), virtual=False) != "VirtualTimeLoop"


# ---------------------------------------------------------------------------------------------
# The network


class Inbox:
    def __init__(self) -> None:
        self.got: list[tuple[float, object]] = []

    def __call__(self, message: object) -> bool:
        self.got.append((asyncio.get_running_loop().time(), message))
        if isinstance(message, PeerRequest):
            message.reply.set_result(("answer to", message.payload))
        return True


def test_messages_arrive_after_a_seeded_latency_and_some_are_lost():
    async def once(seed: int):
        net = Network(seed=seed, loss=0.3, latency=(0.1, 0.2))
        inbox = Inbox()
        a = net.join("a", Inbox())
        net.join("b", inbox)
        for i in range(1000):
            a.send("b", "p", i)
        await asyncio.sleep(1)
        return inbox.got, net.stats

    got, stats = run(once(1), virtual=True)
    assert stats.sent == 1000 and stats.lost + stats.delivered == 1000
    assert 250 < stats.lost < 350  # about 30%
    assert all(0.1 <= t <= 0.2 for t, _ in got)
    assert all(isinstance(m, PeerMessage) and m.peer == "a" and m.protocol == "p" for _, m in got)
    assert [m.payload for _, m in got] != sorted(m.payload for _, m in got)  # they overtake each other
    again, _ = run(once(1), virtual=True)
    assert again == got  # the same seed: the same losses, the same order, the same times
    other, _ = run(once(2), virtual=True)
    assert other != got


def test_offline_peers_receive_nothing():
    async def main():
        net = Network()
        inbox = Inbox()
        a = net.join("a", Inbox())
        a.send("nobody", "p", 1)  # never joined
        net.join("b", inbox)
        a.send("b", "p", 2)
        net.leave("b")  # leaves while the message is in flight
        await asyncio.sleep(1)
        return inbox.got, net.stats

    got, stats = run(main(), virtual=True)
    assert got == [] and stats.undeliverable == 2


def test_gossip_goes_to_every_other_peer_or_only_validators():
    async def main():
        net = Network()
        boxes = {name: Inbox() for name in ("v1", "v2", "v3", "c")}
        ends = {name: net.join(name, box, validator=bytes([i]) * 32 if name != "c" else None)
                for i, (name, box) in enumerate(boxes.items())}  # fmt: skip
        ends["v1"].gossip("p", "all", exclude="v2")
        ends["v1"].gossip("p", "validators", validators_only=True)
        await asyncio.sleep(1)
        assert ends["c"].peer_of(bytes([1]) * 32) == "v2"
        assert ends["c"].peer_of(bytes([9]) * 32) is None
        return {name: sorted(m.payload for _, m in box.got) for name, box in boxes.items()}

    assert run(main(), virtual=True) == {"v1": [], "v2": ["validators"], "v3": ["all", "validators"], "c": ["all"]}


def test_requests_get_answers_or_time_out():
    async def main():
        net = Network(latency=(0.1, 0.1))
        a = net.join("a", Inbox())
        net.join("b", Inbox())
        loop = asyncio.get_running_loop()
        answer = await a.request("b", "p", "question", timeout=1)
        answered_at = loop.time()
        lost = await a.request("nobody", "p", "question", timeout=1)
        return answer, answered_at, lost, loop.time()

    assert run(main(), virtual=True) == (("answer to", "question"), 0.2, None, 1.2)


def test_bad_network_parameters_are_refused():
    with pytest.raises(ValueError, match="loss"):
        Network(loss=1.0)
    with pytest.raises(ValueError, match="latency"):
        Network(latency=(0.2, 0.1))
