"""Inclusion, unit level: process_candidates, its check order, named errors and backing thresholds."""

from __future__ import annotations

import pytest

from pallets.inclusion import (
    CandidateNotInParentContext,
    CandidateScheduledBeforeParaFree,
    HeadDataTooLarge,
    Inclusion,
    InsufficientBacking,
    InvalidBacking,
    InvalidGroupIndex,
    NewCodeTooLarge,
    NotCollatorSigned,
    PrematureCodeUpgrade,
    ScheduledOutOfOrder,
    UnscheduledCandidate,
    WrongCollator,
)
from primitives.bitvec import BitVec
from primitives.parachain import (
    BackedCandidate,
    CandidateBacked,
    CandidatePendingAvailability,
    CollatorSignature,
    CoreIndex,
    Explicit,
    Implicit,
    ParaId,
    SigningContext,
    ValidatorIndex,
)
from primitives.types import evolve
from tests.harness.candidates import back_candidate, collator_key, resign_receipt
from tests.pallets._inclusion_fakes import (
    NUMBER,
    PARENT_HASH,
    SESSION,
    block,
    chain_assignment,
    context,
    events,
    groups_of,
    make_world,
    put_pending,
    receipt,
    thread_assignment,
)

SCHEDULED = [chain_assignment(0, 100), chain_assignment(1, 200), chain_assignment(2, 300)]


@pytest.fixture
def world(monkeypatch):
    w = make_world(monkeypatch)
    w.groups = groups_of([2, 2, 2])
    return w


def backed(world, para, core=None, signers=None, **kw):
    core = [100, 200, 300].index(para) if core is None else core
    return back_candidate(receipt(para, **kw), world.groups[core], context(), signers)


def process(world, candidates, scheduled=SCHEDULED):
    return Inclusion.process_candidates(candidates, scheduled, world.group_validators)


# ---------------------------------------------------------------------------------------------
# Success


def test_backed_candidates_become_pending(world):
    with block(world):
        a, c = backed(world, 100), backed(world, 300, signers=[0, 1])
        assert process(world, [a, c]) == [CoreIndex(0), CoreIndex(2)]
        record = Inclusion.pending_availability(ParaId(300))
        assert record == CandidatePendingAvailability(CoreIndex(2), c.candidate, BitVec.zeros(6), NUMBER - 1, NUMBER)
        assert Inclusion.PendingAvailabilityBacking.get(ParaId(300)) == (
            (ValidatorIndex(4), c.validity_votes[0]),
            (ValidatorIndex(5), c.validity_votes[1]),
        )
        assert events() == [CandidateBacked(x.candidate, x.candidate.head_data) for x in (a, c)]
        assert Inclusion.pending_availability(ParaId(200)) is None


def test_no_candidates_and_nothing_scheduled(world):
    with block(world):
        assert process(world, [], []) == []
        assert process(world, [], SCHEDULED) == []


@pytest.mark.parametrize("explicit", [[False, False], [True, True], [False, True], [True, False]])
def test_implicit_and_explicit_attestations_both_count(world, explicit):
    with block(world):
        candidate = back_candidate(receipt(100), world.groups[0], context(), explicit=explicit)
        assert process(world, [candidate]) == [CoreIndex(0)]


def test_a_candidate_without_code_may_follow_a_recent_upgrade(world):
    world.last_upgrade[100] = NUMBER + 5  # an upgrade is even pending
    with block(world):
        assert process(world, [backed(world, 100)]) == [CoreIndex(0)]


@pytest.mark.parametrize(("size", "needed"), [(1, 1), (2, 2), (3, 2), (5, 3)])
def test_backing_thresholds(monkeypatch, size, needed):
    world = make_world(monkeypatch, n_validators=size)
    world.groups = groups_of([size])
    scheduled = [chain_assignment(0, 100)]
    with block(world):
        with pytest.raises(InsufficientBacking):
            process(world, [backed(world, 100, core=0, signers=range(needed - 1))], scheduled)
        assert process(world, [backed(world, 100, core=0, signers=range(size - needed, size))], scheduled) == [0]


