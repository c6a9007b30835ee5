"""Erasure coding of a candidate's `AvailableData` into one chunk per validator, as Polkadot's v1 chunks.

Reference ``availability-approval.md`` §1 (Polkadot ``erasure-coding`` over ``reed-solomon-novelpoly``): the
SCALE encoding of `AvailableData` is coded over GF(2^16) into ``n`` chunks (``n`` = the session's validator
count, 2..=65536), any ``recovery_threshold(n) = (n-1)//3 + 1`` of which give it back. The code has
``k = systematic_threshold(n)`` originals (the power of two <= the threshold); the payload is cut into runs of
2k bytes read as big-endian 16-bit symbols and chunk i is codeword symbol i of every run, so chunks 0..k-1
(the systematic chunks) are the payload interleaved. Chunks are byte for byte novelpoly's (checked against the
pinned vectors in ``reference/erasure-vectors.json``); `reed_solomon_leopard` does the arithmetic (`_codec`).

The erasure root commits to the chunks: the root of a Substrate trie (LayoutV0, BLAKE2b-256) mapping
``SCALE(u32 index)`` to ``blake2_256(chunk)``. A chunk's proof is the trie nodes from the root to its leaf.

API (errors in `node.availability.errors`, all `ErasureError`):

* ``obtain_chunks(n_validators, data) -> list[bytes]``: the n chunks of a non-empty payload
  (`NotEnoughValidators`, `TooManyValidators`, `EmptyPayload`, `PayloadTooLarge`);
* ``reconstruct(n_validators, {index: chunk}) -> bytes``: the payload, zero-padded to ``k * len(chunk)``,
  from at least the threshold of distinct chunks (`NotEnoughChunks` says needed vs given;
  `ChunkIndexOutOfRange`, `WrongChunkSize` for empty, odd, unequal or oversized chunks, `BadChunk`); it takes
  the systematic fast path when chunks 0..k-1 are all there. The code itself needs only k chunks; like
  Polkadot's recovery, this asks for the threshold;
* ``reconstruct_from_systematic(n_validators, {index: chunk}) -> bytes``: joins chunks 0..k-1 without decoding
  (`MissingSystematicChunks`);
* ``reconstruct_and_check(root, n_validators, {index: chunk}) -> bytes``: `reconstruct`, then re-encode and
  compare the erasure root (`InvalidErasureRoot`: a chunk was corrupt);
* ``erasure_root(chunks) -> bytes`` and ``branches(chunks) -> [(chunk, proof)]`` (both at once, hashing each
  chunk once: ``erasure_root_and_branches(chunks) -> (root, [(chunk, proof)])``);
* ``verify_chunk(root, index, chunk, proof)``: returns None or raises an `InvalidErasureProof`
  (`MissingProofNode`, `ExtraProofNodes`, `MalformedProofNode`, `ProofTooLarge`, `ChunkNotInTrie`,
  `ChunkHashMismatch`);
* ``encode_available_data(AvailableData) -> bytes`` and ``decode_available_data(payload) -> AvailableData``
  (`BadPayload`; trailing bytes such as the zero padding of `reconstruct` are ignored, as Polkadot does).
"""

from __future__ import annotations

import struct
from collections.abc import Mapping, Sequence

from frame.trie import trie_root
from frame.trie_proof import (
    TrieProofBadNode,
    TrieProofHasExtraNodes,
    TrieProofIncomplete,
    read_proof,
    trie_proofs,
)
from node.availability import _codec
from node.availability.errors import (
    BadChunk,
    BadPayload,
    ChunkHashMismatch,
    ChunkIndexOutOfRange,
    ChunkNotInTrie,
    EmptyPayload,
    ExtraProofNodes,
    InvalidErasureProof,
    InvalidErasureRoot,
    MalformedProofNode,
    MissingProofNode,
    MissingSystematicChunks,
    NotEnoughChunks,
    NotEnoughValidators,
    PayloadTooLarge,
    ProofTooLarge,
    TooManyValidators,
    WrongChunkSize,
)
from primitives.hashing import blake2_256
from primitives.parachain import AvailableData
from primitives.scale import CodecError
from primitives.types import codec_of

#: The most chunks the code has positions for (GF(2^16)).
MAX_VALIDATORS = 65536
#: Default bound on a payload (and so on a chunk's size): above Polkadot's PoV limit (5 MiB at launch, later
#: 10 MiB) plus the validation data. Callers with a configuration pass their own `max_payload_size`.
MAX_PAYLOAD_SIZE = 16 * 1024 * 1024
#: Polkadot's bounds on a chunk proof (``node/primitives``): at most 8 nodes of 1..=612 bytes each.
MAX_PROOF_NODES = 8
MAX_PROOF_NODE_SIZE = 612

