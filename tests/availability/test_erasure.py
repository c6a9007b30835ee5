"""Erasure coding (`node.availability.erasure`): the pinned Polkadot v1 vectors, recovery from every kind of
chunk subset, the root check on recovery, and a test for each named error."""

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from node.availability import (
    BadChunk,
    BadPayload,
    ChunkIndexOutOfRange,
    EmptyPayload,
    InvalidErasureRoot,
    MissingSystematicChunks,
    NotEnoughChunks,
    NotEnoughValidators,
    PayloadTooLarge,
    TooManyValidators,
    WrongChunkSize,
    chunk_size,
    decode_available_data,
    encode_available_data,
    erasure_root,
    obtain_chunks,
    reconstruct,
    reconstruct_and_check,
    reconstruct_from_systematic,
    recovery_threshold,
    systematic_threshold,
)
from primitives.hashing import blake2_256
from primitives.parachain import AvailableData, BlockData, HeadData, OmittedValidationData, PoVBlock
from primitives.parachain.candidate import LocalValidationData

# Copied from shared/reference/erasure-vectors.json: chunks made with the Lin-Han-Chung C reference that
# reed-solomon-novelpoly ports (shared/reference/availability-approval.md §1.7).
VECTORS = json.loads((Path(__file__).parent / "erasure_vectors.json").read_text())["cases"]


def payload(length: int, mult: int = 7, add: int = 3) -> bytes:
    return bytes((i * mult + add) % 256 for i in range(length))


# -- the pinned vectors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", VECTORS, ids=lambda c: f"n{c['n']}-{c['payload_len']}B")
def test_pinned_vector(case):
    n, data = case["n"], payload(case["payload_len"], case["mult"], case["add"])
    assert recovery_threshold(n) == case["recovery_threshold"]
    assert systematic_threshold(n) == case["k"]
    assert chunk_size(n, len(data)) == case["chunk_len"]
    chunks = obtain_chunks(n, data)
    assert [len(c) for c in chunks] == [case["chunk_len"]] * n
    assert [blake2_256(c).hex() for c in chunks] == case["chunk_blake2_256"]
    subset = random.Random(n).sample(range(n), case["recovery_threshold"])
    recovered = reconstruct(n, {i: chunks[i] for i in subset})
    assert recovered[: len(data)] == data and not any(recovered[len(data) :])


@pytest.mark.parametrize(
    ("n", "threshold", "k"),
    [(2, 1, 1), (3, 1, 1), (4, 2, 2), (7, 3, 2), (10, 4, 4), (200, 67, 64), (300, 100, 64), (1000, 334, 256)],
)
def test_parameters(n, threshold, k):
    assert (recovery_threshold(n), systematic_threshold(n)) == (threshold, k)


@pytest.mark.parametrize(("n", "m"), [(2, 3), (4, 5), (4, 6), (200, 255), (10, 13)])
def test_chunks_do_not_depend_on_n_beyond_k(n, m):
    """Codeword position i does not depend on n (novelpoly): the same k gives the same first chunks. This
    also pins the low-rate positions for n = 2 and n = 4, where n - k = k."""
    assert systematic_threshold(n) == systematic_threshold(m)
    data = payload(777, 13, 1)
    assert obtain_chunks(n, data) == obtain_chunks(m, data)[:n]


# -- recovery from every kind of subset ------------------------------------------------------------------

SIZES = [2, 3, 4, 10, 100, 1000]


