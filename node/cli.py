"""The `parahost` command line."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import select
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from node.cli_args import integer
from primitives.errors import ParahostError

if TYPE_CHECKING:
    from frame.runtime import Runtime

#: The module that registers each command (its ``register(subparsers)``), in the order of ``parahost --help``.
#: A command names its module so that ``parahost pvf ...`` imports the PVF host and not the whole node: a
#: command's start-up costs only what it uses. `tests/test_cli.py` checks this table against the registrations.
COMMANDS: dict[str, str] = {
    "pvf": "node.pvf.cli",
    "build-spec": "node.cli_spec",
    "genesis-hash": "node.cli_spec",
    "produce": "node.cli_state",
    "state": "node.cli_state",
    "metadata": "node.cli_meta",
    "types": "node.cli_meta",
    "benchmark": "node.cli_benchmark",
    "run": "node.cli_run",
    "db": "node.cli_db",
    "node": "node.cli_node",
    "try-runtime": "node.cli_try_runtime",
    "new": "node.cli_new",
}


def _generic_demo(runtime: Runtime, count: int) -> tuple[Any, list[dict[str, Any]]]:
    """`count` blocks of `runtime` from its ``dev`` preset (else its default genesis), each with only the
    inherents its pallets create."""
    from frame.chain import Chain

    dev = runtime.presets.get("dev")
    chain = Chain(runtime, dev() if dev is not None else {})
    blocks = []
    for _ in range(count):
        inherents = [c for c in (p.create_inherent({}) for p in runtime.pallet_classes) if c is not None]
        built = chain.build_block(inherents)
        header = chain.import_block(built.block)
        blocks.append({"number": header.number, "hash": "0x" + header.hash().hex(),
                       "state_root": "0x" + header.state_root.hex(), "extrinsics": len(built.block.extrinsics)})
    return chain, blocks


def _demo(args: argparse.Namespace) -> int:
    from node.runtimes import resolve_runtime
    from runtime.example import ExampleRuntime, run_demo

    runtime = resolve_runtime(args.runtime, os.getcwd(), default="example")
    chain, blocks = run_demo(args.blocks) if runtime is ExampleRuntime else _generic_demo(runtime, args.blocks)
    if args.json:
        print(json.dumps({"genesis_hash": "0x" + chain.genesis_hash.hex(), "blocks": blocks}, indent=2))
        return 0
    print(f"genesis  0x{chain.genesis_hash.hex()}  state root 0x{chain.genesis.state_root.hex()}")
    for b in blocks:
        print(f"#{b['number']:<6} {b['hash']}  state root {b['state_root']}  ({b['extrinsics']} extrinsic)")
    return 0


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: every command, or (`command` one of `COMMANDS`) demo and that command's module
    only, which is all that parsing that command needs."""
    parser = argparse.ArgumentParser(
        prog="parahost",
        description="A Python parachain host on a FRAME-like runtime framework. Every command that touches a chain "
        "takes --runtime package.module:Attr (or a name registered as a parahost.runtimes entry point: "
        "parachain-host, example); without it, [tool.parahost] runtime in the pyproject.toml of the current "
        "project (here or in a parent directory), else the parachain host (the example runtime for demo).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser(
        "demo",
        help="build the example runtime and execute a few blocks",
        description="Build the example runtime (System, Sudo, Counter) from a dev genesis, execute blocks with "
        "signed extrinsics, and print each block's hash and state root. With --runtime (or the project's "
        "runtime), that runtime from its dev preset, with empty blocks.",
        epilog="example: parahost demo --blocks 5 --json",
    )
    demo.add_argument("--runtime", metavar="MODULE:ATTR",
                      help="the runtime (package.module:Attr or a registered name; default example)")  # fmt: skip
    demo.add_argument("--blocks", type=integer(0), default=5, help="how many blocks to execute (default 5)")
    demo.add_argument("--json", action="store_true", help="print JSON instead of a table")
    demo.set_defaults(func=_demo)
    modules = [COMMANDS[command]] if command in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def _reader_gone(stream: TextIO) -> bool:
    """Whether `stream` is the write end of a pipe whose reader has closed it (poll says POLLERR)."""
    try:
        poller = select.poll()
        poller.register(stream.fileno(), select.POLLOUT)
        return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll on this platform, or no descriptor
        return False


def _closed_pipe(stream: TextIO) -> bool:
    """Whether `stream` is a pipe whose reader has gone (``| head``); if so, point its descriptor at devnull
    so that nothing more, not even the interpreter's last flush, fails on it."""
    try:
        stream.flush()
        if not _reader_gone(stream):
            return False
    except BrokenPipeError:
        pass
    except (OSError, ValueError):
        return False
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # not a real file descriptor (an in-process test's capture)
        pass
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Usage errors exit 2 (from the subcommand's parser), errors 1 with one line on stderr.
    When stdout is a pipe closed early (``parahost benchmark pallet ... | head -3``), the command stops
    quietly with status 0, as `cli_common.emit` does."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(args_list[0] if args_list else None)
    try:
        args = parser.parse_args(args_list)
        code = int(args.func(args))
        sys.stdout.flush()
        return code
    except ParahostError as e:
        print(f"parahost: error: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError as e:
        out, err = _closed_pipe(sys.stdout), _closed_pipe(sys.stderr)
        if out or err:
            return 0
        print(f"parahost: error: broken pipe: {e}", file=sys.stderr)  # not stdout's: some other pipe
        return 1


if __name__ == "__main__":
    sys.exit(main())
