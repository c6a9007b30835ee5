"""sr25519 keys, secret URIs, signatures and SS58, pinned to vectors published by Substrate and polkadot-js."""

from __future__ import annotations

import dataclasses

import base58
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from primitives.crypto import (
    DEV_ACCOUNTS,
    DEV_PHRASE,
    CryptoError,
    InvalidKeypair,
    InvalidMnemonic,
    InvalidSecretUri,
    InvalidSeed,
    InvalidSs58,
    Keypair,
    _parse_secret_uri,
    dev_keypair,
    junction_chain_code,
    ss58_decode,
    ss58_decode_with_prefix,
    ss58_encode,
    verify,
)
from primitives.errors import ParahostError
from primitives.hashing import blake2_256

# ---------------------------------------------------------------------------------------------------
# Well-known dev keys
# ---------------------------------------------------------------------------------------------------

# Public keys: polkadot-js/common packages/keyring/src/testing.ts (PAIRSSR25519, `seed` is the URI
# after "//"). Addresses (prefix 42): Substrate docs / polkadot-js apps; the //Alice//stash one is
# also in polkadot-js/api's StorageKey spec.
DEV_VECTORS = [
    ("Alice", "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
     "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"),
    ("Bob", "8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48",
     "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"),
    ("Charlie", "90b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22",
     "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y"),
    ("Dave", "306721211d5404bd9da88e0204360a1a9ab8b87c66c1bc2fcdd37f3c2222cc20",
     "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy"),
    ("Eve", "e659a7a1628cdd93febc04a4e0646ea20e9f5f0ce097d9a05290d4a9e054df4e",
     "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw"),
    ("Ferdie", "1cbd2d43530a44705ad088af313e18f80b53ef16b36177cd4b77b846f2a5f07c",
     "5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL"),
    ("Alice//stash", "be5ddb1579b72e84524fc29e78609e3caf42e85aa118ebfe0b0ad404b5bdd25f",
     "5GNJqTPyNqANBkUVMN1LPPrxXnFouWXoe2wNSmmEoLctxiZY"),
    ("Bob//stash", "fe65717dad0447d715f660a0a58411de509b42e6efb8375f562f58a554d5860e",
     "5HpG9w8EBLe5XCrbczpwq5TSXvedjrBGCwqxK1iQ7qUsSWFc"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "public_hex", "address"), DEV_VECTORS)
def test_dev_keys(name: str, public_hex: str, address: str) -> None:
    pair = Keypair.create_from_uri(f"//{name}")
    assert pair.public_key.hex() == public_hex
    assert pair.ss58_address == address
    assert dev_keypair(name) == pair
    assert dev_keypair(name).secret_key == pair.secret_key  # hard derivation is fully deterministic


# polkadot-js/common packages/keyring/src/testing.ts `s`: the same secrets in schnorrkel's
# `to_ed25519_bytes` form, i.e. the scalar times the cofactor 8 (little-endian), then the nonce.
DEV_SECRETS_ED25519_FORM = {
    "Alice": "98319d4ff8a9508c4bb0cf0b5a78d760a0b2082c02775e6e82370816fedfff48"
    "925a225d97aa00682d6a59b95b18780c10d7032336e88f3442b42361f4a66011",
    "Alice//stash": "e8da6c9d810e020f5e3c7f5af2dea314cbeaa0d72bc6421e92c0808a0c584a60"
    "46ab28e97c3ffc77fe12b5a4d37e8cd4afbfebbf2391ffc7cb07c0f38c023efd",
    "Bob": "081ff694633e255136bdb456c20a5fc8fed21f8b964c11bb17ff534ce80ebd59"
    "41ae88f85d0c1bfc37be41c904e1dfc01de8c8067b0d6d5df25dd1ac0894a325",
}


@pytest.mark.parametrize("name", sorted(DEV_SECRETS_ED25519_FORM))
def test_dev_secret_keys_match_polkadot_js(name: str) -> None:
    published = bytes.fromhex(DEV_SECRETS_ED25519_FORM[name])
    secret = dev_keypair(name).secret_key
    scalar = int.from_bytes(secret[:32], "little")
    assert (scalar * 8).to_bytes(32, "little") == published[:32]
    assert secret[32:] == published[32:]


