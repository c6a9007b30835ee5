"""``parahost try-runtime``: rehearse a runtime upgrade on a block database's latest state, without writing it.

As the try-runtime CLI's ``on-runtime-upgrade`` then ``fast-forward``: on a copy of the best block's state, run
the upgrade to the given runtime (`frame.try_runtime.try_runtime_upgrade`: its migrations with their
pre/post-upgrade checks, then every pallet's ``try_state``, and the idempotency check), report the weight used
and the keys changed, then author N empty blocks (each with the inherents the runtime's pallets create) on top of
that copy with the new runtime, checking every pallet's ``try_state`` after each. The database is opened
read-only: nothing is ever written to it.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from frame import io
from frame.backend import MemoryBackend
from frame.executive import Executive
from frame.runtime import Runtime
from frame.state import OverlayedState
from frame.try_runtime import TryRuntimeReport, run_try_state, try_runtime_upgrade
from node.cli_args import integer
from node.cli_common import CliError, add_runtime_option, dumps, emit, example_parser
from node.db import BlockDb
from node.runtimes import resolve_runtime

__all__ = ["register"]


class TryRuntimeFailed(CliError):
    """A check of the rehearsed upgrade failed (a migration's pre/post check, a try_state, or idempotency)."""


def _empty_blocks(runtime: Runtime, db: BlockDb, backend: MemoryBackend, count: int) -> list[dict[str, Any]]:
    """Author `count` empty blocks on `backend` (a copy of the best state, changed in place) with `runtime`."""
    executive = Executive(runtime, db.genesis_hash)
    parent = db.best_header()
    out = []
    for _ in range(count):
        inherents = [c for c in (p.create_inherent({}) for p in runtime.pallet_classes) if c is not None]
        built = executive.build_block(backend, parent, inherents)
        built.state.commit_to_backend()
        header = built.block.header
        with io.using(OverlayedState(backend, read_only=True), runtime):
            checks = run_try_state(runtime, header.number)
        failed = [f"{c.what}: {c.error}" for c in checks if c.error is not None]
        out.append({"number": header.number, "hash": "0x" + header.hash().hex(),
                    "state_root": "0x" + header.state_root.hex(), "extrinsics": len(built.block.extrinsics),
                    "try_state_failures": failed})  # fmt: skip
        parent = header
    return out


def _report_json(report: TryRuntimeReport, blocks: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "from": None if report.from_version is None else report.from_version.to_json(),
        "to": report.to_version.to_json(),
        "block": report.block_number,
        "weight": {"ref_time": report.weight.ref_time, "proof_size": report.weight.proof_size},
        "max_block_weight": {"ref_time": report.max_block_weight.ref_time,
                             "proof_size": report.max_block_weight.proof_size},
        "migrations_run": list(report.migrations_run),
        "keys_changed": ["0x" + k.hex() for k in report.keys_changed],
        "checks": [{"what": c.what, "error": c.error} for c in report.checks + report.try_state],
        "idempotent": report.idempotent,
        "blocks": blocks,
        "ok": report.ok and not any(b["try_state_failures"] for b in blocks),
    }


def _try_runtime(args: argparse.Namespace) -> int:
    runtime = resolve_runtime(args.runtime, os.getcwd())
    with BlockDb.open(args.db, None, runtime, read_only=True) as db:
        state = db.state_at(db.best_header().number)
        report = try_runtime_upgrade(runtime, state, checks=args.checks)
        copy = MemoryBackend(dict(state.items()))
        blocks = _empty_blocks(runtime, db, copy, args.blocks)
    data = _report_json(report, blocks)
    if args.json:
        emit(dumps(data))
    else:
        lines = [report.summary()]
        lines += [f"  changed 0x{k.hex()}" for k in report.keys_changed[:20]]
        if len(report.keys_changed) > 20:
            lines.append(f"  ... and {len(report.keys_changed) - 20} more")
        for b in blocks:
            bad = f"; try_state FAILED: {'; '.join(b['try_state_failures'])}" if b["try_state_failures"] else ""
            lines.append(f"#{b['number']:<6} {b['hash']}  state root {b['state_root']}  ({b['extrinsics']} "
                         f"extrinsics){bad}")  # fmt: skip
        lines.append(f"{args.db}: not written (a rehearsal on a copy of the best state)")
        emit("\n".join(lines) + "\n")
    if not data["ok"]:
        raise TryRuntimeFailed(f"{args.db}: the upgrade to {runtime.version} failed its checks (see above); the "
                               "database was not changed")  # fmt: skip
    return 0


def register(sub: Any) -> None:
    """Add try-runtime to the `parahost` subcommands."""
    p = example_parser(
        sub, "try-runtime", "rehearse a runtime upgrade on a database's latest state (never writes it)",
        "Run the upgrade to the runtime (--runtime, or the project's) on a copy of the best block's state of the "
        "block database in --db DIR: its migrations (with their pre/post-upgrade checks), every pallet's "
        "try_state, and a second run to check that the upgrade is idempotent; print the weight used and the keys "
        "changed; then author --blocks N empty blocks on top with the new runtime (every pallet's try_state after "
        "each). The database is opened read-only and never written. Exits 1 if a check fails; a database of "
        "another runtime, or of a newer spec_version, is refused.",
        ["parahost try-runtime --runtime mypkg.runtime:MyRuntimeV2 --db ./db",
         "parahost try-runtime --db ./db --blocks 5 --json"],
    )  # fmt: skip
    add_runtime_option(p)
    p.add_argument("--db", required=True, metavar="DIR", help="the block database directory (read, never written)")
    p.add_argument("--blocks", type=integer(0, 10_000), default=1, metavar="N",
                   help="empty blocks to author on top of the upgraded state (default 1)")  # fmt: skip
    p.add_argument("--checks", choices=["all", "none", "pre-and-post", "try-state"], default="all",
                   help="which checks to run (default all)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=_try_runtime)
