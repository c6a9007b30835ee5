"""frame: a FRAME-like runtime framework (storage items, pallets, dispatch, System, executive)."""

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
from frame.pallet import Call, Pallet, call, constant
from frame.runtime import Runtime, RuntimeCall, RuntimeEvent, construct_runtime
from frame.storage import StorageDoubleMap, StorageMap, StorageValue
from frame.storage_counted import CountedStorageMap
from frame.storage_nmap import Key, StorageNMap
from frame.storage_query import OptionQuery, ResultQuery, ValueQuery
from frame.system import AccountId, System
from primitives.hashing import Hasher

__all__ = [
    "NONE", "ROOT", "AccountId", "AmbiguousDependency", "BadOrigin", "Call", "Chain", "CountedStorageMap",
    "DispatchError", "DispatchFailure", "Executive", "Hasher", "InvalidBlock", "Key", "MissingDependency",
    "NoneOrigin", "OptionQuery", "Origin", "Pallet", "PalletError", "Requires", "ResultQuery", "Root", "Runtime",
    "RuntimeCall", "RuntimeEvent", "Signed", "StorageDoubleMap", "StorageMap", "StorageNMap", "StorageValue",
    "System", "ValueQuery", "call", "constant", "construct_runtime", "ensure_none", "ensure_root", "ensure_signed",
]  # fmt: skip
