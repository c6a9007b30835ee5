"""Two-dimensional weights (reference frame-runtime-dev.md section 7): `Weight` arithmetic and its SCALE form
pinned against py-scale-codec, the int-means-ref_time boundary, and a block refusing an extrinsic past either
limit (proof_size while ref_time is fine, and the reverse)."""

from __future__ import annotations

import pytest
from scalecodec.base import RuntimeConfigurationObject, ScaleBytes
from scalecodec.type_registry import load_type_registry_preset

from frame import Chain, Origin, Pallet, call, construct_runtime, ensure_signed
from frame.executive import Executive, ExhaustsResources
from frame.system import DispatchInfo, ExtrinsicSuccess, System
from frame.weights import (
    DB_WEIGHT,
    MAX_U64,
    BadWeight,
    BlockWeights,
    DbWeight,
    Weight,
    to_weight,
)
from primitives.crypto import dev_keypair
from primitives.types import U64

ALICE = dev_keypair("Alice")


def _scalecodec() -> RuntimeConfigurationObject:
    rc = RuntimeConfigurationObject()
    rc.update_type_registry(load_type_registry_preset("core"))
    rc.update_type_registry({"types": {"WeightV2": {"type": "struct", "type_mapping": [
        ["ref_time", "Compact<u64>"], ["proof_size", "Compact<u64>"]]}}})  # fmt: skip
    return rc


@pytest.mark.parametrize("ref, proof", [(0, 0), (1, 2), (10**8, 3593), (2 * 10**12, 5 * 1024 * 1024), (MAX_U64, 63)])
def test_weight_encodes_as_two_compacts_like_py_scale_codec(ref, proof):
    w = Weight.from_parts(ref, proof)
    ours = Weight.SCALE.encode(w)
    theirs = _scalecodec().create_scale_object("WeightV2")
    assert ours.hex() == theirs.encode({"ref_time": ref, "proof_size": proof}).to_hex()[2:]
    decoded = _scalecodec().create_scale_object("WeightV2", ScaleBytes(ours)).decode()
    assert decoded == {"ref_time": ref, "proof_size": proof}
    assert Weight.SCALE.decode(ours) == w


def test_pinned_weight_bytes():
    # RuntimeDispatchInfo{weight (10^8, 3593), ...} starts 0284d717 2538 (frame-runtime-dev.md section 9)
    assert Weight.SCALE.encode(Weight(10**8, 3593)).hex() == "0284d7172538"
    assert DispatchInfo.SCALE.encode(DispatchInfo(Weight(10**8, 3593), 0, 0)).hex() == "0284d71725380000"


def test_saturating_arithmetic_and_component_wise_comparisons():
    a, b = Weight(10, 200), Weight(30, 100)
    assert a.saturating_add(b) == a + b == Weight(40, 300)
    assert a.saturating_sub(b) == a - b == Weight(0, 100)  # each component saturates at 0
    assert a.saturating_mul(3) == 3 * a == Weight(30, 600)
    assert Weight(MAX_U64, 1).saturating_add(Weight(1, 1)) == Weight(MAX_U64, 2)
    assert Weight(MAX_U64, 1).checked_add(Weight(1, 1)) is None
    assert Weight(2**63, 0).saturating_mul(2) == Weight(MAX_U64, 0)
    assert a.min(b) == Weight(10, 100) and a.max(b) == Weight(30, 200)
    assert a.any_gt(b) and b.any_gt(a) and not a.all_gt(b)  # neither fits in the other
    assert not a.all_lte(b) and Weight(10, 100).all_lte(b) and Weight(10, 100).all_lte(Weight(10, 100))
    assert a.any_lt(b) and not a.all_lt(b) and Weight(1, 1).all_lt(a)
    assert Weight(30, 200).all_gte(a) and a.any_gte(b)
    assert Weight(10, 300).exceeded(Weight(5, 300)) == "ref_time"
    assert Weight(10, 300).exceeded(Weight(5, 5)) == "ref_time and proof_size"
    assert Weight(100, 100).checked_div_per_component(Weight(10, 50)) == 2  # the scarcer component
    assert Weight(100, 100).checked_div_per_component(Weight(10, 0)) == 10
    assert Weight(100, 100).checked_div_per_component(Weight.zero()) is None
    assert Weight.zero().is_zero() and sum([a, b], Weight.zero()) == Weight(40, 300)
    with pytest.raises(TypeError):
        _ = a < b  # not ordered: FRAME compares component-wise


