"""Inclusion, unit level: bitfields, availability thresholds, enactment, timeouts and session change.

Configuration and Paras are faked (`_inclusion_fakes.World`); the multi-block scenarios on the real pallets
are in test_inclusion_chain.py.
"""

from __future__ import annotations

import pytest

from frame import io
from frame.backend import MemoryBackend
from frame.state import OverlayedState
from pallets.inclusion import (
    BitfieldDuplicateOrUnordered,
    Inclusion,
    InternalError,
    InvalidBitfieldSignature,
    ValidatorIndexOutOfBounds,
    WrongBitfieldSize,
    availability_threshold,
    backing_sufficient,
)
from pallets.initializer import SessionChangeNotification
from primitives.bitvec import BitVec
from primitives.parachain import (
    AvailabilityBitfieldRecord,
    CandidateIncluded,
    CandidateTimedOut,
    CoreIndex,
    HostConfiguration,
    Implicit,
    ParaId,
    SigningContext,
    ValidationCode,
    ValidatorIndex,
    ValidatorSignature,
)
from primitives.types import evolve
from tests.harness.candidates import bits, sign_bitfield, signed_bitfields, validator_ids, validator_key
from tests.pallets._inclusion_fakes import NUMBER, PARENT_HASH, SESSION, block, context, events, make_world, put_pending


@pytest.fixture
def world(monkeypatch):
    return make_world(monkeypatch)


def process(world, bitfields):
    return Inclusion.process_bitfields(bitfields, world.core_para)


# ---------------------------------------------------------------------------------------------
# Thresholds


def test_availability_threshold_is_more_than_two_thirds():
    assert [availability_threshold(n) for n in range(1, 11)] == [1, 2, 3, 3, 4, 5, 5, 6, 7, 7]
    for n in range(1, 100):
        t = availability_threshold(n)
        assert 3 * t > 2 * n and 3 * (t - 1) <= 2 * n


@pytest.mark.parametrize(("group", "needed"), [(1, 1), (2, 2), (3, 2), (5, 3)])
def test_backing_is_a_strict_majority(group, needed):
    assert backing_sufficient(needed, group) and not backing_sufficient(needed - 1, group)


# ---------------------------------------------------------------------------------------------
# Named errors of process_bitfields


def test_wrong_bitfield_size(world):
    with block(world):
        for n in (2, 4):
            with pytest.raises(WrongBitfieldSize):
                process(world, [sign_bitfield(validator_key(0), 0, bits(n), context())])


@pytest.mark.parametrize("order", [[1, 1], [2, 1], [0, 3, 3]])
def test_bitfield_duplicate_or_unordered(world, order):
    with block(world):
        fields = [sign_bitfield(validator_key(v), v, bits(3), context()) for v in order]
        with pytest.raises(BitfieldDuplicateOrUnordered):
            process(world, fields)


def test_validator_index_out_of_bounds(world):
    with block(world):
        fields = [sign_bitfield(validator_key(6), 6, bits(3), context())]
        with pytest.raises(ValidatorIndexOutOfBounds):
            process(world, fields)


@pytest.mark.parametrize(
    "ctx",
    [
        SigningContext(SESSION - 1, PARENT_HASH),  # replay from another session
        SigningContext(SESSION, b"\x07" * 32),  # replay from another parent
    ],
    ids=["other-session", "other-parent"],
)
def test_invalid_bitfield_signature_in_other_context(world, ctx):
    with block(world):
        with pytest.raises(InvalidBitfieldSignature):
            process(world, [sign_bitfield(validator_key(2), 2, bits(3), ctx)])


def test_invalid_bitfield_signature_by_foreign_key(world):
    with block(world):
        forged = sign_bitfield(validator_key(1), 2, bits(3), context())
        with pytest.raises(InvalidBitfieldSignature):
            process(world, [forged])
        tampered = evolve(sign_bitfield(validator_key(2), 2, bits(3), context()), payload=bits(3, [0]))
        with pytest.raises(InvalidBitfieldSignature):
            process(world, [tampered])


def test_bad_signature_on_a_disregarded_bitfield_still_rejects(world):
    with block(world):
        forged = sign_bitfield(validator_key(1), 2, bits(3, [1]), context())  # core 1 has nothing pending
        with pytest.raises(InvalidBitfieldSignature):
            process(world, [forged])


