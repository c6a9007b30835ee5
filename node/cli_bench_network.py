"""``parahost benchmark network``: each subsystem's CPU time, the messages and bytes per relay block, and relay
blocks per wall second of a simulated network (`node.bench_network`); `--sweep` over V with the fitted growth
exponent, `--plot` to draw it (the optional ``plot`` extra), `--json`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from node.bench_network import NetworkBench, fit_exponent, measure
from node.cli_args import integer
from node.cli_common import CliError, emit

__all__ = ["register_network", "render"]


def render(b: NetworkBench) -> str:
    """The subsystem-bench-like table of one run."""
    k = max(b.blocks, 1)
    heads = sorted(b.heads.values())
    rows = [f"network V={b.validators} C={b.cores}: {b.blocks} relay blocks in {b.wall_s:.2f} s wall "
            f"({b.blocks_per_s:.3f} blocks/s, {b.wall_per_block:.3f} s/block; startup {b.startup_s:.2f} s); "
            f"every para included: {'yes' if b.all_included else 'NO'} (heads {heads[0] if heads else 0}.."
            f"{heads[-1] if heads else 0})\n",
            f"{'subsystem':<26} {'CPU ms/block':>13} {'share':>7}\n"]  # fmt: skip
    total = sum(b.cpu_s.values()) or 1.0
    for name, t in sorted(b.cpu_s.items(), key=lambda item: -item[1]):
        rows.append(f"{name:<26} {t * 1e3 / k:>13.1f} {100 * t / total:>6.1f}%\n")
    rows.append(f"{'total':<26} {total * 1e3 / k:>13.1f}\n")
    rows.append(f"{'protocol':<26} {'messages/block':>15} {'KiB/block':>10}\n")
    for p in sorted(b.messages, key=lambda p: -b.messages[p]):
        rows.append(f"{p:<26} {b.messages[p] / k:>15.1f} {b.bytes.get(p, 0) / k / 1024:>10.1f}\n")
    rows.append(f"{'total':<26} {sum(b.messages.values()) / k:>15.1f} {sum(b.bytes.values()) / k / 1024:>10.1f}\n")
    return "".join(rows)


def _plot(path: str, runs: list[NetworkBench]) -> None:
    from node.cli_benchmark import PlotUnavailable

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise PlotUnavailable("--plot needs matplotlib, which is not installed: pip install 'parahost[plot]' (or pip "
                              "install matplotlib), or leave out --plot") from e  # fmt: skip
    xs = [r.validators for r in runs]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    axes[0].loglog(xs, [r.wall_per_block for r in runs], "o-", label="wall s per relay block")
    top = sorted({s for r in runs for s in r.cpu_s}, key=lambda s: -sum(r.cpu_s.get(s, 0.0) for r in runs))[:6]
    for s in top:
        axes[0].loglog(xs, [max(r.cpu_s.get(s, 0.0) / max(r.blocks, 1), 1e-6) for r in runs], ".--", label=s)
    axes[0].set_xlabel("validators V")
    axes[0].set_ylabel("seconds per relay block")
    axes[0].legend(fontsize=7)
    axes[0].grid(True, alpha=0.3)
    axes[1].loglog(xs, [sum(r.messages.values()) / max(r.blocks, 1) for r in runs], "o-", label="messages")
    axes[1].loglog(xs, [sum(r.bytes.values()) / max(r.blocks, 1) for r in runs], "s-", label="bytes")
    axes[1].set_xlabel("validators V")
    axes[1].set_ylabel("per relay block")
    axes[1].legend()
    axes[1].grid(True, alpha=0.3)
    fig.suptitle("parahost benchmark network: cost against V")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _sweep(text: str) -> list[int]:
    try:
        values = sorted({int(v) for v in text.split(",") if v.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: a comma-separated list of validator counts") from None
    if len(values) < 2 or values[0] < 2:
        raise argparse.ArgumentTypeError(f"{text!r}: at least two different validator counts, each 2 or more")
    return values


def _network(args: argparse.Namespace) -> int:
    if args.plot and not args.sweep:
        raise CliError("--plot draws the cost against V: give --sweep V1,V2,...")
    progress = None if args.quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    if not args.sweep:
        run = measure(args.validators, args.cores, args.blocks, seed=args.seed, progress=progress)
        emit(json.dumps(run.to_json(), indent=2) + "\n" if args.json else render(run))
        return 0
    ratio = args.cores / args.validators
    runs = [measure(v, max(1, round(v * ratio)), args.blocks, seed=args.seed, progress=progress) for v in args.sweep]
    exponent = fit_exponent([(r.validators, r.wall_per_block) for r in runs])
    if args.plot:
        _plot(args.plot, runs)
    if args.json:
        emit(json.dumps({"runs": [r.to_json() for r in runs], "wall_per_block_exponent": round(exponent, 3)},
                        indent=2) + "\n")  # fmt: skip
        return 0
    for r in runs:
        emit(render(r) + "\n")
    emit(f"wall time per relay block grows as V^{exponent:.2f} between V={runs[0].validators} and "
         f"V={runs[-1].validators} (cores = V x {ratio:.3g})\n")  # fmt: skip
    return 0


def register_network(kinds: Any) -> None:
    """Add ``network`` to the ``parahost benchmark`` kinds."""
    n = kinds.add_parser(
        "network",
        help="a simulated network's cost per relay block (like subsystem-bench)",
        epilog="example: parahost benchmark network -V 30 -C 5 -K 5 --sweep 30,60,120 --plot net.png",
    )
    n.add_argument("--validators", "-V", type=integer(2, 100_000), default=30, help="validators (default 30)")
    n.add_argument("--cores", "-C", type=integer(1, 10_000), default=5, help="parachain cores (default 5)")
    n.add_argument("--blocks", "-K", type=integer(1, 100_000), default=5, help="relay blocks measured (default 5)")
    n.add_argument("--seed", type=integer(0, (1 << 64) - 1), default=0, help="the network's seed (default 0)")
    n.add_argument("--sweep", type=_sweep, metavar="V1,V2,...",
                   help="run each validator count (cores scaled by C/V) and fit the growth exponent")  # fmt: skip
    n.add_argument("--plot", metavar="FILE.png", help="draw the sweep's cost against V (needs parahost[plot])")
    n.add_argument("--json", action="store_true", help="print the figures as JSON")
    n.add_argument("--quiet", "-q", action="store_true", help="no progress lines on stderr")
    n.set_defaults(func=_network)
