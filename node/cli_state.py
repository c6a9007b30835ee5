"""``parahost produce`` and ``parahost state dump|get``: blocks into a database, and its storage out."""

from __future__ import annotations

import argparse
import os
from typing import Any

from frame.runtime import Runtime
from node.cli_args import integer
from node.cli_common import (
    CliError,
    add_runtime_option,
    add_spec_options,
    dumps,
    emit,
    example_parser,
    parachain_runtime,
    spec_from_args,
)
from node.db import BlockDb, TrieBackend
from node.db.query import describe_keys, query
from node.runtimes import resolve_runtime, runtime_is_named

__all__ = ["register"]


def _state(db: BlockDb, at: int | None) -> tuple[int, TrieBackend]:
    number = db.best_header().number if at is None else at
    if number < 0:
        raise CliError(f"--at {at}: block numbers start at 0")
    return number, db.state_at(number)


def named_runtime(args: argparse.Namespace) -> Runtime | None:
    """The runtime --runtime or the current project names, or None (the command then takes the database's)."""
    if not runtime_is_named(args.runtime, os.getcwd()):
        return None
    return resolve_runtime(args.runtime, os.getcwd())


def db_runtime(db: BlockDb) -> Runtime:
    """The runtime a database says it is for (its ``:code``), by that name (`node.runtimes`)."""
    identity = db.runtime_identity
    if identity is None:
        raise CliError(f"{db.runtime_name}: the database records no runtime (no :code): give --runtime")
    return resolve_runtime(identity.spec_name, os.getcwd(), default=None)


def open_db(args: argparse.Namespace) -> tuple[BlockDb, Runtime]:
    """The database of --db read-only, and the runtime named (checked against it) or the one it is for."""
    runtime = named_runtime(args)
    db = BlockDb.open(args.db, None, runtime, read_only=True)
    if runtime is None:
        try:
            runtime = db_runtime(db)
        except BaseException:
            db.close()
            raise
    return db, runtime


def _produce(args: argparse.Namespace) -> int:
    runtime = named_runtime(args)
    spec = spec_from_args(args, runtime)
    if spec is not None and runtime is None:
        runtime = parachain_runtime()
    with BlockDb.open(args.db, spec, runtime) as db:
        if runtime is None:
            db.attach_runtime(db_runtime(db))
        blocks = []
        for _ in range(args.blocks):
            built = db.build_block()
            imported = db.import_block(built.block, built)
            h = imported.header
            row = {"number": h.number, "hash": "0x" + imported.hash.hex(), "state_root": "0x" + h.state_root.hex(),
                   "extrinsics": len(built.block.extrinsics)}  # fmt: skip
            blocks.append(row)
            if not args.json:
                n = row["extrinsics"]
                emit(f"#{h.number:<6} {row['hash']}  state root {row['state_root']}  ({n} extrinsic{'s' * (n != 1)})\n")
        best = db.best_header()
        if args.json:
            emit(dumps({"genesis_hash": "0x" + db.genesis_hash.hex(), "best": best.number,
                        "best_hash": "0x" + db.best_hash.hex(), "blocks": blocks}))  # fmt: skip
        else:
            emit(f"best #{best.number} 0x{db.best_hash.hex()} in {args.db}\n")
    return 0


def _dump(args: argparse.Namespace) -> int:
    db, runtime = open_db(args)
    with db:
        _, state = _state(db, args.at)
        if args.json:
            emit(dumps({"0x" + k.hex(): "0x" + v.hex() for k, v in state.items()}))
            return 0
        labels = describe_keys(runtime, [k for k, _ in state.items()])
        lines = []
        for (k, v), label in zip(state.items(), labels, strict=True):
            shown = "0x" + v.hex() if len(v) <= 64 else f"0x{v[:32].hex()}... ({len(v)} bytes)"
            lines.append(f"{label:<34} 0x{k.hex()} {shown}\n")
        emit("".join(lines))
    return 0


def _get(args: argparse.Namespace) -> int:
    db, runtime = open_db(args)
    with db:
        _, state = _state(db, args.at)
        emit(dumps(query(runtime, state, args.pallet, args.item, args.keys)))
    return 0


def register(sub: Any) -> None:
    """Add produce and state (dump, get) to the `parahost` subcommands."""
    p = example_parser(
        sub, "produce", "author empty blocks into a block database",
        "Open (or create from the chain spec) the block database in --db DIR and author K blocks on its best "
        "block, each with only the runtime's mandatory inherents (for the parachain host, an empty "
        "InclusionInherent.inclusion([], [])). Each block is one database transaction. The runtime is --runtime "
        "(or the project's), else the one the database is for; a database of another runtime, or of a newer "
        "spec_version, is refused; an older spec_version is upgraded by the first block (its migrations run).",
        ["parahost produce --preset local --db ./db --blocks 5",
         "parahost produce --db ./db --blocks 10 --json",
         "parahost produce --chain local.json --db ./db --blocks 3",
         "parahost produce --runtime mypkg.runtime:MyRuntimeV2 --db ./db --blocks 1"],
    )  # fmt: skip
    add_spec_options(p, default_preset=None)
    p.add_argument("--db", required=True, metavar="DIR", help="the block database directory (created if absent)")
    p.add_argument("--blocks", type=integer(0), default=1, metavar="K", help="how many blocks to author (default 1)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_produce)

    state = example_parser(
        sub, "state", "read the storage of a block database",
        "Read the state of a block in a block database (the best block, or --at N on the best chain; states of "
        "the last 256 blocks are kept).",
        ["parahost state dump --db ./db --json", "parahost state get --db ./db Paras Heads 100"],
    )
    cmds = state.add_subparsers(dest="state_command", required=True)
    p = example_parser(
        cmds, "dump", "every raw storage item",
        'Print every storage item of the block\'s state: as JSON {"0xkey": "0xvalue"} with --json, else one line '
        "per item with the storage item it belongs to.",
        ["parahost state dump --db ./db", "parahost state dump --db ./db --at 0 --json > genesis-state.json"],
    )
    add_runtime_option(p)
    p.add_argument("--db", required=True, metavar="DIR", help="the block database directory")
    p.add_argument("--at", type=integer(0), metavar="N",
                   help="block number on the best chain (default: the best block)")  # fmt: skip
    p.add_argument("--json", action="store_true", help='print {"0xkey": "0xvalue"} JSON')
    p.set_defaults(func=_dump)

    p = example_parser(
        cmds, "get", "one storage item, decoded",
        "Print a storage value decoded with the runtime's metadata, as JSON in py-scale-codec's shapes. Keys are "
        "parsed by the map's key types: integers (100 or 0x64), 0x-hex bytes, SS58 addresses, or JSON for "
        "tuples ('[100, 5]'). Give fewer keys than the map has to list every entry under them.",
        ["parahost state get --db ./db Paras Heads 100",
         "parahost state get --db ./db Paras Parachains",
         "parahost state get --db ./db Session Validators --at 0",
         "parahost state get --db ./db System Account 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
         "parahost state get --db ./db Paras Heads"],
    )  # fmt: skip
    add_runtime_option(p)
    p.add_argument("--db", required=True, metavar="DIR", help="the block database directory")
    p.add_argument("--at", type=integer(0), metavar="N",
                   help="block number on the best chain (default: the best block)")  # fmt: skip
    p.add_argument("pallet", metavar="PALLET", help="pallet name as in the metadata (Paras)")
    p.add_argument("item", metavar="ITEM", help="storage item name (Heads)")
    p.add_argument("keys", metavar="KEY", nargs="*", help="map keys")
    p.set_defaults(func=_get)
