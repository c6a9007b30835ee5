"""``parahost build-spec`` and ``parahost genesis-hash``: chain specs and their genesis."""

from __future__ import annotations

import argparse
from typing import Any

from frame.runtime import Runtime
from genesis.build import build_genesis, to_raw
from genesis.spec import ChainSpec
from node.cli_common import CliError, add_spec_options, dumps, emit, example_parser, runtime_from_args, spec_from_args

__all__ = ["register"]


def _spec(args: argparse.Namespace) -> tuple[Runtime, ChainSpec]:
    runtime = runtime_from_args(args)
    spec = spec_from_args(args, runtime)
    if spec is None:  # a default preset is set
        raise CliError("give --chain FILE or --preset NAME")
    return runtime, spec


def _build_spec(args: argparse.Namespace) -> int:
    runtime, spec = _spec(args)
    genesis = build_genesis(spec, runtime)  # refuses a bad spec even when printing it human-readable
    if args.raw:
        spec = to_raw(spec, runtime, genesis)
    emit(spec.dumps())
    return 0


def _genesis_hash(args: argparse.Namespace) -> int:
    runtime, spec = _spec(args)
    genesis = build_genesis(spec, runtime)
    if args.json:
        out: dict[str, Any] = {
            "name": spec.name,
            "id": spec.id,
            "genesisHash": "0x" + genesis.hash.hex(),
            "stateRoot": "0x" + genesis.state_root.hex(),
            "extrinsicsRoot": "0x" + genesis.header.extrinsics_root.hex(),
            "storageItems": len(genesis.storage),
            "runtime": str(runtime.version),
        }
        emit(dumps(out))
    else:
        emit(f"0x{genesis.hash.hex()}\n")
    return 0


def register(sub: Any) -> None:
    """Add build-spec and genesis-hash to the `parahost` subcommands."""
    p = example_parser(
        sub, "build-spec", "print a chain spec (Substrate's JSON format)",
        "Print a chain spec to stdout for the runtime (--runtime, see parahost --help): one of its presets (for the "
        "parachain host, dev: //Alice validates and holds sudo, one adder parachain with "
        "id 100; local: N validators //Alice, //Bob, ... //Ferdie, //Validator7 ..., M adder parachains with ids "
        "100, 101, ...) as a runtimeGenesis.patch, or a spec file re-checked and re-written. With --raw, the genesis "
        "is the built storage (genesis.raw.top), which is what a network should ship: it gives the same genesis "
        "hash whatever the software version.",
        ["parahost build-spec --preset dev",
         "parahost build-spec --preset local --validators 6 --parachains 2 > local-plain.json",
         "parahost build-spec --chain local-plain.json --raw > local.json",
         "parahost build-spec --preset local --parathread-cores 1 --raw",
         "parahost build-spec --runtime example --preset dev --raw",
         "parahost build-spec --runtime mypkg.runtime:MyRuntime --chain myspec.json --raw"],
    )  # fmt: skip
    add_spec_options(p)
    p.add_argument("--raw", action="store_true", help="print the genesis as raw storage (genesis.raw.top)")
    p.set_defaults(func=_build_spec)

    p = example_parser(
        sub, "genesis-hash", "print the genesis block hash of a chain spec",
        "Build the genesis state of a chain spec (or preset) and print the genesis block's hash as 0x-hex: "
        "blake2-256 of the SCALE header {parent 0x00..00, number 0, state root, empty extrinsics root, no digest}.",
        ["parahost genesis-hash --preset dev",
         "parahost genesis-hash --chain local.json",
         "parahost genesis-hash --preset local --validators 6 --json",
         "parahost genesis-hash --runtime mypkg.runtime:MyRuntime --chain myspec.json"],
    )  # fmt: skip
    add_spec_options(p)
    p.add_argument("--json", action="store_true", help="also print the state root, name and id, as JSON")
    p.set_defaults(func=_genesis_hash)
