"""Candidate Backing on a local network in virtual time: double votes reported and recorded on chain, invalid
collations never backed (even when a validator seconds one), and a restarted validator that cannot double-sign."""

from __future__ import annotations

import asyncio
from collections import defaultdict

import pytest

from genesis.build import build_genesis
from node.availability import encode_available_data, erasure_root, obtain_chunks
from node.collator import AdderCollation, collator_key
from node.db import BlockDb
from node.messages import CandidateValid, Second, ShareStatement
from node.network import wire
from node.network.clock import run
from node.network.local import LocalNetwork
from node.overseer import SubsystemFailure
from node.subsystems._relay_info import RelayParentInfo
from node.subsystems.candidate_backing import CandidateBackingJob
from pallets.validity import DoubleVoteReported, Validity, conflicting
from parachains.adder import AdderBlock, AdderHead
from parachains.adder.collator import AdderCollator, Collation
from primitives.parachain import (
    ZERO_HASH,
    AbridgedCandidateReceipt,
    AvailableData,
    CompactSeconded,
    Invalid,
    OmittedValidationData,
    PoV,
    Seconded,
    SignedStatement,
    Valid,
    ValidationResult,
)
from runtime.parachain import ParachainRuntime
from runtime_api import RuntimeApi
from tests.node._network_support import events, local_spec, pvf, read  # noqa: F401 (fixture)


def tap_statements(net: LocalNetwork) -> list[tuple[bytes, SignedStatement]]:
    """Every statement gossiped on the network, as (relay parent, statement)."""
    seen: list[tuple[bytes, SignedStatement]] = []

    def tap(sender, receiver, protocol, payload) -> None:
        if protocol == wire.STATEMENT:
            seen.append((payload.relay_parent, payload.statement))

    net.network.taps.append(tap)
    return seen


def conflicts(statements: list[tuple[bytes, SignedStatement]]) -> set[int]:
    """The validators that signed two statements Validity calls conflicting, under one relay parent."""
    by_signer: dict[tuple[bytes, int], set[bytes]] = defaultdict(set)
    compact = {}
    for rp, s in statements:
        c = s.payload.to_compact()
        compact[c.encode()] = c
        by_signer[(rp, int(s.validator_index))].add(c.encode())
    return {v for (_, v), said in by_signer.items()
            if any(conflicting(compact[a], compact[b]) for a in said for b in said)}  # fmt: skip


class DoubleVoter(CandidateBackingJob):
    """Signs Invalid for every candidate it seconds or finds valid, past its signing record."""

    async def share(self, signed: SignedStatement) -> None:
        await super().share(signed)
        if isinstance(signed.payload, Seconded | Valid):
            assert self.owner.key is not None and self.info is not None and self.me is not None
            h = signed.payload.to_compact().candidate_hash
            bad = SignedStatement.sign(self.owner.key, Invalid(h), self.info.context, self.me)
            await self.ctx.send(ShareStatement(self.relay_parent, bad))


class RubberStamp(CandidateBackingJob):
    """Says every candidate is valid without validating it (so it seconds invalid ones)."""

    async def validate(self, receipt: AbridgedCandidateReceipt, pov: PoV) -> CandidateValid:
        return CandidateValid(ValidationResult(receipt.head_data))


def test_a_double_vote_is_detected_reported_and_recorded_on_chain(tmp_path, pvf):  # noqa: F811
    net = LocalNetwork(local_spec(4, 2), tmp_path, seed=4, pvf=pvf, backing_jobs={1: DoubleVoter})
    statements = tap_statements(net)
    result = run(net.run(8), virtual=True)
    assert conflicts(statements) == {1}  # bob double-voted, nobody else did
    with BlockDb.open(net.observer.dir, read_only=True) as db:
        reported = [e.event for r in result.blocks for e in events(db, r.hash)
                    if isinstance(e.event, DoubleVoteReported)]  # fmt: skip
        assert [(e.session_index, e.validator_index) for e in reported] == [(0, 1)]  # recorded once
        assert read(db, lambda: Validity.Offences.get(0, 1)) is not None
    honest = [s for name, s in result.stats.items() if name != "bob"]
    assert all(s["double_votes_detected"] >= 1 for s in honest)
    assert sum(s["reports_submitted"] for s in honest) >= 1
    for para in (100, 101):
        assert result.paras[para].included >= 2  # the chain went on (a statement conflicting with an earlier one
        # is dropped, so the double-voter's candidates can be lost: its para may be slower)


def test_a_collator_producing_invalid_blocks_is_never_backed(tmp_path, pvf):  # noqa: F811
    bad = AdderCollation(collator_key(100), 100, invalid=True)
    net = LocalNetwork(local_spec(4, 2), tmp_path, seed=4, pvf=pvf, collations={100: bad})
    statements = tap_statements(net)
    result = run(net.run(8), virtual=True)
    assert net.collators[100].side.offered  # it did offer collations
    assert result.paras[100].backed == result.paras[100].included == result.paras[100].head_number == 0
    assert result.paras[101].included >= 3
    seconded_paras = {int(s.payload.value.parachain_index) for _, s in statements if isinstance(s.payload, Seconded)}
    assert seconded_paras == {101}  # nobody seconded an invalid block
    assert sum(s["validations"] for s in result.stats.values()) > 0


