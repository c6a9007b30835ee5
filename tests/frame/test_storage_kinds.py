"""StorageNMap, CountedStorageMap, query kinds, bounded values in storage, storage info and their metadata,
with keys pinned against hand-built Substrate keys."""

from __future__ import annotations

from typing import ClassVar

import pytest

from frame import (
    CountedStorageMap,
    Hasher,
    Key,
    OptionQuery,
    Pallet,
    PalletError,
    ResultQuery,
    StorageMap,
    StorageNMap,
    StorageValue,
    ValueQuery,
)
from frame.backend import MemoryBackend
from frame.io import using
from frame.metadata import pallet_metadata
from frame.state import OverlayedState
from frame.storage import NotIterable
from frame.storage_info import StorageInfo, Unbounded, pallet_storage_info
from primitives.bounded import BoundedVec, BoundExceeded, bounded_vec
from primitives.hashing import blake2_128, twox_64, twox_128
from primitives.parachain.candidate import GlobalValidationSchedule
from primitives.parachain.signed import ValidityAttestation
from primitives.types import U8, U32, U64


class Error(PalletError):
    """Errors of the test pallet."""


class NoThing(Error, index=0):
    """There is no thing."""


class K(Pallet):
    """One item of each new kind."""

    N = StorageNMap([Key(Hasher.Blake2_128Concat, U32), Key(Hasher.Twox64Concat, U64), Key(Hasher.Identity, U8)],
                    U32, doc="An N map.")  # fmt: skip
    Hidden = StorageNMap([Key(Hasher.Twox64Concat, U32), Key(Hasher.Blake2_256, U32)], U32)
    C = CountedStorageMap(Hasher.Twox64Concat, U32, U64, doc="A counted map.")
    CV = CountedStorageMap(Hasher.Twox64Concat, U32, U32, query=ValueQuery)
    R = StorageMap(Hasher.Twox64Concat, U32, U32, query=ResultQuery(NoThing))
    Z = StorageValue(GlobalValidationSchedule, query=ValueQuery)  # a struct: the default of each field
    O = StorageValue(U32, query=OptionQuery)
    B = StorageValue(bounded_vec(U32, 2), query=ValueQuery)
    Log = StorageValue(list[U32], unbounded=True)
    CounterForC: ClassVar[StorageValue]  # put there by C (annotated only for type checkers)


@pytest.fixture
def state():
    st = OverlayedState(MemoryBackend())
    with using(st):
        yield st


P = twox_128(b"K")


def test_nmap_key_is_each_hasher_over_each_key():
    expected = (P + twox_128(b"N") + blake2_128(bytes.fromhex("07000000")) + bytes.fromhex("07000000")
                + twox_64(bytes.fromhex("0500000000000000")) + bytes.fromhex("0500000000000000") + b"\x02")  # fmt: skip
    assert K.N.key((7, 5, 2)) == expected
    assert K.N.prefix_for((7,)) == expected[: 32 + 16 + 4]
    with pytest.raises(TypeError):
        K.N.key((7, 5))  # a full key is needed for an entry
    with pytest.raises(TypeError):
        K.N.prefix_for((7, 5, 2, 1))


def test_nmap_entries_partial_iteration_and_removal(state):
    for k, v in {(1, 1, 1): 11, (1, 1, 2): 12, (1, 2, 1): 21, (2, 1, 1): 99}.items():
        K.N.insert(k, v)
    assert sorted(K.N.iter_prefix((1,))) == [((1, 1), 11), ((1, 2), 12), ((2, 1), 21)]
    assert sorted(K.N.iter_prefix((1, 1))) == [((1,), 11), ((2,), 12)]
    assert sorted(K.N.iter_key_prefix((1, 1))) == [(1,), (2,)]
    assert sorted(K.N.iter()) == [((1, 1, 1), 11), ((1, 1, 2), 12), ((1, 2, 1), 21), ((2, 1, 1), 99)]
    assert K.N.contains_prefix((1, 2)) and not K.N.contains_prefix((3,))
    assert K.N.clear_prefix((1, 1)) == 2
    assert sorted(K.N.iter()) == [((1, 2, 1), 21), ((2, 1, 1), 99)]
    assert sorted(K.N.drain_prefix((1,))) == [((2, 1), 21)]
    assert list(K.N.iter()) == [((2, 1, 1), 99)] and K.N.get((2, 1, 1)) == 99 and K.N.get((1, 2, 1)) is None
    assert K.N.take((2, 1, 1)) == 99 and K.N.clear() == 0
    K.N.mutate((3, 3, 3), lambda v: (v or 0) + 1)
    assert K.N.get((3, 3, 3)) == 1
    K.Hidden.insert((1, 2), 3)
    assert list(K.Hidden.iter_key_prefix((1, 2))) == [()]  # nothing left to decode
    with pytest.raises(NotIterable):
        list(K.Hidden.iter_prefix((1,)))  # the second key is hashed away


def test_counted_map_counter_key_and_item():
    assert K.C.counter is K.CounterForC and K.CounterForC.name == "CounterForC"
    assert K.CounterForC.key() == P + twox_128(b"CounterForC")
    assert "CounterForC" in K.storage and "CounterForCV" in K.storage