def test_an_int_is_ref_time_at_the_boundary_and_bad_weights_are_refused():
    assert to_weight(5) == Weight(5, 0) and to_weight(None) == Weight(0, 0)
    assert to_weight(Weight(1, 2)) == Weight(1, 2)
    for bad in (-1, 2**64, True, 1.5, "10"):
        with pytest.raises(BadWeight):
            to_weight(bad)
    with pytest.raises(BadWeight, match="proof_size"):
        Weight.from_parts(1, -1)


def test_db_weight_has_no_proof_size():
    db = DbWeight(read=25, write=100)
    assert db.reads(2) == Weight(50, 0) and db.writes(3) == Weight(300, 0)
    assert db.reads_writes(1, 1) == Weight(125, 0)
    assert DB_WEIGHT.reads(1).proof_size == 0


class Costly(Pallet):
    """Calls with a chosen two-dimensional weight."""

    @call(0, weight=lambda ref, proof: Weight(ref, proof))
    def cost(cls, origin: Origin, ref: U64, proof: U64) -> None:
        """Weigh (ref, proof)."""
        ensure_signed(origin)

    @call(1, weight=7)
    def legacy(cls, origin: Origin) -> None:
        """A plain int weight: Weight(7, 0)."""
        ensure_signed(origin)


Runtime = construct_runtime("Costly", [System, Costly])
#: 1000 ps and 1000 bytes per block, 750 of each for signed extrinsics.
LIMITS = BlockWeights(base_block=0, base_extrinsic=10, max_block=Weight(1_000, 1_000))


@pytest.fixture
def chain():
    c = Chain(Runtime, {"system": {"accounts": ["0x" + ALICE.public_key.hex()]}})
    c.executive = Executive(Runtime, c.genesis_hash, LIMITS)
    return c


def _build(chain, *costs):
    n = chain.nonce(ALICE.public_key)
    xts = [chain.sign(Costly.tx.cost(r, p), ALICE, n + i) for i, (r, p) in enumerate(costs)]
    return chain.build_block(extrinsics=xts, on_dropped="keep")


def test_a_block_refuses_an_extrinsic_past_the_proof_size_limit_while_ref_time_is_fine(chain):
    built = _build(chain, (10, 400), (10, 400))  # 400 + 400 > 750 bytes; 40 ps is nothing
    assert len(built.block.extrinsics) == 1
    ((_, why),) = built.dropped
    assert isinstance(why, ExhaustsResources)
    assert "over the proof_size limit (signed extrinsics have used 400 of 750 bytes)" in str(why)
    assert "ref_time limit" not in str(why)
    assert chain.executive.normal_weight == Weight(20, 400)


def test_a_block_refuses_an_extrinsic_past_the_ref_time_limit_while_proof_size_is_fine(chain):
    built = _build(chain, (400, 10), (400, 10))
    assert len(built.block.extrinsics) == 1
    ((_, why),) = built.dropped
    assert "over the ref_time limit (signed extrinsics have used 410 of 750 ps)" in str(why)
    assert "proof_size limit" not in str(why)


def test_check_weight_refuses_an_extrinsic_too_heavy_in_proof_size_alone(chain):
    built = chain.build_block(extrinsics=[chain.sign(Costly.tx.cost(1, 751), ALICE)], on_dropped="keep")
    ((_, why),) = built.dropped
    assert isinstance(why, ExhaustsResources) and "its proof_size is more than an extrinsic may use" in str(why)


def test_dispatch_info_records_both_dimensions_and_an_int_weight_is_ref_time(chain):
    chain.produce_block(extrinsics=[chain.sign(Costly.tx.cost(123, 456), ALICE),
                                    chain.sign(Costly.tx.legacy(), ALICE, 1)])  # fmt: skip
    with chain.reading():
        infos = [r.event.event.dispatch_info for r in System.events() if isinstance(r.event.event, ExtrinsicSuccess)]
    assert [i.weight for i in infos] == [Weight(123, 456), Weight(7, 0)]
