"""JSON-RPC for the ecosystem's clients (py-substrate-interface, polkadot.js): Substrate's method names and shapes.

`build_api(client, pool, info, allow_unsafe)` gives the method table (`rpc_methods` lists every served name with
its aliases); `RpcServer` serves it over WebSocket and HTTP on one port. It stands on `node.client` and
`node.txpool` and never touches pallets (DESIGN §10).
"""

from __future__ import annotations

from typing import Any

from node.client import Client
from node.rpc.api import Api, Method, RpcError, Session
from node.rpc.chain_system import NodeInfo, chain_system_methods
from node.rpc.payment import payment_methods
from node.rpc.server import RpcLimits, RpcServer
from node.rpc.state_author import state_author_methods
from node.txpool import TxPool

__all__ = ["Api", "Method", "NodeInfo", "RpcError", "RpcLimits", "RpcServer", "Session", "build_api"]


def build_api(client: Client, pool: TxPool, info: NodeInfo | None = None, allow_unsafe: bool = False) -> Api:
    """Every served method, with ``rpc_methods`` listing them all (pjs drops what is not listed)."""
    methods: dict[str, Method] = {}
    methods.update(chain_system_methods(client, pool, info or NodeInfo()))
    methods.update(state_author_methods(client, pool))
    methods.update(payment_methods(client))

    def rpc_methods(_s: Session, _p: list[Any]) -> Any:
        return {"version": 1, "methods": sorted(methods)}

    methods["rpc_methods"] = Method(rpc_methods)
    return Api(methods, allow_unsafe)
