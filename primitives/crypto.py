"""sr25519 key pairs, Substrate secret URIs and SS58 addresses, derived exactly as ``sp_core`` does.

What this module implements, following ``sp_core::crypto`` and ``sp_core::sr25519``:

* :class:`Keypair`: an immutable sr25519 key pair. ``secret_key`` is schnorrkel's 64-byte
  ``SecretKey::to_bytes`` form (32-byte scalar, then 32-byte nonce), which is what the sr25519 bindings
  take. A key made from a 32-byte mini secret ("seed") is expanded in schnorrkel's Ed25519 mode, as
  ``sp_core::sr25519::Pair::from_seed`` does.
* BIP39 phrases: the phrase's *entropy* (not the BIP39 seed) goes through PBKDF2 with the password,
  giving the mini secret (``substrate_bip39::mini_secret_from_entropy``).
* Secret URIs (``SURI``): ``PHRASE//hard/soft///password``. The phrase part may use only ASCII letters,
  digits and spaces; without it the public ``DEV_PHRASE`` is used, so ``//Alice`` is the well-known dev
  key. A phrase part of ``0x`` and 64 hex digits is a raw mini secret (and then, as in Substrate, a
  ``///password`` has nothing to salt and is ignored). Each junction's 32-byte chain code is the SCALE
  encoding of the junction, as a ``u64`` if it parses as one (Rust's ``str::parse::<u64>``: ASCII digits
  with an optional leading ``+``) and as a ``str`` otherwise, zero-padded, or its blake2_256 when that
  encoding is longer than 32 bytes. Hard junctions use ``hard_derive_mini_secret_key`` then Ed25519
  expansion; soft junctions use schnorrkel's ``derived_key_simple``, both with empty extra bytes.
* Signatures: schnorrkel signatures in the ``b"substrate"`` signing context. Signing is randomised, so
  two signatures of one message differ; both verify.
* SS58: ``base58(prefix ++ public_key ++ blake2b_512(b"SS58PRE" ++ prefix ++ public_key)[:2])`` with a
  one-byte prefix for 0..63 and Substrate's two-byte form for 64..16383. The reserved prefixes 46 and 47
  are refused, as ``Ss58Codec::format_is_allowed`` does by default.

A soft derivation draws a fresh random nonce (schnorrkel's ``derived_key_simple`` does), so two
derivations of one soft path give the same public key and secret scalar but different ``secret_key``
bytes; :class:`Keypair` equality is therefore by public key (which, for a validated pair, fixes the
secret scalar). Hard derivations and seed expansions are fully deterministic.
"""

from __future__ import annotations

import functools
import hmac
import re
import string
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from hashlib import blake2b

import base58
import bip39
import sr25519

from primitives.errors import ParahostError
from primitives.hashing import blake2_256

__all__ = [
    "DEV_ACCOUNTS",
    "BytesLike",
    "DEV_PHRASE",
    "SS58_GENERIC_PREFIX",
    "CryptoError",
    "InvalidKeypair",
    "InvalidMnemonic",
    "InvalidSecretUri",
    "InvalidSeed",
    "InvalidSs58",
    "Keypair",
    "dev_keypair",
    "junction_chain_code",
    "known_results",
    "shared_verdicts",
    "ss58_decode",
    "ss58_decode_with_prefix",
    "ss58_encode",
    "verify",
]

#: The root phrase of Substrate's publicly known development keys (``sp_core::crypto::DEV_PHRASE``).
DEV_PHRASE = "bottom drive obey lake curtain smoke basket hold race lonely fit walk"

#: The well-known development accounts, each ``dev_keypair(name)`` == ``Keypair.create_from_uri("//" + name)``.
DEV_ACCOUNTS = ("Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie")

#: The generic Substrate SS58 prefix (``Ss58AddressFormatRegistry::SubstrateAccount``).
SS58_GENERIC_PREFIX = 42

PUBLIC_KEY_LENGTH = 32
SECRET_KEY_LENGTH = 64
SEED_LENGTH = 32
SIGNATURE_LENGTH = 64
CHAIN_CODE_LENGTH = 32

_U64_MAX = (1 << 64) - 1
_SS58_PREFIX_MAX = 16383
_SS58_RESERVED = frozenset({46, 47})
_SS58_CHECKSUM_LENGTH = 2
_BASE58_ALPHABET = frozenset("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
_SURI_PHRASE_CHARS = frozenset(string.ascii_letters + string.digits + " ")
_RUST_U64 = re.compile(r"\+?[0-9]+")
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})*")

