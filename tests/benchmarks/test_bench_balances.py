"""The Balances / fee benchmark on tiny sizes: it reports what it promises (the block's transfers, its signature
floor, the fee query's answer equal to what the block charged). No timing is asserted."""

import json

import attrs
import pytest

from benchmarks import bench_balances
from frame.executive import Executive

KEYS = {"accounts", "transfers", "offered", "block_full", "capacity_by_weight", "call_us_per_transfer",
        "block_us_per_transfer", "block_ms", "floor_ms", "ratio_block_to_floor", "signatures", "query_info_us",
        "fee", "fee_units", "fee_parts", "length", "weight_ref_time", "fee_paid_in_block",
        "fee_matches_block"}  # fmt: skip


def test_json_output_with_tiny_sizes(capsys):
    assert bench_balances.main(["--accounts", "3", "--transfers", "7", "--repeat", "1", "--queries", "2",
                                "--json"]) == 0  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert set(out) == KEYS
    assert (out["accounts"], out["transfers"], out["offered"], out["block_full"]) == (3, 7, 7, False)
    assert out["signatures"] == 7  # one sr25519 check per signed transfer, nothing else
    assert out["capacity_by_weight"] > 7
    for key in ("call_us_per_transfer", "block_us_per_transfer", "block_ms", "floor_ms", "ratio_block_to_floor",
                "query_info_us"):  # fmt: skip
        assert isinstance(out[key], float) and out[key] > 0, key
    parts = out["fee_parts"]
    assert out["fee"] == parts["base_fee"] + parts["len_fee"] + parts["adjusted_weight_fee"] > 0
    assert out["fee_matches_block"] and out["fee_paid_in_block"] == out["fee"]
    assert out["fee_units"] == out["fee"] / 10**12 and out["weight_ref_time"] > 0 and out["length"] > 100


def test_text_output(capsys):
    assert bench_balances.main(["--accounts", "2", "--transfers", "2", "--repeat", "1", "--queries", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    assert lines[0].startswith("transfer_keep_alive alone (runtime dispatch): ") and lines[0].endswith(" per transfer")
    assert lines[1].startswith("block of 2 signed transfers from 2 accounts (not full; ")
    assert lines[2].startswith("signature floor (2 checks): ") and "ratio block / floor: " in lines[2]
    assert lines[3].startswith("TransactionPaymentApi_query_info: ") and lines[3].endswith(" us per query")
    assert lines[4].startswith("fee of one transfer (") and " UNIT (base " in lines[4]
    assert lines[4].endswith("(matches)")


def test_the_default_block_is_full():
    chain, keys = bench_balances.setup(2)
    # 1% of the block open to Normal extrinsics, so that a full block is a few dozen transfers
    limits = attrs.evolve(chain.executive.block_weights, normal_ratio_percent=1)
    chain.executive = Executive(chain.runtime, chain.genesis_hash, limits)
    capacity = bench_balances.block_capacity(chain, keys)
    xts = bench_balances.signed_transfers(chain, keys, capacity + 1)
    built = chain.build_block(extrinsics=xts, on_dropped="keep")
    assert 1 < capacity < 200
    assert [type(e).__name__ for _, e in built.dropped] == ["ExhaustsResources"]  # exactly the one over the limit


def test_bad_sizes_are_refused(capsys):
    assert bench_balances.main(["--accounts", "1", "--transfers", "1"]) == 2
    assert "at least 2 accounts" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        bench_balances.main(["--transfers", "0"])
