"""Erasure-coded availability on a local network in virtual time: chunks instead of PoVs, availability with just
under a third offline, withheld chunks, a wrong erasure root, bad chunks from a peer, recovery without backers."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from node.collator import AdderCollation, collator_key
from node.messages import PeerRequest, RecoverAvailableData
from node.network import wire
from node.network.clock import run
from node.network.local import LocalNetwork
from node.subsystems.availability_distribution import AvailabilityDistributionSubsystem
from primitives.parachain import AvailableData, ErasureChunk
from tests.node._network_support import local_spec, pvf  # noqa: F401 (fixture)


def test_candidates_become_available_with_just_under_a_third_offline(tmp_path, pvf):  # noqa: F811
    net = LocalNetwork(local_spec(10, 3), tmp_path, seed=0, offline=0.3, pvf=pvf)
    assert len(net.offline) == 3  # the 7 online must all set their bit (more than 2/3 of 10)
    result = run(net.run(16), virtual=True)
    for para in (100, 101, 102):
        assert result.paras[para].included >= 3, result.paras
        assert result.paras[para].head_number == result.paras[para].included
    assert all(s["chunks_fetched"] > 0 and s["bad_chunks"] == 0 for s in result.stats.values())
    assert result.full_replication > 0 and set(result.stored) == set(net.nodes)


def test_each_validator_keeps_its_chunk_and_backers_the_data(tmp_path, pvf):  # noqa: F811
    net = LocalNetwork(local_spec(7, 2), tmp_path, seed=2, pvf=pvf)
    seen: dict[str, Any] = {}

    async def main() -> None:
        await net.start()
        try:
            await net.run_until(8)
            receipts = [r for rec in net.best_chain() for r in net.included.get(rec.hash, [])]
            h = receipts[-1].hash()
            holders = {name: node.av_store.store for name, node in net.nodes.items() if node.av_store is not None}
            seen["data"] = [name for name, s in holders.items() if s.data(h) is not None]
            seen["own"] = [i for i, s in enumerate(holders.values()) if s.has_chunk(h, i)]
        finally:
            await net.stop()

    run(main(), virtual=True)
    assert 2 <= len(seen["data"]) <= 4  # only the backing group holds the whole data
    assert seen["own"] == list(range(7))  # every validator holds its own chunk


def _serving(monkeypatch: pytest.MonkeyPatch, answer: Any) -> None:
    """Validators for which `answer(subsystem, request)` returns something other than NotImplemented answer
    chunk requests with it."""
    honest = AvailabilityDistributionSubsystem._serve

    async def serve(self: AvailabilityDistributionSubsystem, ctx: Any, request: PeerRequest) -> None:
        given = answer(self, request) if isinstance(request.payload, wire.ChunkRequestPayload) else NotImplemented
        if given is NotImplemented:
            await honest(self, ctx, request)
        elif not request.reply.done():
            request.reply.set_result(given)

    monkeypatch.setattr(AvailabilityDistributionSubsystem, "_serve", serve)


def test_backers_that_withhold_chunks_make_their_candidates_time_out(tmp_path, pvf, monkeypatch):  # noqa: F811
    _serving(monkeypatch, lambda self, request: None)  # nobody serves a chunk: only backers hold theirs
    net = LocalNetwork(local_spec(5, 2), tmp_path, seed=1, pvf=pvf)
    result = run(net.run(10), virtual=True)
    for para in (100, 101):
        assert result.paras[para].backed >= 1 and result.paras[para].included == 0
        assert result.paras[para].timed_out >= 1
    assert all(s["chunks_fetched"] == 0 for s in result.stats.values())


def test_a_candidate_whose_erasure_root_does_not_match_its_data_is_never_backed(tmp_path, pvf):  # noqa: F811
    bad = AdderCollation(collator_key(100), 100, bad_erasure_root=True)
    net = LocalNetwork(local_spec(5, 2), tmp_path, seed=1, pvf=pvf, collations={100: bad})
    result = run(net.run(8), virtual=True)
    assert result.paras[100].backed == result.paras[100].included == 0
    assert result.paras[101].included >= 3
    assert sum(s["erasure_root_mismatches"] for s in result.stats.values()) >= 2


def test_a_peer_sending_forged_chunks_is_refused_and_its_data_ignored(tmp_path, pvf, monkeypatch):  # noqa: F811
    forger = "bob"

    def forge(self: AvailabilityDistributionSubsystem, request: PeerRequest) -> Any:
        if self.endpoint.peer_id != forger:
            return NotImplemented
        return ErasureChunk(b"\x01\x02" * 8, request.payload.index, ())

    _serving(monkeypatch, forge)
    net = LocalNetwork(local_spec(5, 2), tmp_path, seed=1, pvf=pvf)
    result = run(net.run(10), virtual=True)
    assert sum(s["bad_chunks"] for s in result.stats.values()) >= 1
    for para in (100, 101):  # the other backers gave the real chunks
        assert result.paras[para].included >= 3 and result.paras[para].timed_out == 0


def test_included_data_is_recovered_from_chunks_after_its_backers_go_offline(tmp_path, pvf):  # noqa: F811
    net = LocalNetwork(local_spec(7, 2), tmp_path, seed=2, pvf=pvf)
    seen: dict[str, Any] = {}

    async def main() -> None:
        await net.start()
        try:
            await net.run_until(8)
            receipt = [r for rec in net.best_chain() for r in net.included.get(rec.hash, [])][-1]
            h = receipt.hash()
            backers = [n for n in net.nodes.values() if n.av_store is not None and n.av_store.store.data(h)]
            others = [n for n in net.nodes.values() if n not in backers]
            for node in backers:
                await node.stop()
            group = tuple(i for i, name in enumerate(net.names) if name in {b.name for b in backers})
            reply: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
            assert others[0].overseer is not None
            await others[0].overseer.route(RecoverAvailableData(receipt, group, reply))
            seen["result"], seen["receipt"], seen["backers"] = await reply, receipt, len(backers)
            seen["stats"] = others[0].stats.as_dict()
        finally:
            await net.stop()

    run(main(), virtual=True)
    assert seen["backers"] >= 2
    data = seen["result"]
    assert isinstance(data, AvailableData), data
    assert data.pov_block.hash() == bytes(seen["receipt"].pov_block_hash)
    assert seen["stats"]["recoveries"] == 1 and seen["stats"]["recoveries_invalid"] == 0
