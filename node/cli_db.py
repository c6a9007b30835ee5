"""``parahost db check``: verify a block database and report what is damaged."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from node.cli_common import dumps, emit, example_parser
from node.db.check import check_db

__all__ = ["register"]


def _check(args: argparse.Namespace) -> int:
    report = check_db(args.db)
    if args.json:
        emit(dumps(report.to_json()))
    elif report.ok:
        emit(f"{report.path}: ok: {report.blocks} blocks, best #{report.best}; every block, root and link verified\n")
    else:
        emit("".join(f"{report.path}: {p}\n" for p in report.problems))
    if report.ok:
        return 0
    print(f"parahost: error: {report.path}: damaged: {len(report.problems)} problem(s) found; nothing was changed",
          file=sys.stderr)  # fmt: skip
    return 1


def register(sub: Any) -> None:
    """Add ``db check`` to the `parahost` subcommands."""
    db = example_parser(
        sub, "db", "inspect a block database",
        "Inspect the block database in --db DIR without changing it.",
        ["parahost db check --db ./db", "parahost db check --db ./net/alice --json"],
    )
    cmds = db.add_subparsers(dest="db_command", required=True)
    p = example_parser(
        cmds, "check", "verify every block, root and link; report what is damaged",
        "Read the whole database (read-only) and verify it: SQLite's integrity check; every block's header "
        "against its hash, number and parent, and its body against the extrinsics root; every parent link and "
        "the best chain from genesis to the best block; the finalized block; the stored state against the best "
        "block's state root; and each kept change set against the state roots of the best chain. Prints one "
        "line per problem (or a summary) and exits 1 if anything is damaged.",
        ["parahost db check --db ./db", "parahost db check --db ./db --json"],
    )
    p.add_argument("--db", required=True, metavar="DIR", help="the block database directory")
    p.add_argument("--json", action="store_true",
                   help='print {"file", "ok", "blocks", "best", "problems": [{"what", "number", "block"}]}')
    p.set_defaults(func=_check)