#: What the byte arguments accept; everything is copied to ``bytes``.
BytesLike = bytes | bytearray | memoryview


# Errors


class CryptoError(ParahostError):
    """Root of the errors this module raises for bad keys, seeds, phrases, URIs and addresses."""


class InvalidSecretUri(CryptoError):
    """A secret URI that does not parse (``SecretStringError::InvalidFormat``)."""


class InvalidMnemonic(CryptoError):
    """A phrase that is not a valid English BIP39 mnemonic (``SecretStringError::InvalidPhrase``)."""


class InvalidSeed(CryptoError):
    """A mini secret that is not exactly 32 bytes, or a URI's ``0x`` seed that is not 64 hex digits."""


class InvalidKeypair(CryptoError):
    """Key bytes of the wrong length, or a public key that does not belong to the secret key."""


class InvalidSs58(CryptoError):
    """An SS58 address that does not decode (bad base58, length, prefix or checksum), or a bad prefix."""


# Key pairs


def _as_bytes(value: object, what: str, error: type[CryptoError]) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    raise error(f"{what} must be bytes, got {type(value).__name__}")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Keypair:
    """An sr25519 key pair. Immutable; compares and hashes by public key; its repr omits the secret.

    Build one with :meth:`create_from_seed`, :meth:`create_from_mnemonic` or :meth:`create_from_uri`.
    Constructing it directly from key bytes checks that the public key belongs to the secret key.
    """

    public_key: bytes
    secret_key: bytes

    def __post_init__(self) -> None:
        public = _as_bytes(self.public_key, "public key", InvalidKeypair)
        secret = _as_bytes(self.secret_key, "secret key", InvalidKeypair)
        if len(public) != PUBLIC_KEY_LENGTH:
            raise InvalidKeypair(f"public key must be {PUBLIC_KEY_LENGTH} bytes, got {len(public)}")
        if len(secret) != SECRET_KEY_LENGTH:
            raise InvalidKeypair(f"secret key must be {SECRET_KEY_LENGTH} bytes, got {len(secret)}")
        try:
            expected = bytes(sr25519.public_from_secret_key(secret))
        except ValueError as exc:
            raise InvalidKeypair(f"secret key is not a valid sr25519 secret key: {exc}") from None
        if not hmac.compare_digest(expected, public):
            raise InvalidKeypair("public key does not belong to the secret key")
        object.__setattr__(self, "public_key", public)
        object.__setattr__(self, "secret_key", secret)

    # Construction

    @classmethod
    def create_from_seed(cls, seed: BytesLike) -> Keypair:
        """The key pair of a 32-byte mini secret (``sp_core::sr25519::Pair::from_seed``)."""
        raw = _as_bytes(seed, "seed", InvalidSeed)
        if len(raw) != SEED_LENGTH:
            raise InvalidSeed(f"seed must be {SEED_LENGTH} bytes, got {len(raw)}")
        public, secret = sr25519.pair_from_seed(raw)
        return cls(bytes(public), bytes(secret))

    @classmethod
    def create_from_mnemonic(cls, phrase: str, password: str = "") -> Keypair:
        """The key pair of an English BIP39 phrase and optional password (``Pair::from_phrase``)."""
        return cls.create_from_seed(_mini_secret_from_mnemonic(phrase, password))

    @classmethod
    def create_from_uri(cls, uri: str) -> Keypair:
        """The key pair a Substrate secret URI names (``Pair::from_string(uri, None)``).

        ``PHRASE``, ``PHRASE//hard/soft``, ``PHRASE//hard///password``, ``//Alice`` (the dev phrase),
        ``0x<64 hex digits>//Alice`` (a raw mini secret). Raises :class:`InvalidSecretUri` for bad
        syntax, :class:`InvalidMnemonic` for a bad phrase and :class:`InvalidSeed` for a bad hex seed.
        """
        if not isinstance(uri, str):
            raise InvalidSecretUri(f"secret URI must be str, got {type(uri).__name__}")
        phrase, junctions, password = _parse_secret_uri(uri)
        if phrase is None:
            root = _dev_root() if not password else cls.create_from_mnemonic(DEV_PHRASE, password)
        elif phrase.startswith("0x"):
            root = cls.create_from_seed(_hex_seed(phrase))
        else:
            root = cls.create_from_mnemonic(phrase, password or "")
        return root.derive(junctions)

    # Derivation

    def derive(self, junctions: Iterable[tuple[bool, str]]) -> Keypair:
        """Apply ``(hard, junction)`` steps in order, as a secret URI's path does."""
        public, secret = self.public_key, self.secret_key
        for hard, junction in junctions:
            code = junction_chain_code(junction)
            step = sr25519.hard_derive_keypair if hard else sr25519.derive_keypair
            _, public, secret = step((code, public, secret), b"")
        return self if public is self.public_key else Keypair(bytes(public), bytes(secret))

    # Signing

    def sign(self, message: BytesLike) -> bytes:
        """A 64-byte sr25519 signature of ``message`` in the ``substrate`` signing context."""
        data = message if isinstance(message, bytes) else bytes(message)
        return bytes(sr25519.sign((self.public_key, self.secret_key), data))

    def verify(self, signature: BytesLike, message: BytesLike) -> bool:
        """Whether ``signature`` is this key's signature of ``message``. Never raises."""
        return verify(signature, message, self.public_key)

    # Addresses and identity

    @property
    def ss58_address(self) -> str:
        """The public key's SS58 address with the generic Substrate prefix (42)."""
        return ss58_encode(self.public_key, SS58_GENERIC_PREFIX)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Keypair):
            return NotImplemented
        return self.public_key == other.public_key

    def __hash__(self) -> int:
        return hash((Keypair, self.public_key))

    def __repr__(self) -> str:
        return f"Keypair(public_key=0x{self.public_key.hex()}, ss58_address={self.ss58_address})"