def test_an_empty_group_never_backs(monkeypatch):
    world = make_world(monkeypatch)
    world.groups = [[]]
    with block(world):
        with pytest.raises(InsufficientBacking):
            process(world, [backed(world, 100, core=0)], [chain_assignment(0, 100)])


# ---------------------------------------------------------------------------------------------
# Named errors, in the reference's check order


def test_unscheduled_candidate(world):
    with block(world):
        with pytest.raises(UnscheduledCandidate):  # more candidates than scheduled cores
            process(world, [backed(world, 100), backed(world, 200)], SCHEDULED[:1])
        with pytest.raises(UnscheduledCandidate):  # para not scheduled at all
            process(world, [backed(world, 200)], [SCHEDULED[0], SCHEDULED[2]])
        with pytest.raises(UnscheduledCandidate):  # out of core order
            process(world, [backed(world, 300), backed(world, 100)])
        with pytest.raises(UnscheduledCandidate):  # the same para twice
            process(world, [backed(world, 100), backed(world, 100, head_data=b"other")])


def test_candidate_scheduled_before_para_free(world):
    with block(world):
        put_pending(world, 1, 200)
        with pytest.raises(CandidateScheduledBeforeParaFree):
            process(world, [backed(world, 200)])


def test_wrong_collator(world):
    scheduled = [thread_assignment(0, 2000, collator_key("Claimer").public_key)]
    with block(world):
        ok = back_candidate(receipt(2000, collator=collator_key("Claimer")), world.groups[0], context())
        assert process(world, [ok], scheduled) == [CoreIndex(0)]
    with block(world):
        other = back_candidate(receipt(2000, collator=collator_key("Other")), world.groups[0], context())
        with pytest.raises(WrongCollator):
            process(world, [other], scheduled)


def test_scheduled_out_of_order(world):
    with block(world):
        unsorted = [SCHEDULED[1], SCHEDULED[0]]
        with pytest.raises(ScheduledOutOfOrder):  # seen while scanning for the candidate
            process(world, [backed(world, 100)], unsorted)
        with pytest.raises(ScheduledOutOfOrder):  # seen in the rest after the last candidate
            process(world, [backed(world, 200)], [*SCHEDULED[:2], chain_assignment(1, 300)])
        with pytest.raises(ScheduledOutOfOrder):
            process(world, [], [SCHEDULED[2], SCHEDULED[2]])


@pytest.mark.parametrize(
    ("last", "allowed"), [(None, True), (4, True), (5, False), (NUMBER - 1, False), (NUMBER, False)]
)
def test_premature_code_upgrade(world, last, allowed):
    world.config = evolve(world.config, validation_upgrade_frequency=NUMBER - 1 - 4)
    if last is not None:
        world.last_upgrade[100] = last
    with block(world):
        candidate = backed(world, 100, new_validation_code=b"\x00asm")
        if allowed:
            assert process(world, [candidate]) == [CoreIndex(0)]
        else:
            with pytest.raises(PrematureCodeUpgrade):
                process(world, [candidate])


@pytest.mark.parametrize("relay_parent", [b"\x00" * 32, b"\x07" * 32])
def test_candidate_not_in_parent_context(world, relay_parent):
    with block(world):
        moved = resign_receipt(evolve(receipt(100), relay_parent=relay_parent), collator_key())
        candidate = back_candidate(moved, world.groups[0], context())
        with pytest.raises(CandidateNotInParentContext):
            process(world, [candidate])


def test_invalid_group_index(world):
    with block(world):
        with pytest.raises(InvalidGroupIndex):
            process(world, [backed(world, 100)], [chain_assignment(0, 100, group=7)])


def test_insufficient_backing(world):
    with block(world):
        with pytest.raises(InsufficientBacking):
            process(world, [backed(world, 200, signers=[1])])


