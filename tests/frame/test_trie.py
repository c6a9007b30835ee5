"""Tests for frame.trie: upstream root vectors, hand-built node encodings, and properties of the
persistent trie (incremental updates always agree with a full rebuild and with a naive reference)."""

from __future__ import annotations

from hashlib import blake2b

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frame.trie import EMPTY_ROOT, TRIE_VALUE_NODE_THRESHOLD, Trie, ordered_trie_root, trie_root
from frame.trie import _header as header  # private, but the header rule deserves its own vectors
from primitives.scale import encode_compact

# -- upstream vectors (reference doc /work/shared/reference/substrate-frame.md §1.7, §1.8, §7.3, App. A) --

EMPTY = "03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314"
DOGS = {b"doe": b"reindeer", b"dog": b"puppy", b"dogglesworth": b"cat"}
# polkadot-sdk substrate/primitives/state-machine/src/basic.rs `commit_should_work` and
# .../overlayed_changes/mod.rs `overlayed_storage_root_works` (StateVersion::default() = V1; no value
# reaches 33 bytes, so V0 gives the same root)
DOGS_ROOT = "39245109cef3758c2eed2ccba8d9b370a917850af3824bc8348d505df2c298fa"
# same overlayed_storage_root_works test after `set_storage(b"doug2", b"yes")`; also ChainSafe/gossamer
# overlayed-changes test
DOGS_DOUG2_ROOT = "5c0a4e35cb967de785e1cb8743e6f24b6ff6d45155317f2078f6eb3fc4ff3e3d"
# ChainSafe/gossamer pkg/trie/inmemory/layout_test.go `Test_Version_Root`: the value of key3 is 39 bytes,
# so V1 stores it as a hashed value node and the roots differ. (The reference doc lists the V1 root as
# "same, V1" under the doug2 row; the upstream test uses these key1..key3 entries.)
VERSIONED = {
    b"key1": b"value1",
    b"key2": b"value2",
    b"key3": b"verylargevaluewithmorethan32byteslength",
}
VERSIONED_V0_ROOT = "71052d48704658a8435fb9cbc7ef69c75dad2f64001cb30bfa010f7d609e2657"
VERSIONED_V1_ROOT = "6a4a732757263bf2bc4e03a341e3f8ea635f78996ec06a6a965d5097a2911c29"


def b2(data: bytes) -> bytes:
    return blake2b(data, digest_size=32).digest()


def test_empty_root() -> None:
    assert EMPTY_ROOT.hex() == EMPTY
    assert EMPTY_ROOT == b2(b"\x00")
    for version in (0, 1):
        assert trie_root({}, version) == EMPTY_ROOT
        assert trie_root([], version) == EMPTY_ROOT
        assert Trie(version).root == EMPTY_ROOT
        assert Trie.from_items({}, version).root == EMPTY_ROOT
        assert len(Trie.from_items({}, version)) == 0


@pytest.mark.parametrize("version", [0, 1])
def test_dogs_vector(version: int) -> None:
    assert trie_root(DOGS, version).hex() == DOGS_ROOT
    assert trie_root(list(DOGS.items()), version).hex() == DOGS_ROOT
    assert Trie.from_items(DOGS, version).root.hex() == DOGS_ROOT


@pytest.mark.parametrize("version", [0, 1])
def test_overlayed_storage_root_works_sequence(version: int) -> None:
    """Replays the upstream overlay test as Trie updates: start from the backend's items, apply the
    committed and pending changes, check the root, then add doug2."""
    initial = {b"doe": b"reindeer", b"dog": b"puppyXXX", b"dogglesworth": b"catXXX", b"doug": b"notadog"}
    trie = Trie.from_items(initial, version)
    trie = trie.updated({b"dog": b"puppy", b"dogglesworth": b"catYYY", b"doug": b""})
    trie = trie.updated({b"dogglesworth": b"cat", b"doug": None})
    assert trie.root.hex() == DOGS_ROOT
    assert len(trie) == 3
    after = trie.updated({b"doug2": b"yes"})
    assert after.root.hex() == DOGS_DOUG2_ROOT
    assert trie_root({**DOGS, b"doug2": b"yes"}, version).hex() == DOGS_DOUG2_ROOT
    assert trie.root.hex() == DOGS_ROOT  # the older trie is untouched