def test_dev_accounts_and_cache() -> None:
    assert DEV_ACCOUNTS == ("Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie")
    assert DEV_PHRASE == "bottom drive obey lake curtain smoke basket hold race lonely fit walk"
    assert dev_keypair("Alice") is dev_keypair("Alice")
    assert dev_keypair("Alice") == Keypair.create_from_uri("//Alice")
    assert len({dev_keypair(name).public_key for name in DEV_ACCOUNTS}) == len(DEV_ACCOUNTS)


# ---------------------------------------------------------------------------------------------------
# Secret URIs
# ---------------------------------------------------------------------------------------------------

# paritytech/substrate wiki "Secret URI Test Vectors", as carried by polkadot-js/common
# packages/keyring/src/suri.spec.ts (sr25519 table).
SURI_VECTORS = [
    ("", "46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a",
     "5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV"),
    ("///password", "b69355deefa7a8f33e9297f5af22e680f03597a99d4f4b1c44be47e7a2275802",
     "5GC6LfpV352HtJPySfAecb5JdePtf4R9Vq49NUU8RhzgBqgq"),
    ("/foo", "40b9675df90efa6069ff623b0fdfcf706cd47ca7452a5056c7ad58194d23440a",
     "5DXZzrDxHbkQov4QBAY4TjpwnHCMrKXkomTnKSw8UArBEY5v"),
    ("//foo", "547d4a55642ec7ebadc0bd29b6e570b8c926059b3c0655d4948075e9a7e6f31e",
     "5DyV6fZuvPemWrUqBgWwTSgoV86w6xms3KhkFU6cQcWxU8eP"),
    ("//foo/bar", "3841947ffcde6f5fef26fb68b59bb8665637e30e32ec2051f99cf6b9c674fe09",
     "5DLU27is5iViNopQb2KxsTyPx6j4vCu8X3sk3j3NNLkPCqKM"),
    ("/foo//bar", "dc142f7476a7b0aa262aeccf207f1d18daa90762db393006741e8a31f39dbc53",
     "5H3GPTqDSpjkfDwbHy12PD6BWm8jvGSX4xYC8UMprHpTPcRg"),
    ("//foo/bar//42/69", "a2e56b06407a6d1e819d2fc33fa0ec604b29c2e868b70b3696bb049b8725934b",
     "5FkHmNgbg64MwStgCyDi2Uw3ufFu11mqQgmWT9uwK4Lghvpv"),
    ("//foo/bar//42/69///password", "0e0d24e3e1ff2c07f269c99e2e0df8681fda1851ac42fc846ca2daaa90cd8f14",
     "5CP8S23JBNXYNpJsL7ESPJBNnUZE6itcfM4EnDxEhaVEU6dT"),
    ("//Alice", "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
     "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"),
]  # fmt: skip


@pytest.mark.parametrize(("suffix", "public_hex", "address"), SURI_VECTORS)
def test_secret_uri_vectors(suffix: str, public_hex: str, address: str) -> None:
    pair = Keypair.create_from_uri(DEV_PHRASE + suffix)
    assert pair.public_key.hex() == public_hex
    assert pair.ss58_address == address
    # Without a phrase part the URI means DEV_PHRASE (sp_core SecretUri).
    assert Keypair.create_from_uri(suffix) == pair


def test_sp_core_sr25519_derivation_vectors() -> None:
    # paritytech/polkadot-sdk substrate/primitives/core/src/sr25519.rs: derive_soft_known_pair_should_work,
    # derive_hard_known_pair_should_work, default_phrase_should_be_used.
    soft = Keypair.create_from_uri(f"{DEV_PHRASE}/Alice")
    assert soft.public_key.hex() == "d6c71059dbbe9ad2b0ed3f289738b800836eb425544ce694825285b958ca755e"
    hard = Keypair.create_from_uri(f"{DEV_PHRASE}//Alice")
    assert hard.public_key.hex() == "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"
    assert Keypair.create_from_uri("/Alice") == soft
    with_password = Keypair.create_from_mnemonic(DEV_PHRASE, "password").derive([(True, "Alice")])
    assert Keypair.create_from_uri("//Alice///password") == with_password
    assert with_password != hard


