"""What peers send for availability is checked by name: wrong type, wrong index, oversized chunks, forged or
padded proofs, data that does not encode to the erasure root."""

from __future__ import annotations

import pytest

from node.availability import (
    BadChunk,
    BadPayload,
    ChunkHashMismatch,
    ChunkIndexOutOfRange,
    ExtraProofNodes,
    InvalidErasureRoot,
    MissingProofNode,
    WrongChunkSize,
    encode_available_data,
    erasure_root_and_branches,
    obtain_chunks,
)
from node.availability.checks import UnexpectedChunkIndex, check_available_data, check_chunk
from primitives.parachain import AvailableData, BlockData, ErasureChunk, OmittedValidationData, PoV

N = 10
DATA = AvailableData(PoV(BlockData(bytes(range(256)) * 3)), OmittedValidationData())
ROOT, BRANCHES = erasure_root_and_branches(obtain_chunks(N, encode_available_data(DATA)))


def chunk(i: int) -> ErasureChunk:
    return ErasureChunk(BRANCHES[i][0], i, tuple(BRANCHES[i][1]))


def test_a_good_chunk_passes():
    assert check_chunk(chunk(4), root=ROOT, n_validators=N, index=4) == chunk(4)
    assert check_available_data(DATA, root=ROOT, n_validators=N) == DATA


@pytest.mark.parametrize(
    "response, index, error",
    [
        (b"not a chunk", 4, BadChunk),
        (chunk(3), 4, UnexpectedChunkIndex),  # asked for 4, got 3
        (ErasureChunk(BRANCHES[0][0], N, tuple(BRANCHES[0][1])), N, ChunkIndexOutOfRange),
        (ErasureChunk(b"\0" * 4098, 4, tuple(BRANCHES[4][1])), 4, WrongChunkSize),  # oversized for the bound
        (ErasureChunk(b"", 4, tuple(BRANCHES[4][1])), 4, WrongChunkSize),
        (ErasureChunk(BRANCHES[4][0][:-1], 4, tuple(BRANCHES[4][1])), 4, WrongChunkSize),  # odd length
        (ErasureChunk(BRANCHES[4][0], 4, tuple(BRANCHES[4][1][:-1])), 4, MissingProofNode),
        (ErasureChunk(BRANCHES[4][0], 4, (*BRANCHES[4][1], BRANCHES[5][1][-1])), 4, ExtraProofNodes),
        (ErasureChunk(bytes(len(BRANCHES[4][0])), 4, tuple(BRANCHES[4][1])), 4, ChunkHashMismatch),
    ],
)
def test_bad_chunks_are_refused_by_name(response, index, error):
    with pytest.raises(error):
        check_chunk(response, root=ROOT, n_validators=N, index=index, max_payload_size=16 * 1024)


def test_data_that_does_not_encode_to_the_root_is_refused():
    other = AvailableData(PoV(BlockData(b"other")), OmittedValidationData())
    with pytest.raises(InvalidErasureRoot):
        check_available_data(other, root=ROOT, n_validators=N)
    with pytest.raises(BadPayload):
        check_available_data(b"bytes", root=ROOT, n_validators=N)