def test_internal_error_on_votes_of_the_wrong_length(world):
    with block(world):
        record = put_pending(world, 0, 100)
        Inclusion.PendingAvailability.insert(ParaId(100), evolve(record, availability_votes=BitVec.zeros(5)))
        with pytest.raises(InternalError):
            process(world, [])


def test_a_failing_bitfield_writes_nothing(world):
    with block(world) as state:
        put_pending(world, 0, 100)
        before = state.storage_root()
        good = signed_bitfields(range(5), 3, [0], context())
        bad = sign_bitfield(validator_key(4), 5, bits(3, [0]), SigningContext(SESSION + 1, PARENT_HASH))
        with pytest.raises(InvalidBitfieldSignature):
            process(world, [*good, bad])
        assert state.storage_root() == before and world.calls == []


# ---------------------------------------------------------------------------------------------
# Applying bitfields


def test_bitfields_are_recorded_with_their_block(world):
    with block(world):
        put_pending(world, 1, 200)
        fields = signed_bitfields([0, 3], 3, [1], context())
        assert process(world, fields) == []
        assert Inclusion.AvailabilityBitfields.get(ValidatorIndex(3)) == AvailabilityBitfieldRecord(
            bits(3, [1]), NUMBER
        )
        assert Inclusion.AvailabilityBitfields.get(ValidatorIndex(1)) is None
        votes = Inclusion.pending_availability(ParaId(200)).availability_votes
        assert votes == BitVec.from_indices(6, [0, 3])


def test_bitfield_with_a_bit_for_a_free_core_is_disregarded(world):
    with block(world):
        put_pending(world, 0, 100)
        good = signed_bitfields([0, 2], 3, [0], context())
        stray = sign_bitfield(validator_key(1), 1, bits(3, [0, 2]), context())  # core 2 has nothing pending
        assert process(world, [good[0], stray, good[1]]) == []
        assert Inclusion.AvailabilityBitfields.get(ValidatorIndex(1)) is None
        assert Inclusion.AvailabilityBitfields.get(ValidatorIndex(2)) is not None
        assert Inclusion.pending_availability(ParaId(100)).availability_votes == BitVec.from_indices(6, [0, 2])


def test_a_para_without_pending_candidate_counts_as_free(world):
    with block(world):
        world.occupied[2] = ParaId(300)  # the scheduler says occupied, but nothing is pending
        stray = sign_bitfield(validator_key(0), 0, bits(3, [2]), context())
        assert process(world, [stray]) == []
        assert Inclusion.AvailabilityBitfields.get(ValidatorIndex(0)) is None


@pytest.mark.parametrize("n_validators", [1, 3, 4, 6, 9])
def test_availability_boundary(monkeypatch, n_validators):
    world = make_world(monkeypatch, n_validators=n_validators)
    threshold = availability_threshold(n_validators)
    with block(world):
        put_pending(world, 0, 100)
        if threshold > 1:
            assert process(world, signed_bitfields(range(threshold - 1), 3, [0], context())) == []
            assert Inclusion.pending_availability(ParaId(100)) is not None
            assert world.calls == []
    with block(world):
        put_pending(world, 0, 100)
        assert process(world, signed_bitfields(range(threshold), 3, [0], context())) == [CoreIndex(0)]
        assert Inclusion.pending_availability(ParaId(100)) is None


def test_exactly_two_thirds_is_not_enough(world):
    with block(world):
        put_pending(world, 0, 100)
        assert process(world, signed_bitfields(range(4), 3, [0], context())) == []  # 4 of 6 = 2/3
    with block(world):
        put_pending(world, 0, 100)
        assert process(world, signed_bitfields(range(5), 3, [0], context())) == [CoreIndex(0)]


def test_votes_accumulate_across_blocks(world):
    with block(world):
        record = put_pending(world, 2, 300)
        assert process(world, signed_bitfields([0, 1, 2], 3, [2], context())) == []
        assert Inclusion.pending_availability(ParaId(300)).availability_votes.count_ones() == 3
        assert process(world, signed_bitfields([1, 2], 3, [2], context())) == []  # the same voters again
        assert process(world, signed_bitfields([4, 5], 3, [2], context())) == [CoreIndex(2)]
        head = ("head", ParaId(300), record.receipt.head_data, record.relay_parent_number)
        assert world.calls[0] == head


