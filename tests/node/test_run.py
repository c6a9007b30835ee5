"""Expectations of a local network in virtual time: steady progress, progress under message loss and with
validators offline, competing forks converging, and repeatable runs."""

from __future__ import annotations

import asyncio

from node.network.clock import run
from node.network.local import LocalNetwork, RunResult
from node.subsystems._slots import SlotRule
from tests.node._network_support import local_spec, pvf  # noqa: F401 (fixture)


def assert_sound(result: RunResult) -> None:
    """No node refused a block, fell back to an empty inherent, or refused to sign what it was asked to."""
    for name, stats in result.stats.items():
        assert stats["bad_blocks"] == 0, name
        assert stats["inherent_fallbacks"] == 0, name
        assert stats["double_votes_detected"] == 0, name


def test_an_honest_network_includes_every_parachain_steadily(tmp_path, pvf):  # noqa: F811
    net = LocalNetwork(local_spec(5, 2), tmp_path, seed=1, pvf=pvf)
    result = run(net.run(12), virtual=True)
    chain = result.blocks
    assert [r.number for r in chain] == list(range(1, 13))
    for para in (100, 101):
        summary = result.paras[para]
        assert summary.timed_out == 0
        assert summary.included >= 5
        assert summary.head_number == summary.included  # the adder head moved once per inclusion
        backed = [r.number for r in chain if para in r.backed]
        included = [r.number for r in chain if para in r.included]
        for b in backed[:-1]:
            assert any(b < i <= b + 2 for i in included), (para, b, included)  # within a couple of blocks
        gaps = [b - a for a, b in zip(included, included[1:], strict=False)]
        assert max(gaps) <= 2  # steadily: a parablock at least every other relay block
    assert_sound(result)
    assert all(s["refused_to_sign"] == 0 for s in result.stats.values())
    assert result.network.lost == 0


def test_the_chain_and_every_parachain_progress_with_20_percent_message_loss(tmp_path, pvf):  # noqa: F811
    net = LocalNetwork(local_spec(7, 2), tmp_path, seed=3, loss=0.2, pvf=pvf)
    result = run(net.run(14), virtual=True)
    assert result.best_number == 14
    assert result.network.lost > 0.15 * result.network.sent
    for para in (100, 101):
        assert result.paras[para].included >= 4, result.paras
        assert result.paras[para].head_number == result.paras[para].included
    assert_sound(result)


def test_the_chain_and_every_parachain_progress_with_fewer_than_a_third_offline(tmp_path, pvf):  # noqa: F811
    net = LocalNetwork(local_spec(7, 2), tmp_path, seed=3, offline=0.3, pvf=pvf)
    assert len(net.offline) == 2  # 2 of 7
    result = run(net.run(16), virtual=True)
    assert result.best_number == 16
    authors = {r.author for r in result.blocks}
    assert not authors & {net.names[i] for i in net.offline}  # the offline ones' slots stay empty
    for para in (100, 101):
        assert result.paras[para].included >= 2, result.paras
    assert_sound(result)


def test_two_authors_in_one_slot_make_forks_the_overseer_works_on_both_and_the_network_converges(tmp_path, pvf):  # noqa: F811
    net = LocalNetwork(local_spec(5, 2), tmp_path, seed=2, rule=SlotRule(twin_every=3), pvf=pvf)
    both_leaves: list[tuple[str, bytes, bytes]] = []

    async def main() -> None:
        await net.start()
        for node in net.nodes.values():
            overseer = node.overseer
            assert overseer is not None

            def watch(_signal, node=node, overseer=overseer) -> None:
                by_number: dict[int, list[bytes]] = {}
                for h, n in overseer.active_leaves.items():
                    by_number.setdefault(n, []).append(h)
                for hashes in by_number.values():
                    if len(hashes) > 1:
                        both_leaves.append((node.name, hashes[0], hashes[1]))

            overseer.signal_listeners.append(watch)
        try:
            await net.run_until(12)
            await asyncio.sleep(net.timings.slot / 2)  # look between blocks, not while one is on its way
            for _ in range(6):  # a twin slot leaves two tips; the next block extends one of them
                if len({node.db.best_hash for node in net.nodes.values()}) == 1:
                    break
                await asyncio.sleep(net.timings.slot)
        finally:
            bests = {node.name: node.db.best_hash for node in net.nodes.values()}
            await net.stop()
        assert len(set(bests.values())) == 1, bests  # converged on one best chain

    run(main(), virtual=True)
    heights: dict[int, set[bytes]] = {}
    for record in net.records.values():
        heights.setdefault(record.number, set()).add(record.hash)
    assert any(len(hashes) > 1 for hashes in heights.values())  # competing blocks were made
    assert both_leaves  # an overseer had both competing blocks as active leaves
    offered = {rp for c in net.collators.values() for rp, _ in c.side.offered}
    assert any(a in offered and b in offered for _, a, b in both_leaves)  # work on both: collations on each
    assert [r.number for r in net.best_chain()] == list(range(1, len(net.best_chain()) + 1))


def test_a_run_is_repeatable(tmp_path, pvf):  # noqa: F811
    def once(where: str) -> list[tuple]:
        net = LocalNetwork(local_spec(4, 2), tmp_path / where, seed=5, loss=0.1, pvf=pvf)
        result = run(net.run(8), virtual=True)
        return [(r.number, r.author, r.backed, r.included) for r in result.blocks] + [result.network.sent]

    assert once("a") == once("b")  # signatures differ (sr25519 is randomized); what happened does not