def test_a_validator_seconding_an_invalid_candidate_does_not_get_it_backed(tmp_path, pvf):  # noqa: F811
    spec = local_spec(7, 2)
    genesis = build_genesis(spec, ParachainRuntime)
    api = RuntimeApi(ParachainRuntime, genesis.backend(), genesis.header)
    groups, rotation = api.validator_groups()
    info = RelayParentInfo(genesis.hash, api.validators(), [list(g) for g in groups], rotation,
                           api.availability_cores(), 0)  # fmt: skip
    group = info.backing_group(100)
    assert group is not None and len(group) >= 3
    cheat = int(group[0])  # a member of para 100's group until the first rotation (block 10)
    bad = AdderCollation(collator_key(100), 100, invalid=True)
    net = LocalNetwork(spec, tmp_path, seed=4, pvf=pvf, collations={100: bad}, backing_jobs={cheat: RubberStamp})
    statements = tap_statements(net)
    result = run(net.run(8), virtual=True)
    cheater = net.names[cheat]
    assert result.stats[cheater]["seconded"] >= 1  # it seconded the invalid candidates
    assert result.paras[100].backed == result.paras[100].included == 0  # never backed
    honest_members = [net.names[int(v)] for v in group if int(v) != cheat]
    invalid_votes = [s for _, s in statements if isinstance(s.payload, Invalid)]
    assert invalid_votes and {net.names[int(s.validator_index)] for s in invalid_votes} <= set(honest_members)
    assert result.paras[101].included >= 3


def test_a_validator_killed_mid_run_rejoins_from_its_database_without_double_signing(tmp_path, pvf):  # noqa: F811
    net = LocalNetwork(local_spec(4, 2), tmp_path, seed=6, pvf=pvf)
    statements = tap_statements(net)
    slot = net.timings.slot
    checks: dict[str, object] = {}

    async def main() -> None:
        await net.start()
        try:
            observer = net.observer
            victim, relay_parent, original = None, b"", None
            for n in range(2, 10):  # find a validator (not the observer) that seconded under the best block
                await net.run_until(n)
                await asyncio.sleep(slot / 2)
                relay_parent = observer.db.best_hash
                for node in net.nodes.values():
                    if node is observer:
                        continue
                    said = node.record.signed(node.key.public_key, 0, relay_parent)
                    seconded = [s for s in said if isinstance(s, CompactSeconded)]
                    if seconded:
                        victim, original = node, seconded[0]
                        break
                if victim is not None:
                    break
            assert victim is not None and original is not None
            number = observer.db.header(relay_parent).number
            receipt = next(s.payload.value for rp, s in statements
                           if rp == relay_parent and isinstance(s.payload, Seconded)
                           and s.payload.value.hash() == original.value)  # fmt: skip
            para = int(receipt.parachain_index)

            await victim.stop()  # killed
            await net.run_until(number + 3)  # the others go on without it
            assert victim.db is not None and not victim.running
            await net.restart(victim.name)  # from its directory: its best block is still `relay_parent`
            await asyncio.sleep(0.01)
            assert victim.db.best_hash == relay_parent
            signed_before = victim.stats.bitfields_signed
            refused_before = victim.stats.refused_to_sign

            # ask it to second another valid candidate of the same para under the same relay parent
            api = RuntimeApi(ParachainRuntime, observer.db.state_at(relay_parent), observer.db.header(relay_parent))
            local = api.local_validation_data(para)
            parent = AdderHead.decode(bytes(local.parent_head))
            state = net.collators[para].collation.states[parent.hash()]

            def collate(root: bytes = ZERO_HASH) -> Collation:
                collator = AdderCollator(collator_key(para), para, parent, AdderBlock(state, 0))
                return collator.collate(relay_parent, add=77, erasure_root=root)

            # a valid candidate commits to the erasure root of its data for the session's validators
            data = AvailableData(collate().pov, OmittedValidationData(api.global_validation_schedule(), local))
            other = collate(erasure_root(obtain_chunks(len(api.validators()), encode_available_data(data))))
            assert other.receipt.hash() != original.value
            assert victim.overseer.deliver(Second(relay_parent, other.receipt, other.pov))
            await asyncio.sleep(slot / 4)
            checks["refused"] = victim.stats.refused_to_sign - refused_before
            checks["record"] = victim.record.signed(victim.key.public_key, 0, relay_parent)

            await net.run_until(number + 7)  # it catches up and takes part again
            await asyncio.sleep(slot / 2)
            checks["rejoined"] = victim.db.best_hash == observer.db.best_hash
            checks["bitfields"] = victim.stats.bitfields_signed - signed_before
        finally:
            await net.stop()
        checks["original"] = original
        checks["victim"] = victim.key.public_key

    run(main(), virtual=True)
    assert checks["refused"] == 1  # the signing record refused the second Seconded
    assert checks["record"] == [checks["original"]]
    assert checks["rejoined"] is True
    assert checks["bitfields"] >= 1
    assert conflicts(statements) == set()  # nobody signed two conflicting statements
    assert all(s.double_votes_detected == 0 for s in (n.stats for n in net.nodes.values()))
    with BlockDb.open(net.observer.dir, read_only=True) as db:
        assert read(db, lambda: list(Validity.Offences.iter())) == []


def test_a_validator_whose_backing_dies_takes_the_run_down_with_the_reason(tmp_path, pvf):  # noqa: F811
    class Broken(CandidateBackingJob):
        async def on_second(self, receipt: AbridgedCandidateReceipt, pov: PoV) -> None:
            raise RuntimeError("disk on fire")

    net = LocalNetwork(local_spec(4, 2), tmp_path, seed=4, pvf=pvf, backing_jobs={i: Broken for i in range(4)})
    with pytest.raises(
        SubsystemFailure, match=r"went down: subsystem candidate-backing failed: RuntimeError: disk on fire"
    ):
        run(net.run(6), virtual=True)
    assert not any(node.running for node in net.nodes.values())
