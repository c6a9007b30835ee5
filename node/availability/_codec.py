"""The numeric core of Polkadot's v1 erasure code: `reed-solomon-leopard` re-laid out as novelpoly chunks.

Polkadot (``reed-solomon-novelpoly``) and ``reed-solomon-simd`` (under `reed_solomon_leopard`) share the
field (GF(2^16), Cantor basis) and, for the low-rate code, the evaluation positions: the k originals at
positions 0..k-1 and recovery shard m at position k+m (reference availability-approval.md §1.7). They differ
in how bytes become symbols, and this module converts between the two:

* novelpoly cuts the payload into runs of 2k bytes, each run k big-endian symbols, and chunk i is codeword
  symbol i of every run (so chunk j < k holds symbol j of each run: the code is systematic);
* reed-solomon-simd wants k original shards of equal length, a multiple of 64 bytes, each 64-byte block
  holding 32 symbols as 32 low bytes then 32 high bytes.

Original shard j is therefore "symbol j of every run", padded with zero runs to a multiple of 32 (zero
symbols give zero parity) and laid out lo32/hi32; chunk k+m is recovery shard m laid back out as big-endian
pairs and cut to the run count. reed-solomon-simd switches to its high-rate code (other positions) when
asked for fewer recovery shards than originals (measured: k=8 with 4 recovery shards differs). Here n-k >= k
always, and `recovery_count` asks for at least k+1 anyway, so the positions never depend on that choice.

Inputs are checked by the caller (`node.availability.erasure`); this module assumes them valid.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import reed_solomon_leopard as leopard

#: symbols per reed-solomon-simd block (64 bytes: 32 low bytes, then 32 high bytes)
_BLOCK_SYMBOLS = 32


def recovery_count(n: int, k: int) -> int:
    """How many recovery shards to ask reed-solomon-simd for so that it uses its low-rate code."""
    return max(n - k, k + 1)


def _padded_runs(runs: int) -> int:
    return -(-runs // _BLOCK_SYMBOLS) * _BLOCK_SYMBOLS


def _be_to_shards(symbols: np.ndarray, runs: int) -> np.ndarray:
    """(count, runs) big-endian symbols (uint16 views of the byte pairs) -> (count, 64 * blocks) shards."""
    count = symbols.shape[0]
    padded = _padded_runs(runs)
    pairs = np.zeros((count, padded), dtype=np.uint16)
    pairs[:, :runs] = symbols
    # pairs as bytes: (count, blocks, 32 symbols, [hi, lo]); shards: (count, blocks, [lo, hi], 32 symbols)
    view = pairs.view(np.uint8).reshape(count, padded // _BLOCK_SYMBOLS, _BLOCK_SYMBOLS, 2)
    out = np.empty((count, padded // _BLOCK_SYMBOLS, 2, _BLOCK_SYMBOLS), dtype=np.uint8)
    out[:, :, 0, :] = view[..., 1]
    out[:, :, 1, :] = view[..., 0]
    return out.reshape(count, padded * 2)


def _shards_to_be(shards: np.ndarray, runs: int) -> np.ndarray:
    """Inverse of `_be_to_shards`: (count, 64 * blocks) shards -> (count, 2 * runs) big-endian chunk bytes."""
    count, size = shards.shape
    view = shards.reshape(count, size // (2 * _BLOCK_SYMBOLS), 2, _BLOCK_SYMBOLS)
    out = np.empty((count, size // (2 * _BLOCK_SYMBOLS), _BLOCK_SYMBOLS, 2), dtype=np.uint8)
    out[..., 0] = view[:, :, 1, :]
    out[..., 1] = view[:, :, 0, :]
    return out.reshape(count, size)[:, : 2 * runs]


def _transpose(src: np.ndarray) -> np.ndarray:
    """A contiguous transpose of a 2-D array. numpy's own is slow on a tall, narrow array (each output row
    gathers one element per input row, missing the cache), so that case is copied in cache-sized tiles."""
    rows, cols = src.shape
    if rows <= cols:
        return np.ascontiguousarray(src.T)
    out = np.empty((cols, rows), dtype=src.dtype)
    step_c = min(cols, 256)
    step_r = max(16, 16384 // step_c)
    for c0 in range(0, cols, step_c):
        for r0 in range(0, rows, step_r):
            out[c0 : c0 + step_c, r0 : r0 + step_r] = src[r0 : r0 + step_r, c0 : c0 + step_c].T
    return out


def _symbols(payload: bytes, k: int) -> np.ndarray:
    """(k, runs): row j is symbol j of every 2k-byte run (uint16 views of the big-endian byte pairs)."""
    runs = -(-len(payload) // (2 * k))
    flat = np.frombuffer(payload.ljust(runs * 2 * k, b"\x00"), dtype=np.uint16)
    return _transpose(flat.reshape(runs, k))


def encode(payload: bytes, n: int, k: int) -> list[bytes]:
    """The n chunks of `payload` (non-empty) for a code with k (a power of two, k < n) originals."""
    symbols = _symbols(payload, k)
    runs = symbols.shape[1]
    chunks = [row.tobytes() for row in symbols]
    originals = _be_to_shards(symbols, runs)
    recovery = leopard.encode([row.tobytes() for row in originals], recovery_count(n, k))
    parity = np.frombuffer(b"".join(recovery[: n - k]), dtype=np.uint8).reshape(n - k, originals.shape[1])
    chunks.extend(row.tobytes() for row in _shards_to_be(parity, runs))
    return chunks


def join_systematic(chunks: list[bytes], k: int) -> bytes:
    """The (zero-padded) payload from the k systematic chunks, in index order, all the same even length."""
    runs = len(chunks[0]) // 2
    return _transpose(np.frombuffer(b"".join(chunks), dtype=np.uint16).reshape(k, runs)).tobytes()


def decode(chunks: Mapping[int, bytes], n: int, k: int) -> bytes:
    """The (zero-padded) payload from at least k chunks (index -> chunk, all the same even length)."""
    chosen = sorted(chunks)[:k]
    runs = len(chunks[chosen[0]]) // 2

    def to_shards(indices: list[int]) -> list[bytes]:
        if not indices:
            return []
        rows = np.frombuffer(b"".join(chunks[i] for i in indices), dtype=np.uint16).reshape(len(indices), runs)
        return [row.tobytes() for row in _be_to_shards(rows, runs)]

    have = [i for i in chosen if i < k]
    parity = [i for i in chosen if i >= k]
    restored = leopard.decode(
        k,
        recovery_count(n, k),
        dict(zip(have, to_shards(have), strict=True)),
        {i - k: shard for i, shard in zip(parity, to_shards(parity), strict=True)},
    )
    systematic = {i: chunks[i] for i in have}
    if restored:
        missing = sorted(restored)
        shards = np.frombuffer(b"".join(restored[j] for j in missing), dtype=np.uint8)
        rows = _shards_to_be(shards.reshape(len(missing), -1), runs)
        systematic.update((j, row.tobytes()) for j, row in zip(missing, rows, strict=True))
    return join_systematic([systematic[j] for j in range(k)], k)
