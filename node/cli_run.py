"""``parahost run``: a local network of validators and adder collators carrying parablocks to inclusion."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from contextlib import ExitStack
from typing import Any, TextIO

from node.cli_args import fraction, integer, positive_float
from node.cli_common import CliError, add_spec_options, emit, example_parser, spec_from_args
from node.network import clock
from node.network.local import BlockRecord, LocalNetwork, RunResult
from node.network.node import Timings

__all__ = ["register", "scratch_dir"]


class _Progress:
    """A progress bar on a terminal (nothing when `stream` is not one)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream = max(total, 1), stream
        self.shown = stream.isatty()

    def update(self, done: int, note: str = "") -> None:
        if not self.shown:
            return
        width = 30
        filled = min(width, width * done // self.total)
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {min(done, self.total)}/{self.total} "
                          f"blocks {note}\x1b[K")  # fmt: skip
        self.stream.flush()

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def scratch_dir(validators: int, blocks: int) -> str | None:
    """Where a run without --db keeps its throw-away databases: the RAM disk (/dev/shm), where SQLite's syncs cost
    nothing, if what the run will write (about 4 KB x V^2 a block: 7 GB for 300 validators and 20 blocks) takes
    at most a quarter of its free room; else the usual temporary directory (None)."""
    shm = "/dev/shm"
    try:
        stat = os.statvfs(shm)
    except OSError:
        return None
    if not os.access(shm, os.W_OK):
        return None
    needed = 4096 * validators * validators * (blocks + 10)
    return shm if needed * 4 <= stat.f_bavail * stat.f_frsize else None


def _line(r: BlockRecord) -> str:
    fork = "" if r.best else "  (fork)"
    return (f"#{r.number:<5} 0x{r.hash.hex()[:8]}  author {r.author:<12} backed {len(r.backed)}  "
            f"included {len(r.included)}  timed out {len(r.timed_out)}{fork}\n")  # fmt: skip


def _summary(result: RunResult) -> str:
    rows = [f"best #{result.best_number} 0x{result.best_hash.hex()}  state root 0x{result.state_root.hex()}\n",
            f"{'para':<6} {'head':>5} {'backed':>7} {'included':>9} {'timed out':>10}\n"]  # fmt: skip
    for para, s in sorted(result.paras.items()):
        rows.append(f"{para:<6} {s.head_number:>5} {s.backed:>7} {s.included:>9} {s.timed_out:>10}\n")
    return "".join(rows)


def _availability(result: RunResult) -> str:
    stored = sorted(result.stored.values())
    if not stored:
        return ""
    return (f"availability: each validator stores its erasure-coded chunks (and the full data of what it backed): "
            f"{stored[0]}..{stored[-1]} bytes per validator (chunk proofs included), against "
            f"{result.full_replication} bytes each under full replication; recovered from chunks {result.recovery[0]} "
            f"of {result.recovery[1]} included candidates\n")  # fmt: skip


