"""The block database (SQLite under ``--db DIR``): blocks, the best chain, and the state of recent blocks."""

from node.db.blockdb import BlockDb, ImportedBlock
from node.db.store import (
    DB_FILE,
    BlockDbError,
    BlockDbIoError,
    ChainMismatch,
    CorruptBlockDb,
    StatePruned,
    UnknownBlock,
)
from node.db.views import TrieBackend

__all__ = [
    "DB_FILE",
    "BlockDb",
    "BlockDbError",
    "BlockDbIoError",
    "ChainMismatch",
    "CorruptBlockDb",
    "ImportedBlock",
    "StatePruned",
    "TrieBackend",
    "UnknownBlock",
]