_U32 = struct.Struct("<I")
_AVAILABLE_DATA = codec_of(AvailableData)


# -- parameters ------------------------------------------------------------------------------------------


def _check_n(n_validators: int) -> None:
    if n_validators < 2:
        raise NotEnoughValidators(f"erasure coding needs at least 2 validators, got {n_validators}")
    if n_validators > MAX_VALIDATORS:
        raise TooManyValidators(f"{n_validators} validators exceed the code's {MAX_VALIDATORS} positions")


def recovery_threshold(n_validators: int) -> int:
    """How many chunks recovery collects: ``(n-1)//3 + 1`` (f+1 for n = 3f+1)."""
    _check_n(n_validators)
    return (n_validators - 1) // 3 + 1


def systematic_threshold(n_validators: int) -> int:
    """k: the code's original count, the largest power of two <= the recovery threshold."""
    return 1 << (recovery_threshold(n_validators).bit_length() - 1)


def chunk_size(n_validators: int, payload_len: int) -> int:
    """Every chunk's length for a payload of `payload_len` bytes: ``2 * ceil(payload_len / 2k)``."""
    k = systematic_threshold(n_validators)
    return 2 * -(-payload_len // (2 * k))


# -- encoding and recovery -------------------------------------------------------------------------------


def obtain_chunks(n_validators: int, data: bytes, *, max_payload_size: int = MAX_PAYLOAD_SIZE) -> list[bytes]:
    """The `n_validators` chunks of `data` (chunk i for chunk index i)."""
    k = systematic_threshold(n_validators)
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"the payload must be bytes, not {type(data).__name__}")
    data = bytes(data)
    if not data:
        raise EmptyPayload("cannot erasure-code an empty payload")
    if len(data) > max_payload_size:
        raise PayloadTooLarge(f"payload of {len(data)} bytes exceeds the bound of {max_payload_size}")
    return _codec.encode(data, n_validators, k)


def _checked(n_validators: int, chunks: Mapping[int, bytes], max_payload_size: int) -> dict[int, bytes]:
    """The chunks as bytes after checking indexes and sizes (all equal, even, non-empty, within the bound)."""
    checked: dict[int, bytes] = {}
    size = None
    limit = chunk_size(n_validators, max_payload_size)
    for index, chunk in chunks.items():
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < n_validators:
            raise ChunkIndexOutOfRange(f"chunk index {index!r} is not in 0..{n_validators - 1}")
        if not isinstance(chunk, bytes | bytearray | memoryview):
            raise BadChunk(f"chunk {index} is a {type(chunk).__name__}, not bytes")
        chunk = bytes(chunk)
        if size is None:
            size = len(chunk)
            if size == 0 or size % 2:
                raise WrongChunkSize(f"chunk {index} has {size} bytes: chunks are non-empty and of even length")
            if size > limit:
                raise WrongChunkSize(
                    f"chunk {index} has {size} bytes, more than the {limit} of a {max_payload_size}-byte payload"
                )
        elif len(chunk) != size:
            raise WrongChunkSize(f"chunk {index} has {len(chunk)} bytes where the others have {size}")
        checked[index] = chunk
    return checked


def reconstruct(n_validators: int, chunks: Mapping[int, bytes], *, max_payload_size: int = MAX_PAYLOAD_SIZE) -> bytes:
    """The payload (zero-padded) from at least `recovery_threshold(n_validators)` chunks, keyed by index."""
    needed = recovery_threshold(n_validators)
    checked = _checked(n_validators, chunks, max_payload_size)
    if len(checked) < needed:
        raise NotEnoughChunks(
            f"{n_validators} validators: recovery needs {needed} chunks, given {len(checked)}", needed, len(checked)
        )
    k = systematic_threshold(n_validators)
    if all(i in checked for i in range(k)):
        return _codec.join_systematic([checked[i] for i in range(k)], k)
    return _codec.decode(checked, n_validators, k)


def reconstruct_from_systematic(
    n_validators: int, chunks: Mapping[int, bytes], *, max_payload_size: int = MAX_PAYLOAD_SIZE
) -> bytes:
    """The payload (zero-padded) from the systematic chunks 0..k-1 alone, without decoding."""
    k = systematic_threshold(n_validators)
    checked = _checked(n_validators, chunks, max_payload_size)
    missing = [i for i in range(k) if i not in checked]
    if missing:
        shown = ", ".join(map(str, missing[:8])) + (", ..." if len(missing) > 8 else "")
        raise MissingSystematicChunks(
            f"{n_validators} validators: the systematic path needs chunks 0..{k - 1}; missing {shown}",
            k,
            k - len(missing),
        )
    return _codec.join_systematic([checked[i] for i in range(k)], k)