#: Verification results known in advance (`known_results`): consulted by `verify` before verifying.
_KNOWN: list[Mapping[tuple[bytes, bytes, bytes], bool]] = []


@contextmanager
def known_results(results: Mapping[tuple[bytes, bytes, bytes], bool]) -> Iterator[None]:
    """Within the ``with`` block, `verify` answers from `results` for each (signature, message, public key) it
    holds: the results of a batch verified in advance (in parallel, say). Anything else is verified as usual,
    so a wrong or partial batch only costs time, never a different answer."""
    _KNOWN.append(results)
    try:
        yield
    finally:
        _KNOWN.pop()


#: The process-wide verdict cache while `shared_verdicts` is on: (signature, message, public key) -> result.
_VERDICTS: list[dict[tuple[bytes, bytes, bytes], bool]] = []
_VERDICTS_MAX = 1 << 20


@contextmanager
def shared_verdicts() -> Iterator[dict[tuple[bytes, bytes, bytes], bool]]:
    """Within the ``with`` block, each (signature, message, public key) is verified once for the whole process
    and its result remembered (a simulation of many nodes checks each signature once, not once per node). The
    result of a verification cannot differ between calls, so this changes time, never an answer."""
    cache: dict[tuple[bytes, bytes, bytes], bool] = {}
    _VERDICTS.append(cache)
    try:
        yield cache
    finally:
        _VERDICTS.remove(cache)


def verify(signature: BytesLike, message: BytesLike, public_key: BytesLike) -> bool:
    """Whether ``signature`` is ``public_key``'s sr25519 signature of ``message`` (context ``substrate``).

    Returns False, never raises, for anything that is not a valid signature: wrong lengths, a public key
    that is not a curve point, a signature without schnorrkel's marker bit, or non-bytes arguments.
    """
    try:
        sig = _as_bytes(signature, "signature", CryptoError)
        msg = _as_bytes(message, "message", CryptoError)
        pub = _as_bytes(public_key, "public key", CryptoError)
    except CryptoError:
        return False
    if len(sig) != SIGNATURE_LENGTH or len(pub) != PUBLIC_KEY_LENGTH:
        return False
    if _KNOWN:
        known = _KNOWN[-1].get((sig, msg, pub))
        if known is not None:
            return known
    if _VERDICTS:
        cache = _VERDICTS[-1]
        key = (sig, msg, pub)
        verdict = cache.get(key)
        if verdict is None:
            if len(cache) >= _VERDICTS_MAX:
                cache.clear()
            verdict = cache[key] = _verify(sig, msg, pub)
        return verdict
    return _verify(sig, msg, pub)


def _verify(sig: bytes, msg: bytes, pub: bytes) -> bool:
    try:
        return bool(sr25519.verify(sig, msg, pub))
    except (ValueError, TypeError):
        return False