def _run(args: argparse.Namespace) -> int:
    spec = spec_from_args(args)
    assert spec is not None  # --preset defaults to local
    if not 0.0 <= args.loss < 1.0:
        raise CliError(f"--loss {args.loss}: a probability in [0, 1)")
    if args.slot <= 0:
        raise CliError(f"--slot {args.slot}: must be more than 0 seconds")
    timings = Timings(slot=args.slot, bitfield_delay=args.slot / 4)
    with ExitStack() as stack:
        db_dir = args.db
        if db_dir is None:
            validators = args.validators if args.validators is not None else (None if args.chain else 4)
            scratch = scratch_dir(validators, args.blocks) if validators is not None else None
            db_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="parahost-", dir=scratch))
        net = LocalNetwork(spec, db_dir, loss=args.loss, offline=args.offline, seed=args.seed, timings=timings,
                           virtual=not args.real_time,
                           allow_new_signing_record=args.allow_new_signing_record)  # fmt: skip
        progress = _Progress(args.blocks, sys.stderr)
        start: dict[str, int] = {}

        def on_block(record: BlockRecord) -> None:
            if not args.json:
                progress.clear()
                emit(_line(record))
            progress.update(record.number - start.get("best", 0), f"(#{record.number})")

        net.on_block = on_block

        async def main() -> RunResult:
            await net.start()
            try:
                best = start["best"] = net.observer.db.best_header().number if net.observer.db else 0
                await net.run_until(best + args.blocks)
                await net.check_recovery()
                return net.result()
            finally:
                await net.stop()

        try:
            result = clock.run(main(), virtual=not args.real_time)
        finally:
            progress.clear()
        if args.json:
            emit(json.dumps(result.to_json(), indent=2) + "\n")
            return 0
        emit(_summary(result))
        emit(_availability(result))
        offline = ", ".join(net.names[i] for i in net.offline) or "none"
        emit(f"validators {len(net.names)} (offline: {offline}), collators {len(net.collators)}, messages "
             f"{result.network.sent} sent, {result.network.lost} lost\n")  # fmt: skip
        if args.db is not None:
            emit(f"databases in {args.db}/<node> (e.g. parahost state get --db {args.db}/{net.observer.name} "
                 "Paras Heads)\n")  # fmt: skip
    return 0


def register(sub: Any) -> None:
    """Add ``run`` to the `parahost` subcommands."""
    p = example_parser(
        sub, "run", "run a local network that carries parablocks to inclusion",
        "Start one validator node per validator of the chain spec (the preset's dev keys) and one adder collator "
        "per parachain on an in-process network, and run until the relay chain has K more blocks. Collators "
        "offer parablocks to the validators assigned to their para; validators back them (Candidate Backing), "
        "make them available (each validator fetches and stores its own erasure-coded chunk) and include them "
        "(the inclusion inherent). Prints one line per relay block, a table per parachain and the availability "
        "store's bytes per validator against full replication. By default time is virtual (deterministic, as fast as "
        "the computer goes); --real-time runs on the wall clock.",
        ["parahost run --preset local --validators 10 --parachains 3 --blocks 30",
         "parahost run --blocks 20 --loss 0.2 --seed 7",
         "parahost run --validators 7 --offline 0.3 --blocks 20 --json",
         "parahost run --chain local.json --db ./net --blocks 10",
         "parahost run --blocks 10 --real-time --slot 1"],
    )  # fmt: skip
    add_spec_options(p, default_preset="local")
    p.add_argument("--blocks", type=integer(0), default=10, metavar="K",
                   help="run until K more relay blocks (default 10)")  # fmt: skip
    p.add_argument("--db", metavar="DIR",
                   help="keep each node's block database in DIR/<node> (default: a temporary directory)")  # fmt: skip
    p.add_argument("--loss", type=fraction(), default=0.0, metavar="P",
                   help="drop each network message with probability P (default 0)")  # fmt: skip
    p.add_argument("--offline", type=fraction(), default=0.0, metavar="F",
                   help="keep the fraction F of validators offline, chosen with the seed (default 0)")  # fmt: skip
    p.add_argument("--seed", type=integer(0, (1 << 64) - 1), default=0, metavar="S",
                   help="seed of latency, loss and the offline choice")  # fmt: skip
    p.add_argument("--slot", type=positive_float(3600.0), default=2.0, metavar="SECONDS",
                   help="slot duration (default 2)")  # fmt: skip
    p.add_argument("--real-time", action="store_true", help="run on the wall clock instead of virtual time")
    p.add_argument("--allow-new-signing-record", action="store_true",
                   help="let a validator that ran before (DIR/<node>/chain.sqlite exists) start with a new, "
                        "empty signing record if signing.sqlite is missing: it may double-sign")  # fmt: skip
    p.add_argument("--json", action="store_true",
                   help='print {"best": {...}, "paras": {"100": {...}}} instead of lines and tables')  # fmt: skip
    p.set_defaults(func=_run)
