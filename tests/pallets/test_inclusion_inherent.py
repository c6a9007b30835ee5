"""InclusionInherent: once per block with the None origin, the guide's steps in order, `Included` checked and
taken at finalization, and the block author's inherent provider; plus the golden indexes of both pallets."""

from __future__ import annotations

import pytest

from frame.block import Block
from frame.dispatch import NONE, ROOT, BadOrigin, Signed
from frame.executive import BlockBuildingError, InvalidBlock
from frame.trie import ordered_trie_root
from pallets import inclusion as inclusion_pkg
from pallets.inclusion import Inclusion, InsufficientBacking
from pallets.inclusion_inherent import (
    INHERENT_IDENTIFIER,
    InclusionInherent,
    MissingInclusionInherent,
    TooManyInclusionInherents,
    inclusion_inherent_for,
)
from pallets.inclusion_inherent.pallet import _DATA_CODEC
from pallets.scheduler import Scheduler
from primitives.hashing import twox_128
from primitives.parachain import CandidateEvent, FreedReason, ParaId
from primitives.types import evolve
from tests.pallets._inclusion_chain import InclusionChain, ParachainRuntime


@pytest.fixture
def chain():
    return InclusionChain()


# ---------------------------------------------------------------------------------------------
# Golden: indexes and keys are part of the encoding


def test_golden_indexes_and_keys():
    assert {i: c.name for i, c in InclusionInherent.calls_by_index.items()} == {0: "inclusion"}
    assert [name for name, _ in InclusionInherent.call_defs["inclusion"].args] == ["bitfields", "backed_candidates"]
    assert InclusionInherent.call_defs["inclusion"].inherent
    assert {i: e.__name__ for i, e in InclusionInherent.Error.members.items()} == {0: "TooManyInclusionInherents"}
    assert {i: e.__name__ for i, e in Inclusion.Error.members.items()} == {
        0: "WrongBitfieldSize", 1: "BitfieldDuplicateOrUnordered", 2: "ValidatorIndexOutOfBounds",
        3: "InvalidBitfieldSignature", 4: "UnscheduledCandidate", 5: "CandidateScheduledBeforeParaFree",
        6: "WrongCollator", 7: "ScheduledOutOfOrder", 8: "PrematureCodeUpgrade", 9: "CandidateNotInParentContext",
        11: "InvalidGroupIndex", 12: "InsufficientBacking", 13: "InvalidBacking", 14: "NotCollatorSigned",
        15: "InternalError", 16: "HeadDataTooLarge", 17: "NewCodeTooLarge",
    }  # fmt: skip
    assert not hasattr(inclusion_pkg, "UnoccupiedBitInBitfield")  # index 10 stays reserved
    assert {i: v.name for i, v in CandidateEvent.SCALE.variants.items()} == {
        0: "CandidateBacked", 1: "CandidateIncluded", 2: "CandidateTimedOut"
    }  # fmt: skip
    assert Inclusion.Event is CandidateEvent
    assert INHERENT_IDENTIFIER == b"inclusn0"
    prefix = twox_128(b"Inclusion")
    assert Inclusion.PendingAvailability.prefix == prefix + twox_128(b"PendingAvailability")
    assert Inclusion.AvailabilityBitfields.prefix == prefix + twox_128(b"AvailabilityBitfields")
    assert Inclusion.CurrentSessionIndex.key() == prefix + twox_128(b"CurrentSessionIndex")
    assert InclusionInherent.Included.key() == twox_128(b"InclusionInherent") + twox_128(b"Included")
    assert [h.name for h in Inclusion.PendingAvailability.hashers] == ["Twox64Concat"]


# ---------------------------------------------------------------------------------------------
# The entry point


def test_bad_origin(chain):
    with chain.view():
        for origin in (ROOT, Signed(b"\x01" * 32)):
            with pytest.raises(BadOrigin):
                InclusionInherent.inclusion(origin, [], [])


def test_too_many_inclusion_inherents(chain):
    with chain.view():
        InclusionInherent.inclusion(NONE, [], [])
        with pytest.raises(TooManyInclusionInherents):
            InclusionInherent.inclusion(NONE, [], [])
    with pytest.raises(BlockBuildingError, match="TooManyInclusionInherents"):
        chain.chain.build_block([chain.inclusion(), chain.inclusion()])


def test_included_is_taken_at_finalization(chain):
    chain.produce()
    with chain.reading():
        assert not InclusionInherent.Included.exists()
    with chain.view():
        with pytest.raises(MissingInclusionInherent):
            InclusionInherent.on_finalize(2)
        InclusionInherent.inclusion(NONE, [], [])
        assert InclusionInherent.Included.exists()
        InclusionInherent.on_finalize(2)
        assert not InclusionInherent.Included.exists()


def test_a_block_without_the_inherent_is_invalid(chain):
    with pytest.raises(BlockBuildingError, match="InclusionInherent"):
        chain.chain.build_block([])
    valid = chain.built()
    bare = Block(evolve(valid.header, extrinsics_root=ordered_trie_root([])), ())
    head, root = chain.head, chain.state_root
    with pytest.raises(InvalidBlock, match="mandatory inherent of InclusionInherent"):
        chain.import_block(bare)
    assert chain.head == head and chain.state_root == root
    chain.import_block(valid)


def test_a_failing_inherent_invalidates_the_block_and_writes_nothing(chain):
    chain.produce(candidates=[chain.backed(100)])
    head, root = chain.head, chain.state_root
    block = chain.forged(bitfields=chain.bitfields(range(6), [100]), candidates=[chain.backed(200, signers=[0])])
    with pytest.raises(InvalidBlock, match="InsufficientBacking"):
        chain.import_block(block)
    assert chain.head == head and chain.state_root == root
    with chain.view():
        with pytest.raises(InsufficientBacking):
            InclusionInherent.inclusion(NONE, chain.bitfields(range(6), [100]), [chain.backed(200, signers=[0])])