def test_soft_derivation_is_deterministic_up_to_the_nonce() -> None:
    a = Keypair.create_from_uri("//Alice/soft")
    b = Keypair.create_from_uri("//Alice/soft")
    assert a == b
    assert a.public_key == b.public_key
    assert a.secret_key[:32] == b.secret_key[:32]  # the scalar; schnorrkel draws the nonce at random
    assert a != Keypair.create_from_uri("//Alice//soft")
    assert b.verify(a.sign(b"soft"), b"soft")


def test_numeric_junction_forms() -> None:
    # sp_core: integer junctions may carry leading zeros; Rust's u64 parse also takes a leading '+'.
    assert Keypair.create_from_uri("//42") == Keypair.create_from_uri("//0042")
    assert Keypair.create_from_uri("//42") == Keypair.create_from_uri("//+42")
    assert Keypair.create_from_uri("//42") != Keypair.create_from_uri("//-42")
    # An empty password is the same as none.
    assert Keypair.create_from_uri("//Alice///") == dev_keypair("Alice")


def test_junction_chain_codes() -> None:
    # sp_core DeriveJunction::soft / From<&str>.
    assert junction_chain_code("42") == (42).to_bytes(8, "little") + bytes(24)
    assert junction_chain_code("18446744073709551615") == b"\xff" * 8 + bytes(24)
    over = "18446744073709551616"  # 2**64 does not parse as u64, so it is a string
    assert junction_chain_code(over) == bytes((len(over) << 2,)) + over.encode() + bytes(11)
    assert junction_chain_code("Alice") == b"\x14Alice" + bytes(26)
    assert junction_chain_code("x" * 31) == b"\x7c" + b"x" * 31  # exactly 32 bytes: kept
    long = "0123456789012345678901234567890123456789"
    assert junction_chain_code(long) == blake2_256(bytes((len(long) << 2,)) + long.encode())
    assert junction_chain_code("x" * 32) == blake2_256(b"\x80" + b"x" * 32)
    big = "é" * 40  # 80 UTF-8 bytes: two-byte compact length
    assert junction_chain_code(big) == blake2_256(((80 << 2) | 1).to_bytes(2, "little") + big.encode())


# paritytech/polkadot-sdk substrate/primitives/core/src/address_uri.rs tests (test00..test22):
# (uri, (phrase, [(hard, junction)], password)) or None when the URI is rejected.
ADDRESS_URI_VECTORS = [
    ("///", (None, [], "")),
    ("////////", (None, [], "/////")),
    ("sdasd///asda", ("sdasd", [], "asda")),
    ("sdasd//asda", ("sdasd", [(True, "asda")], None)),
    ("sdasd//a", ("sdasd", [(True, "a")], None)),
    ("sdasd//", None),
    ("sdasd/xx//asda", ("sdasd", [(False, "xx"), (True, "asda")], None)),
    ("sdasd/xx//a/b//c///pass", ("sdasd", [(False, "xx"), (True, "a"), (False, "b"), (True, "c")], "pass")),
    ("sdasd/xx//", None),
    ("sdasd/asda", ("sdasd", [(False, "asda")], None)),
    ("sdasd/asda//x", ("sdasd", [(False, "asda"), (True, "x")], None)),
    ("sdasd/", None),
    ("sdasd", ("sdasd", [], None)),
    ("sd.asd", None),
    ("sd.asd/asd.a", None),
    ("sd.asd//asd.a", None),
    ("sdasd/asd.a", ("sdasd", [(False, "asd.a")], None)),
    ("sdasd//asd.a", ("sdasd", [(True, "asd.a")], None)),
    ("///\n", None),
    ("///a\n", None),
    ("sd.asd///asd.a\n", None),
    ("hello world/s//h///pass", ("hello world", [(False, "s"), (True, "h")], "pass")),
]


@pytest.mark.parametrize(("uri", "expected"), ADDRESS_URI_VECTORS)
def test_secret_uri_grammar(uri: str, expected: tuple[str | None, list[tuple[bool, str]], str | None] | None) -> None:
    if expected is None:
        with pytest.raises(InvalidSecretUri):
            _parse_secret_uri(uri)
    else:
        assert _parse_secret_uri(uri) == expected


# ---------------------------------------------------------------------------------------------------
# Seeds and mnemonics
# ---------------------------------------------------------------------------------------------------