def subsets(n: int) -> dict[str, list[int]]:
    t, k = recovery_threshold(n), systematic_threshold(n)
    rng = random.Random(n)
    return {
        "systematic": list(range(t)),
        "parity only": list(range(n - t, n)),
        "mixed": sorted(rng.sample(range(k), (k + 1) // 2) + rng.sample(range(k, n), t - (k + 1) // 2)),
        "random threshold": rng.sample(range(n), t),
        "all": list(range(n)),
    }


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("length", [1, 2, 3, 4099])
def test_recovery_from_every_kind_of_subset(n, length):
    data = payload(length, 5, n)
    chunks = obtain_chunks(n, data)
    root = erasure_root(chunks)
    for name, indices in subsets(n).items():
        assert len(set(indices)) == len(indices) >= recovery_threshold(n), name
        given_chunks = {i: chunks[i] for i in indices}
        recovered = reconstruct(n, given_chunks)
        assert len(recovered) == systematic_threshold(n) * len(chunks[0]), name
        assert recovered[:length] == data and not any(recovered[length:]), name
        assert reconstruct_and_check(root, n, given_chunks) == recovered, name


@pytest.mark.parametrize("n", SIZES)
def test_one_short_of_the_threshold_is_refused_by_name(n):
    chunks = obtain_chunks(n, payload(500))
    t = recovery_threshold(n)
    for indices in (range(t - 1), range(n - t + 1, n)):
        with pytest.raises(NotEnoughChunks, match=f"needs {t} chunks, given {t - 1}") as info:
            reconstruct(n, {i: chunks[i] for i in indices})
        assert (info.value.needed, info.value.given) == (t, t - 1)


@settings(max_examples=60)
@given(st.integers(2, 40), st.binary(min_size=1, max_size=600), st.randoms(use_true_random=False))
def test_any_threshold_subset_recovers(n, data, rng):
    chunks = obtain_chunks(n, data)
    assert len(chunks) == n and len({len(c) for c in chunks}) == 1
    indices = rng.sample(range(n), recovery_threshold(n))
    recovered = reconstruct(n, {i: chunks[i] for i in indices})
    assert recovered[: len(data)] == data and not any(recovered[len(data) :])


def test_systematic_fast_path():
    n, data = 100, payload(10_000)
    chunks = obtain_chunks(n, data)
    k = systematic_threshold(n)
    assert [c[:2] for c in chunks[:k]] == [data[2 * j : 2 * j + 2] for j in range(k)]  # interleaved, big-endian
    assert reconstruct_from_systematic(n, dict(enumerate(chunks[:k])))[:10_000] == data
    with pytest.raises(MissingSystematicChunks, match="missing 5") as info:
        reconstruct_from_systematic(n, {i: chunks[i] for i in range(k + 1) if i != 5})
    assert isinstance(info.value, NotEnoughChunks) and (info.value.needed, info.value.given) == (k, k - 1)


# -- corrupted chunks are caught by the root check --------------------------------------------------------


@pytest.mark.parametrize("n", [4, 10, 100])
@pytest.mark.parametrize("kind", ["systematic", "parity only", "mixed"])
def test_corrupted_chunk_is_caught_by_the_root(n, kind):
    chunks = obtain_chunks(n, payload(3000, 3, 1))
    root = erasure_root(chunks)
    indices = subsets(n)[kind][: recovery_threshold(n)]
    given_chunks = {i: chunks[i] for i in indices}
    victim = indices[len(indices) // 2]
    given_chunks[victim] = bytes([given_chunks[victim][0] ^ 1]) + given_chunks[victim][1:]
    with pytest.raises(InvalidErasureRoot, match=f"not 0x{root.hex()}"):
        reconstruct_and_check(root, n, given_chunks)


def test_wrong_root_is_refused():
    chunks = obtain_chunks(10, payload(100))
    with pytest.raises(InvalidErasureRoot):
        reconstruct_and_check(bytes(32), 10, dict(enumerate(chunks)))


# -- AvailableData ---------------------------------------------------------------------------------------


def test_available_data_round_trip():
    data = AvailableData(
        PoVBlock(BlockData(payload(5000))),
        OmittedValidationData(local_validation=LocalValidationData(parent_head=HeadData(b"head"), balance=7)),
    )
    encoded = encode_available_data(data)
    chunks = obtain_chunks(200, encoded)
    root = erasure_root(chunks)
    recovered = reconstruct_and_check(root, 200, {i: chunks[i] for i in range(133, 200)})
    assert len(recovered) > len(encoded)
    assert decode_available_data(recovered) == data


def test_bad_payload():
    with pytest.raises(BadPayload):
        decode_available_data(b"\xff\xff\xff")


# -- bad input, by name ----------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [-1, 0, 1])
def test_not_enough_validators(n):
    with pytest.raises(NotEnoughValidators, match=f"got {n}"):
        obtain_chunks(n, b"data")
    with pytest.raises(NotEnoughValidators):
        reconstruct(n, {})


def test_too_many_validators():
    with pytest.raises(TooManyValidators, match="65537"):
        obtain_chunks(65537, b"data")
    assert len(obtain_chunks(65536, b"data")) == 65536


def test_empty_and_oversized_payloads():
    with pytest.raises(EmptyPayload):
        obtain_chunks(10, b"")
    with pytest.raises(PayloadTooLarge, match="101 bytes exceeds the bound of 100"):
        obtain_chunks(10, bytes(101), max_payload_size=100)


@pytest.mark.parametrize("index", [10, -1, 2**32, True, "1"])
def test_chunk_index_out_of_range(index):
    chunks = obtain_chunks(10, payload(100))
    given_chunks = {i: chunks[i] for i in range(5, 9)} | {index: chunks[4]}
    with pytest.raises(ChunkIndexOutOfRange, match="is not in 0..9"):
        reconstruct(10, given_chunks)


def test_wrong_chunk_sizes():
    chunks = obtain_chunks(10, payload(1000))
    base = {i: chunks[i] for i in range(1, 5)}
    with pytest.raises(WrongChunkSize, match="chunk 0 has 249 bytes where the others have 250"):
        reconstruct(10, {**base, 0: chunks[0][:-1]})
    with pytest.raises(WrongChunkSize, match="odd|even"):
        reconstruct(10, {0: chunks[0][:-1], **base})
    with pytest.raises(WrongChunkSize, match="non-empty"):
        reconstruct(10, {0: b"", **base})
    with pytest.raises(WrongChunkSize, match="more than the 126 of a 500-byte payload"):
        reconstruct(10, {i: chunks[i] for i in range(5)}, max_payload_size=500)
    with pytest.raises(WrongChunkSize):
        reconstruct_from_systematic(10, {0: chunks[0], 1: chunks[1][:2], 2: chunks[2], 3: chunks[3]})


def test_bad_chunk():
    chunks = obtain_chunks(10, payload(100))
    with pytest.raises(BadChunk, match="chunk 3 is a str"):
        reconstruct(10, {0: chunks[0], 1: chunks[1], 2: chunks[2], 3: "not bytes"})
