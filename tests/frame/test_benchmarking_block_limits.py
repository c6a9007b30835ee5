"""Block weight limits in the executive: an author leaves out what would not fit (and tries the next), an
imported block over the limit is invalid, inherents and on_initialize count, DispatchInfo carries the weight."""

from __future__ import annotations

import pytest

from frame import Chain, Origin, Pallet, call, construct_runtime, ensure_none, ensure_signed
from frame.block import Block
from frame.executive import BlockBuildingError, Executive, ExhaustsResources, InvalidBlock
from frame.system import ExtrinsicSuccess, System
from frame.weights import DEFAULT_BLOCK_WEIGHTS, MAX_POV_SIZE, WEIGHT_REF_TIME_PER_SECOND, BlockWeights, Weight
from primitives.crypto import dev_keypair
from primitives.types import U64

ALICE = dev_keypair("Alice")


class Heavy(Pallet):
    """Calls that weigh what they are told to; an on_initialize that uses weight."""

    InitWeight = 0

    @call(0, weight=lambda w: w)
    def burn(cls, origin: Origin, w: U64) -> None:
        """Weigh w."""
        ensure_signed(origin)

    @call(1, weight=lambda w: w, inherent=True)
    def tick(cls, origin: Origin, w: U64) -> None:
        """An inherent weighing w."""
        ensure_none(origin)

    @classmethod
    def on_initialize(cls, now: int) -> int:
        return cls.InitWeight


Runtime = construct_runtime("Heavy", [System, Heavy])
#: 1000 per block, 750 for signed extrinsics, 10 per extrinsic on top of its call.
LIMITS = BlockWeights(base_block=0, base_extrinsic=10, max_block=1000)


@pytest.fixture
def chain():
    c = Chain(Runtime, {"system": {"accounts": ["0x" + ALICE.public_key.hex()]}})
    c.executive = Executive(Runtime, c.genesis_hash, LIMITS)
    yield c
    Heavy.InitWeight = 0


def burns(chain: Chain, *weights: int) -> list:
    n = chain.nonce(ALICE.public_key)
    return [chain.sign(Heavy.tx.burn(w), ALICE, n + i) for i, w in enumerate(weights)]


def test_author_leaves_out_what_does_not_fit_and_tries_the_next(chain):
    xts = burns(chain, 300, 300, 300)  # 310 + 310 = 620; +310 > 750 ...
    xts.append(chain.sign(Heavy.tx.burn(100), ALICE, 2))  # ... +110 = 730 fits (the nonce the dropped one had)
    built = chain.build_block(extrinsics=xts, on_dropped="keep")
    assert len(built.block.extrinsics) == 3
    ((what, why),) = built.dropped
    assert what.call == Heavy.tx.burn(300) and isinstance(why, ExhaustsResources)
    assert "over the ref_time limit (signed extrinsics have used 620 of 750 ps)" in str(why)
    assert chain.executive.normal_weight == Weight(730, 0)
    chain.import_block(built.block)  # valid: within the limits


def test_imported_block_over_the_limit_is_invalid(chain):
    generous = Executive(Runtime, chain.genesis_hash, DEFAULT_BLOCK_WEIGHTS)
    over = generous.build_block(chain.backend, chain.head, [], burns(chain, 300, 300, 300)).block
    assert len(over.extrinsics) == 3
    with pytest.raises(InvalidBlock, match="ExhaustsResources"):
        chain.import_block(over)
    assert chain.head.number == 0


def test_inherents_count_toward_the_block(chain):
    built = chain.build_block([Heavy.tx.tick(900)], burns(chain, 100), on_dropped="keep")  # 910 + 110 > 1000
    assert len(built.block.extrinsics) == 1 and isinstance(built.dropped[0][1], ExhaustsResources)
    assert "over the ref_time limit (the block has used 910 of 1000 ps)" in str(built.dropped[0][1])
    chain.import_block(built.block)
    with pytest.raises(BlockBuildingError, match=r"weighs \(ref_time 1001 ps.*over the ref_time limit"):
        chain.build_block([Heavy.tx.tick(991)])  # 1001 > 1000: even a mandatory inherent must fit
    generous = Executive(Runtime, chain.genesis_hash, DEFAULT_BLOCK_WEIGHTS)
    heavy: Block = generous.build_block(chain.backend, chain.head, [Heavy.tx.tick(991)]).block
    with pytest.raises(InvalidBlock, match="ExhaustsResources"):
        chain.import_block(heavy)


def test_on_initialize_and_base_block_count(chain):
    Heavy.InitWeight = 500
    chain.executive = Executive(Runtime, chain.genesis_hash, BlockWeights(base_block=100, base_extrinsic=10,
                                                                          max_block=1000))  # fmt: skip
    built = chain.build_block(extrinsics=burns(chain, 300, 300), on_dropped="keep")  # 600 used; +310 = 910; +310 > 1000
    assert len(built.block.extrinsics) == 1 and chain.executive.block_weight == Weight(910, 0)


def test_dispatch_info_carries_the_declared_weight(chain):
    chain.produce_block(extrinsics=burns(chain, 123))
    with chain.reading():
        infos = [r.event.event.dispatch_info for r in System.events() if isinstance(r.event.event, ExtrinsicSuccess)]
    assert [i.weight.ref_time for i in infos] == [123]


def test_default_limits():
    assert DEFAULT_BLOCK_WEIGHTS.max_block == Weight(2 * WEIGHT_REF_TIME_PER_SECOND, MAX_POV_SIZE)
    assert MAX_POV_SIZE == 5 * 1024 * 1024  # Polkadot's relay MAX_POV_SIZE
    assert DEFAULT_BLOCK_WEIGHTS.max_normal == Weight(2 * WEIGHT_REF_TIME_PER_SECOND * 3 // 4, MAX_POV_SIZE * 3 // 4)
    assert LIMITS.max_normal == Weight(750, MAX_POV_SIZE * 3 // 4)  # an int max_block: the relay's proof limit
