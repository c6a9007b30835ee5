"""The `parahost` command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from node import cli_benchmark, cli_db, cli_meta, cli_run, cli_spec, cli_state
from node.pvf import cli as pvf_cli
from primitives.errors import ParahostError


def _demo(args: argparse.Namespace) -> int:
    from runtime.example import run_demo

    chain, blocks = run_demo(args.blocks)
    if args.json:
        print(json.dumps({"genesis_hash": "0x" + chain.genesis_hash.hex(), "blocks": blocks}, indent=2))
        return 0
    print(f"genesis  0x{chain.genesis_hash.hex()}  state root 0x{chain.genesis.state_root.hex()}")
    for b in blocks:
        print(f"#{b['number']:<6} {b['hash']}  state root {b['state_root']}  ({b['extrinsics']} extrinsic)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parahost",
        description="A Python parachain host on a FRAME-like runtime framework.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser(
        "demo",
        help="build the example runtime and execute a few blocks",
        description="Build the example runtime (System, Sudo, Counter) from a dev genesis, execute blocks with "
        "signed extrinsics, and print each block's hash and state root.",
        epilog="example: parahost demo --blocks 5 --json",
    )
    demo.add_argument("--blocks", type=int, default=5, help="how many blocks to execute (default 5)")
    demo.add_argument("--json", action="store_true", help="print JSON instead of a table")
    demo.set_defaults(func=_demo)
    pvf_cli.register(sub)
    cli_spec.register(sub)
    cli_state.register(sub)
    cli_meta.register(sub)
    cli_benchmark.register(sub)
    cli_run.register(sub)
    cli_db.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "blocks", 1) < 0:
        parser.error("--blocks must be 0 or more")
    try:
        return int(args.func(args))
    except ParahostError as e:
        print(f"parahost: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
