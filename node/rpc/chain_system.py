"""``system_*`` and ``chain_*`` methods, with the head subscriptions (new, all and finalized heads, every alias).

A head subscription sends the current head at once (after the subscribe reply), then one header per block:
``chain_newHead`` for each new best block, ``chain_allHead`` for every imported block, ``chain_finalizedHead``
for each finalized block.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from node.client import BlockNotification, Client
from node.rpc.api import Method, Session, invalid_params
from node.rpc.shapes import account, arg, block_hash_arg, block_json, header_json, hexs
from node.txpool import TxPool

__all__ = ["NodeInfo", "chain_system_methods"]


@attrs.frozen
class NodeInfo:
    """What ``system_*`` reports about the node itself."""

    name: str = "parahost"
    version: str = "0.1.0"
    peer_id: str = "12D3KooWParahostDevNodeNoNetwork"
    roles: tuple[str, ...] = ("Authority",)


def _number(value: Any) -> int:
    if isinstance(value, bool):
        raise invalid_params(f"block number: {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        try:
            number = int(value, 16) if value.startswith("0x") else int(value)
        except ValueError:
            raise invalid_params(f"block number: {value!r:.40}") from None
    else:
        raise invalid_params(f"block number: {value!r:.40}")
    if not 0 <= number < 2**32:
        raise invalid_params(f"block number {number} is not a u32")
    return number


def chain_system_methods(client: Client, pool: TxPool, info: NodeInfo) -> dict[str, Method]:
    def block_hash(_s: Session, p: list[Any]) -> Any:
        value = arg(p, 0, "block number")
        if value is None:
            return hexs(client.best_hash)
        if isinstance(value, list):
            out = []
            for v in value:
                h = client.block_hash(_number(v))
                out.append(None if h is None else hexs(h))
            return out
        h = client.block_hash(_number(value))
        return None if h is None else hexs(h)

    def get_header(_s: Session, p: list[Any]) -> Any:
        header = client.header(block_hash_arg(p, 0))
        return None if header is None else header_json(header)

    def get_block(_s: Session, p: list[Any]) -> Any:
        block = client.block(block_hash_arg(p, 0))
        return None if block is None else block_json(block)

    def health(_s: Session, _p: list[Any]) -> Any:
        return {"peers": 0, "isSyncing": False, "shouldHavePeers": False}

    def next_index(_s: Session, p: list[Any]) -> Any:
        return pool.next_nonce(account(arg(p, 0, "account", required=True)))

    def sync_state(_s: Session, _p: list[Any]) -> Any:
        best = client.best_header().number
        return {"startingBlock": 0, "currentBlock": best, "highestBlock": best}

    def heads(kind: str) -> Callable[[Session, list[Any]], Any]:
        notification = {"new": "chain_newHead", "all": "chain_allHead", "finalized": "chain_finalizedHead"}[kind]

        def subscribe(s: Session, _p: list[Any]) -> Any:
            sub = s.subscribe()
            first = client.header(client.finalized_hash if kind == "finalized" else None)

            def on_block(note: BlockNotification) -> None:
                if kind != "new" or note.is_best:
                    s.notify(notification, sub, header_json(note.header))

            remove = (client.on_finalized if kind == "finalized" else client.on_import)(on_block)
            s.on_cancel(sub, remove)
            s.after_reply(lambda: s.notify(notification, sub, None if first is None else header_json(first)))
            return sub

        return subscribe

    def unsubscribe(s: Session, p: list[Any]) -> Any:
        return s.unsubscribe(arg(p, 0, "subscription id"))

    const: Callable[[Any], Callable[[Session, list[Any]], Any]] = lambda v: lambda _s, _p: v  # noqa: E731
    m: dict[str, Callable[[Session, list[Any]], Any]] = {
        "system_name": const(info.name),
        "system_version": const(info.version),
        "system_chain": lambda _s, _p: client.chain_name,
        "system_chainType": lambda _s, _p: client.chain_type,
        "system_properties": lambda _s, _p: dict(client.properties),
        "system_health": health,
        "system_accountNextIndex": next_index,
        "system_peers": const([]),
        "system_localPeerId": const(info.peer_id),
        "system_nodeRoles": const(list(info.roles)),
        "system_syncState": sync_state,
        "chain_getBlockHash": block_hash,
        "chain_getHead": block_hash,
        "chain_getHeader": get_header,
        "chain_getBlock": get_block,
        "chain_getFinalizedHead": lambda _s, _p: hexs(client.finalized_hash),
        "chain_getFinalisedHead": lambda _s, _p: hexs(client.finalized_hash),
    }
    for name in ("chain_subscribeNewHeads", "chain_subscribeNewHead", "subscribe_newHead"):
        m[name] = heads("new")
    for name in ("chain_subscribeAllHeads",):
        m[name] = heads("all")
    for name in ("chain_subscribeFinalizedHeads", "chain_subscribeFinalisedHeads"):
        m[name] = heads("finalized")
    for name in ("chain_unsubscribeNewHeads", "chain_unsubscribeNewHead", "unsubscribe_newHead",
                 "chain_unsubscribeAllHeads", "chain_unsubscribeFinalizedHeads", "chain_unsubscribeFinalisedHeads"):
        m[name] = unsubscribe
    return {name: Method(handler) for name, handler in m.items()}