# Mnemonics and secret URIs


def _mini_secret_from_mnemonic(phrase: str, password: str) -> bytes:
    if not isinstance(phrase, str):
        raise InvalidMnemonic(f"mnemonic must be str, got {type(phrase).__name__}")
    if not isinstance(password, str):
        raise InvalidMnemonic(f"password must be str, got {type(password).__name__}")
    try:
        phrase.encode()
        password.encode()
    except UnicodeEncodeError:
        raise InvalidMnemonic("mnemonic and password must be valid Unicode text") from None
    try:
        return bytes(bip39.bip39_to_mini_secret(phrase, password))
    except ValueError as exc:
        # The message names the problem (bad word and its index, word count, checksum), never the phrase.
        raise InvalidMnemonic(f"not a valid English BIP39 mnemonic: {exc}") from None


def _hex_seed(phrase: str) -> bytes:
    digits = phrase[2:]
    if len(digits) != 2 * SEED_LENGTH or not _HEX.fullmatch(digits):
        raise InvalidSeed(
            f"a 0x seed in a secret URI must be {2 * SEED_LENGTH} hex digits, got {len(digits)} characters"
        )
    return bytes.fromhex(digits)


def _parse_secret_uri(uri: str) -> tuple[str | None, list[tuple[bool, str]], str | None]:
    """Split a secret URI into (phrase or None, [(hard, junction)], password or None).

    Accepts exactly what ``sp_core``'s ``AddressUri::parse`` (and its older regex
    ``^([a-zA-Z0-9 ]+)?((//?[^/]+)*)(///(.*))?$``) accepts.
    """
    n = len(uri)
    i = 0
    while i < n and uri[i] in _SURI_PHRASE_CHARS:
        i += 1
    phrase = uri[:i] or None
    junctions: list[tuple[bool, str]] = []
    password: str | None = None
    while i < n:
        if uri.startswith("///", i):
            newline = uri.find("\n", i + 3)
            if newline != -1:
                raise InvalidSecretUri(f"invalid character in password: newline at offset {newline}")
            password = uri[i + 3 :]
            break
        if uri[i] == "/":
            hard = uri.startswith("//", i)
            start = i + (2 if hard else 1)
            end = uri.find("/", start)
            if end == -1:
                end = n
            if end == start:
                kind = "hard" if hard else "soft"
                raise InvalidSecretUri(f"empty {kind} junction at offset {start}")
            junctions.append((hard, uri[start:end]))
            i = end
            continue
        raise InvalidSecretUri(
            f"invalid character {uri[i]!r} at offset {i}: the phrase part allows only ASCII letters, digits "
            "and spaces, and junctions must start with '/'"
        )
    return phrase, junctions, password