# `subkey inspect "caution juice ..."`, docs.substrate.io/reference/command-line-tools/subkey/.
SUBKEY_PHRASE = "caution juice atom organ advance problem want pledge someone senior holiday very"
SUBKEY_SEED = "c8fa03532fb22ee1f7f6908b9c02b4e72483f0dbd66e4cd456b8f34c6230b849"
SUBKEY_PUBLIC = "d6a3105d6768e956e9e5d41050ac29843f98561410d3a47f9dd5b3b227ab8746"
SUBKEY_ADDRESS = "5Gv8YYFu8H1btvmrJy9FjjAWfb99wrhV3uhPFoNEr918utyR"


def test_mnemonic_vector() -> None:
    pair = Keypair.create_from_mnemonic(SUBKEY_PHRASE)
    assert pair.public_key.hex() == SUBKEY_PUBLIC
    assert pair.ss58_address == SUBKEY_ADDRESS
    assert Keypair.create_from_seed(bytes.fromhex(SUBKEY_SEED)) == pair
    assert Keypair.create_from_uri(SUBKEY_PHRASE) == pair
    # Whitespace between words is normalised, as bip39's parse does.
    assert Keypair.create_from_mnemonic("  " + SUBKEY_PHRASE.replace(" ", "   ") + " ") == pair


def test_mnemonic_password() -> None:
    # Substrate's ///password vector (above) through the mnemonic constructor.
    pair = Keypair.create_from_mnemonic(DEV_PHRASE, "password")
    assert pair.public_key.hex() == "b69355deefa7a8f33e9297f5af22e680f03597a99d4f4b1c44be47e7a2275802"
    assert Keypair.create_from_mnemonic(DEV_PHRASE, "") == Keypair.create_from_mnemonic(DEV_PHRASE)
    assert Keypair.create_from_mnemonic(DEV_PHRASE, "Password") != pair


