"""Inclusion over many blocks on the real pallets: backed, available, enacted; timeouts; code upgrades;
size limits; session changes."""

from __future__ import annotations

import pytest

from frame.dispatch import NONE
from frame.executive import InvalidBlock
from pallets.inclusion import (
    HeadDataTooLarge,
    Inclusion,
    InvalidBitfieldSignature,
    NewCodeTooLarge,
    PrematureCodeUpgrade,
)
from pallets.inclusion_inherent import InclusionInherent
from pallets.paras import Paras
from pallets.scheduler import Scheduler
from pallets.validity import Validity
from primitives.parachain import (
    CandidateBacked,
    CandidateIncluded,
    CandidateTimedOut,
    CoreOccupiedParachain,
    ParaId,
    ValidationCode,
)
from tests.harness.candidates import full_inclusion_data
from tests.harness.parachain import para_code
from tests.pallets._inclusion_chain import InclusionChain, genesis_head


def kinds(events):
    return [type(e).__name__ for e in events if type(e).__name__.startswith("Candidate")]


def pending(chain, para):
    with chain.reading():
        return Inclusion.pending_availability(ParaId(para))


def head(chain, para):
    with chain.reading():
        return Paras.head(ParaId(para))


def dry_run(chain, bitfields=(), candidates=()):
    """Apply the inclusion call on the next block's state, letting its error through."""
    with chain.view():
        InclusionInherent.inclusion(NONE, list(bitfields), list(candidates))


def test_backed_then_available_then_enacted():
    chain = InclusionChain()
    candidate = chain.backed(100, head_data=b"head-1")
    chain.produce(candidates=[candidate])
    assert kinds(chain.events()) == ["CandidateBacked"]
    record = pending(chain, 100)
    assert record.backed_in_number == 1 and record.relay_parent_number == 0
    with chain.reading():
        assert Scheduler.availability_cores()[chain.core_of(100)] == CoreOccupiedParachain()
    assert head(chain, 100) == genesis_head(100)

    chain.produce(bitfields=chain.bitfields(range(5), [100]))
    assert chain.events()[0] == CandidateIncluded(candidate.candidate, candidate.candidate.head_data)
    assert pending(chain, 100) is None and head(chain, 100) == b"head-1"
    with chain.reading():
        assert Scheduler.availability_cores() == [None, None, None]
        (kept,) = Validity.included_at(2)
        assert kept.para_id == 100 and kept.candidate_hash == candidate.candidate.hash()
        assert [v.validator_index for v in kept.backing] == chain.group_of(100)


def test_a_freed_core_takes_a_new_candidate_in_the_same_block():
    chain = InclusionChain()
    chain.produce(candidates=[chain.backed(200, head_data=b"one")])
    second = chain.backed(200, head_data=b"two")
    chain.produce(bitfields=chain.bitfields(range(6), [200]), candidates=[second])
    assert kinds(chain.events()) == ["CandidateIncluded", "CandidateBacked"]
    assert head(chain, 200) == b"one" and pending(chain, 200).receipt == second.candidate


def test_availability_at_the_boundary_over_two_blocks():
    chain = InclusionChain()  # 6 validators: 4 votes are exactly 2/3, 5 are needed
    chain.produce(candidates=[chain.backed(300)])
    chain.produce(bitfields=chain.bitfields(range(4), [300]))
    assert pending(chain, 300).availability_votes.count_ones() == 4
    chain.produce(bitfields=chain.bitfields([5], [300]))
    assert pending(chain, 300) is None and head(chain, 300) == b"head"


def test_bitfield_for_a_free_core_is_disregarded_on_chain():
    chain = InclusionChain()
    chain.produce(candidates=[chain.backed(100)])
    stray = chain.bitfields([1], [100, 200])  # core of 200 has nothing pending
    good = chain.bitfields([0, 2], [100])
    chain.produce(bitfields=[good[0], *stray, good[1]])
    assert pending(chain, 100).availability_votes.ones() == [0, 2]


def test_timeout_frees_the_core():
    chain = InclusionChain()  # chain availability period: 3 blocks
    candidate = chain.backed(100)
    chain.produce(candidates=[candidate])  # block 1
    chain.advance(2)  # blocks 2 and 3: not yet
    assert pending(chain, 100) is not None
    chain.produce()  # block 4: 4 - 1 >= 3
    assert chain.events()[0] == CandidateTimedOut(candidate.candidate, candidate.candidate.head_data)
    assert pending(chain, 100) is None and head(chain, 100) == genesis_head(100)
    with chain.reading():
        assert Scheduler.availability_cores() == [None, None, None]
    chain.produce(candidates=[chain.backed(100)])  # the core is scheduled again
    assert kinds(chain.events()) == ["CandidateBacked"]


