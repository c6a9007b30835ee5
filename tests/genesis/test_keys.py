"""Dev keys for validators, and the sr25519 public-key check (Ristretto255 decoding)."""

import random

import pytest
import sr25519

from genesis.keys import is_valid_public_key, validator_keypair, validator_keypairs, validator_uri
from primitives.crypto import Keypair, dev_keypair

# sp_keyring's //Alice (DESIGN §7)
ALICE = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"


def test_validator_uris_are_the_dev_accounts_then_numbered():
    uris = [validator_uri(i) for i in range(1, 9)]
    assert uris == ["//Alice", "//Bob", "//Charlie", "//Dave", "//Eve", "//Ferdie", "//Validator7", "//Validator8"]
    with pytest.raises(ValueError):
        validator_uri(0)


def test_validator_keys_are_deterministic_dev_keys():
    keys = validator_keypairs(8)
    assert keys[0].public_key.hex() == ALICE
    assert keys[1] == dev_keypair("Bob")
    assert validator_keypair(7).public_key == Keypair.create_from_uri("//Validator7").public_key
    assert len({k.public_key for k in keys}) == 8


def test_public_key_check_agrees_with_the_sr25519_bindings():
    rng = random.Random(5)
    sig = dev_keypair("Alice").sign(b"m")
    valid = 0
    for _ in range(400):
        key = rng.randbytes(32)
        try:
            sr25519.verify(sig, b"m", key)
            decodes = True
        except ValueError as e:
            assert "Ristretto" in str(e)
            decodes = False
        assert is_valid_public_key(key) == decodes, key.hex()
        valid += decodes
    assert 0 < valid < 400  # both outcomes were exercised


def test_public_key_check_refuses_the_identity_and_wrong_lengths():
    assert all(is_valid_public_key(k.public_key) for k in validator_keypairs(10))
    assert not is_valid_public_key(bytes(32))  # the identity point: the key of secret 0
    assert not is_valid_public_key(bytes.fromhex(ALICE)[:31])
    assert not is_valid_public_key(b"\xff" * 32)  # not a canonical field element