def test_seed_vectors() -> None:
    # paritytech/polkadot-sdk substrate/primitives/core/src/sr25519.rs: sr_test_vector_should_work
    # and seeded_pair_should_work.
    pair = Keypair.create_from_seed(bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
    assert pair.public_key.hex() == "44a996beb1eef7bdcab976ab6d2ca26104834164ecf28fb375600576fcc6eb0f"
    seeded = Keypair.create_from_seed(b"12345678901234567890123456789012")
    assert seeded.public_key.hex() == "741c08a06f41c596608f6774259bd9043304adfa5d3eea62760bd9be97634d63"
    assert Keypair.create_from_seed(bytearray(b"12345678901234567890123456789012")) == seeded
    assert len(seeded.secret_key) == 64
    assert Keypair.create_from_seed(b"12345678901234567890123456789012").secret_key == seeded.secret_key


def test_hex_seed_uri() -> None:
    from_seed = Keypair.create_from_seed(bytes.fromhex(SUBKEY_SEED))
    assert Keypair.create_from_uri("0x" + SUBKEY_SEED) == from_seed
    assert Keypair.create_from_uri("0x" + SUBKEY_SEED.upper()) == from_seed
    derived = Keypair.create_from_uri(f"0x{SUBKEY_SEED}//Alice")
    assert derived == from_seed.derive([(True, "Alice")])
    assert derived == Keypair.create_from_uri(f"{SUBKEY_PHRASE}//Alice")
    assert derived != from_seed
    # As in sp_core, a password salts only a mnemonic; a raw seed has nothing to salt.
    assert Keypair.create_from_uri(f"0x{SUBKEY_SEED}//Alice///pw") == derived
    # The dev root's mini secret as a hex seed reaches //Alice too.
    dev_seed = "fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e"
    assert Keypair.create_from_uri(f"0x{dev_seed}//Alice") == dev_keypair("Alice")


# ---------------------------------------------------------------------------------------------------
# Signatures
# ---------------------------------------------------------------------------------------------------


def test_sign_verify_round_trip() -> None:
    alice = dev_keypair("Alice")
    message = b"I am Alice!"
    signature = alice.sign(message)
    assert len(signature) == 64
    assert alice.verify(signature, message)
    assert verify(signature, message, alice.public_key)
    assert verify(signature, bytearray(message), memoryview(alice.public_key))
    assert alice.sign(bytearray(message)) != signature  # randomised signing; both verify
    assert verify(alice.sign(bytearray(message)), message, alice.public_key)
    assert alice.verify(alice.sign(b""), b"")


def test_verify_rejects() -> None:
    alice, bob = dev_keypair("Alice"), dev_keypair("Bob")
    message = b"I am Alice!"
    signature = alice.sign(message)
    assert not verify(signature, b"I am Bob!", alice.public_key)  # wrong message
    assert not verify(signature, message, bob.public_key)  # wrong key
    assert not bob.verify(signature, message)
    for bit in range(512):  # every single-bit flip
        flipped = bytearray(signature)
        flipped[bit // 8] ^= 1 << (bit % 8)
        assert not verify(bytes(flipped), message, alice.public_key), bit


@pytest.mark.parametrize(
    ("signature_len", "public_len"),
    [(63, 32), (65, 32), (0, 32), (64, 31), (64, 33), (64, 0), (128, 64)],
)
def test_verify_malformed_lengths_are_false(signature_len: int, public_len: int) -> None:
    alice = dev_keypair("Alice")
    signature = alice.sign(b"m")
    sig = (signature * 2)[:signature_len]
    pub = (alice.public_key * 2)[:public_len]
    assert verify(sig, b"m", pub) is False


def test_verify_malformed_values_are_false() -> None:
    alice = dev_keypair("Alice")
    signature = alice.sign(b"m")
    assert verify(signature, b"m", b"\xff" * 32) is False  # not a curve point
    assert verify(bytes(64), b"m", alice.public_key) is False  # no schnorrkel marker bit
    assert verify(signature.hex(), b"m", alice.public_key) is False  # type: ignore[arg-type]
    assert verify(signature, "m", alice.public_key) is False  # type: ignore[arg-type]
    assert verify(signature, b"m", None) is False  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------------
# SS58
# ---------------------------------------------------------------------------------------------------

# polkadot-js/common packages/util-crypto/src/address/encode.spec.ts: "encodes with Subkey equality"
# (single- and two-byte prefixes) and Alice re-encoded for Kusama (2) and Polkadot (0).
SS58_VECTORS = [
    ("3050f8456519829fe03302da802d22d3233a5f4037b9a3e2bcc403ccfcb2d735", 42,
     "5DA4D4GL5iakrn22h5uKoevgvo18Pqj5BcdEUv8etEDPdijA"),
    ("08e8969768fc14399930d4b8d693f68a2ff6c6a597325d6946095e5e9d9d1b0e", 65,
     "cLtA6nCDyvwKcEHH4QkZDSHMhS9s78BvUJUsKUbUAn1Jc2SCF"),
    ("04a047d52fe542484c69bc528990cfeaf3a663dded0638ee1b51cf78bacd1072", 66,
     "cTGShekJ1L1UKFZR9xmv9UTJod7vqjFAPo4sDhXih2c3y1yLS"),
    ("ae640d53cfa815f4a6a50ae70235cd7d9d134d0f1c3a4ccd118e321dfb6ab51f", 69,
     "cnVRwXfAnz3RSVQyBUC8f8McrK3YBX2QYd4WoctpeSC6VTJYm"),
    ("5c64f1151f0ce4358c27238fb20c88e7c899825436f565410724c8c2c5add869", 252,
     "xw5g1Eec8LT99pZLZMaTWwrwvNtfM6vrSuZeVbtEszCDUwByg"),
    ("66cd6cf085627d6c85af1aaf2bd10cf843033e929b4e3b1c2ba8e4aa46fe111b", 255,
     "yGF4JP7q5AK46d1FPCEm9sYQ4KooSjHMpyVAjLnsCSWVafPnf"),
    ("242fd5a078ac6b7c3c2531e9bcf1314343782aeb58e7bc6880794589e701db55", 255,
     "yGDYxQatQwuxqT39Zs4LtcTnpzE12vXb7ZJ6xpdiHv6gTu1hF"),
    ("44d5a3ac156335ea99d33a83c57c7146c40c8e2260a8a4adf4e7a86256454651", 4242,
     "mHm8k9Emsvyfp3piCauSH684iA6NakctF8dySQcX94GDdrJrE"),
    ("88f01441682a17b52d6ae12d1a5670cf675fd254897efabaa5069eb3a701ab73", 14269,
     "r6Gr4gaMP8TsjhFbqvZhv3YvnasugLiRJpzpRHifsqqG18UXa"),
    ("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d", 2,
     "HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F"),
    ("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d", 0,
     "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5"),
]  # fmt: skip


@pytest.mark.parametrize(("public_hex", "prefix", "address"), SS58_VECTORS)
def test_ss58_vectors(public_hex: str, prefix: int, address: str) -> None:
    public = bytes.fromhex(public_hex)
    assert ss58_encode(public, prefix) == address
    assert ss58_decode_with_prefix(address) == (public, prefix)
    assert ss58_decode(address) == public
    assert ss58_decode(address, expected_prefix=prefix) == public


def test_ss58_default_prefix() -> None:
    alice = dev_keypair("Alice")
    assert ss58_encode(alice.public_key) == alice.ss58_address == "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"


@settings(max_examples=200, deadline=None)
@given(
    public=st.binary(min_size=32, max_size=32),
    prefix=st.integers(min_value=0, max_value=16383).filter(lambda p: p not in (46, 47)),
)
def test_ss58_round_trip(public: bytes, prefix: int) -> None:
    address = ss58_encode(public, prefix)
    assert ss58_decode_with_prefix(address) == (public, prefix)


def test_ss58_checksum_failure() -> None:
    # polkadot-js/common packages/util-crypto/src/address/decode.spec.ts "fails when the checksum does
    # not match" (the valid address is 5GoKvZWG5ZPYL1WUovuHW3zJBWBP5eT8CbqjdRY4Q6iMaQua).
    assert len(ss58_decode("5GoKvZWG5ZPYL1WUovuHW3zJBWBP5eT8CbqjdRY4Q6iMaQua")) == 32
    for bad in ("5GoKvZWG5ZPYL1WUovuHW3zJBWBP5eT8CbqjdRY4Q6iMa9cj", "5GoKvZWG5ZPYL1WUovuHW3zJBWBP5eT8CbqjdRY4Q6iMaDwU"):
        with pytest.raises(InvalidSs58, match="checksum"):
            ss58_decode(bad)
    # A changed character in the body is caught too.
    with pytest.raises(InvalidSs58, match="checksum"):
        ss58_decode("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ")


# ---------------------------------------------------------------------------------------------------
# Errors and the Keypair type
# ---------------------------------------------------------------------------------------------------


def test_error_hierarchy() -> None:
    for error in (InvalidSecretUri, InvalidMnemonic, InvalidSeed, InvalidSs58, InvalidKeypair):
        assert issubclass(error, CryptoError)
    assert issubclass(CryptoError, ParahostError)


@pytest.mark.parametrize(
    ("uri", "match"),
    [
        ("sd.asd", "invalid character '.'"),
        ("//", "empty hard junction"),
        ("//Alice/", "empty soft junction"),
        ("//Alice///pass\nword", "newline"),
        (f"\t{DEV_PHRASE}//Alice", "invalid character '\\\\t' at offset 0"),
        ("//Al\ud800ice", "not valid Unicode"),
        (b"//Alice", "must be str"),
    ],
)
def test_invalid_secret_uri(uri: str, match: str) -> None:
    with pytest.raises(InvalidSecretUri, match=match):
        Keypair.create_from_uri(uri)


def test_dev_keypair_rejects_bad_names() -> None:
    with pytest.raises(InvalidSecretUri):
        dev_keypair("")


@pytest.mark.parametrize(
    ("phrase", "match"),
    [
        (DEV_PHRASE.replace("walk", "walks"), "invalid word"),
        (DEV_PHRASE.replace("walk", "bottom"), "checksum"),
        (DEV_PHRASE.upper(), "invalid word"),
        ("hello world", "number of words"),
        ("", "mnemonic"),
    ],
)
def test_invalid_mnemonic(phrase: str, match: str) -> None:
    with pytest.raises(InvalidMnemonic, match=match):
        Keypair.create_from_mnemonic(phrase)


def test_invalid_mnemonic_in_uri() -> None:
    with pytest.raises(InvalidMnemonic):
        Keypair.create_from_uri("hello world//Alice")
    with pytest.raises(InvalidMnemonic):
        Keypair.create_from_mnemonic(DEV_PHRASE, "pass\udc80")
    with pytest.raises(InvalidMnemonic, match="must be str"):
        Keypair.create_from_mnemonic(DEV_PHRASE.encode())  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [bytes(31), bytes(33), b"", "00" * 32, None])
def test_invalid_seed(seed: object) -> None:
    with pytest.raises(InvalidSeed):
        Keypair.create_from_seed(seed)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "uri", ["0x1234//Alice", "0x" + "00" * 33, "0x" + "zz" * 32, "0x" + "0" * 63, "0x" + "00 " * 21 + "0"]
)
def test_invalid_hex_seed_in_uri(uri: str) -> None:
    with pytest.raises(InvalidSeed, match="64 hex digits"):
        Keypair.create_from_uri(uri)