def _compact_length(n: int) -> bytes:
    """SCALE compact encoding of a length (kept local so this module needs nothing from the codec)."""
    if n < 1 << 6:
        return bytes((n << 2,))
    if n < 1 << 14:
        return ((n << 2) | 0b01).to_bytes(2, "little")
    if n < 1 << 30:
        return ((n << 2) | 0b10).to_bytes(4, "little")
    size = max(4, (n.bit_length() + 7) // 8)
    return bytes((((size - 4) << 2) | 0b11,)) + n.to_bytes(size, "little")


def junction_chain_code(junction: str) -> bytes:
    """The 32-byte chain code of one junction's text (without its leading slashes).

    ``DeriveJunction::from``: text that Rust parses as a ``u64`` is SCALE-encoded as ``u64``, anything
    else as ``str`` (compact length, UTF-8); the encoding is zero-padded to 32 bytes, or replaced by its
    blake2_256 when longer than 32 bytes.
    """
    encoded: bytes | None = None
    if _RUST_U64.fullmatch(junction):
        number = int(junction.lstrip("+"))
        if number <= _U64_MAX:
            encoded = number.to_bytes(8, "little")
    if encoded is None:
        try:
            raw = junction.encode()
        except UnicodeEncodeError:
            raise InvalidSecretUri(f"junction {junction!r} is not valid Unicode text") from None
        encoded = _compact_length(len(raw)) + raw
    if len(encoded) > CHAIN_CODE_LENGTH:
        return blake2_256(encoded)
    return encoded.ljust(CHAIN_CODE_LENGTH, b"\0")


@functools.lru_cache(maxsize=1)
def _dev_root() -> Keypair:
    return Keypair.create_from_mnemonic(DEV_PHRASE)


@functools.cache
def dev_keypair(name: str) -> Keypair:
    """The well-known dev key ``//name`` (``sp_keyring``): ``dev_keypair("Alice")`` is ``//Alice``.

    ``name`` may itself hold further junctions, as ``sp_keyring``'s stash keys do: ``"Alice//stash"``.
    """
    return Keypair.create_from_uri(f"//{name}")


# SS58


def _ss58_checksum(data: bytes) -> bytes:
    return blake2b(b"SS58PRE" + data, digest_size=64).digest()[:_SS58_CHECKSUM_LENGTH]


def _check_prefix(prefix: int) -> None:
    if isinstance(prefix, bool) or not isinstance(prefix, int):
        raise InvalidSs58(f"SS58 prefix must be an int, got {type(prefix).__name__}")
    if not 0 <= prefix <= _SS58_PREFIX_MAX:
        raise InvalidSs58(f"SS58 prefix {prefix} is outside 0..{_SS58_PREFIX_MAX}")
    if prefix in _SS58_RESERVED:
        raise InvalidSs58(f"SS58 prefix {prefix} is reserved")


def ss58_encode(public_key: BytesLike, prefix: int = SS58_GENERIC_PREFIX) -> str:
    """The SS58 address of a 32-byte public key (``Ss58Codec::to_ss58check_with_version``)."""
    key = _as_bytes(public_key, "public key", InvalidSs58)
    if len(key) != PUBLIC_KEY_LENGTH:
        raise InvalidSs58(f"public key must be {PUBLIC_KEY_LENGTH} bytes, got {len(key)}")
    _check_prefix(prefix)
    if prefix < 64:
        head = bytes((prefix,))
    else:
        # 01aaaaaa bbcccccc: aaaaaa = bits 2..7 of the prefix, bb = bits 0..1, cccccc = bits 8..13.
        head = bytes((0b0100_0000 | ((prefix & 0b1111_1100) >> 2), (prefix >> 8) | ((prefix & 0b11) << 6)))
    payload = head + key
    return base58.b58encode(payload + _ss58_checksum(payload)).decode("ascii")


def ss58_decode_with_prefix(address: str) -> tuple[bytes, int]:
    """The 32-byte public key and prefix of an SS58 address (``from_ss58check_with_version``)."""
    if not isinstance(address, str):
        raise InvalidSs58(f"SS58 address must be str, got {type(address).__name__}")
    bad = next((ch for ch in address if ch not in _BASE58_ALPHABET), None)
    if bad is not None or not address:
        what = f"character {bad!r}" if bad is not None else "an empty string"
        raise InvalidSs58(f"SS58 address {address!r} is not base58: {what}")
    data = base58.b58decode(address)
    if len(data) < 2:
        raise InvalidSs58(f"SS58 address {address!r} is too short ({len(data)} bytes)")
    first = data[0]
    if first < 64:
        prefix_len, prefix = 1, first
    elif first < 128:
        # As in Substrate, a two-byte form of a prefix below 64 is decoded, not refused.
        lower = ((first << 2) | (data[1] >> 6)) & 0xFF
        upper = data[1] & 0b0011_1111
        prefix_len, prefix = 2, lower | (upper << 8)
    else:
        raise InvalidSs58(f"SS58 address {address!r} has an invalid prefix byte {first}")
    expected_len = prefix_len + PUBLIC_KEY_LENGTH + _SS58_CHECKSUM_LENGTH
    if len(data) != expected_len:
        raise InvalidSs58(f"SS58 address {address!r} decodes to {len(data)} bytes, expected {expected_len}")
    if prefix in _SS58_RESERVED:
        raise InvalidSs58(f"SS58 address {address!r} uses the reserved prefix {prefix}")
    body_end = prefix_len + PUBLIC_KEY_LENGTH
    if _ss58_checksum(data[:body_end]) != data[body_end:]:
        raise InvalidSs58(f"SS58 address {address!r} has a bad checksum")
    return data[prefix_len:body_end], prefix


def ss58_decode(address: str, expected_prefix: int | None = None) -> bytes:
    """The 32-byte public key of an SS58 address, checking the prefix when ``expected_prefix`` is given."""
    key, prefix = ss58_decode_with_prefix(address)
    if expected_prefix is not None and prefix != expected_prefix:
        raise InvalidSs58(f"SS58 address {address!r} has prefix {prefix}, expected {expected_prefix}")
    return key
