"""Hash functions with sp_core's names, and FRAME's storage hashers.

twox hashes are xxHash64 with seeds 0, 1, ... each written little-endian; blake2 hashes are unkeyed
BLAKE2b of the given digest size; keccak_256 is the original Keccak (not SHA3-256) that Ethereum and the
adder parachain use.
"""

from __future__ import annotations

import enum
from hashlib import blake2b

import xxhash
from Crypto.Hash import keccak as _keccak

_xxh64 = xxhash.xxh64_intdigest


def blake2_128(data: bytes) -> bytes:
    return blake2b(data, digest_size=16).digest()


def blake2_256(data: bytes) -> bytes:
    return blake2b(data, digest_size=32).digest()


def twox_64(data: bytes) -> bytes:
    return _xxh64(data, 0).to_bytes(8, "little")


def twox_128(data: bytes) -> bytes:
    return _xxh64(data, 0).to_bytes(8, "little") + _xxh64(data, 1).to_bytes(8, "little")


def twox_256(data: bytes) -> bytes:
    return b"".join(_xxh64(data, seed).to_bytes(8, "little") for seed in range(4))


def keccak_256(data: bytes) -> bytes:
    return _keccak.new(data=data, digest_bits=256).digest()


class Hasher(enum.IntEnum):
    """FRAME's storage hashers, valued by their metadata index (V14)."""

    Blake2_128 = 0
    Blake2_256 = 1
    Blake2_128Concat = 2
    Twox128 = 3
    Twox256 = 4
    Twox64Concat = 5
    Identity = 6

    @property
    def reversible(self) -> bool:
        """Whether the key can be read back from the hashed suffix (needed to iterate)."""
        return self in (Hasher.Blake2_128Concat, Hasher.Twox64Concat, Hasher.Identity)

    @property
    def prefix_len(self) -> int:
        """Bytes of hash that come before the raw key (for reversible hashers)."""
        return {Hasher.Blake2_128Concat: 16, Hasher.Twox64Concat: 8, Hasher.Identity: 0}.get(self, -1)

    def hash(self, data: bytes) -> bytes:
        return _HASH_FNS[self](data)


def _blake2_128_concat(data: bytes) -> bytes:
    return blake2b(data, digest_size=16).digest() + data


def _twox_64_concat(data: bytes) -> bytes:
    return _xxh64(data, 0).to_bytes(8, "little") + data


def _identity(data: bytes) -> bytes:
    return data


_HASH_FNS = {
    Hasher.Blake2_128: blake2_128,
    Hasher.Blake2_256: blake2_256,
    Hasher.Blake2_128Concat: _blake2_128_concat,
    Hasher.Twox128: twox_128,
    Hasher.Twox256: twox_256,
    Hasher.Twox64Concat: _twox_64_concat,
    Hasher.Identity: _identity,
}