@pytest.mark.parametrize(
    ("address", "match"),
    [
        ("", "not base58"),
        ("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQ0", "not base58: character '0'"),
        ("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY ", "not base58"),
        ("F7NZ", "expected 35"),  # a 1-byte polkadot-js "address"
        ("y9EMHt34JJo4rWLSaxoLGdYXvjgSXEd4zHUnQgfNzwES8b", "expected"),  # polkadot-js bad length
        ("KWCv1L3QX9LDPwY4VzvLmarEmXjVJidUzZcinvVnmxAJJCBou", "expected"),  # a 33-byte ecdsa key
        ("4pbsSkWcBaYoFHrKJZp5fDVUKbqSYD9dhZZGvpp3vQ5ysVs5ybV", "expected"),  # prefix 200, 33 bytes
    ],
)
def test_invalid_ss58_decode(address: str, match: str) -> None:
    with pytest.raises(InvalidSs58, match=match):
        ss58_decode(address)


def test_invalid_ss58_prefixes() -> None:
    public = dev_keypair("Alice").public_key
    for prefix in (-1, 16384, 46, 47):
        with pytest.raises(InvalidSs58, match="prefix"):
            ss58_encode(public, prefix)
    with pytest.raises(InvalidSs58, match="must be an int"):
        ss58_encode(public, True)
    with pytest.raises(InvalidSs58, match="32 bytes"):
        ss58_encode(public[:31])
    with pytest.raises(InvalidSs58, match="expected 0"):
        ss58_decode(dev_keypair("Alice").ss58_address, expected_prefix=0)
    # A leading byte of 128 or more is no SS58 prefix.
    with pytest.raises(InvalidSs58, match="invalid prefix byte"):
        ss58_decode(base58.b58encode(b"\x80" + bytes(35)).decode())
    # The reserved prefix 46 is refused on decode, whatever the checksum.
    with pytest.raises(InvalidSs58, match="reserved"):
        ss58_decode(base58.b58encode(b"\x2e" + bytes(34)).decode())
    with pytest.raises(InvalidSs58, match="must be str"):
        ss58_decode(public)  # type: ignore[arg-type]