def test_timed_out_and_concluded_in_one_block():
    chain = InclusionChain()
    chain.produce(candidates=[chain.backed(100)])
    chain.advance(1)
    chain.produce(candidates=[chain.backed(300)])  # block 3
    chain.produce(bitfields=chain.bitfields(range(6), [300]))  # block 4: 300 available, 100 times out
    assert kinds(chain.events()) == ["CandidateIncluded", "CandidateTimedOut"]


def test_code_upgrade_carried_by_a_candidate():
    chain = InclusionChain()  # upgrade frequency 5, delay 4
    code = b"\x00asm-v2"
    chain.produce(candidates=[chain.backed(100, new_validation_code=code)])  # block 1, relay parent 0
    chain.produce(bitfields=chain.bitfields(range(6), [100]))  # enacted in block 2
    with chain.reading():
        assert Paras.FutureCodeUpgrades.get(ParaId(100)) == 0 + 4
        assert Paras.FutureCode.get(ParaId(100)) == ValidationCode(code)
        assert Paras.last_code_upgrade(ParaId(100), True) == 4
    # another candidate with code is premature while that upgrade is pending, or too soon after it
    with pytest.raises(PrematureCodeUpgrade):
        dry_run(chain, candidates=[chain.backed(100, new_validation_code=b"\x00asm-v3")])
    chain.produce(candidates=[chain.backed(100, head_data=b"no-code")])  # without code: fine
    assert kinds(chain.events()) == ["CandidateBacked"]
    chain.produce(bitfields=chain.bitfields(range(6), [100]))  # enacted in block 4, relay parent 2: not yet
    with chain.reading():
        assert Paras.current_code(ParaId(100)) == para_code(100)
    chain.produce(candidates=[chain.backed(100, head_data=b"h5")])  # block 5, relay parent 4
    chain.produce(bitfields=chain.bitfields(range(6), [100]))  # enacted in block 6 at relay parent 4: applies
    with chain.reading():
        assert Paras.current_code(ParaId(100)) == ValidationCode(code)
        assert Paras.last_code_upgrade(ParaId(100), True) == 4
    chain.advance(2)  # block 8, relay parent 7: 7 - 4 = 3 < 5
    with pytest.raises(PrematureCodeUpgrade):
        dry_run(chain, candidates=[chain.backed(100, new_validation_code=b"\x00asm-v3")])
    chain.advance(2)  # block 10, relay parent 9: 9 - 4 = 5
    chain.produce(candidates=[chain.backed(100, new_validation_code=b"\x00asm-v3")])
    assert kinds(chain.events()) == ["CandidateBacked"]


def test_head_and_code_size_limits():
    chain = InclusionChain()  # max head 96 bytes, max code 64 bytes
    with pytest.raises(HeadDataTooLarge):
        dry_run(chain, candidates=[chain.backed(100, head_data=b"h" * 97)])
    with pytest.raises(NewCodeTooLarge):
        dry_run(chain, candidates=[chain.backed(100, new_validation_code=b"c" * 65)])
    chain.produce(candidates=[chain.backed(100, head_data=b"h" * 96, new_validation_code=b"c" * 64)])
    assert kinds(chain.events()) == ["CandidateBacked"]
    root = chain.state_root
    with pytest.raises(InvalidBlock, match="HeadDataTooLarge"):
        chain.import_block(chain.forged(candidates=[chain.backed(200, head_data=b"h" * 97)]))
    assert chain.state_root == root


def test_session_change_drops_pending_candidates():
    chain = InclusionChain(session_length=4)
    chain.produce(candidates=[chain.backed(100), chain.backed(200)])  # block 1
    old = chain.bitfields(range(6), [100])  # signed for block 2, session 0
    chain.advance(2)  # blocks 2, 3
    assert pending(chain, 100) is not None
    chain.produce()  # block 4 starts session 1
    with chain.reading():
        assert Inclusion.session_index() == 1
        assert list(Inclusion.PendingAvailability.iter()) == []
        assert list(Inclusion.AvailabilityBitfields.iter()) == []
        assert Scheduler.availability_cores() == [None, None, None]
    with pytest.raises(InvalidBitfieldSignature):  # a replay from the old session
        dry_run(chain, bitfields=old)
    chain.produce(candidates=[chain.backed(100)])
    assert chain.events()[0] == CandidateBacked(pending(chain, 100).receipt, b"head")


def test_full_inclusion_data_fills_every_core():
    chain = InclusionChain()
    with chain.view():
        fields, candidates = full_inclusion_data(chain.head.hash())
    assert fields == [] or all(not f.payload.ones() for f in fields)
    chain.produce(fields, candidates)
    assert kinds(chain.events()) == ["CandidateBacked"] * 3
    with chain.view():
        fields, candidates = full_inclusion_data(chain.head.hash(), head_data=b"next")
    assert len(fields) == 6 and candidates == []
    chain.produce(fields, candidates)
    assert kinds(chain.events()) == ["CandidateIncluded"] * 3
    assert head(chain, 300) == b"head"
