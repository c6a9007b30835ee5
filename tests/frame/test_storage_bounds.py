"""FRAME's rule that every stored type has a maximum encoded length (issue 12): a pallet whose item has no bound is
refused when its class is defined (`UnboundedStorage` naming pallet, item and type), unless the item says
``unbounded=True`` or the pallet sets ``without_storage_info = True``; every pallet of the built-in runtimes
gives its storage info; the annotations leave metadata as it was."""

from __future__ import annotations

import pytest

from frame import Hasher, Key, Pallet, StorageDoubleMap, StorageMap, StorageNMap, StorageValue, UnboundedStorage
from frame.metadata_v14 import metadata_v14, metadata_v15
from frame.runtime import construct_runtime
from frame.storage_info import pallet_storage_info
from frame.system import System
from primitives.bounded import bounded_vec
from primitives.maxlen import Unbounded
from primitives.types import U32, U64, scale_struct
from runtime.example import ExampleRuntime
from runtime.parachain import ParachainRuntime


@scale_struct(name="BoundsTestNote")
class Note:
    """A struct holding an unbounded field."""

    topic: U32
    text: bytes


def _refused(make) -> UnboundedStorage:
    with pytest.raises(UnboundedStorage) as e:
        make()
    assert isinstance(e.value, Unbounded)  # what pallet_storage_info and benchmarks have always raised
    return e.value


def test_an_unbounded_value_is_refused_when_the_pallet_is_defined():
    def make() -> None:
        class Journal(Pallet):
            Count = StorageValue(U32)
            Entries = StorageValue(list[U32], default=list)

    e = _refused(make)
    assert (e.pallet, e.item, e.part, e.type_name) == ("Journal", "Entries", "value", "Vec<u32>")
    assert "Journal.Entries" in str(e) and "Vec<u32>" in str(e) and "unbounded=True" in str(e)


def test_the_innermost_unbounded_type_is_named():
    def make() -> None:
        class Notes(Pallet):
            ByTopic = StorageMap(Hasher.Twox64Concat, U32, Note)

    e = _refused(make)
    assert (e.pallet, e.item, e.part, e.type_name) == ("Notes", "ByTopic", "value", "Bytes")  # BoundsTestNote.text


@pytest.mark.parametrize(
    "item",
    [
        lambda: StorageMap(Hasher.Blake2_128Concat, bytes, U32),
        lambda: StorageDoubleMap(Hasher.Twox64Concat, U32, Hasher.Blake2_128Concat, list[U32], U32),
        lambda: StorageNMap([Key(Hasher.Twox64Concat, U64), Key(Hasher.Blake2_128Concat, bytes)], U32),
    ],
    ids=["map", "double-map", "n-map"],
)
def test_an_unbounded_key_is_refused(item):
    def make() -> None:
        type("Keyed", (Pallet,), {"ByKey": item()})

    e = _refused(make)
    assert (e.pallet, e.item, e.part) == ("Keyed", "ByKey", "key")
    assert e.type_name in ("Bytes", "Vec<u32>")


def test_a_hashed_key_of_fixed_size_needs_no_bound():
    class Hashed(Pallet):
        ByBlob = StorageMap(Hasher.Blake2_256, bytes, U32)  # the key is 32 bytes whatever the blob

    (info,) = pallet_storage_info(Hashed)
    assert info.max_size == 32 + 4


def test_unbounded_true_is_accepted_and_has_no_max_size():
    class Journal(Pallet):
        Count = StorageValue(U32)
        Entries = StorageValue(list[U32], default=list, unbounded=True)
        ByKey = StorageMap(Hasher.Blake2_128Concat, bytes, U32, unbounded=True)
        Bounded = StorageValue(bounded_vec(U32, 64))

    infos = {i.storage_name: i.max_size for i in pallet_storage_info(Journal)}
    assert infos == {"Count": 4, "Entries": None, "ByKey": None, "Bounded": 2 + 64 * 4}  # Compact(64) is 2 bytes


def test_without_storage_info_is_accepted_and_inherited():
    class Legacy(Pallet):
        without_storage_info = True
        Entries = StorageValue(list[U32], default=list)
        Count = StorageValue(U32)

    class Derived(Legacy):
        More = StorageMap(Hasher.Blake2_128Concat, bytes, Note)

    assert {i.max_size for i in pallet_storage_info(Legacy)} == {None}
    assert {i.max_size for i in pallet_storage_info(Derived)} == {None}


RUNTIMES = {"example": ExampleRuntime, "parachain": ParachainRuntime}


@pytest.mark.parametrize("name", list(RUNTIMES))
def test_every_pallet_of_the_built_in_runtimes_gives_storage_info(name):
    for p in RUNTIMES[name].pallet_classes:
        infos = pallet_storage_info(p)
        assert [i.storage_name for i in infos] == list(p.storage)
        bounded = {i.storage_name for i in infos if i.max_size is not None}
        if getattr(p, "without_storage_info", False):
            assert not bounded
        else:  # every item bounded unless it said unbounded=True
            assert bounded == {n for n, item in p.storage.items() if not item.unbounded}


def test_which_built_in_items_are_unbounded():
    """As FRAME's System; the parachain pallets as Polkadot's (#[pallet::without_storage_info])."""
    unbounded = {n for n, item in System.storage.items() if item.unbounded}
    assert unbounded == {"ExtrinsicData", "Digest", "Events", "LastRuntimeUpgrade"}
    partial = {p.name for r in RUNTIMES.values() for p in r.pallet_classes if p.without_storage_info}
    assert partial == {"Paras", "Scheduler", "Inclusion", "Session", "Validity"}
    by_name = {p.name: p for r in RUNTIMES.values() for p in r.pallet_classes}
    sizes = {i.storage_name: i.max_size for i in pallet_storage_info(by_name["Configuration"])}
    assert sizes == {"Configuration": 44, "PendingConfiguration": 44}  # HostConfiguration is fixed-size
    locks = {i.storage_name: i.max_size for i in pallet_storage_info(by_name["Balances"])}["Locks"]
    # Blake2_128Concat(AccountId) + Compact(50) + 50 x BalanceLock (id 8, amount 16, reasons 1)
    assert locks == (16 + 32) + 1 + 50 * (8 + 16 + 1)


def test_the_annotations_leave_metadata_as_it_was():
    def runtime(with_info: str):
        attrs_: dict = {"name": "Journal", "Entries": StorageValue(list[U32], default=list, doc="Entries.")}
        if with_info == "unbounded":
            attrs_["Entries"] = StorageValue(list[U32], default=list, doc="Entries.", unbounded=True)
        else:
            attrs_["without_storage_info"] = True
        journal = type(f"Journal_{with_info}", (Pallet,), attrs_)
        return construct_runtime("Journal", [System, journal])

    a, b = runtime("unbounded"), runtime("without_storage_info")
    assert metadata_v14(a) == metadata_v14(b) and metadata_v15(a) == metadata_v15(b)
