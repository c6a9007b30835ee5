"""Storage queries by name (what `parahost state get` prints): keys from text, partial keys, hashed-only keys."""

import pytest

from frame import Hasher, Pallet, StorageDoubleMap, StorageMap, StorageValue, construct_runtime, io
from frame.backend import MemoryBackend
from frame.state import OverlayedState
from frame.system import AccountId, System
from node.db.query import QueryError, describe_keys, parse_key, query
from primitives import scale
from primitives.crypto import dev_keypair
from primitives.parachain import ParaId
from primitives.types import U32


class Things(Pallet):
    """Storage shapes for the query tests."""

    Pair = StorageDoubleMap(Hasher.Twox64Concat, U32, Hasher.Blake2_128Concat, AccountId, U32, doc="By two keys.")
    Hashed = StorageMap(Hasher.Blake2_256, ParaId, bytes, unbounded=True, doc="Keys that cannot be read back.")
    Count = StorageValue(U32, default=7, doc="A value with a default.")
    Maybe = StorageValue(U32, doc="A value without one.")


RUNTIME = construct_runtime("QueryTest", [System, Things])
ALICE, BOB = dev_keypair("Alice"), dev_keypair("Bob")


@pytest.fixture
def state():
    st = OverlayedState(MemoryBackend())
    with io.using(st, RUNTIME):
        Things.Pair.insert(1, ALICE.public_key, 10)
        Things.Pair.insert(1, BOB.public_key, 11)
        Things.Pair.insert(2, ALICE.public_key, 20)
        Things.Hashed.insert(ParaId(5), b"five")
    st.commit_to_backend()
    return st.backend


def test_values_and_defaults(state):
    assert query(RUNTIME, state, "Things", "Count", []) == 7  # ValueQuery: the default
    assert query(RUNTIME, state, "things", "maybe", []) is None  # OptionQuery, case-insensitive names
    assert query(RUNTIME, state, "Things", "Pair", ["1", ALICE.ss58_address]) == 10
    assert query(RUNTIME, state, "Things", "Pair", ["0x01", "0x" + BOB.public_key.hex()]) == 11
    assert query(RUNTIME, state, "Things", "Hashed", ["5"]) == "0x66697665"


def test_partial_keys_list_the_entries_under_them(state):
    under_1 = query(RUNTIME, state, "Things", "Pair", ["1"])
    assert sorted((e["key"][1], e["value"]) for e in under_1) == sorted(
        [("0x" + ALICE.public_key.hex(), 10), ("0x" + BOB.public_key.hex(), 11)])  # fmt: skip
    assert all(e["key"][0] == 1 for e in under_1)
    assert len(query(RUNTIME, state, "Things", "Pair", [])) == 3
    (entry,) = query(RUNTIME, state, "Things", "Hashed", [])
    assert entry["key"][0].startswith("0x") and len(entry["key"][0]) == 66  # the blake2_256 of the key
    assert entry["value"] == "0x66697665"


def test_bad_queries_are_refused_by_name(state):
    with pytest.raises(QueryError, match="Things.Pair takes 2 key"):
        query(RUNTIME, state, "Things", "Pair", ["1", "2", "3"])
    with pytest.raises(QueryError, match="no pallet 'Nope' in runtime QueryTest"):
        query(RUNTIME, state, "Nope", "Pair", [])
    with pytest.raises(Exception, match="key 2: '5Nope' is neither 0x-hex nor an SS58 address"):
        query(RUNTIME, state, "Things", "Pair", ["1", "5Nope"])
    st = OverlayedState(state)
    st.set(Things.Maybe.key(), b"\x01")
    st.commit_to_backend()
    with pytest.raises(QueryError, match="Things.Maybe at 0x.*: the stored value does not decode"):
        query(RUNTIME, state, "Things", "Maybe", [])


def test_parse_key_by_type():
    assert parse_key("0x10", scale.u32, "k") == 16 and parse_key("16", scale.u32, "k") == 16
    assert parse_key("[1, 2]", scale.TupleCodec([scale.u32, scale.u32]), "k") == (1, 2)
    with pytest.raises(QueryError, match="k: '\\[1' is not valid JSON"):
        parse_key("[1", scale.TupleCodec([scale.u32]), "k")
    with pytest.raises(Exception, match="k: 4294967296 does not fit in u32"):
        parse_key("4294967296", scale.u32, "k")


def test_describe_keys(state):
    keys = [k for k, _ in state.items()] + [b":code", b"\x00" * 40]
    labels = describe_keys(RUNTIME, keys)
    assert labels[-2:] == [":code", "?"] and set(labels[:-2]) == {"Things.Pair", "Things.Hashed"}