def test_counter_stays_exact(state):
    def count():
        assert K.C.count() == len(list(K.C.keys()))
        return K.C.count()

    assert count() == 0 and not K.CounterForC.exists()
    K.C.insert(1, 10)
    K.C.insert(1, 11)  # overwrite: no new entry
    K.C.insert(2, 20)
    assert count() == 2 and state.get(K.CounterForC.key()) == (2).to_bytes(4, "little")
    K.C.remove(3)  # absent: nothing counted
    assert K.C.take(3) is None and count() == 2
    assert K.C.take(2) == 20 and count() == 1
    K.C.mutate(5, lambda v: 50)  # mutate that creates
    assert count() == 2
    K.C.mutate(5, lambda v: v + 1)  # mutate of an existing entry
    assert count() == 2 and K.C.get(5) == 51
    K.C.mutate(5, lambda v: None)  # mutate that removes (OptionQuery)
    assert count() == 1
    K.C.mutate(6, lambda v: None)  # absent stays absent
    assert count() == 1

    def boom(v):
        raise NoThing("refused")

    with pytest.raises(NoThing):
        K.C.try_mutate(7, boom)
    assert count() == 1 and not K.C.contains_key(7)
    K.C.mutate_exists(8, lambda v: 80)
    K.C.mutate_exists(1, lambda v: None)
    assert count() == 1 and K.C.get(8) == 80
    K.C.set(9, 90)
    K.C.set(9, None)
    assert count() == 1
    for i in range(10, 15):
        K.C.insert(i, i)
    assert count() == 6
    assert K.C.clear(limit=2) == 2 and count() == 4
    assert K.C.clear() == 4 and count() == 0 and not K.CounterForC.exists()  # a full clear kills the counter
    K.C.insert(1, 1)
    assert sorted(K.C.drain()) == [(1, 1)] and count() == 0
    K.C.insert(1, 1)
    state.delete(K.C.key(1))  # behind the map's back
    assert K.C.count() == 1 and K.C.initialize_counter() == 0 and K.C.count() == 0


def test_counted_value_query_map(state):
    K.CV.mutate(1, lambda v: v + 1)  # a ValueQuery mutate always writes: the entry now exists
    assert K.CV.count() == 1 and K.CV.get(1) == 1
    assert K.CV.take(2) == 0 and K.CV.count() == 1  # default, nothing removed
    K.CV.mutate_exists(1, lambda v: None)
    assert K.CV.count() == 0 and K.CV.get(1) == 0


def test_result_query_raises_the_named_error(state):
    with pytest.raises(NoThing) as e:
        K.R.get(1)
    assert "K.R" in str(e.value)
    for op in (lambda: K.R.take(1), lambda: K.R.mutate(1, lambda v: v + 1)):
        with pytest.raises(NoThing):
            op()
    assert not K.R.contains_key(1) and state.writes == 0
    K.R.insert(1, 5)
    assert K.R.get(1) == 5
    K.R.mutate(1, lambda v: None)  # removes, like an OptionQuery
    assert not K.R.contains_key(1)
    with pytest.raises(TypeError):
        ResultQuery(ValueError)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        StorageValue(U32, default=3, query=OptionQuery)


def test_value_query_without_default_reads_the_type_default(state):
    assert K.Z.get() == GlobalValidationSchedule(0, 0, 0) and K.O.get() is None
    assert K.B.get() == [] and K.B.get().bound == 2
    with pytest.raises(TypeError, match="no default"):
        StorageValue(ValidityAttestation, query=ValueQuery)  # an enum: Rust needs #[default], here a default=


def test_bounded_growth_in_storage_is_refused_and_nothing_written(state):
    def push(v: BoundedVec) -> BoundedVec:
        v.try_push(len(v))
        return v

    K.B.mutate(push)
    K.B.mutate(push)
    before = state.get(K.B.key())
    with pytest.raises(BoundExceeded):
        K.B.try_mutate(push)
    assert state.get(K.B.key()) == before and K.B.get() == [0, 1]


def test_storage_info_and_unbounded_items():
    infos = {i.storage_name: i for i in pallet_storage_info(_Bounded)}
    assert infos["V"] == StorageInfo("_Bounded", "V", twox_128(b"_Bounded") + twox_128(b"V"), 1, 4)
    assert infos["M"].max_values is None and infos["M"].max_size == (16 + 4) + (1 + 2 * 4)
    assert infos["Log"].max_size is None  # declared unbounded
    with pytest.raises(Unbounded, match=r"_Undeclared\.Log"):  # refused when defined (test_storage_bounds.py)

        class _Undeclared(Pallet):
            Log = StorageValue(list[U32])

    class Legacy(Pallet):
        without_storage_info = True
        V = StorageValue(U32)
        Log = StorageValue(list[U32])

    assert {i.max_size for i in pallet_storage_info(Legacy)} == {None}


class _Bounded(Pallet):
    V = StorageValue(U32)
    M = StorageMap(Hasher.Blake2_128Concat, U32, bounded_vec(U32, 2))
    Log = StorageValue(list[U32], unbounded=True)


def test_metadata_of_the_new_kinds():
    md = pallet_metadata(3, K)
    entries = md["storage"]["entries"]
    names = [e["name"] for e in entries]
    assert names.index("CounterForC") == names.index("C") + 1  # right after its map, as FRAME lists it
    by = {e["name"]: e for e in entries}
    assert by["N"]["type"]["Map"] == {"hashers": ["Blake2_128Concat", "Twox64Concat", "Identity"],
                                      "key": "(u32, u64, u8)", "keys": ["u32", "u64", "u8"], "value": "u32",
                                      "iterable": True}  # fmt: skip
    assert by["CounterForC"] == {
        "name": "CounterForC", "modifier": "Default", "key_prefix": "0x" + (P + twox_128(b"CounterForC")).hex(),
        "default": "0x00000000", "docs": ["Counter for the related counted storage map"], "type": {"Plain": "u32"},
    }  # fmt: skip
    assert by["R"]["modifier"] == "Optional" and by["Z"]["modifier"] == "Default"
    assert by["Z"]["default"] == "0x" + bytes(12).hex()
    assert by["Hidden"]["type"]["Map"]["iterable"] is False