def test_versioned_vector_hashes_long_values_only_in_v1() -> None:
    assert len(VERSIONED[b"key3"]) == 39 >= TRIE_VALUE_NODE_THRESHOLD
    assert trie_root(VERSIONED, 0).hex() == VERSIONED_V0_ROOT
    assert trie_root(VERSIONED, 1).hex() == VERSIONED_V1_ROOT
    assert Trie.from_items(VERSIONED, 0).root.hex() == VERSIONED_V0_ROOT
    assert Trie.from_items(VERSIONED, 1).root.hex() == VERSIONED_V1_ROOT
    # built up key by key from empty
    trie = Trie(1)
    for k, v in VERSIONED.items():
        trie = trie.updated({k: v})
    assert trie.root.hex() == VERSIONED_V1_ROOT


def test_single_leaf_encoding_aa_bb() -> None:
    # reference §7.3: {0xaa: 0xbb} is the single leaf 42 aa 04 bb (header 01|2 nibbles, key, compact(1), value)
    root = trie_root({b"\xaa": b"\xbb"})
    assert root == b2(bytes.fromhex("42aa04bb"))
    assert root.hex() == "7139093dc8fdc285c49416f80974ef722e770117d1626dcc7390406ba745b133"
    assert trie_root({b"\xaa": b"\xbb"}, 0) == root


# -- hand-built encodings --------------------------------------------------------------------------


def test_header_saturation() -> None:
    assert header(0x40, 6, 0) == b"\x40"
    assert header(0x40, 6, 62) == bytes([0x40 | 62])
    assert header(0x40, 6, 63) == bytes([0x7F, 0x00])
    assert header(0x40, 6, 64) == bytes([0x7F, 0x01])
    assert header(0x40, 6, 63 + 254) == bytes([0x7F, 254])
    assert header(0x40, 6, 63 + 255) == bytes([0x7F, 255, 0])
    assert header(0x40, 6, 63 + 510) == bytes([0x7F, 255, 255, 0])
    assert header(0x20, 5, 31) == bytes([0x3F, 0x00])  # V1 hashed-value leaf: 5 length bits
    assert header(0x10, 4, 14) == bytes([0x1E])  # V1 hashed-value branch: 4 length bits
    assert header(0x10, 4, 16) == bytes([0x1F, 0x01])
    with pytest.raises(ValueError):
        header(0x40, 6, 65536)


def test_long_key_leaf_and_hashed_value_leaf() -> None:
    key = bytes(range(32))  # 64 nibbles: header 7f 01
    assert trie_root({key: b"\x01"}) == b2(b"\x7f\x01" + key + b"\x04\x01")
    value = b"v" * 33  # V1: leaf with hashed value, header 001 + 5 bits, saturated at 31 -> 3f 21
    assert trie_root({key: value}, 1) == b2(b"\x3f\x21" + key + b2(value))
    assert trie_root({key: value}, 0) == b2(b"\x7f\x01" + key + bytes([33 << 2]) + value)
    assert trie_root({b"k": b"v" * 32}, 1) == trie_root({b"k": b"v" * 32}, 0)  # 32 bytes stay inline


def test_branch_with_inline_and_hashed_children() -> None:
    # keys 0x10 and 0x12 share nibble 1; children leaves at nibbles 0 and 2 with empty partial keys
    small = trie_root({b"\x10": b"a", b"\x12": b"b"})
    branch = bytes([0x81, 0x01, 0b101, 0x00]) + b"\x0c\x40\x04a" + b"\x0c\x40\x04b"
    assert small == b2(branch)
    # a 40-byte value makes the child leaf 42 bytes (>= 32) in V0, so it is referenced by hash
    big = b"x" * 40
    leaf = b"\x40" + bytes([40 << 2]) + big
    branch = bytes([0x81, 0x01, 0b101, 0x00]) + b"\x0c\x40\x04a" + b"\x80" + b2(leaf)
    assert trie_root({b"\x10": b"a", b"\x12": big}, 0) == b2(branch)
    # a branch with a value: the empty key is the root branch's value, key 00 its child at nibble 0
    root = trie_root({b"": b"r", b"\x00": b"a"})
    assert root == b2(bytes([0xC0, 0x01, 0x00, 0x04]) + b"r" + b"\x10" + bytes([0x41, 0x00, 0x04]) + b"a")


