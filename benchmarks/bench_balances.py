"""Benchmark: Balances' ``transfer_keep_alive`` and a TransactionPayment fee query (issue 12), on the example runtime
(System, Timestamp, Balances, TransactionPayment ...; `runtime.example`).

    python -m benchmarks.bench_balances [--accounts 100] [--transfers N] [--repeat 3] [--queries 1000] [--json]

1. The call alone: ``Balances.transfer_keep_alive`` dispatched through the runtime (`Runtime.dispatch`, the call
   filter and its storage transaction, no extrinsic around it) in the next block's state, µs per transfer.
2. A block of signed transfers from `--accounts` dev-derived accounts (``//Sender/{i}``, endowed at genesis;
   account i pays account i+1, round robin, consecutive nonces), executed `--repeat` times against its signature
   floor (`frame.benchmarking.block_bench.measure_block`: every sr25519 check the block makes, timed alone in the
   same run): µs per transfer in the block, and the ratio block / floor. Without `--transfers` the block is full:
   a few more transfers than its Normal weight allows are offered and the block builder leaves the rest out.
3. ``TransactionPaymentApi_query_info`` on one of those transfers through `node.client.runtime_calls` (what
   ``state_call`` and ``payment_queryInfo`` run) at the block's parent: µs per query, and the fee it gives, which
   must be what the block's TransactionFeePaid says that transfer paid.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

import attrs

from frame import io
from frame.backend import Backend
from frame.benchmarking.block_bench import measure_block
from frame.block import Block, Header
from frame.chain import Chain
from frame.dispatch import Signed
from frame.extrinsic import Extrinsic, encode
from frame.state import OverlayedState
from frame.system import System
from frame.transaction_validity import ExhaustsResources
from node.client.runtime_calls import call_runtime_api
from pallets.balances import Balances
from pallets.transaction_payment import FeeDetails, RuntimeDispatchInfo, TransactionFeePaid
from primitives import scale
from primitives.crypto import Keypair
from primitives.types import codec_of
from runtime.example import DEV_ENDOWMENT, ExampleRuntime, dev_genesis

TEMPLATE = "//Sender/{}"
VALUE = 10**12  # 1 UNIT (12 decimals, the dev chain's properties)
DECIMALS = 12
_INFO, _DETAILS = codec_of(RuntimeDispatchInfo), codec_of(FeeDetails)


class BenchError(Exception):
    """The benchmark's inputs or its block are not what it measures."""


@attrs.define
class _At:
    """A `node.client.runtime_calls.CallContext` at a chain's head."""

    runtime: Any
    genesis_hash: bytes
    header: Header
    block_hash: bytes
    state: Backend


def _ref(w: Any) -> int:
    return int(getattr(w, "ref_time", w))


def setup(accounts: int) -> tuple[Chain, list[Keypair]]:
    """The example runtime's dev genesis plus `accounts` derived accounts, each endowed with DEV_ENDOWMENT."""
    if accounts < 2:
        raise BenchError(f"need at least 2 accounts (each pays the next), got {accounts}")
    genesis = dev_genesis()
    genesis["balances"]["devAccounts"] = [accounts, DEV_ENDOWMENT, TEMPLATE]
    keys = [Keypair.create_from_uri(TEMPLATE.format(i)) for i in range(accounts)]
    return Chain(ExampleRuntime, genesis), keys


def _call(keys: list[Keypair], i: int) -> Any:
    return Balances.tx.transfer_keep_alive(bytes(keys[(i + 1) % len(keys)].public_key), VALUE)


