"""``parahost node``: one node with JSON-RPC.

``--dev`` on the parachain-host runtime runs its single validator (//Alice) with all its subsystems and adder
collators in the process (`node.validator_node`); ``--chain SPEC --validator --key SURI --base-path DIR`` runs one
validator of a multi-validator spec. ``--dev --instant-seal``, or ``--dev`` on a runtime without the parachain
host, runs the plain single-authority development chain (`node.devnode`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from typing import Any

from frame.runtime import Runtime
from genesis.presets import PresetOptions, preset_spec
from genesis.spec import ChainSpec
from node.cli_args import integer
from node.cli_common import CliError, add_runtime_option, adder_template, example_parser, runtime_from_args
from node.devnode import DevNode, DevNodeConfig
from node.network.node import Timings
from node.rpc import RpcLimits
from node.validator_node import HostNode, HostNodeConfig
from primitives.crypto import Keypair

__all__ = ["register"]


def _rpc(args: argparse.Namespace) -> tuple[str, bool, RpcLimits]:
    host = "0.0.0.0" if args.rpc_external else "127.0.0.1"
    allow_unsafe = args.rpc_methods == "unsafe" or (args.rpc_methods == "auto" and not args.rpc_external)
    limits = RpcLimits(max_connections=args.rpc_max_connections, max_request_bytes=args.rpc_max_request_size << 20,
                       max_subscriptions=args.rpc_max_subscriptions_per_connection)  # fmt: skip
    return host, allow_unsafe, limits


def _is_host(runtime: Runtime) -> bool:
    """A runtime with the inclusion inherent: the parachain host's node side (validators, subsystems) applies."""
    return any(p.name == "InclusionInherent" for p in runtime.pallet_classes)


def _host_config(args: argparse.Namespace, runtime: Runtime, spec: ChainSpec, dev: bool) -> HostNodeConfig:
    key_name = args.key or "//Alice"
    key = Keypair.create_from_uri(key_name)
    host, allow_unsafe, limits = _rpc(args)
    return HostNodeConfig(runtime, spec, key, key_name, args.base_path, host, args.rpc_port, allow_unsafe, limits,
                          slot_ms=args.block_time or 6000, collators=dev, local_validators=dev,
                          finality_depth=1 if dev else Timings().finality_lag,
                          allow_new_signing_record=dev)  # fmt: skip


def _config(args: argparse.Namespace) -> DevNodeConfig | HostNodeConfig:
    runtime = runtime_from_args(args)
    if args.validator and not args.dev:
        if args.chain is None or args.key is None or args.base_path is None:
            raise CliError("parahost node --validator needs --chain SPEC, --key SURI and --base-path DIR (a "
                           "validator's signing record must persist)")  # fmt: skip
        if args.instant_seal:
            raise CliError("--instant-seal: a validator authors in its slots (--block-time MS sets the slot)")
        if not _is_host(runtime):
            raise CliError(f"--validator: the runtime {runtime.name} has no parachain-host node side (no "
                           "InclusionInherent)")  # fmt: skip
        return _host_config(args, runtime, ChainSpec.load(args.chain), dev=False)
    if not args.dev:
        raise CliError("parahost node: give --dev, or --chain SPEC --validator --key SURI --base-path DIR")
    if _is_host(runtime) and not args.instant_seal:
        # availability's erasure coding (as Polkadot's) needs two validators: the dev chain has //Alice and //Bob
        two = (ChainSpec.load(args.chain) if args.chain else
               preset_spec(runtime, "dev", PresetOptions(validators=2), adder_template))  # fmt: skip
        return _host_config(args, runtime, two, dev=True)
    spec: ChainSpec = (ChainSpec.load(args.chain) if args.chain else
                       preset_spec(runtime, "dev", PresetOptions(), adder_template))  # fmt: skip
    if args.key is not None:
        raise CliError("--key: the plain dev chain (--instant-seal, or a runtime without the parachain host) is "
                       "authored by //Alice")  # fmt: skip
    host, allow_unsafe, limits = _rpc(args)
    block_time = None if args.instant_seal or args.block_time is None else args.block_time
    return DevNodeConfig(runtime, spec, args.base_path, host, args.rpc_port, block_time, allow_unsafe, limits)


