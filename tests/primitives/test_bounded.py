"""Bounded collections: growth refused with BoundExceeded and nothing changed, the SCALE form of Vec / BTreeMap
/ BTreeSet (entries in Rust's key order), decoding over the bound refused, round trips against py-scale-codec,
and the maximum encoded length of every shape."""

from __future__ import annotations

import pytest

from primitives import scale
from primitives.bounded import (
    BoundedBTreeMap,
    BoundedBTreeSet,
    BoundedVec,
    BoundedVecCodec,
    BoundExceeded,
    BTreeMapCodec,
    BTreeSetCodec,
    TooManyItems,
    bounded_btree_map,
    bounded_btree_set,
    bounded_vec,
)
from primitives.errors import CodecError
from primitives.maxlen import Unbounded, max_encoded_len
from primitives.registry import runtime_config, scalecodec_decode, scalecodec_encode, type_registry
from primitives.types import U8, U16, U32, U64, Bytes32, codec_of

VEC = codec_of(bounded_vec(U32, 3))
MAP = codec_of(bounded_btree_map(U32, U64, 3))
SET = codec_of(bounded_btree_set(U16, 3))


def test_bounded_vec_refuses_growth_and_changes_nothing():
    v = BoundedVec(3, [1, 2])
    v.try_push(3)
    for grow in (lambda: v.try_push(4), lambda: v.append(4), lambda: v.insert(0, 4), lambda: v.extend([4]),
                 lambda: v.__setitem__(slice(0, 1), [7, 8])):  # fmt: skip
        with pytest.raises(BoundExceeded):
            grow()
        assert v == [1, 2, 3]
    with pytest.raises(BoundExceeded):
        v += [9]
    assert v == [1, 2, 3]
    v.force_push(4)  # FRAME's force_push drops the first item
    assert v == [2, 3, 4] and v.pop() == 4
    v.extend([5])  # fits: allowed
    assert v == [2, 3, 5]
    with pytest.raises(BoundExceeded):
        BoundedVec(1, [1, 2])
    empty: BoundedVec[int] = BoundedVec(2)
    with pytest.raises(BoundExceeded):
        empty.extend([1, 2, 3])  # all or nothing
    assert empty == []


def test_bounded_map_and_set_refuse_new_keys_when_full():
    m = BoundedBTreeMap(2, {1: 10, 2: 20})
    m[1] = 11  # an existing key is not growth
    with pytest.raises(BoundExceeded):
        m[3] = 30
    with pytest.raises(BoundExceeded):
        m.update({1: 0, 4: 40})
    assert m == {1: 11, 2: 20}
    del m[2]
    m.try_insert(3, 30)
    assert m == {1: 11, 3: 30}
    s = BoundedBTreeSet(2, {1, 2})
    s.add(2)
    with pytest.raises(BoundExceeded):
        s.add(3)
    with pytest.raises(BoundExceeded):
        s.update({2, 3})
    assert s == {1, 2}


def test_encodings_are_vec_btreemap_btreeset():
    assert VEC.encode(BoundedVec(3, [1, 2])) == scale.VecCodec(scale.u32).encode([1, 2])
    assert VEC.name == "BoundedVec<u32, 3>" and MAP.name == "BoundedBTreeMap<u32, u64, 3>"
    assert SET.name == "BoundedBTreeSet<u16, 3>"
    # Rust's BTreeMap iterates by the key's Ord: 1 < 5 < 256, although 256's bytes (00 01 00 00) sort first
    raw = MAP.encode(BoundedBTreeMap(3, {256: 3, 1: 1, 5: 2}))
    assert raw.hex() == "0c" + "01000000" + "0100000000000000" + "05000000" + "0200000000000000" + "00010000" + (
        "0300000000000000")  # fmt: skip
    assert SET.encode({258, 1}).hex() == "08" + "0100" + "0201"
    # byte strings: bytewise, shorter prefix first (not by their length-prefixed encoding)
    assert BTreeSetCodec(scale.bytes_codec).encode({b"\xff", b"\x00\x00"}).hex() == "08" + "080000" + "04ff"
    # tuple keys: field by field
    tup = BTreeSetCodec(scale.TupleCodec([scale.u16, scale.u8]))
    assert tup.encode({(2, 0), (1, 9), (1, 3)}).hex() == "0c" + "010003" + "010009" + "020000"
    # decoding gives the bounded types back
    assert isinstance(MAP.decode(raw), BoundedBTreeMap) and MAP.decode(raw).bound == 3
    assert isinstance(VEC.decode(VEC.encode([1])), BoundedVec) and isinstance(SET.decode(b"\x00"), BoundedBTreeSet)


def test_decoding_past_the_bound_is_a_named_codec_error():
    four = scale.VecCodec(scale.u32).encode([1, 2, 3, 4])
    with pytest.raises(TooManyItems) as e:
        VEC.decode(four)
    assert isinstance(e.value, CodecError) and "BoundedVec<u32, 3>" in str(e.value)
    with pytest.raises(TooManyItems):
        SET.decode(scale.VecCodec(scale.u16).encode([1, 2, 3, 4]))
    with pytest.raises(TooManyItems):  # refused on the length alone, before reading items
        MAP.decode(bytes([4 << 2]))
    with pytest.raises(TooManyItems):  # and a plain value too long to encode
        VEC.encode([1, 2, 3, 4])
    with pytest.raises(CodecError):
        VEC.decode(b"\x08\x01\x00\x00\x00")  # truncated


def test_round_trip_against_py_scale_codec():
    codecs = [VEC, MAP, SET, codec_of(bounded_vec(U8, 4)), BTreeMapCodec(scale.bytes_codec, scale.string),
              codec_of(bounded_btree_map(Bytes32, bounded_vec(U8, 2), 2)), BTreeSetCodec(scale.u64)]  # fmt: skip
    values = [BoundedVec(3, [7, 0, 65536]), BoundedBTreeMap(3, {256: 1, 1: 2 ** 60}), BoundedBTreeSet(3, {9, 258}),
              BoundedVec(4, [0, 255]), {b"b": "x", b"a": "0xab"},
              BoundedBTreeMap(2, {b"\x02" * 32: BoundedVec(2, [1]), b"\x01" * 32: BoundedVec(2, [])}),
              {1, 2 ** 40}]  # fmt: skip
    config = runtime_config(type_registry(codecs))
    for codec, value in zip(codecs, values, strict=True):
        ours = codec.encode(value)
        assert scalecodec_encode(config, codec, value) == ours, codec.name
        back = scalecodec_decode(config, codec, ours)
        assert back == value and type(back) is type(codec.decode(ours)), codec.name
    assert type_registry([VEC, MAP])["types"]["BoundedBTreeMap<u32, u64, 3>"] == "Vec<(u32, u64)>"


def test_max_encoded_len():
    assert max_encoded_len(VEC) == 1 + 3 * 4
    assert max_encoded_len(MAP) == 1 + 3 * (4 + 8)
    assert max_encoded_len(SET) == 1 + 3 * 2
    assert max_encoded_len(BoundedVecCodec(scale.u8, 64)) == 2 + 64  # Compact(64) is two bytes
    assert max_encoded_len(scale.CompactCodec(scale.u32)) == 5
    assert max_encoded_len(scale.OptionCodec(scale.u32)) == 5
    assert max_encoded_len(scale.TupleCodec([scale.u8, codec_of(Bytes32)])) == 33
    for unbounded in (scale.VecCodec(scale.u32), scale.bytes_codec, scale.string, BTreeSetCodec(scale.u8)):
        with pytest.raises(Unbounded):
            max_encoded_len(unbounded)
