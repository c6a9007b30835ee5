"""The node's client: the one door to chain data (blocks, state at recent blocks, runtime API calls, authoring).

`node.rpc` and `node.txpool` stand on it and never touch pallets (DESIGN §10).
"""

from node.client.client import BlockNotification, Client, Notifications
from node.client.runtime_calls import MethodNotFound, RuntimeCallError, served_methods
from node.db import StatePruned, UnknownBlock

__all__ = [
    "BlockNotification",
    "Client",
    "MethodNotFound",
    "Notifications",
    "RuntimeCallError",
    "StatePruned",
    "UnknownBlock",
    "served_methods",
]
