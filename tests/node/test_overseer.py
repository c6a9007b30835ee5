"""The Overseer: active leaves from block imports, StartWork/StopWork, relaying in order, bounded queues,
and a dying subsystem taking the node down."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import pytest

from frame.block import Header
from node.messages import BlockImportEvent, PeerMessage, PeerRequest, StartWork, StopWork
from node.network.clock import run
from node.overseer import Overseer, Subsystem, SubsystemContext, SubsystemFailure, UnroutableMessage

GENESIS = Header(bytes(32), 0, bytes(32), bytes(32))


def child(parent: Header, salt: int = 0) -> Header:
    return Header(parent.hash(), parent.number + 1, salt.to_bytes(32, "little"), bytes(32))


def imported(header: Header) -> BlockImportEvent:
    return BlockImportEvent(header.hash(), header, True)


class PingMessage:
    """Test messages for the Recorder."""


@dataclass(frozen=True)
class Ping(PingMessage):
    leaf: bytes


class Recorder(Subsystem):
    """Records everything it receives; optionally slow (yields `slowness` times per item)."""

    handles = (PingMessage,)

    def __init__(self, name: str = "recorder", slowness: int = 0, protocols: tuple[str, ...] = ()) -> None:
        self.name = name  # type: ignore[misc]
        self.protocols = protocols  # type: ignore[misc]
        self.slowness = slowness
        self.log: list[Any] = []
        self.release = asyncio.Event()
        self.release.set()

    async def run(self, ctx: SubsystemContext) -> None:
        while True:
            await self.release.wait()
            item = await ctx.recv()
            for _ in range(self.slowness):
                await asyncio.sleep(0)
            self.log.append(item)
            if isinstance(item, PeerRequest):
                item.reply.set_result(("echo", item.payload))


class Pinger(Subsystem):
    """On each StartWork(x), sends Ping(x) to the Recorder at once."""

    name = "pinger"

    async def run(self, ctx: SubsystemContext) -> None:
        while True:
            item = await ctx.recv()
            if isinstance(item, StartWork):
                await ctx.send(Ping(item.relay_parent))


async def settle(seconds: float = 1.0) -> None:
    await asyncio.sleep(seconds)


async def start(overseer: Overseer, leaves: list[tuple[bytes, int]] | None = None) -> asyncio.Task[None]:
    task = asyncio.get_running_loop().create_task(overseer.run([(GENESIS.hash(), 0)] if leaves is None else leaves))
    await asyncio.sleep(0)  # let it start
    return task


async def feed(overseer: Overseer, *headers: Header) -> None:
    for h in headers:
        await overseer.route(imported(h))  # what Chain does through its context


# ---------------------------------------------------------------------------------------------
# Active leaves


def test_new_block_is_a_leaf_and_its_parent_stops_being_one():
    async def main():
        rec = Recorder()
        overseer = Overseer([rec])
        task = await start(overseer)
        b1 = child(GENESIS)
        await feed(overseer, b1)
        await settle()
        overseer.stop()
        await task
        assert rec.log == [StartWork(GENESIS.hash()), StopWork(GENESIS.hash()), StartWork(b1.hash())]
        assert overseer.active_leaves == {b1.hash(): 1}

    run(main(), virtual=True)


def test_forks_are_several_leaves_and_stale_forks_are_dropped():
    async def main():
        rec = Recorder()
        overseer = Overseer([rec], max_leaf_depth=2)
        task = await start(overseer)
        a1, b1 = child(GENESIS, 1), child(GENESIS, 2)
        await feed(overseer, a1, b1)
        await settle()
        assert list(overseer.active_leaves) == [a1.hash(), b1.hash()]  # two competing leaves at height 1
        a2 = child(a1)
        a3 = child(a2)
        await feed(overseer, a2, a3)
        await settle()
        assert list(overseer.active_leaves) == [b1.hash(), a3.hash()]  # b1 is 2 below a3: still a leaf
        a4 = child(a3)
        await feed(overseer, a4)
        await settle()
        assert list(overseer.active_leaves) == [a4.hash()]  # b1 is 3 below: a stale fork, stopped
        overseer.stop()
        await task
        signals = [(type(s).__name__, s.relay_parent) for s in rec.log]
        assert signals == [
            ("StartWork", GENESIS.hash()), ("StopWork", GENESIS.hash()), ("StartWork", a1.hash()),
            ("StartWork", b1.hash()), ("StopWork", a1.hash()), ("StartWork", a2.hash()),
            ("StopWork", a2.hash()), ("StartWork", a3.hash()), ("StopWork", a3.hash()), ("StopWork", b1.hash()),
            ("StartWork", a4.hash()),
        ]  # fmt: skip

    run(main(), virtual=True)


def test_an_old_block_never_becomes_a_leaf_and_a_known_leaf_is_not_restarted():
    async def main():
        rec = Recorder()
        overseer = Overseer([rec], max_leaf_depth=1)
        b = [GENESIS]
        for _ in range(3):
            b.append(child(b[-1]))
        task = await start(overseer, [(b[3].hash(), 3)])
        old = child(b[0], 9)  # a fork at height 1, two below the leaf
        await feed(overseer, old, b[3])
        await settle()
        overseer.stop()
        await task
        assert rec.log == [StartWork(b[3].hash())]

    run(main(), virtual=True)


# ---------------------------------------------------------------------------------------------
# Relaying


def test_a_message_sent_after_start_work_arrives_after_the_receivers_start_work():
    """The Pinger answers every StartWork(x) with Ping(x) to the slow Recorder, whose tiny queue makes the
    overseer wait in the middle of broadcasting: every Ping(x) must still come after StartWork(x)."""

    async def main():
        rec = Recorder(slowness=3)
        overseer = Overseer([Pinger(), rec], queue_size=2)
        task = await start(overseer)
        chain = [GENESIS]
        for i in range(40):
            chain.append(child(chain[-1], i))
        await feed(overseer, *chain[1:])
        await settle(5)
        overseer.stop()
        await task
        position = {(type(x).__name__, x.relay_parent if isinstance(x, StartWork | StopWork) else x.leaf): i
                    for i, x in enumerate(rec.log)}  # fmt: skip
        pings = [x for x in rec.log if isinstance(x, Ping)]
        assert len(pings) == 41  # genesis and the 40 blocks
        for p in pings:
            assert position[("StartWork", p.leaf)] < position[("Ping", p.leaf)]

    run(main(), virtual=True)


def test_full_queues_block_the_sender_and_nothing_is_lost():
    class Producer(Subsystem):
        name = "producer"
        sent = 0

        async def run(self, ctx: SubsystemContext) -> None:
            for i in range(100):
                await ctx.send(Ping(i.to_bytes(4, "little")))
                self.sent += 1
            await asyncio.Event().wait()

    async def main():
        rec, producer = Recorder(), Producer()
        rec.release.clear()  # the recorder does not read yet
        overseer = Overseer([producer, rec], queue_size=4)
        task = await start(overseer, [])
        await settle()
        assert producer.sent == 4  # the recorder's queue is full: the fifth send waits
        assert len(overseer.contexts["recorder"].inbox.messages) == 4
        rec.release.set()
        await settle()
        assert producer.sent == 100
        assert [p.leaf for p in rec.log] == [i.to_bytes(4, "little") for i in range(100)]
        overseer.stop()
        await task

    run(main(), virtual=True)


def test_network_input_is_dropped_when_the_inbound_queue_is_half_full():
    async def main():
        rec = Recorder(protocols=("test",))
        rec.release.clear()
        overseer = Overseer([rec], queue_size=8)  # the network may fill half of it
        assert not overseer.deliver(PeerMessage("test", "peer", 0))  # not running yet
        task = await start(overseer, [])
        accepted = [overseer.deliver(PeerMessage("test", "peer", i)) for i in range(10)]
        assert accepted == [True] * 4 + [False] * 6
        assert overseer.dropped == 6
        rec.release.set()
        await settle()
        assert [m.payload for m in rec.log] == [0, 1, 2, 3]
        overseer.stop()
        await task

    run(main(), virtual=True)


def test_peer_messages_go_to_the_subsystem_speaking_their_protocol():
    async def main():
        a, b = Recorder("a", protocols=("one",)), Recorder("b", protocols=("two",))
        overseer = Overseer([a, b])
        task = await start(overseer, [])
        assert overseer.deliver(PeerMessage("two", "peer", "hello"))
        reply = asyncio.get_running_loop().create_future()
        assert overseer.deliver(PeerRequest("one", "peer", "question", reply))
        unknown = asyncio.get_running_loop().create_future()
        assert not overseer.deliver(PeerRequest("three", "peer", "?", unknown))
        assert await reply == ("echo", "question")
        assert unknown.result() is None
        assert b.log == [PeerMessage("two", "peer", "hello")]
        overseer.stop()
        await task

    run(main(), virtual=True)


# ---------------------------------------------------------------------------------------------
# Failures


class Faulty(Subsystem):
    name = "faulty"

    def __init__(self, how: str) -> None:
        self.how = how

    async def run(self, ctx: SubsystemContext) -> None:
        item = await ctx.recv()
        assert isinstance(item, StartWork)
        if self.how == "raise":
            raise ValueError("boom")
        if self.how == "spawn":

            async def job() -> None:
                await asyncio.sleep(1)
                raise KeyError("lost")

            ctx.spawn(job(), "job")
            await asyncio.Event().wait()
        if self.how == "unroutable":
            await ctx.send(object())
        # "return": just return


class Survivor(Subsystem):
    name = "survivor"
    cancelled = False

    async def run(self, ctx: SubsystemContext) -> None:
        try:
            await asyncio.Event().wait()
        finally:
            self.cancelled = True


@pytest.mark.parametrize(
    "how, reason",
    [
        ("raise", "subsystem faulty failed: ValueError: boom"),
        ("spawn", "subsystem faulty failed: KeyError: 'lost'"),
        ("return", "subsystem faulty failed: it returned while the node was running"),
        ("unroutable", "subsystem faulty failed: UnroutableMessage: node alice: no subsystem handles object"),
    ],
)
def test_a_dying_subsystem_takes_the_node_down_with_a_clear_reason(how, reason):
    survivor = Survivor()

    async def main():
        overseer = Overseer([Faulty(how), survivor], name="alice")
        await overseer.run([(GENESIS.hash(), 0)])

    with pytest.raises(SubsystemFailure) as failure:
        run(main(), virtual=True)
    assert str(failure.value) == f"node alice went down: {reason}"
    assert failure.value.subsystem == "faulty"
    assert survivor.cancelled  # everything else was stopped


def test_a_sender_waiting_too_long_stalls_the_node():
    class Producer(Subsystem):
        name = "producer"

        async def run(self, ctx: SubsystemContext) -> None:
            while True:
                await ctx.send(Ping(b""))

    async def main():
        rec = Recorder()
        rec.release.clear()  # never reads
        await Overseer([Producer(), rec], name="bob", queue_size=4, stall_timeout=5).run([])

    with pytest.raises(
        SubsystemFailure,
        match=r"node bob went down: subsystem producer failed: SubsystemStalled: "
        r"the queue of subsystem recorder has been full \(4 messages\) for 5 s",
    ):
        run(main(), virtual=True)


def test_a_subsystem_leaving_too_many_signals_unread_stalls_the_node():
    async def main():
        rec = Recorder()
        rec.release.clear()
        overseer = Overseer([rec], name="bob", max_signals=3)
        task = await start(overseer, [])
        chain = [GENESIS]
        for _ in range(3):
            chain.append(child(chain[-1]))
        await feed(overseer, *chain[1:])  # StartWork, StopWork, StartWork, StopWork: one too many
        await task

    with pytest.raises(
        SubsystemFailure, match="subsystem recorder failed: SubsystemStalled: subsystem recorder left 3 signals unread"
    ):
        run(main(), virtual=True)


def test_send_refuses_a_message_nobody_handles():
    async def main():
        overseer = Overseer([Recorder()])
        with pytest.raises(UnroutableMessage, match="no subsystem handles StartWork"):
            await overseer.contexts["recorder"].send(StartWork(b"x"))
        with pytest.raises(UnroutableMessage, match="no subsystem speaks protocol 'gossip'"):
            await overseer.contexts["recorder"].send(PeerMessage("gossip", "peer", None))

    run(main(), virtual=True)


def test_subsystems_must_have_distinct_names():
    with pytest.raises(ValueError, match="share a name"):
        Overseer([Recorder("x"), Recorder("x")])