async def _run(node: DevNode | HostNode) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    failure: BaseException | None = None
    try:
        await node.start()
        failed = node.failed if isinstance(node, HostNode) else None
        if failed is not None:
            failed.add_done_callback(lambda _: stop.set())
        await stop.wait()
        if failed is not None and failed.done():
            failure = failed.exception()
    finally:
        logging.getLogger("parahost").info("Shutting down")
        await node.stop()
    if failure is not None:
        logging.getLogger("parahost").error("the validator stopped: %s", failure)
        return 1
    return 0


def _node(args: argparse.Namespace) -> int:
    config = _config(args)
    node = DevNode(config) if isinstance(config, DevNodeConfig) else HostNode(config)  # refuses a foreign key
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(message)s",
                        datefmt="%Y-%m-%d %H:%M:%S")  # fmt: skip
    return asyncio.run(_run(node))


def register(sub: Any) -> None:
    """Add ``parahost node`` to the subcommands."""
    p = example_parser(
        sub, "node", "run a node with JSON-RPC (--dev: a development chain; --validator: one validator)",
        "Run a node serving Substrate's JSON-RPC (WebSocket and HTTP on one port) for py-substrate-interface and "
        "polkadot.js. --dev on the parachain-host runtime (the default): the dev preset with two validators "
        "(availability's erasure coding needs two), //Alice serving RPC and //Bob in the same process, runs the "
        "node side (backing, availability, bitfields, provisioner, block authorship) with an adder collator per "
        "adder parachain in the process, a block every slot (--block-time MS, default 6000), each block "
        "finalized once the next is built on it. --dev --instant-seal (or --dev on another runtime): the plain "
        "development chain, //Alice authoring alone, a block when a transaction is ready (or every --block-time "
        "ms). --chain SPEC "
        "--validator --key SURI --base-path DIR: one validator of the spec, which must list the key; alone "
        "(until nodes connect), it authors only its own slots: slot s belongs to validator s mod n, so a lone "
        "validator of 4 authors every 4th slot. The database is a temporary folder unless --base-path. Ctrl-C or "
        "SIGTERM stops it cleanly.",
        ["parahost node --dev",
         "parahost node --dev --rpc-port 0 --block-time 2000 --base-path ./dev-db",
         "parahost node --dev --instant-seal",
         "parahost build-spec --preset local --validators 4 --raw > local.json && "
         "parahost node --chain local.json --validator --key //Alice --base-path ./alice"],
    )  # fmt: skip
    add_runtime_option(p)
    p.add_argument("--dev", action="store_true", help="a development chain (see above)")
    p.add_argument("--chain", metavar="FILE", help="a chain-spec file (with --dev: instead of the dev preset)")
    p.add_argument("--base-path", metavar="DIR", help="where the database lives (default: a temporary folder)")
    p.add_argument("--rpc-port", type=integer(0), default=9944, help="the RPC port (default 9944; 0: any free port)")
    p.add_argument("--rpc-external", action="store_true", help="listen on all interfaces, not only 127.0.0.1")
    p.add_argument("--rpc-methods", choices=("auto", "safe", "unsafe"), default="auto",
                   help="which methods to serve (auto: unsafe ones only when listening locally)")  # fmt: skip
    p.add_argument("--rpc-max-connections", type=integer(1), default=100, help="default 100")
    p.add_argument("--rpc-max-request-size", type=integer(1), default=15, metavar="MIB", help="default 15 MiB")
    p.add_argument("--rpc-max-subscriptions-per-connection", type=integer(1), default=1024, help="default 1024")
    seal = p.add_mutually_exclusive_group()
    seal.add_argument("--block-time", type=integer(1), metavar="MS",
                      help="the slot (parachain host; default 6000), or author a block every MS ms (plain dev)")
    seal.add_argument("--instant-seal", action="store_true", help="the plain dev chain: a block when a transaction "
                      "is ready (its default)")  # fmt: skip
    p.add_argument("--validator", action="store_true", help="run one validator of --chain SPEC")
    p.add_argument("--key", metavar="SURI", help="the validator's secret URI, e.g. //Alice (default //Alice)")
    p.set_defaults(func=_node)