def _with(candidate, **changes):
    return evolve(candidate, **changes)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda c: _with(c, validator_indices=BitVec.from_indices(3, [0, 1])),  # bits for a group of 3
        lambda c: _with(c, validator_indices=BitVec.from_indices(1, [0])),  # ... or of 1
        lambda c: _with(c, validity_votes=c.validity_votes * 2),  # more votes than members
        lambda c: _with(c, validator_indices=BitVec.from_indices(2, [0])),  # fewer bits than votes
        lambda c: _with(c, validity_votes=c.validity_votes[:1]),  # more bits than votes
        lambda c: _with(c, validity_votes=c.validity_votes[::-1]),  # votes swapped
        lambda c: _with(c, validity_votes=(Explicit(c.validity_votes[0].value), c.validity_votes[1])),  # kind
        lambda c: _with(c, validity_votes=(c.validity_votes[0], Implicit(c.validity_votes[1].value))),
    ],
    ids=["bits-3", "bits-1", "votes-4", "bits<votes", "bits>votes", "swapped", "kind-0", "kind-1"],
)
def test_invalid_backing(world, mutate):
    with block(world):
        with pytest.raises(InvalidBacking):
            process(world, [mutate(backed(world, 100))])


@pytest.mark.parametrize(
    "ctx",
    [SigningContext(SESSION - 1, PARENT_HASH), SigningContext(SESSION, b"\x07" * 32)],
    ids=["other-session", "other-parent"],
)
def test_invalid_backing_replayed_from_another_context(world, ctx):
    with block(world):
        candidate = back_candidate(receipt(100), world.groups[0], ctx)
        with pytest.raises(InvalidBacking):
            process(world, [candidate])


def test_invalid_backing_by_a_member_outside_the_validator_set(world):
    world.groups = [[ValidatorIndex(0), ValidatorIndex(6)]]
    with block(world):
        with pytest.raises(InvalidBacking):
            process(world, [backed(world, 100)], [chain_assignment(0, 100)])


def test_not_collator_signed(world):
    with block(world):
        good = receipt(100)
        for bad in (
            evolve(good, signature=CollatorSignature()),
            evolve(good, collator=collator_key("Other").public_key),
            evolve(good, pov_block_hash=b"\x09" * 32),
        ):
            with pytest.raises(NotCollatorSigned):
                process(world, [back_candidate(bad, world.groups[0], context())])


def test_head_data_too_large(world):
    world.config = evolve(world.config, max_head_data_size=8)
    with block(world):
        assert process(world, [backed(world, 100, head_data=b"h" * 8)]) == [CoreIndex(0)]
        with pytest.raises(HeadDataTooLarge):
            process(world, [backed(world, 200, head_data=b"h" * 9)])


def test_new_code_too_large(world):
    world.config = evolve(world.config, max_code_size=16)
    with block(world):
        assert process(world, [backed(world, 100, new_validation_code=b"c" * 16)]) == [CoreIndex(0)]
        with pytest.raises(NewCodeTooLarge):
            process(world, [backed(world, 200, new_validation_code=b"c" * 17)])


def test_context_is_checked_before_the_collator_and_the_backing(world):
    with block(world):
        candidate = backed(world, 100, signers=[0])
        stale = evolve(candidate, candidate=evolve(candidate.candidate, relay_parent=b"\x00" * 32))
        with pytest.raises(CandidateNotInParentContext):
            process(world, [stale])


def test_a_failing_candidate_writes_nothing(world):
    with block(world) as state:
        before = state.storage_root()
        with pytest.raises(InsufficientBacking):
            process(world, [backed(world, 100), backed(world, 200, signers=[0])])
        assert state.storage_root() == before and events() == []


def test_backed_candidate_round_trips(world):
    candidate = backed(world, 100)
    assert BackedCandidate.SCALE.decode(BackedCandidate.SCALE.encode(candidate)) == candidate
