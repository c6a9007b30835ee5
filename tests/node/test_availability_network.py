"""Erasure-coded availability on a local network in virtual time: chunks instead of PoVs, availability with just
under a third offline, a backing group withholding its candidate's chunks (and nobody serving any), a wrong erasure
root, bad chunks from a peer, recovery without backers."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from genesis.build import build_genesis
from node.collator import AdderCollation, collator_key
from node.messages import PeerRequest, RecoverAvailableData
from node.network import wire
from node.network.clock import run
from node.network.local import LocalNetwork
from node.subsystems._relay_info import RelayParentInfo
from node.subsystems.availability_distribution import AvailabilityDistributionSubsystem
from primitives.parachain import AvailableData, ErasureChunk
from runtime.parachain import ParachainRuntime
from runtime_api import RuntimeApi
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


def _backing_group(spec: Any, para: int) -> list[int]:
    """The validator indices of `para`'s backing group at genesis (it keeps the para's core until the first group
    rotation: the local preset's parachainRotationFrequency, block 10)."""
    genesis = build_genesis(spec, ParachainRuntime)
    api = RuntimeApi(ParachainRuntime, genesis.backend(), genesis.header)
    groups, rotation = api.validator_groups()
    info = RelayParentInfo(genesis.hash, api.validators(), [list(g) for g in groups], rotation,
                           api.availability_cores(), 0)  # fmt: skip
    group = info.backing_group(para)
    assert group is not None
    return [int(v) for v in group]


def test_a_backing_group_that_withholds_chunks_makes_its_candidate_time_out(tmp_path, pvf, monkeypatch):  # noqa: F811
    spec = local_spec(7, 3)  # groups of 3, 2 and 2 validators; availability needs more than 2/3 of 7: 5 chunks
    group = _backing_group(spec, 100)
    assert len(group) == 3  # the backers alone hold too few chunks for availability
    net = LocalNetwork(spec, tmp_path, seed=3, pvf=pvf)
    withholders = {net.validator_ids[v] for v in group}
    # para 100's backers refuse every chunk request (they serve nobody); everyone else serves as usual
    _serving(monkeypatch, lambda self, request: None if bytes(self.key.public_key) in withholders else NotImplemented)
    # Inclusion times a candidate out once it has been pending chainAvailabilityPeriod (4) blocks, but only in the
    # first 4 blocks after a group rotation (every 10 blocks in the local preset, Polkadot's rule): block 10 here
    result = run(net.run(10), virtual=True)
    assert result.paras[100].backed >= 1 and result.paras[100].included == result.paras[100].head_number == 0
    backed_at = min(r.number for r in result.blocks if 100 in r.backed)
    timed_out = [r.number for r in result.blocks if 100 in r.timed_out]
    expected = next(n for n in range(backed_at + 4, 100) if n % 10 < 4)
    assert timed_out == [expected], (backed_at, timed_out)
    for para in (101, 102):  # the other groups' candidates become available and are included, none times out
        assert result.paras[para].included >= 3 and result.paras[para].timed_out == 0, result.paras
        assert result.paras[para].head_number == result.paras[para].included
    assert all(para == 100 for r in result.blocks for para in r.timed_out)
    members = {net.names[v] for v in group}
    for name, stats in result.stats.items():
        assert stats["chunks_fetched"] > 0 and stats["bad_chunks"] == 0  # the withholders fetch the others' chunks
        if name not in members:  # the others asked para 100's backers for their chunks in vain
            assert stats["chunk_fetch_failures"] >= 1, (name, stats)


def test_when_no_validator_serves_chunks_every_candidate_times_out(tmp_path, pvf, monkeypatch):  # noqa: F811
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
