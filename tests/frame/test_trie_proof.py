"""Trie proofs (`frame.trie_proof`): built for every key at once, read back through the proof alone, and
refused by name when a node is missing, surplus or malformed."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frame.trie import trie_root
from frame.trie_proof import (
    TrieProofBadNode,
    TrieProofHasExtraNodes,
    TrieProofIncomplete,
    read_proof,
    trie_proofs,
)
from primitives.hashing import blake2_256

ITEMS = st.dictionaries(st.binary(min_size=1, max_size=5), st.binary(max_size=40), min_size=1, max_size=40)


@settings(max_examples=60)
@given(ITEMS, st.sampled_from([0, 1]))
def test_every_key_reads_back_through_its_proof(items, state_version):
    root, proofs = trie_proofs(items, state_version)
    assert root == trie_root(items, state_version)
    assert set(proofs) == set(items)
    for key, value in items.items():
        assert blake2_256(proofs[key][0]) == root
        assert read_proof(root, key, proofs[key]) == value


def test_inline_children_and_hashed_values():
    items = {b"\x10": b"a", b"\x20": b"b", b"\x30\x01": bytes(40)}
    root, proofs = trie_proofs(items, state_version=1)
    assert proofs[b"\x10"] == proofs[b"\x20"] and len(proofs[b"\x10"]) == 1  # small leaves are inlined in the root
    assert proofs[b"\x30\x01"][-1] == bytes(40)  # v1: a value of 33+ bytes is its own node, listed last
    assert read_proof(root, b"\x30\x01", proofs[b"\x30\x01"]) == bytes(40)
    with pytest.raises(TrieProofIncomplete, match="the value node"):
        read_proof(root, b"\x30\x01", proofs[b"\x30\x01"][:-1])
    v0_root, v0_proofs = trie_proofs(items, state_version=0)
    assert v0_proofs[b"\x30\x01"][-1] != bytes(40) and read_proof(v0_root, b"\x30\x01", v0_proofs[b"\x30\x01"])


def test_absent_key_reads_none():
    root, proofs = trie_proofs({b"\x10": b"a", b"\x20": b"b"}, state_version=0)
    assert read_proof(root, b"\x30", proofs[b"\x10"]) is None  # the root has no child at nibble 3
    assert read_proof(root, b"\x10\x00", proofs[b"\x10"]) is None  # past a leaf


def test_empty_trie():
    root, proofs = trie_proofs({}, state_version=1)
    assert root == trie_root({}) and proofs == {}
    assert read_proof(root, b"k", [b"\x00"]) is None


def test_refusals():
    items = {bytes([i, i]): bytes(34) for i in range(20)}
    root, proofs = trie_proofs(items, state_version=0)
    proof = proofs[b"\x05\x05"]
    with pytest.raises(TrieProofIncomplete):
        read_proof(root, b"\x05\x05", proof[:-1])
    with pytest.raises(TrieProofHasExtraNodes, match="1 node"):
        read_proof(root, b"\x05\x05", [*proof, proofs[b"\x06\x06"][-1]])
    with pytest.raises(TrieProofHasExtraNodes, match="twice"):
        read_proof(root, b"\x05\x05", [*proof, proof[0]])
    for bad in (b"", b"\x01", b"\x41\x10\x00", b"\x40\x04", b"\x80\x01\x00\x21" + bytes(33)):
        with pytest.raises(TrieProofBadNode):
            read_proof(blake2_256(bad), b"\x05", [bad])
