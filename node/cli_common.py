"""What the genesis and database commands share: --runtime (`node.runtimes`), chain-spec options, output."""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import textwrap
from typing import Any

from frame.runtime import Runtime
from genesis.presets import ParaTemplate, PresetOptions, preset_spec
from genesis.spec import ChainSpec
from node.cli_args import integer
from node.runtimes import resolve_runtime
from primitives.errors import ParahostError

__all__ = ["CliError", "add_runtime_option", "add_spec_options", "emit", "example_parser", "parachain_runtime",
           "runtime_from_args", "runtime_named", "spec_from_args"]  # fmt: skip


class CliError(ParahostError):
    """A command-line request that cannot be carried out (the message says which option is wrong)."""


def parachain_runtime() -> Runtime:
    """The parachain-host runtime (`runtime.parachain.ParachainRuntime`)."""
    from runtime.parachain import ParachainRuntime

    return ParachainRuntime


def runtime_named(name: str) -> Runtime:
    """A runtime by its construct_runtime name (``ParachainHost``, ``Example``, what a block database records) or
    by a name the resolver knows (`node.runtimes`)."""
    legacy = {"ParachainHost": "parachain-host", "Example": "example"}
    return resolve_runtime(legacy.get(name, name), default=None)


def add_runtime_option(p: argparse.ArgumentParser) -> None:
    """--runtime package.module:Attr (or a registered name)."""
    p.add_argument("--runtime", metavar="MODULE:ATTR",
                   help="the runtime: package.module:Attr, or a name registered as a parahost.runtimes entry point "
                        "(parachain-host, example); default: [tool.parahost] runtime in the project's "
                        "pyproject.toml, else parachain-host")  # fmt: skip


def runtime_from_args(args: argparse.Namespace) -> Runtime:
    """The runtime that --runtime, the current project or the default names (`node.runtimes.resolve_runtime`)."""
    return resolve_runtime(getattr(args, "runtime", None), os.getcwd())


@functools.cache
def adder_template() -> ParaTemplate:
    """The presets' parachain: the adder's genesis head and validation code."""
    from parachains.adder import GENESIS_HEAD, wasm

    return ParaTemplate(GENESIS_HEAD.encode(), wasm())


def example_parser(sub: Any, name: str, help: str, description: str, examples: list[str]) -> argparse.ArgumentParser:
    """A subcommand whose --help ends with its examples."""
    epilog = "examples:\n" + "\n".join(f"  {e}" for e in examples)
    return sub.add_parser(name, help=help, description=textwrap.fill(description, 100), epilog=epilog,
                          formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip


def add_spec_options(p: argparse.ArgumentParser, *, default_preset: str | None = "dev") -> None:
    """--runtime, --chain FILE | --preset NAME, and the preset knobs."""
    add_runtime_option(p)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--chain", metavar="FILE", help="a chain-spec JSON file (human-readable or raw)")
    which.add_argument("--preset", metavar="NAME",
                       help="one of the runtime's genesis presets (dev, local for the built-ins)"
                            f"{f'; default {default_preset}' if default_preset else ''}")  # fmt: skip
    p.add_argument("--validators", type=integer(1), metavar="N", help="preset validators (dev 1, local 4)")
    p.add_argument("--parachains", type=integer(0), metavar="M",
                   help="preset adder parachains, ids 100, 101, ... (dev 1, local 2)")  # fmt: skip
    p.add_argument("--parathread-cores", type=integer(0), metavar="K",
                   help="preset execution cores for parathreads (default 0)")  # fmt: skip
    p.set_defaults(default_preset=default_preset)


def spec_from_args(args: argparse.Namespace, runtime: Runtime | None = None) -> ChainSpec | None:
    """The chain spec the options name (None if neither --chain nor --preset and no default): a preset is one of
    `runtime`'s (default the parachain host's)."""
    knobs = {"validators": args.validators, "parachains": args.parachains, "parathread_cores": args.parathread_cores}
    if args.chain is not None:
        given = [f"--{k.replace('_', '-')}" for k, v in knobs.items() if v is not None]
        if given:
            raise CliError(f"{', '.join(given)} only apply to --preset (edit the chain spec instead)")
        return ChainSpec.load(args.chain)
    name = args.preset or args.default_preset
    if name is None:
        if any(v is not None for v in knobs.values()):
            raise CliError("--validators, --parachains and --parathread-cores need --preset")
        return None
    return preset_spec(runtime if runtime is not None else parachain_runtime(), name, PresetOptions(**knobs),
                       adder_template)  # fmt: skip


def emit(text: str) -> None:
    """Write to stdout; a closed pipe (``| head``) ends quietly."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stderr.close()
        raise SystemExit(0) from None


def dumps(value: Any) -> str:
    return json.dumps(value, indent=2) + "\n"