def test_ordered_trie_root() -> None:
    assert ordered_trie_root([]) == EMPTY_ROOT
    assert ordered_trie_root([], 1) == EMPTY_ROOT
    # one value: key compact(0) = 00 -> leaf 42 00 04 61
    assert ordered_trie_root([b"a"]) == b2(bytes.fromhex("42000461"))
    # keys compact(0)=00 and compact(1)=04 share nibble 0: branch 81 00, bitmap bits 0 and 4 (11 00),
    # then inline leaves 40 04 61 / 40 04 62 (each prefixed with compact(3) = 0c)
    assert ordered_trie_root([b"a", b"b"]) == b2(bytes.fromhex("810011000c4004610c400462"))
    # default is V0 (Substrate's extrinsics root); a long value differs under V1
    xts = [b"\x01" * 40, b"\x02"]
    assert ordered_trie_root(xts) == ordered_trie_root(xts, 0) != ordered_trie_root(xts, 1)
    many = [bytes([i % 256]) * (i % 50) for i in range(300)]  # indices from 64 on have 2-byte compact keys
    assert ordered_trie_root(many) == trie_root({encode_compact(i): v for i, v in enumerate(many)}, 0)


def test_api_details() -> None:
    trie = Trie.from_items([(b"a", b"1"), (b"a", b"2"), (b"b", b"3")])  # last value wins
    assert trie.get(b"a") == b"2"
    assert trie.get(b"c") is None
    assert trie.get(b"") is None
    assert b"b" in trie and b"c" not in trie
    assert len(trie) == 2
    assert list(trie.items()) == [(b"a", b"2"), (b"b", b"3")]
    assert trie.state_version == 1
    with pytest.raises(AttributeError):
        trie.state_version = 0  # type: ignore[misc]
    assert trie.updated({}) is trie
    assert trie.updated({b"zz": None}) is trie  # deleting a missing key is a no-op
    assert trie.updated({b"a": b"2"}) is trie  # so is rewriting the same value
    assert trie.updated({b"c": bytearray(b"4")}).get(b"c") == b"4"  # bytes-like values are copied to bytes
    with pytest.raises(ValueError):
        Trie(2)
    with pytest.raises(ValueError):
        trie_root({}, 2)
    with pytest.raises(TypeError):
        trie.updated({"a": b"1"})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        trie_root({b"a": None})  # type: ignore[dict-item]
    assert "Trie(2 items" in repr(trie)


def test_deletion_renormalises() -> None:
    full = Trie.from_items({b"": b"root", b"a": b"1", b"ab": b"2", b"abc": b"3", b"b": b"4"})
    # remove the middle of a chain: branch 'a' keeps one child and a value; 'ab' merges with 'abc'
    t = full.updated({b"ab": None})
    assert t.root == trie_root({b"": b"root", b"a": b"1", b"abc": b"3", b"b": b"4"})
    t = t.updated({b"": None, b"b": None})
    assert t.root == trie_root({b"a": b"1", b"abc": b"3"})
    t = t.updated({b"a": None})
    assert t.root == trie_root({b"abc": b"3"}) == b2(bytes([0x46]) + b"abc" + b"\x04" + b"3")
    assert len(t) == 1
    t = t.updated({b"abc": None})
    assert t.root == EMPTY_ROOT and len(t) == 0 and list(t.items()) == []
    assert full.root == trie_root({b"": b"root", b"a": b"1", b"ab": b"2", b"abc": b"3", b"b": b"4"})
    assert len(full) == 5


def test_long_prefix_chain_has_no_recursion_limit() -> None:
    items = {b"\x11" * i: bytes([i % 256]) for i in range(1500)}  # 1500 nested branches
    trie = Trie.from_items(items)
    assert trie.root == trie_root(items)
    assert trie.updated({b"\x11" * 700: None}).root == trie_root({k: v for k, v in items.items() if len(k) != 700})


# -- a naive reference implementation (straight from the spec, recursive, for small inputs) -----------


