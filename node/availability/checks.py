"""Checks of what peers send for availability: a chunk answering a chunk request, full data from a backer.

Both raise a named `ErasureError` and return nothing half-checked: `check_chunk` refuses a response that is
not an `ErasureChunk` (`BadChunk`), carries another index than the one asked (`UnexpectedChunkIndex`), an
index outside the validator set (`ChunkIndexOutOfRange`), an empty, odd or oversized chunk (`WrongChunkSize`),
or a proof that does not prove it under the erasure root (`InvalidErasureProof`: `MissingProofNode`,
`ExtraProofNodes`, `MalformedProofNode`, `ProofTooLarge`, `ChunkNotInTrie`, `ChunkHashMismatch`).
`check_available_data` refuses what is not `AvailableData` (`BadPayload`) or does not re-encode to the
erasure root (`InvalidErasureRoot`).
"""

from __future__ import annotations

from typing import Any

from node.availability.erasure import (
    MAX_PAYLOAD_SIZE,
    chunk_size,
    encode_available_data,
    erasure_root,
    obtain_chunks,
    verify_chunk,
)
from node.availability.errors import BadChunk, BadPayload, ChunkIndexOutOfRange, InvalidErasureRoot, WrongChunkSize
from primitives.parachain import AvailableData, ErasureChunk

__all__ = ["UnexpectedChunkIndex", "check_available_data", "check_chunk"]


class UnexpectedChunkIndex(BadChunk):
    """A peer answered a request for one chunk index with another."""


def check_chunk(response: Any, *, root: bytes, n_validators: int, index: int,
                max_payload_size: int = MAX_PAYLOAD_SIZE) -> ErasureChunk:  # fmt: skip
    """`response` as the checked chunk `index` of the data under erasure root `root` (raises by name)."""
    if not isinstance(response, ErasureChunk):
        raise BadChunk(f"chunk {index}: the answer is a {type(response).__name__}, not an ErasureChunk")
    if int(response.index) != index:
        raise UnexpectedChunkIndex(f"asked for chunk {index}, got chunk {int(response.index)}")
    if not 0 <= index < n_validators:
        raise ChunkIndexOutOfRange(f"chunk index {index} is not in 0..{n_validators - 1}")
    chunk = response.chunk
    if not isinstance(chunk, bytes | bytearray):
        raise BadChunk(f"chunk {index} is a {type(chunk).__name__}, not bytes")
    limit = chunk_size(n_validators, max_payload_size)
    if not chunk or len(chunk) % 2 or len(chunk) > limit:
        raise WrongChunkSize(f"chunk {index} has {len(chunk)} bytes: chunks are non-empty, of even length and at "
                             f"most {limit} bytes for {n_validators} validators")  # fmt: skip
    proof = response.proof
    if not isinstance(proof, tuple | list) or not all(isinstance(p, bytes | bytearray) for p in proof):
        raise BadChunk(f"chunk {index}: the proof is not a list of byte strings")
    verify_chunk(bytes(root), index, bytes(chunk), [bytes(p) for p in proof])
    return response


def check_available_data(response: Any, *, root: bytes, n_validators: int,
                         max_payload_size: int = MAX_PAYLOAD_SIZE) -> AvailableData:  # fmt: skip
    """`response` as data that re-encodes to erasure root `root` for `n_validators` (raises by name)."""
    if not isinstance(response, AvailableData):
        raise BadPayload(f"the answer is a {type(response).__name__}, not AvailableData")
    found = erasure_root(
        obtain_chunks(n_validators, encode_available_data(response), max_payload_size=max_payload_size)
    )
    if found != bytes(root):
        raise InvalidErasureRoot(f"the data re-encodes to erasure root 0x{found.hex()}, not 0x{bytes(root).hex()}")
    return response
