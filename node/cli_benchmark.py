"""``parahost benchmark pallet|block|overhead``: pallet weights, whole-block timings against the signature floor,
and the block and extrinsic base weights."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import sys
import tempfile
import time
from typing import Any

from node.cli_args import fraction, integer
from primitives.errors import ParahostError

__all__ = ["PlotUnavailable", "plot_scaling", "register"]


class PlotUnavailable(ParahostError):
    """--plot needs matplotlib, an optional extra: ``pip install 'parahost[plot]'``."""


def _progress(quiet: bool) -> Any:
    if quiet:
        return None
    return lambda line: print(line, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# benchmark pallet


def _named_runtime(args: argparse.Namespace) -> Any:
    """The runtime --runtime or the current project names (None: the built-in runtimes)."""
    from node.runtimes import resolve_runtime, runtime_is_named

    return resolve_runtime(args.runtime, os.getcwd()) if runtime_is_named(args.runtime, os.getcwd()) else None


def _norm(name: str) -> str:
    return name.replace("-", "").replace("_", "").lower()


def _pallet(args: argparse.Namespace) -> int:
    from frame.benchmarking import render_table, render_weights, run_benchmarks, to_json
    from frame.benchmarking.pov import POV_MODES
    from runtime.benchmarks import registry, runtime_benchmarks

    runtime = _named_runtime(args)
    # a named runtime: its pallets' benchmarks, weights written beside each pallet unless --output says where
    available = registry() if runtime is None else runtime_benchmarks(runtime)
    if args.list:
        for name, entry in available.items():
            print(f"{name}: {', '.join(entry.benchmarks.names)}")
        return 0
    if args.pallet is None:
        raise ParahostError("--pallet NAME (or '*') is needed")
    if args.pallet in ("*", "all"):
        entries = list(available.values())
    else:
        entries = [e for n, e in available.items() if _norm(n) == _norm(args.pallet)]
        if not entries:
            whose = "" if runtime is None else f" in runtime {runtime.version.spec_name}"
            have = ", ".join(available) or "none"
            raise ParahostError(f"no benchmarks for pallet {args.pallet!r}{whose} (have {have})")
    if args.output and len(entries) > 1 and not os.path.isdir(args.output):
        raise ParahostError("--output with several pallets must be a directory")
    names: Any = "*" if args.extrinsic in ("*", "all") else [e.strip() for e in args.extrinsic.split(",")]
    command = "parahost benchmark " + " ".join(shlex.quote(a) for a in sys.argv[2:]) if len(sys.argv) > 2 else ""
    everything = []
    for entry in entries:
        started = time.perf_counter()
        results = run_benchmarks(
            entry.runtime, entry.benchmarks, entry.genesis(), names,
            steps=args.steps, repeat=args.repeat, max_repeat=args.max_repeat, tolerance=args.tolerance,
            verify=not args.no_verify, progress=_progress(args.quiet), pov_mode=POV_MODES[args.default_pov_mode],
        )  # fmt: skip
        everything += results
        if not args.json:
            print(render_table(results))
            print(f"{entry.name}: {len(results)} benchmark(s) in {time.perf_counter() - started:.1f} s\n")
        target = None
        if args.update_weights:
            target = entry.weights_file or entry.weights_path
        elif args.output:
            target = args.output
            if os.path.isdir(target):
                target = os.path.join(target, f"{entry.weights_path.split('/')[-2]}_weights.py")
        elif runtime is not None:
            target = entry.weights_file
        if target is not None:
            cmd = command or f"parahost benchmark pallet --pallet {entry.name} --extrinsic '*'"
            with open(target, "w") as f:
                f.write(render_weights(results, entry.name, cmd, entry.source))
            print(f"wrote {target}", file=sys.stderr)
    if args.json:
        print(to_json(everything))
    return 0


# ---------------------------------------------------------------------------------------------
# benchmark block


def _parachain_only(args: argparse.Namespace, command: str) -> None:
    runtime = _named_runtime(args)
    if runtime is not None and runtime.version.spec_name != "parachain-host":
        raise ParahostError(f"benchmark {command} measures the parachain host's busiest block (bitfields and backed "
                            f"candidates); runtime {runtime.version.spec_name} has no such block: use benchmark "
                            "overhead or benchmark pallet")  # fmt: skip


def _measure(validators: int, cores: int, repeat: int, profile: bool, progress: Any) -> Any:
    from frame.benchmarking.block_bench import measure_block
    from runtime.benchmarks import full_block

    chain, block = full_block(validators, cores)
    return measure_block(chain.executive, chain.backend, chain.head, block, repeat, profile, progress)


def plot_scaling(path: str, by_v: list[tuple[int, Any]], by_c: list[tuple[int, Any]], fixed_c: int,
                 fixed_v: int) -> None:  # fmt: skip
    """Draw block time and signature floor against V (at `fixed_c` cores) and against C (at `fixed_v`)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise PlotUnavailable(
            "--plot needs matplotlib, which is not installed: pip install 'parahost[plot]' (or pip install "
            "matplotlib), or leave out --plot"
        ) from e
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, series, label, fixed in ((axes[0], by_v, "validators V", f"C = {fixed_c}"),
                                     (axes[1], by_c, "cores C", f"V = {fixed_v}")):  # fmt: skip
        xs = [x for x, _ in series]
        ax.plot(xs, [r.median_s * 1e3 for _, r in series], "o-", label="block (median)")
        ax.plot(xs, [r.floor_s * 1e3 for _, r in series], "s--", label="signature floor")
        ax.set_xlabel(label)
        ax.set_ylabel("ms")
        ax.set_ylim(bottom=0)
        ax.set_title(f"block time against {label.split()[-1]} ({fixed})")
        ax.grid(True, alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _block(args: argparse.Namespace) -> int:
    _parachain_only(args, "block")
    if args.validators < args.cores or args.cores < 1:
        raise ParahostError(f"need 1 <= --cores <= --validators, got V={args.validators}, C={args.cores}")
    if args.plot:  # fail before the long run if matplotlib is missing
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            plot_scaling(args.plot, [], [], 0, 0)
    progress = _progress(args.quiet or args.json)
    report = _measure(args.validators, args.cores, args.repeat, not args.no_profile, progress)
    if args.json:
        data = report.to_json()
        data.update(validators=args.validators, cores=args.cores, repeat=args.repeat)
        print(json.dumps(data, indent=1))
    else:
        total = sum(report.breakdown.values()) or 1.0
        print(f"block of V={args.validators} validators, C={args.cores} cores: {report.signatures} signature checks")
        print(f"  median {report.median_s * 1e3:.2f} ms over {len(report.runs_s)} runs "
              f"(spread {report.spread:.1%}, min {min(report.runs_s) * 1e3:.2f} ms)")  # fmt: skip
        print(f"  floor  {report.floor_s * 1e3:.2f} ms ({report.signatures} x {report.verify_s * 1e6:.1f} us "
              "per sr25519 verify, measured in this run)")  # fmt: skip
        print(f"  ratio  {report.ratio:.3f}")
        if not args.no_profile:
            print("  breakdown (a profiled run, scaled to the median):")
            for k, v in report.breakdown.items():
                print(f"    {k:<11} {v * 1e3:8.2f} ms  {v / total:6.1%}")
    if args.plot:
        vs = sorted({max(args.cores, round(args.validators * f)) for f in (0.25, 0.5, 0.75, 1.0)})
        cs = sorted({max(1, round(args.cores * f)) for f in (0.25, 0.5, 0.75, 1.0)})
        plot_repeat = max(1, min(args.repeat, 3))
        by_v = [(v, _measure(v, args.cores, plot_repeat, False, None)) for v in vs]
        by_c = [(c, _measure(args.validators, c, plot_repeat, False, None)) for c in cs]
        plot_scaling(args.plot, by_v, by_c, args.cores, args.validators)
        print(f"wrote {args.plot}", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------------------
# benchmark overhead


def _overhead(args: argparse.Namespace) -> int:
    from frame.backend import SqliteBackend
    from frame.benchmarking.block_bench import measure_block
    from frame.system import System
    from primitives.crypto import dev_keypair
    from runtime.benchmarks import funded_chain
    from runtime.parachain import ParachainRuntime

    runtime = _named_runtime(args) or ParachainRuntime
    alice = dev_keypair("Alice")  # the signer, endowed if the runtime has Balances and its genesis does not
    chain = funded_chain(runtime, alice.public_key)
    inherent = [c for c in (p.create_inherent({}) for p in runtime.pallet_classes) if c is not None]
    empty = chain.build_block(inherent).block
    n = args.extrinsics
    nonce = chain.nonce(alice.public_key)
    remarks = [chain.sign(System.tx.remark(b""), alice, nonce + i) for i in range(n)]
    built = chain.build_block(inherent, remarks, on_dropped="keep")  # those over the block's weight are left out
    full = built.block
    fitted = len(full.extrinsics) - len(empty.extrinsics)  # the remarks that went in
    if fitted < 1:
        raise ParahostError(f"none of the {n} remarks fit in a block: {built.dropped[0][1]}")
    e = measure_block(chain.executive, chain.backend, chain.head, empty, args.repeat, profile=False)
    f = measure_block(chain.executive, chain.backend, chain.head, full, args.repeat, profile=False)
    per_extrinsic = (f.median_s - e.median_s) / fitted
    # what the base includes besides the remark: the signed extensions, and the fee's withdrawal and refund
    handler = runtime.fee_handler
    fees = None if handler is None else str(getattr(handler, "name", None) or type(handler).__name__)
    # the SQLite backend: a read of a key not in any cache, and a write with its share of the trie root
    with tempfile.TemporaryDirectory() as tmp:
        keys = [os.urandom(32) for _ in range(2000)]
        db = SqliteBackend(os.path.join(tmp, "state.db"))
        db.commit({k: os.urandom(40) for k in keys})
        reads = []
        for k in keys[:500]:
            t0 = time.perf_counter()
            db.get(k)
            reads.append(time.perf_counter() - t0)
        writes = []
        for i in range(5):
            batch = {k: os.urandom(40) for k in keys[i * 200 : (i + 1) * 200]}
            t0 = time.perf_counter()
            db.commit(batch)
            writes.append((time.perf_counter() - t0) / len(batch))
        db.close()
    data = {
        "empty_block_s": e.median_s,
        "empty_block_spread": e.spread,
        "extrinsic_base_s": per_extrinsic,
        "extrinsics": fitted,
        "extrinsics_offered": n,
        "fee_handler": fees,
        "db_read_s": statistics.median(reads),
        "db_write_s": statistics.median(writes),
    }
    if args.json:
        print(json.dumps(data, indent=1))
    else:
        print(f"empty block (with the runtime's empty inherents): {e.median_s * 1e6:.0f} us median "
              f"(spread {e.spread:.1%}) -> BLOCK_EXECUTION_WEIGHT")  # fmt: skip
        if fitted < n:
            print(f"only {fitted} of the {n} remarks fit in the block (its weight limit): the per-extrinsic "
                  f"figure divides by {fitted}")  # fmt: skip
        print(f"per extrinsic (signed System.remark, {fitted} in a block, minus the empty block): "
              f"{per_extrinsic * 1e6:.1f} us -> EXTRINSIC_BASE_WEIGHT")  # fmt: skip
        if fees is not None:
            print(f"  (it includes {fees}'s work: each remark's fee withdrawn before dispatch and settled after)")
        print(f"SQLite read {data['db_read_s'] * 1e6:.1f} us, write (with its trie share) "
              f"{data['db_write_s'] * 1e6:.1f} us -> DB_WEIGHT")  # fmt: skip
    return 0


# ---------------------------------------------------------------------------------------------
# The parser


def _runtime_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--runtime", metavar="MODULE:ATTR",
                   help="the runtime (package.module:Attr or a registered name); benchmark pallet then finds its "
                        "pallets' benchmarks and writes each weights.py beside its pallet unless --output says "
                        "where (default: the built-in runtimes' pallets, printed only)")  # fmt: skip


def register(sub: Any) -> None:
    """Add ``benchmark`` with its ``pallet``, ``block`` and ``overhead`` subcommands."""
    bench = sub.add_parser("benchmark", help="pallet weights, block timings, base weights",
                           description="FRAME-style benchmarks: pallet weights, whole blocks against their "
                                       "signature floor, the empty block and the extrinsic base.")  # fmt: skip
    kinds = bench.add_subparsers(dest="kind", required=True)

    p = kinds.add_parser("pallet", help="benchmark a pallet's calls and fit their weights",
                         epilog="example: parahost benchmark pallet --pallet Configuration --extrinsic '*' "
                                "--steps 10 --repeat 20 --output pallets/configuration/weights.py")  # fmt: skip
    _runtime_option(p)
    p.add_argument("--pallet", "-p", help="pallet name, or '*' for every pallet")
    p.add_argument("--extrinsic", "-e", default="*", help="benchmark name(s), comma-separated, or '*' (default)")
    p.add_argument("--steps", "-s", type=integer(2, 10_000), default=10,
                   help="values per component, 2 or more (default 10)")  # fmt: skip
    p.add_argument("--repeat", "-r", type=integer(1, 100_000), default=10, help="timed runs per point (default 10)")
    p.add_argument("--max-repeat", type=integer(1, 1_000_000), default=None,
                   help="runs per point while its spread is above the tolerance (default 4 x repeat)")  # fmt: skip
    p.add_argument("--tolerance", type=fraction(high=1e6, high_open=False), default=0.05,
                   help="spread (IQR / median) taken as stable, 0 or more (0.05)")  # fmt: skip
    p.add_argument("--default-pov-mode", choices=("max-encoded-len", "measured", "ignored"), default="max-encoded-len",
                   help="how a read's proof size is estimated: from the item's max encoded length (default; an "
                        "unbounded item is measured), from the bytes read, or not at all")  # fmt: skip
    p.add_argument("--output", "-o", help="write the generated weights.py here (a file, or a directory)")
    p.add_argument("--update-weights", action="store_true", help="write each pallet's own weights.py")
    p.add_argument("--json", action="store_true", help="print the raw samples and fits as JSON")
    p.add_argument("--no-verify", action="store_true", help="skip the benchmarks' verification")
    p.add_argument("--list", action="store_true", help="list the pallets and their benchmarks")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines on stderr")
    p.set_defaults(func=_pallet)

    b = kinds.add_parser("block", help="execute a full block against its signature floor",
                         epilog="example: parahost benchmark block --validators 200 --cores 20 --repeat 5 --json")
    _runtime_option(b)
    b.add_argument("--validators", "-V", type=integer(1, 10_000), default=200, help="validators (default 200)")
    b.add_argument("--cores", "-C", type=integer(1, 10_000), default=20, help="parachain cores (default 20)")
    b.add_argument("--repeat", "-r", type=integer(1, 100_000), default=5, help="executions of the block (default 5)")
    b.add_argument("--json", action="store_true",
                   help='print {"median_s", "floor_s", "ratio", "signatures", "breakdown", ...}')  # fmt: skip
    b.add_argument("--plot", metavar="FILE.png",
                   help="also draw time against V and against C with the floor (needs parahost[plot])")
    b.add_argument("--no-profile", action="store_true", help="skip the profiled run (no breakdown)")
    b.add_argument("--quiet", "-q", action="store_true", help="no progress lines on stderr")
    b.set_defaults(func=_block)

    from node.cli_bench_network import register_network

    register_network(kinds)

    o = kinds.add_parser("overhead", help="the empty block and the per-extrinsic base cost")
    _runtime_option(o)
    o.add_argument("--repeat", "-r", type=integer(1, 100_000), default=10, help="executions of each block (default 10)")
    o.add_argument("--extrinsics", type=integer(1, 1_000_000), default=200,
                   help="remarks offered to the full block, 1 or more (default 200; those that fit go in)")  # fmt: skip
    o.add_argument("--json", action="store_true", help="print JSON")
    o.set_defaults(func=_overhead)