def reconstruct_and_check(
    root: bytes, n_validators: int, chunks: Mapping[int, bytes], *, max_payload_size: int = MAX_PAYLOAD_SIZE
) -> bytes:
    """`reconstruct`, then re-encode the payload and require its erasure root to be `root`."""
    payload = reconstruct(n_validators, chunks, max_payload_size=max_payload_size)
    found = erasure_root(_codec.encode(payload, n_validators, systematic_threshold(n_validators)))
    if found != bytes(root):
        raise InvalidErasureRoot(f"the recovered data re-encodes to erasure root 0x{found.hex()}, not 0x{root.hex()}")
    return payload


# -- the erasure root and chunk proofs -------------------------------------------------------------------


def _items(chunks: Sequence[bytes]) -> list[tuple[bytes, bytes]]:
    return [(_U32.pack(i), blake2_256(bytes(chunk))) for i, chunk in enumerate(chunks)]


def erasure_root(chunks: Sequence[bytes]) -> bytes:
    """The trie root (LayoutV0, BLAKE2b-256) of ``SCALE(u32 i) -> blake2_256(chunks[i])``."""
    return trie_root(_items(chunks), state_version=0)


def branches(chunks: Sequence[bytes]) -> list[tuple[bytes, list[bytes]]]:
    """Each chunk with its proof: the encoded trie nodes from the root (``blake2_256(proof[0])``) to its leaf."""
    return erasure_root_and_branches(chunks)[1]


def erasure_root_and_branches(chunks: Sequence[bytes]) -> tuple[bytes, list[tuple[bytes, list[bytes]]]]:
    """`erasure_root` and `branches` together, hashing every chunk once (what a collator or backer needs)."""
    root, proofs = trie_proofs(_items(chunks), state_version=0)
    return root, [(bytes(chunk), proofs[_U32.pack(i)]) for i, chunk in enumerate(chunks)]


def verify_chunk(root: bytes, index: int, chunk: bytes, proof: Sequence[bytes]) -> None:
    """Check that `proof` proves ``blake2_256(chunk)`` under `root` at `index`; raise an `InvalidErasureProof`."""
    if len(root) != 32:
        raise InvalidErasureProof(f"an erasure root has 32 bytes, not {len(root)}")
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < 1 << 32:
        raise ChunkIndexOutOfRange(f"chunk index {index!r} is not a u32")
    if len(proof) > MAX_PROOF_NODES:
        raise ProofTooLarge(f"chunk {index}: a proof of {len(proof)} nodes, more than {MAX_PROOF_NODES}")
    for i, node in enumerate(proof):
        if not 1 <= len(node) <= MAX_PROOF_NODE_SIZE:
            raise ProofTooLarge(f"chunk {index}: proof node {i} has {len(node)} bytes, not 1..={MAX_PROOF_NODE_SIZE}")
    try:
        value = read_proof(root, _U32.pack(index), proof)
    except TrieProofIncomplete as e:
        raise MissingProofNode(f"chunk {index}: {e}") from None
    except TrieProofHasExtraNodes as e:
        raise ExtraProofNodes(f"chunk {index}: {e}") from None
    except TrieProofBadNode as e:
        raise MalformedProofNode(f"chunk {index}: {e}") from None
    if value is None:
        raise ChunkNotInTrie(f"the proof shows no chunk {index} under erasure root 0x{bytes(root).hex()}")
    digest = blake2_256(bytes(chunk))
    if value != digest:
        raise ChunkHashMismatch(f"chunk {index} hashes to 0x{digest.hex()}, the trie holds 0x{value.hex()}")


# -- AvailableData ---------------------------------------------------------------------------------------


def encode_available_data(data: AvailableData) -> bytes:
    """The SCALE encoding of `data`: the payload that is erasure-coded."""
    return _AVAILABLE_DATA.encode(data)


def decode_available_data(payload: bytes) -> AvailableData:
    """`AvailableData` from the start of `payload` (a recovered payload's trailing padding is ignored)."""
    try:
        value, _ = _AVAILABLE_DATA.decode_from(bytes(payload), 0)
    except CodecError as e:
        raise BadPayload(f"the recovered payload is not AvailableData: {e}") from None
    return value
