"""``parahost node``: one node with JSON-RPC. ``--dev`` runs a single-authority development chain (`node.devnode`)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from typing import Any

from genesis.presets import PresetOptions, preset_spec
from genesis.spec import ChainSpec
from node.cli_args import integer
from node.cli_common import CliError, add_runtime_option, adder_template, example_parser, runtime_from_args
from node.devnode import DevNode, DevNodeConfig
from node.rpc import RpcLimits

__all__ = ["register"]


def _config(args: argparse.Namespace) -> DevNodeConfig:
    if not args.dev:
        raise CliError("parahost node: only --dev is available yet (the --chain SPEC --validator --key mode for the "
                       "parachain-host network is not yet implemented)")  # fmt: skip
    runtime = runtime_from_args(args)
    spec: ChainSpec = (ChainSpec.load(args.chain) if args.chain else
                       preset_spec(runtime, "dev", PresetOptions(), adder_template))  # fmt: skip
    host = "0.0.0.0" if args.rpc_external else "127.0.0.1"
    allow_unsafe = args.rpc_methods == "unsafe" or (args.rpc_methods == "auto" and not args.rpc_external)
    limits = RpcLimits(max_connections=args.rpc_max_connections, max_request_bytes=args.rpc_max_request_size << 20,
                       max_subscriptions=args.rpc_max_subscriptions_per_connection)  # fmt: skip
    block_time = None if args.instant_seal or args.block_time is None else args.block_time
    return DevNodeConfig(runtime, spec, args.base_path, host, args.rpc_port, block_time, allow_unsafe, limits)


async def _run(config: DevNodeConfig) -> None:
    node = DevNode(config)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await node.start()
    try:
        await stop.wait()
    finally:
        logging.getLogger("parahost").info("Shutting down")
        await node.stop()


def _node(args: argparse.Namespace) -> int:
    config = _config(args)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(message)s",
                        datefmt="%Y-%m-%d %H:%M:%S")  # fmt: skip
    asyncio.run(_run(config))
    return 0


def register(sub: Any) -> None:
    """Add ``parahost node`` to the subcommands."""
    p = example_parser(
        sub, "node", "run a node with JSON-RPC (--dev: a single-authority development chain)",
        "Run a node serving Substrate's JSON-RPC (WebSocket and HTTP on one port) for py-substrate-interface and "
        "polkadot.js. --dev: a development chain from the runtime's dev preset (or --chain FILE), //Alice authoring "
        "alone, every block finalized at once (instant finality); blocks come when a transaction is ready (instant "
        "seal, the default) or every --block-time ms. The database is a temporary folder unless --base-path. "
        "Ctrl-C or SIGTERM stops it cleanly.",
        ["parahost node --dev", "parahost node --dev --rpc-port 0 --block-time 6000 --base-path ./dev-db"],
    )
    add_runtime_option(p)
    p.add_argument("--dev", action="store_true", help="a single-authority development chain")
    p.add_argument("--chain", metavar="FILE", help="a chain-spec file instead of the runtime's dev preset")
    p.add_argument("--base-path", metavar="DIR", help="where the database lives (default: a temporary folder)")
    p.add_argument("--rpc-port", type=integer(0), default=9944, help="the RPC port (default 9944; 0: any free port)")
    p.add_argument("--rpc-external", action="store_true", help="listen on all interfaces, not only 127.0.0.1")
    p.add_argument("--rpc-methods", choices=("auto", "safe", "unsafe"), default="auto",
                   help="which methods to serve (auto: unsafe ones only when listening locally)")  # fmt: skip
    p.add_argument("--rpc-max-connections", type=integer(1), default=100, help="default 100")
    p.add_argument("--rpc-max-request-size", type=integer(1), default=15, metavar="MIB", help="default 15 MiB")
    p.add_argument("--rpc-max-subscriptions-per-connection", type=integer(1), default=1024, help="default 1024")
    seal = p.add_mutually_exclusive_group()
    seal.add_argument("--block-time", type=integer(1), metavar="MS", help="author a block every MS milliseconds")
    seal.add_argument("--instant-seal", action="store_true", help="author a block when a transaction is ready "
                      "(the default)")  # fmt: skip
    p.add_argument("--validator", action="store_true", help="(not yet) validate on the parachain-host network")
    p.add_argument("--key", help="(not yet) the validator's key")
    p.set_defaults(func=_node)