def test_enactment_schedules_the_upgrade_then_notes_the_head(world):
    world.config = evolve(world.config, validation_upgrade_delay=7)
    with block(world):
        record = put_pending(world, 1, 200, new_validation_code=b"\x00asm-new")
        Inclusion.PendingAvailabilityBacking.insert(ParaId(200), ((ValidatorIndex(2), Implicit(ValidatorSignature())),))
        assert process(world, signed_bitfields(range(6), 3, [1], context())) == [CoreIndex(1)]
        rpn = record.relay_parent_number
        assert world.calls == [
            ("upgrade", ParaId(200), ValidationCode(b"\x00asm-new"), rpn + 7),
            ("head", ParaId(200), record.receipt.head_data, rpn),
            ("included", record.receipt, ((ValidatorIndex(2), Implicit(ValidatorSignature())),)),
        ]
        assert events() == [CandidateIncluded(record.receipt, record.receipt.head_data)]
        assert not Inclusion.PendingAvailabilityBacking.contains_key(ParaId(200))


def test_several_cores_freed_in_core_order(world):
    with block(world):
        for core, para in ((2, 300), (0, 100), (1, 200)):
            put_pending(world, core, para)
        fields = signed_bitfields(range(5), 3, [0, 2], context())
        assert process(world, fields) == [CoreIndex(0), CoreIndex(2)]
        assert Inclusion.pending_availability(ParaId(200)) is not None


def test_parathread_cores_count_in_the_bitfield_size(world):
    world.config = evolve(world.config, parathread_cores=2)
    with block(world):
        put_pending(world, 4, 2000)
        assert process(world, signed_bitfields(range(5), 5, [4], context())) == [CoreIndex(4)]
        with pytest.raises(WrongBitfieldSize):
            process(world, signed_bitfields([0], 3, [], context()))


# ---------------------------------------------------------------------------------------------
# Timeouts and session change


def test_collect_pending_drops_what_the_predicate_picks(world):
    with block(world):
        late = put_pending(world, 2, 300, backed_in=3)
        put_pending(world, 1, 200, backed_in=8)
        early = put_pending(world, 0, 100, backed_in=2)
        Inclusion.PendingAvailabilityBacking.insert(ParaId(300), ())
        freed = Inclusion.collect_pending(lambda core, since: since <= 3)
        assert freed == [CoreIndex(0), CoreIndex(2)]
        assert events() == [
            CandidateTimedOut(early.receipt, early.receipt.head_data),
            CandidateTimedOut(late.receipt, late.receipt.head_data),
        ]
        assert [p for p, _ in Inclusion.PendingAvailability.iter()] == [ParaId(200)]
        assert not Inclusion.PendingAvailabilityBacking.contains_key(ParaId(300))
        assert Inclusion.collect_pending(lambda core, since: False) == []


def test_session_change_clears_everything(world):
    with block(world):
        put_pending(world, 0, 100)
        Inclusion.PendingAvailabilityBacking.insert(ParaId(100), ())
        process(world, signed_bitfields([0], 3, [0], context()))
        new = validator_ids(9)[3:]
        config = HostConfiguration()
        notification = SessionChangeNotification(tuple(new), tuple(new), config, config, bytes(32), SESSION + 1)
        Inclusion.initializer_on_new_session(notification)
        assert list(Inclusion.PendingAvailability.iter()) == []
        assert list(Inclusion.PendingAvailabilityBacking.iter()) == []
        assert list(Inclusion.AvailabilityBitfields.iter()) == []
        assert Inclusion.validators() == new and Inclusion.session_index() == SESSION + 1
        assert Inclusion.signing_context() == SigningContext(SESSION + 1, PARENT_HASH)


def test_enactment_tells_nobody_without_validity(monkeypatch):
    from frame import construct_runtime
    from frame.system import System
    from tests.pallets._inclusion_fakes import WorldPallets, receipt

    world = make_world(monkeypatch)
    rt = construct_runtime("NoValidity", [System, (5, Inclusion)],
                           wiring={Inclusion: {"Configuration": WorldPallets, "Paras": WorldPallets}})  # fmt: skip
    with io.using(OverlayedState(MemoryBackend()), rt):
        assert Inclusion.Validity is None
        Inclusion.enact_candidate(NUMBER - 1, receipt(100))
        assert [call[0] for call in world.calls] == ["head"]