def block_capacity(chain: Chain, keys: list[Keypair]) -> int:
    """How many transfers the block's Normal limit allows, per dimension (base_extrinsic + the call's weight)."""
    limits = chain.executive.block_weights
    call = _call(keys, 0)
    per = [(_ref(limits.max_normal), _ref(limits.base_extrinsic) + _ref(call.definition.weight_of(call.args)))]
    proof = int(getattr(call.definition.weight_of(call.args), "proof_size", 0))
    proof += int(getattr(limits.base_extrinsic, "proof_size", 0))
    if proof:
        per.append((int(getattr(limits.max_normal, "proof_size", 0)), proof))
    return min(limit // max(cost, 1) for limit, cost in per)


def signed_transfers(chain: Chain, keys: list[Keypair], count: int) -> list[Extrinsic]:
    """`count` signed transfers, round robin over the accounts (account i pays i+1), nonces from 0."""
    return [chain.sign(_call(keys, i % len(keys)), keys[i % len(keys)], nonce=i // len(keys)) for i in range(count)]


def time_calls(chain: Chain, keys: list[Keypair], count: int, repeat: int) -> float:
    """Median µs per transfer_keep_alive dispatched alone (a fresh state of the head's child each run)."""
    calls = [(_call(keys, i % len(keys)), Signed(bytes(keys[i % len(keys)].public_key))) for i in range(count)]
    header = Header(chain.head.hash(), chain.head.number + 1, bytes(32), bytes(32))
    runtime = chain.runtime
    runs = []
    for _ in range(max(1, repeat)):
        state = OverlayedState(chain.backend)
        with io.using(state, runtime):
            chain.executive.initialize_block(header)
            t0 = time.perf_counter()
            for call, origin in calls:
                error = runtime.dispatch(call, origin)
                if error is not None:
                    raise BenchError(f"transfer_keep_alive failed: {runtime.describe_error(error)}")
            runs.append((time.perf_counter() - t0) / count * 1e6)
    return statistics.median(runs)


def fee_paid(chain: Chain, block: Block, who: bytes) -> int:
    """What `who`'s first extrinsic in `block` paid (TransactionFeePaid), after importing the block."""
    chain.import_block(block)
    with chain.reading():
        paid = [r.event.event for r in System.events() if isinstance(r.event.event, TransactionFeePaid)]
    for e in paid:
        if bytes(e.who) == who:
            return int(e.actual_fee)
    raise BenchError(f"no TransactionFeePaid for 0x{who.hex()} in the block")


def bench(accounts: int, transfers: int | None, repeat: int, queries: int) -> dict[str, Any]:
    chain, keys = setup(accounts)
    capacity = block_capacity(chain, keys)
    offered = capacity + capacity // 20 + accounts if transfers is None else transfers
    xts = signed_transfers(chain, keys, offered)
    built = chain.build_block(extrinsics=xts, on_dropped="keep")
    exhausted = [e for _, e in built.dropped if isinstance(e, ExhaustsResources)]
    if transfers is not None and built.dropped:
        raise BenchError(f"the block builder left out {len(built.dropped)} of {transfers} transfers: "
                         f"{built.dropped[0][1]!r}")  # fmt: skip
    included = len(xts) - len(built.dropped)
    if included < 1:
        raise BenchError("no transfer fits the block")
    call_us = time_calls(chain, keys, included, repeat)
    report = measure_block(chain.executive, chain.backend, chain.head, built.block, repeat, profile=False)

    # the fee query, on the first transfer, at the block's parent (the state the block's fees are computed on)
    encoded = scale.bytes_codec.encode(encode(chain.runtime, xts[0]))
    ctx = _At(chain.runtime, chain.genesis_hash, chain.head, chain.head.hash(), chain.backend)
    data = encoded + scale.u32.encode(len(encoded))
    info = _INFO.decode(call_runtime_api("TransactionPaymentApi_query_info", data, ctx))
    details = _DETAILS.decode(call_runtime_api("TransactionPaymentApi_query_fee_details", data, ctx))
    t0 = time.perf_counter()
    for _ in range(max(1, queries)):
        call_runtime_api("TransactionPaymentApi_query_info", data, ctx)
    query_us = (time.perf_counter() - t0) / max(1, queries) * 1e6
    fee = int(info.partial_fee)
    paid = fee_paid(chain, built.block, bytes(keys[0].public_key))
    inclusion = details.inclusion_fee
    parts = None
    if inclusion is not None:
        parts = {"base_fee": int(inclusion.base_fee), "len_fee": int(inclusion.len_fee),
                 "adjusted_weight_fee": int(inclusion.adjusted_weight_fee)}  # fmt: skip
    return {
        "accounts": accounts,
        "transfers": included,
        "offered": offered,
        "block_full": bool(exhausted),
        "capacity_by_weight": capacity,
        "call_us_per_transfer": round(call_us, 2),
        "block_us_per_transfer": round(report.median_s / included * 1e6, 2),
        "block_ms": round(report.median_s * 1e3, 3),
        "floor_ms": round(report.floor_s * 1e3, 3),
        "ratio_block_to_floor": round(report.ratio, 3),
        "signatures": report.signatures,
        "query_info_us": round(query_us, 2),
        "fee": fee,
        "fee_units": fee / 10**DECIMALS,
        "fee_parts": parts,
        "length": len(encoded),
        "weight_ref_time": _ref(info.weight),
        "fee_paid_in_block": paid,
        "fee_matches_block": paid == fee,
    }


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench_balances", description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--accounts", type=int, default=100, help="dev-derived senders (//Sender/{i}), at least 2")
    p.add_argument("--transfers", type=int, default=None, help="transfers in the block (default: a full block)")
    p.add_argument("--repeat", "-r", type=int, default=3)
    p.add_argument("--queries", type=int, default=1000)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if args.transfers is not None and args.transfers < 1:
        p.error(f"--transfers must be at least 1, got {args.transfers}")
    try:
        out = bench(args.accounts, args.transfers, args.repeat, args.queries)
    except BenchError as e:
        print(f"bench_balances: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(out))
        return 0
    full = "full: the builder left the rest out" if out["block_full"] else "not full"
    print(f"transfer_keep_alive alone (runtime dispatch): {out['call_us_per_transfer']:.1f} us per transfer")
    print(f"block of {out['transfers']} signed transfers from {out['accounts']} accounts ({full}; "
          f"{out['capacity_by_weight']} fit by weight): {out['block_ms']:.1f} ms, "
          f"{out['block_us_per_transfer']:.1f} us per transfer")  # fmt: skip
    print(f"signature floor ({out['signatures']} checks): {out['floor_ms']:.1f} ms; "
          f"ratio block / floor: {out['ratio_block_to_floor']:.3f}")  # fmt: skip
    print(f"TransactionPaymentApi_query_info: {out['query_info_us']:.1f} us per query")
    parts = out["fee_parts"] or {}
    print(f"fee of one transfer ({out['length']} bytes, ref_time {out['weight_ref_time']} ps): {out['fee']} "
          f"= {out['fee_units']:.9f} UNIT (base {parts.get('base_fee')}, length {parts.get('len_fee')}, weight "
          f"{parts.get('adjusted_weight_fee')}); paid in the block: {out['fee_paid_in_block']} "
          f"({'matches' if out['fee_matches_block'] else 'DIFFERS'})")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