def test_steps_in_the_guides_order(chain, monkeypatch):
    seen = []
    real_schedule, real_occupied = Scheduler.schedule, Scheduler.occupied
    monkeypatch.setattr(Scheduler, "schedule", classmethod(
        lambda cls, freed: (seen.append(("schedule", list(freed))), real_schedule(freed))))  # fmt: skip
    monkeypatch.setattr(Scheduler, "occupied", classmethod(
        lambda cls, cores: (seen.append(("occupied", list(cores))), real_occupied(cores))))  # fmt: skip
    chain.produce(candidates=[chain.backed(100), chain.backed(300)])
    assert seen[-2:] == [("schedule", []), ("occupied", [0, 2])]
    chain.advance(1)
    chain.produce(candidates=[chain.backed(200)])  # block 3
    seen.clear()
    # block 4: 300 concluded (core 2), 100 timed out (core 0), 200 still pending (core 1)
    chain.produce(bitfields=chain.bitfields(range(6), [300]), candidates=[chain.backed(100), chain.backed(300)])
    assert seen[-2:] == [  # (the block ran twice: built, then imported)
        ("schedule", [(0, FreedReason.TimedOut), (2, FreedReason.Concluded)]),
        ("occupied", [0, 2]),
    ]
    with chain.reading():
        assert {int(p) for p, _ in Inclusion.PendingAvailability.iter()} == {100, 200, 300}


# ---------------------------------------------------------------------------------------------
# The inherent provider


def test_create_inherent_passes_good_data_through(chain):
    bitfields, candidates = [], [chain.backed(100)]
    with chain.view() as state:
        before = state.storage_root()
        made = InclusionInherent.create_inherent({INHERENT_IDENTIFIER: (bitfields, candidates)})
        assert state.storage_root() == before and not InclusionInherent.Included.exists()
    assert made == chain.inclusion(bitfields, candidates)
    with chain.view():
        encoded = _DATA_CODEC.encode((bitfields, candidates))
        assert InclusionInherent.create_inherent({INHERENT_IDENTIFIER: encoded}) == made


def test_create_inherent_falls_back_to_the_empty_inherent(chain):
    chain.produce(candidates=[chain.backed(100)])
    stale = chain.bitfields(range(6), [100])
    chain.produce()  # the bitfields above were signed for this block's parent
    empty = chain.inclusion()
    with chain.view():
        assert InclusionInherent.create_inherent({}) == empty
        assert InclusionInherent.create_inherent({INHERENT_IDENTIFIER: b"\x07junk"}) == empty
        assert InclusionInherent.create_inherent({INHERENT_IDENTIFIER: ([], ["not a candidate"])}) == empty
        assert InclusionInherent.create_inherent({INHERENT_IDENTIFIER: (stale,)}) == empty
        assert InclusionInherent.create_inherent({INHERENT_IDENTIFIER: (stale, [])}) == empty
    made = inclusion_inherent_for(chain.chain.executive, chain.chain.backend, chain.head, stale, [])
    assert made == empty
    chain.chain.produce_block([made])
    with chain.reading():
        assert Inclusion.pending_availability(ParaId(100)) is not None


def test_provider_output_makes_a_valid_block(chain):
    chain.produce(candidates=[chain.backed(100)])
    bitfields = chain.bitfields(range(6), [100])
    made = inclusion_inherent_for(
        chain.chain.executive, chain.chain.backend, chain.head, bitfields, [chain.backed(200)]
    )
    assert made.args[0] == bitfields
    chain.chain.produce_block([made])
    assert [type(e).__name__ for e in chain.events()][:2] == ["CandidateIncluded", "CandidateBacked"]


def test_py_scale_codec_decodes_inclusion_state_and_the_inherent(chain):
    from scalecodec.base import ScaleBytes

    from frame.metadata import metadata, registry
    from primitives.registry import runtime_config

    config = runtime_config(registry(ParachainRuntime))
    chain.produce(candidates=[chain.backed(100), chain.backed(200)])
    call = chain.inclusion(chain.bitfields(range(3), [100]), [chain.backed(300)])
    chain.chain.produce_block([call])
    (md,) = [p for p in metadata(ParachainRuntime)["pallets"] if p["name"] == "Inclusion"]
    decoded = {}
    with chain.reading() as st:
        for entry in md["storage"]["entries"]:
            prefix = bytes.fromhex(entry["key_prefix"][2:])
            type_name = entry["type"].get("Plain") or entry["type"]["Map"]["value"]
            for _, raw in st.iter_prefix(prefix):
                obj = config.create_scale_object(type_name, data=ScaleBytes(bytearray(raw)))
                obj.decode()
                assert obj.data.offset == len(raw), entry["name"]
                decoded.setdefault(entry["name"], []).append(obj.value)
    assert len(decoded["PendingAvailability"]) == 3 and len(decoded["AvailabilityBitfields"]) == 3
    assert len(decoded["PendingAvailabilityBacking"]) == 3 and len(decoded["Validators"][0]) == 6
    obj = config.create_scale_object("RuntimeCall", data=ScaleBytes(bytearray(ParachainRuntime.encode_call(call))))
    args = obj.decode()["InclusionInherent"]["inclusion"]
    assert len(args["bitfields"]) == 3 and len(args["backed_candidates"]) == 1
