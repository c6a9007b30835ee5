"""Storage items: Substrate's key layout and FRAME's operation semantics."""

import pytest

from frame import Hasher, Pallet, StorageDoubleMap, StorageMap, StorageValue
from frame.backend import MemoryBackend
from frame.dispatch import Corruption
from frame.io import NoExternalities, using
from frame.state import OverlayedState
from frame.storage import NotIterable
from frame.system import System
from primitives.hashing import blake2_128, twox_64, twox_128
from primitives.types import U32, U64, Bytes32
from tests import vectors as v


class P(Pallet):
    """A pallet named P with one item of each kind."""

    Opt = StorageValue(U32, doc="OptionQuery value.")
    Val = StorageValue(U32, default=7, doc="ValueQuery value.")
    Vec = StorageValue(list[U32], default=list, unbounded=True, doc="A Vec.")
    M = StorageMap(Hasher.Twox64Concat, U32, U64, doc="Iterable map.")
    H = StorageMap(Hasher.Blake2_256, U32, U64, doc="Non-iterable map.")
    I = StorageDoubleMap(Hasher.Twox64Concat, U32, Hasher.Blake2_128Concat, U64, U32, default=0, doc="Double map.")


@pytest.fixture
def state():
    st = OverlayedState(MemoryBackend())
    with using(st):
        yield st


def test_substrate_keys():
    alice = bytes.fromhex(v.ALICE_PUBLIC)
    assert System.Number.key().hex() == v.SYSTEM_NUMBER_KEY
    assert System.Events.key().hex() == v.SYSTEM_EVENTS_KEY
    assert System.EventCount.key().hex() == v.SYSTEM_EVENT_COUNT_KEY
    assert System.ExecutionPhase.key().hex() == v.SYSTEM_EXECUTION_PHASE_KEY
    assert System.Account.key(alice).hex() == v.SYSTEM_ACCOUNT_ALICE_KEY
    assert System.BlockHash.key(0).hex() == v.SYSTEM_BLOCK_HASH_0_KEY

    class Timestamp(Pallet):
        Now = StorageValue(U64)

    assert Timestamp.Now.key().hex() == v.TIMESTAMP_NOW_KEY


def test_double_map_key_layout():
    # substrate-frame.md §1.8, the [derived] double-map example
    expected = (twox_128(b"P") + twox_128(b"I") + twox_64(bytes.fromhex("01000000")) + bytes.fromhex("01000000")
                + blake2_128(bytes.fromhex("0200000000000000")) + bytes.fromhex("0200000000000000"))  # fmt: skip
    assert P.I.key(1, 2) == expected


def test_query_kinds(state):
    assert P.Opt.get() is None and not P.Opt.exists()
    assert P.Val.get() == 7 and not P.Val.exists()
    P.Val.put(7)  # writing the default does write bytes
    assert P.Val.exists() and state.get(P.Val.key()) == (7).to_bytes(4, "little")
    P.Opt.put(3)
    assert P.Opt.get() == 3
    assert P.Opt.take() == 3 and P.Opt.get() is None
    assert P.Val.take() == 7 and not P.Val.exists()
    assert P.Val.take() == 7  # ValueQuery take of an absent key: the default, nothing deleted
    P.Opt.put(1)
    P.Opt.kill()
    assert not P.Opt.exists()
    P.Opt.set(None)
    assert not P.Opt.exists()
    P.Val.set(9)
    assert P.Val.get() == 9


def test_mutate_and_try_mutate(state):
    assert P.Val.mutate(lambda x: x + 1) == 8
    assert P.Val.get() == 8
    assert P.Opt.mutate(lambda x: None) is None and not P.Opt.exists()
    P.Opt.put(5)
    P.Opt.mutate(lambda x: None)  # OptionQuery: None deletes
    assert not P.Opt.exists()

    def fail(x):
        raise ValueError("no")

    with pytest.raises(ValueError):
        P.Val.try_mutate(fail)
    assert P.Val.get() == 8
    assert P.Val.mutate_exists(lambda x: None) is None and not P.Val.exists()
    assert P.Val.mutate_exists(lambda x: 3 if x is None else x) == 3


def test_append_and_decode_len(state):
    assert P.Vec.decode_len() == 0
    P.Vec.append(1)
    P.Vec.append(2)
    assert P.Vec.get() == [1, 2] and P.Vec.decode_len() == 2
    with pytest.raises(TypeError):
        P.Val.append(1)


def test_map_operations(state):
    for k in (3, 1, 2):
        P.M.insert(k, k * 10)
    assert P.M.get(2) == 20 and P.M.get(9) is None
    assert P.M.contains_key(1) and not P.M.contains_key(9)
    assert sorted(P.M.iter()) == [(1, 10), (2, 20), (3, 30)]
    assert sorted(P.M.keys()) == [1, 2, 3] and sorted(P.M.values()) == [10, 20, 30]
    assert P.M.take(3) == 30 and not P.M.contains_key(3)
    P.M.mutate(1, lambda x: x + 1)
    assert P.M.get(1) == 11
    P.M.remove(1)
    assert sorted(P.M.drain()) == [(2, 20)]
    assert list(P.M.iter()) == []
    for k in range(5):
        P.M.insert(k, k)
    assert P.M.clear(limit=2) == 2 and len(list(P.M.keys())) == 3
    assert P.M.clear() == 3


def test_non_iterable_hasher(state):
    P.H.insert(1, 5)
    assert P.H.get(1) == 5
    with pytest.raises(NotIterable):
        list(P.H.iter())
    with pytest.raises(NotIterable):
        list(P.H.keys())


def test_double_map(state):
    P.I.insert(1, 10, 100)
    P.I.insert(1, 11, 110)
    P.I.insert(2, 10, 200)
    assert P.I.get(1, 10) == 100 and P.I.get(3, 3) == 0
    assert sorted(P.I.iter_prefix(1)) == [(10, 100), (11, 110)]
    assert sorted(P.I.iter()) == [(1, 10, 100), (1, 11, 110), (2, 10, 200)]
    assert sorted(P.I.drain_prefix(1)) == [(10, 100), (11, 110)]
    assert list(P.I.iter_prefix(1)) == []
    assert P.I.clear_prefix(2) == 1
    assert P.I.contains_key(2, 10) is False


def test_corrupt_value_is_named(state):
    state.set(P.Opt.key(), b"\x01")
    with pytest.raises(Corruption, match=r"P\.Opt"):
        P.Opt.get()


def test_no_externalities():
    with pytest.raises(NoExternalities):
        P.Opt.get()


def test_key_types_are_checked(state):
    from primitives.errors import CodecError

    class Q(Pallet):
        A = StorageMap(Hasher.Blake2_128Concat, Bytes32, U32)

    with pytest.raises(CodecError):
        Q.A.get(b"short")
