"""The example runtime of the README: System, Sudo, the Counter example pallet, Utility, Timestamp, Balances and
TransactionPayment (which charges the fees), with its genesis presets ``dev`` (Alice, Bob, Charlie; Alice holds
sudo) and ``local`` (the six dev accounts); both endow the six dev accounts with `DEV_ENDOWMENT` each, as
Substrate's dev chain does."""

from __future__ import annotations

from typing import Any

from frame import Chain, construct_runtime
from frame.system import System
from frame.version import FRAME_APIS, NODE_APIS, RuntimeVersion
from pallets.balances import Balances
from pallets.example import Counter
from pallets.sudo import Sudo
from pallets.timestamp import Timestamp
from pallets.transaction_payment import TransactionPayment
from pallets.utility import Utility
from primitives.crypto import DEV_ACCOUNTS, dev_keypair

#: What each dev account (//Alice ... //Ferdie) holds at genesis (Substrate's dev chain: 1 << 60).
DEV_ENDOWMENT = 1 << 60


def dev_balances() -> dict[str, Any]:
    """The Balances genesis of both presets: the six dev accounts with `DEV_ENDOWMENT` each."""
    return {"balances": [[dev_keypair(n).ss58_address, DEV_ENDOWMENT] for n in DEV_ACCOUNTS]}


def dev_genesis() -> dict[str, Any]:
    """Alice, Bob and Charlie exist; Alice holds the sudo key; the six dev accounts are endowed."""
    accounts = ["0x" + dev_keypair(n).public_key.hex() for n in ("Alice", "Bob", "Charlie")]
    return {"system": {"accounts": accounts}, "sudo": {"key": accounts[0]}, "balances": dev_balances()}


def local_genesis() -> dict[str, Any]:
    """The six dev accounts (Alice ... Ferdie) exist and are endowed; Alice holds the sudo key."""
    accounts = ["0x" + dev_keypair(n).public_key.hex() for n in DEV_ACCOUNTS]
    return {"system": {"accounts": accounts}, "sudo": {"key": accounts[0]}, "balances": dev_balances()}


ExampleRuntime = construct_runtime(
    "Example",
    [System, Sudo, Counter, Utility, Timestamp, Balances, TransactionPayment],
    version=RuntimeVersion("example", "parahost", spec_version=1, apis=(*FRAME_APIS, *NODE_APIS)),
    presets={"dev": dev_genesis, "local": local_genesis},
    benchmark_genesis=dev_genesis,
    fee_handler=TransactionPayment,
)


def run_demo(blocks: int) -> tuple[Chain, list[dict[str, Any]]]:
    """Execute `blocks` blocks, each with a signed Counter.store from Alice and Bob in turn."""
    chain = Chain(ExampleRuntime, dev_genesis())
    out = []
    for n in range(1, blocks + 1):
        signer = dev_keypair(("Alice", "Bob")[n % 2])
        built = chain.build_block(extrinsics=[chain.sign(Counter.tx.store(n * 10), signer)])
        header = chain.import_block(built.block)
        out.append(
            {
                "number": header.number,
                "hash": "0x" + header.hash().hex(),
                "state_root": "0x" + header.state_root.hex(),
                "extrinsics": len(built.block.extrinsics),
            }
        )
    return chain, out
