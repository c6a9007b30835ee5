"""Timestamp (pallet_timestamp, reference §3): the set inherent every block, MinimumPeriod, DidUpdate, the
inherent data ``timstap0``, and the blocks that are refused: too early, without the inherent, set twice."""

from __future__ import annotations

import pytest

from frame import InvalidBlock
from frame import extrinsic as xt
from frame.block import Block
from frame.dispatch import NONE
from frame.executive import BlockBuildingError
from pallets.timestamp import (
    INHERENT_IDENTIFIER,
    MissingTimestamp,
    Timestamp,
    TimestampAlreadySet,
    TooEarly,
)
from tests.pallets._balances_env import BalancesRuntime, new_chain, next_block


def now(chain) -> int:
    with chain.reading():
        return Timestamp.now()


def test_pinned_identifiers_and_encoding():
    assert INHERENT_IDENTIFIER.hex() == "74696d7374617030"
    assert Timestamp.Now.key().hex() == "f0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb"
    assert Timestamp.call_defs["set"].index == 0 and Timestamp.MinimumPeriod == 3000
    assert BalancesRuntime.encode_call(Timestamp.tx.set(6000)).hex() == "0200" + "c15d"  # Compact<u64>(6000)


def test_every_block_sets_the_time_by_default_and_from_inherent_data():
    chain = new_chain()
    assert now(chain) == 0
    chain.produce_block()
    assert now(chain) == 6000
    chain.produce_block(inherent_data={"timstap0": 1_700_000_000_000})
    assert now(chain) == 1_700_000_000_000
    chain.produce_block(inherent_data={INHERENT_IDENTIFIER: 1_700_000_000_001})  # raised to prev + MinimumPeriod
    assert now(chain) == 1_700_000_003_000
    with chain.reading():
        assert not Timestamp.DidUpdate.exists()


def test_too_early_is_refused():
    chain = new_chain()
    chain.produce_block()
    with pytest.raises(BlockBuildingError, match="TooEarly"):
        chain.build_block([Timestamp.tx.set(6000 + 2999)])
    good = chain.build_block().block
    early = xt.encode(BalancesRuntime, xt.unsigned(Timestamp.tx.set(6000 + 2999)))
    with pytest.raises(InvalidBlock, match="BadMandatory.*TooEarly"):
        chain.import_block(Block(good.header, (early,)))
    chain.import_block(good)


def test_a_block_without_the_timestamp_is_refused():
    chain = new_chain()
    good = chain.build_block().block
    with pytest.raises(InvalidBlock, match="lacks the mandatory inherent of Timestamp"):
        chain.import_block(Block(good.header, ()))
    with next_block(chain), pytest.raises(MissingTimestamp):
        Timestamp.on_finalize(1)


def test_set_twice_is_refused():
    chain = new_chain()
    with pytest.raises(BlockBuildingError, match="TimestampAlreadySet"):
        chain.build_block([Timestamp.tx.set(6000), Timestamp.tx.set(9000)])
    with next_block(chain):
        Timestamp.set(NONE, 6000)
        with pytest.raises(TimestampAlreadySet):
            Timestamp.set(NONE, 9000)


def test_importers_check_the_time_against_their_clock():
    chain = new_chain()
    block = chain.build_block(inherent_data={"timstap0": 100_000}).block
    with pytest.raises(InvalidBlock, match="TooFarInFuture"):
        chain.import_block(block, inherent_data={"timstap0": 100_000 - 30_001})
    chain.import_block(block, inherent_data={"timstap0": 100_000 - 30_000})
    with next_block(chain), pytest.raises(TooEarly):
        Timestamp.check_inherent(Timestamp.tx.set(100_001), {INHERENT_IDENTIFIER: 100_001})


def test_on_timestamp_set_hooks_see_the_new_time(monkeypatch):
    seen: list[int] = []
    monkeypatch.setattr(Timestamp, "on_timestamp_set", (seen.append,))
    chain = new_chain()
    chain.produce_block()
    chain.produce_block()
    assert seen == [6000, 6000, 12000, 12000]  # each block runs twice: built, then imported
