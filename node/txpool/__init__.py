"""The transaction pool: runtime-validated transactions in ready and future queues, with their watch statuses.

It stands on `node.client` (validation, imported blocks) and never touches pallets (DESIGN §10).
"""

from node.txpool.errors import (
    AlreadyImported,
    BadFormat,
    ImmediatelyDropped,
    InvalidTx,
    PoolError,
    TemporarilyBanned,
    TooLowPriority,
    UnknownValidity,
)
from node.txpool.limits import PoolLimits
from node.txpool.pool import PoolTransaction, TxPool, Watcher

__all__ = [
    "AlreadyImported",
    "BadFormat",
    "ImmediatelyDropped",
    "InvalidTx",
    "PoolError",
    "PoolLimits",
    "PoolTransaction",
    "TemporarilyBanned",
    "TooLowPriority",
    "TxPool",
    "UnknownValidity",
    "Watcher",
]