def naive_root(items: dict[bytes, bytes], version: int) -> bytes:
    def nibbles(key: bytes) -> tuple[int, ...]:
        return tuple(n for b in key for n in (b >> 4, b & 15))

    def compact(n: int) -> bytes:
        assert n < 1 << 14
        return bytes([n << 2]) if n < 64 else ((n << 2) | 1).to_bytes(2, "little")

    def head(kind: int, bits: int, n: int) -> bytes:
        top = (1 << bits) - 1
        if n < top:
            return bytes([kind | n])
        out, n = [kind | top], n - top
        while n >= 255:
            out.append(255)
            n -= 255
        return bytes([*out, n])

    def pack(p: tuple[int, ...]) -> bytes:
        p = ((0,) + p) if len(p) % 2 else p
        return bytes(p[i] << 4 | p[i + 1] for i in range(0, len(p), 2))

    def value_part(v: bytes) -> bytes:
        return b2(v) if version == 1 and len(v) >= 33 else compact(len(v)) + v

    def encode(entries: list[tuple[tuple[int, ...], bytes]]) -> bytes:
        if len(entries) == 1:
            path, v = entries[0]
            hashed = version == 1 and len(v) >= 33
            return head(0x20 if hashed else 0x40, 5 if hashed else 6, len(path)) + pack(path) + value_part(v)
        common = 0
        while all(len(p) > common and p[common] == entries[0][0][common] for p, _ in entries):
            common += 1
        partial = entries[0][0][:common]
        value = next((v for p, v in entries if len(p) == common), None)
        refs = b""
        bitmap = 0
        for nib in range(16):
            sub = [(p[common + 1 :], v) for p, v in entries if len(p) > common and p[common] == nib]
            if sub:
                bitmap |= 1 << nib
                enc = encode(sub)
                ref = enc if len(enc) < 32 else b2(enc)
                refs += compact(len(ref)) + ref
        if value is None:
            h, sv = head(0x80, 6, len(partial)), b""
        elif version == 1 and len(value) >= 33:
            h, sv = head(0x10, 4, len(partial)), b2(value)
        else:
            h, sv = head(0xC0, 6, len(partial)), value_part(value)
        return h + pack(partial) + bitmap.to_bytes(2, "little") + sv + refs

    if not items:
        return b2(b"\x00")
    return b2(encode([(nibbles(k), v) for k, v in items.items()]))


# -- property tests ---------------------------------------------------------------------------------

# few distinct bytes so that keys often share nibbles and are prefixes of each other; the empty key too
keys = st.binary(max_size=4).map(lambda b: bytes(x & 0x13 for x in b))
values = st.one_of(st.binary(max_size=6), st.binary(min_size=30, max_size=40))  # around the V1 threshold
states = st.dictionaries(keys, values, max_size=24)
change_sets = st.lists(st.dictionaries(keys, st.one_of(st.none(), values), max_size=12), max_size=4)
versions = st.sampled_from([0, 1])
FAST = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(states, versions)
def test_trie_root_matches_naive_reference(items: dict[bytes, bytes], version: int) -> None:
    expected = naive_root(items, version)
    assert trie_root(items, version) == expected
    trie = Trie.from_items(items, version)
    assert trie.root == expected
    assert len(trie) == len(items)
    assert list(trie.items()) == sorted(items.items())
    for k, v in items.items():
        assert trie.get(k) == v


@FAST
@given(states, change_sets, versions)
def test_updates_match_full_rebuild(
    items: dict[bytes, bytes], changes: list[dict[bytes, bytes | None]], version: int
) -> None:
    original = Trie.from_items(items, version)
    original_root = original.root
    trie = original
    merged = dict(items)
    for change in changes:
        before_root, before_len, before_items = trie.root, len(trie), list(trie.items())
        new = trie.updated(change)
        for k, v in change.items():
            if v is None:
                merged.pop(k, None)
            else:
                merged[k] = v
        assert new.root == trie_root(merged, version)
        assert len(new) == len(merged)
        assert list(new.items()) == sorted(merged.items())
        for k in change:
            assert new.get(k) == merged.get(k)
        # the trie we updated from is unchanged
        assert (trie.root, len(trie), list(trie.items())) == (before_root, before_len, before_items)
        trie = new
    assert original.root == original_root == trie_root(items, version)
    assert len(original) == len(items)


@FAST
@given(states, versions)
def test_deleting_everything_gives_the_empty_trie(items: dict[bytes, bytes], version: int) -> None:
    trie = Trie.from_items(items, version).updated(dict.fromkeys(items))
    assert trie.root == EMPTY_ROOT
    assert len(trie) == 0
    # and rebuilding it one key at a time from empty gives the bulk-built root
    rebuilt = Trie(version)
    for k, v in items.items():
        rebuilt = rebuilt.updated({k: v})
    assert rebuilt.root == trie_root(items, version)