def test_invalid_keypair() -> None:
    alice, bob = dev_keypair("Alice"), dev_keypair("Bob")
    assert Keypair(alice.public_key, alice.secret_key) == alice
    with pytest.raises(InvalidKeypair, match="does not belong"):
        Keypair(bob.public_key, alice.secret_key)
    with pytest.raises(InvalidKeypair, match="public key must be 32 bytes"):
        Keypair(alice.public_key[:31], alice.secret_key)
    with pytest.raises(InvalidKeypair, match="secret key must be 64 bytes"):
        Keypair(alice.public_key, alice.secret_key[:32])
    with pytest.raises(InvalidKeypair, match="must be bytes"):
        Keypair(alice.public_key.hex(), alice.secret_key)  # type: ignore[arg-type]


def test_keypair_is_immutable_and_hides_its_secret() -> None:
    alice = dev_keypair("Alice")
    with pytest.raises(dataclasses.FrozenInstanceError):
        alice.public_key = bytes(32)  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        alice.secret_key = bytes(64)  # type: ignore[misc]
    text = repr(alice)
    assert alice.public_key.hex() in text
    assert alice.secret_key.hex() not in text
    assert alice.secret_key[:32].hex() not in text
    assert {alice, Keypair.create_from_uri("//Alice"), dev_keypair("Bob")} == {alice, dev_keypair("Bob")}
    assert alice != alice.public_key
    assert alice.derive([]) is alice
