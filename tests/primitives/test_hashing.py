from primitives import hashing
from primitives.hashing import Hasher
from tests import vectors as v


def test_twox_vectors():
    assert hashing.twox_128(b"System").hex() == v.TWOX128_SYSTEM
    assert hashing.twox_128(b"Account").hex() == v.TWOX128_ACCOUNT
    assert hashing.twox_128(b"static").hex() == v.TWOX128_STATIC
    assert hashing.twox_64(b"static").hex() == v.TWOX64_STATIC
    assert hashing.twox_128(b":__STORAGE_VERSION__:").hex() == v.STORAGE_VERSION_TWOX128
    assert hashing.twox_256(b"static")[:16] == hashing.twox_128(b"static")
    assert len(hashing.twox_256(b"x")) == 32


def test_blake2_and_keccak_vectors():
    assert hashing.blake2_128(b"static").hex() == v.BLAKE2_128_STATIC
    assert hashing.blake2_256(b"static").hex() == v.BLAKE2_256_STATIC
    assert hashing.keccak_256(bytes(8)).hex() == v.KECCAK_ZERO_U64
    # keccak is not SHA3-256
    import hashlib

    assert hashing.keccak_256(b"") != hashlib.sha3_256(b"").digest()


def test_storage_hashers():
    alice = bytes.fromhex(v.ALICE_PUBLIC)
    prefix = bytes.fromhex(v.TWOX128_SYSTEM + v.TWOX128_ACCOUNT)
    assert (prefix + Hasher.Blake2_128Concat.hash(alice)).hex() == v.SYSTEM_ACCOUNT_ALICE_KEY
    assert Hasher.Twox64Concat.hash(b"\x01\x00\x00\x00") == hashing.twox_64(b"\x01\x00\x00\x00") + b"\x01\x00\x00\x00"
    assert Hasher.Identity.hash(b"abc") == b"abc"
    assert Hasher.Twox128.hash(b"static").hex() == v.TWOX128_STATIC
    assert Hasher.Blake2_256.hash(b"static").hex() == v.BLAKE2_256_STATIC
    assert [h for h in Hasher if h.reversible] == [Hasher.Blake2_128Concat, Hasher.Twox64Concat, Hasher.Identity]
