"""The erasure root and chunk proofs (`erasure_root`, `branches`, `verify_chunk`): every honest proof checks,
every forged one is refused by name."""

import struct

import pytest

from frame.trie import trie_root
from node.availability import (
    ChunkHashMismatch,
    ChunkIndexOutOfRange,
    ChunkNotInTrie,
    ExtraProofNodes,
    InvalidErasureProof,
    MalformedProofNode,
    MissingProofNode,
    ProofTooLarge,
    branches,
    erasure_root,
    erasure_root_and_branches,
    obtain_chunks,
    verify_chunk,
)
from primitives.hashing import blake2_256


def chunks_for(n: int, length: int = 1000) -> list[bytes]:
    return obtain_chunks(n, bytes((i * 11 + n) % 256 for i in range(length)))


@pytest.mark.parametrize("n", [2, 3, 10, 100, 1000])
def test_every_branch_verifies(n):
    chunks = chunks_for(n)
    root = erasure_root(chunks)
    # the root is Substrate's LayoutV0 trie root of SCALE(u32 i) -> blake2_256(chunk i)
    assert root == trie_root({struct.pack("<I", i): blake2_256(c) for i, c in enumerate(chunks)}, state_version=0)
    proved = branches(chunks)
    assert erasure_root_and_branches(chunks) == (root, proved)
    assert [c for c, _ in proved] == chunks
    for i, (chunk, proof) in enumerate(proved):
        assert blake2_256(proof[0]) == root
        assert 1 <= len(proof) <= 8 and all(1 <= len(node) <= 612 for node in proof)
        verify_chunk(root, i, chunk, proof)


def test_proofs_fit_polkadots_bounds_at_the_largest_n():
    chunks = obtain_chunks(65536, b"x" * 100)
    proved = branches(chunks)
    assert max(len(p) for _, p in proved) <= 8
    assert max(len(node) for _, p in proved for node in p) <= 612
    verify_chunk(erasure_root(chunks), 65535, *proved[65535])


@pytest.fixture(scope="module")
def world():
    chunks = chunks_for(100)
    return erasure_root(chunks), chunks, branches(chunks)


def test_another_chunk_is_refused(world):
    root, chunks, proved = world
    _, proof = proved[7]
    with pytest.raises(ChunkHashMismatch, match="chunk 7 hashes to"):
        verify_chunk(root, 7, chunks[8], proof)
    tampered = bytes([chunks[7][0] ^ 0x80]) + chunks[7][1:]
    with pytest.raises(ChunkHashMismatch):
        verify_chunk(root, 7, tampered, proof)


def test_a_proof_for_another_index_is_refused(world):
    root, chunks, proved = world
    with pytest.raises(MissingProofNode, match="chunk 8: the proof lacks node"):
        verify_chunk(root, 8, chunks[7], proved[7][1])
    with pytest.raises(ChunkNotInTrie, match="no chunk 112 "):  # no index of 100 starts with nibble 7 (0x70)
        verify_chunk(root, 112, chunks[7], proved[7][1][:1])


def test_a_proof_under_another_root_is_refused(world):
    root, chunks, proved = world
    other = chunks_for(100, 999)
    with pytest.raises(MissingProofNode, match="lacks the root node"):
        verify_chunk(erasure_root(other), 7, chunks[7], proved[7][1])


def test_missing_nodes_are_refused(world):
    root, chunks, proved = world
    proof = proved[7][1]
    with pytest.raises(MissingProofNode, match="lacks node"):
        verify_chunk(root, 7, chunks[7], proof[:-1])
    with pytest.raises(MissingProofNode, match="lacks the root node"):
        verify_chunk(root, 7, chunks[7], proof[1:])
    with pytest.raises(MissingProofNode):
        verify_chunk(root, 7, chunks[7], [])


def test_extra_nodes_are_refused(world):
    root, chunks, proved = world
    proof = proved[7][1]
    with pytest.raises(ExtraProofNodes, match="1 node"):
        verify_chunk(root, 7, chunks[7], [*proof, proved[50][1][-1]])
    with pytest.raises(ExtraProofNodes, match="twice"):
        verify_chunk(root, 7, chunks[7], [*proof, proof[-1]])
    with pytest.raises(ExtraProofNodes):  # order does not matter, surplus does
        verify_chunk(root, 7, chunks[7], [proved[3][1][-1], *reversed(proof)])
    verify_chunk(root, 7, chunks[7], list(reversed(proof)))


def test_a_tampered_node_is_refused(world):
    root, chunks, proved = world
    proof = list(proved[7][1])
    leaf = proof[-1]
    forged_value = blake2_256(chunks[8])
    proof[-1] = leaf[: -len(forged_value)] + forged_value  # the leaf now claims chunk 8's hash
    with pytest.raises(MissingProofNode):
        verify_chunk(root, 7, chunks[8], proof)


def test_malformed_nodes_are_refused():
    for node in (b"\x07garbage", b"\x41\x07", b"\x80\x00\x00", b"\x42" + bytes(40)):
        with pytest.raises(MalformedProofNode):
            verify_chunk(blake2_256(node), 0, b"\x00\x00", [node])


def test_proof_size_bounds(world):
    root, chunks, proved = world
    with pytest.raises(ProofTooLarge, match="9 nodes"):
        verify_chunk(root, 7, chunks[7], [bytes([i]) for i in range(9)])
    with pytest.raises(ProofTooLarge, match="613 bytes"):
        verify_chunk(root, 7, chunks[7], [*proved[7][1], bytes(613)])
    with pytest.raises(ProofTooLarge, match="0 bytes"):
        verify_chunk(root, 7, chunks[7], [b"", *proved[7][1]])


def test_bad_root_and_index(world):
    root, chunks, proved = world
    with pytest.raises(InvalidErasureProof, match="32 bytes, not 31"):
        verify_chunk(root[:31], 7, chunks[7], proved[7][1])
    for index in (-1, 2**32, True):
        with pytest.raises(ChunkIndexOutOfRange):
            verify_chunk(root, index, chunks[7], proved[7][1])
