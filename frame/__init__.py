"""frame: a FRAME-like runtime framework (storage items, pallets, dispatch, System, executive).

The names a pallet author uses are exported here (``from frame import Pallet, StorageMap, call, ensure_signed``);
the test externalities are in `frame.testing`, benchmarks in `frame.benchmarking` (docs/README.md).
"""

from frame.chain import Chain
from frame.coupling import AmbiguousDependency, MissingDependency, Requires
from frame.dispatch import (
    NONE,
    ROOT,
    BadOrigin,
    DispatchError,
    DispatchFailure,
    NoneOrigin,
    Origin,
    PalletError,
    Root,
    Signed,
    ensure_none,
    ensure_root,
    ensure_signed,
)
from frame.executive import Executive, InvalidBlock
from frame.genesis import GenesisConfigError
from frame.migrations import VersionedMigration, migration
from frame.pallet import Call, Pallet, call, constant
from frame.runtime import Runtime, RuntimeCall, RuntimeEvent, construct_runtime
from frame.storage import StorageDoubleMap, StorageMap, StorageValue
from frame.storage_counted import CountedStorageMap
from frame.storage_info import UnboundedStorage
from frame.storage_nmap import Key, StorageNMap
from frame.storage_query import OptionQuery, ResultQuery, ValueQuery
from frame.system import AccountId, System
from frame.try_runtime import InvariantViolated
from frame.upgrade import on_chain_storage_version
from frame.version import FRAME_APIS, RuntimeVersion
from primitives.hashing import Hasher

__all__ = [
    "FRAME_APIS", "NONE", "ROOT", "AccountId", "AmbiguousDependency", "BadOrigin", "Call", "Chain",
    "CountedStorageMap", "DispatchError", "DispatchFailure", "Executive", "GenesisConfigError", "Hasher",
    "InvalidBlock", "InvariantViolated", "Key", "MissingDependency", "NoneOrigin", "OptionQuery", "Origin", "Pallet",
    "PalletError", "Requires", "ResultQuery", "Root", "Runtime", "RuntimeCall", "RuntimeEvent", "RuntimeVersion",
    "Signed", "StorageDoubleMap", "StorageMap", "StorageNMap", "StorageValue", "System", "UnboundedStorage",
    "ValueQuery", "VersionedMigration", "call", "constant", "construct_runtime", "ensure_none", "ensure_root",
    "ensure_signed", "migration", "on_chain_storage_version",
]  # fmt: skip
