"""Dev keys for chain specs, and the check that 32 bytes are a usable sr25519 public key.

Validators of the presets are Substrate's dev accounts in order, ``//Alice``, ``//Bob``, ``//Charlie``,
``//Dave``, ``//Eve``, ``//Ferdie``, then ``//Validator7``, ``//Validator8`` ... (hard derivations from the
public dev phrase: deterministic, so a preset always has the same keys and the same genesis hash).

An sr25519 public key is a compressed Ristretto255 point. `is_valid_public_key` decodes it as RFC 9496
§4.3.1 says (canonical field element, non-negative, a square root exists, t non-negative, y non-zero) and
refuses the identity point (all zeros: the key of secret scalar 0). This is the check schnorrkel's
``PublicKey::from_bytes`` makes (the sr25519 bindings report "Cannot decompress Ristretto point" for exactly
these inputs; a test compares the two on random bytes), done without a signature.
"""

from __future__ import annotations

from primitives.crypto import DEV_ACCOUNTS, Keypair, dev_keypair

__all__ = ["is_valid_public_key", "validator_keypair", "validator_keypairs", "validator_uri"]


def validator_uri(i: int) -> str:
    """The secret URI of the i-th validator (1-based): //Alice ... //Ferdie, then //Validator7, ..."""
    if i < 1:
        raise ValueError(f"validators are numbered from 1, got {i}")
    return f"//{DEV_ACCOUNTS[i - 1]}" if i <= len(DEV_ACCOUNTS) else f"//Validator{i}"


def validator_keypair(i: int) -> Keypair:
    """The key pair of the i-th validator (1-based)."""
    return dev_keypair(validator_uri(i)[2:])


def validator_keypairs(n: int) -> list[Keypair]:
    """The first `n` validators' key pairs."""
    return [validator_keypair(i) for i in range(1, n + 1)]


# ---------------------------------------------------------------------------------------------
# Ristretto255 decoding (RFC 9496 §4.3.1), only to say yes or no

_P = 2**255 - 19
_D = (-121665 * pow(121666, _P - 2, _P)) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _negative(x: int) -> bool:
    return (x % _P) & 1 == 1


def _abs(x: int) -> int:
    x %= _P
    return _P - x if _negative(x) else x


def _sqrt_ratio_m1(u: int, v: int) -> tuple[bool, int]:
    v3 = v * v % _P * v % _P
    v7 = v3 * v3 % _P * v % _P
    r = u * v3 % _P * pow(u * v7 % _P, (_P - 5) // 8, _P) % _P
    check = v * r % _P * r % _P
    correct = check == u % _P
    flipped = check == (-u) % _P
    flipped_i = check == (-u * _SQRT_M1) % _P
    if flipped or flipped_i:
        r = r * _SQRT_M1 % _P
    return correct or flipped, _abs(r)


def is_valid_public_key(key: bytes) -> bool:
    """Whether `key` is 32 bytes encoding a Ristretto255 point other than the identity."""
    if not isinstance(key, bytes | bytearray) or len(key) != 32 or not any(key):
        return False
    s = int.from_bytes(key, "little")
    if s >= _P or _negative(s):
        return False
    ss = s * s % _P
    u1 = (1 - ss) % _P
    u2 = (1 + ss) % _P
    u2_sqr = u2 * u2 % _P
    v = (-(_D * u1 % _P * u1) - u2_sqr) % _P
    was_square, invsqrt = _sqrt_ratio_m1(1, v * u2_sqr % _P)
    den_x = invsqrt * u2 % _P
    den_y = invsqrt * den_x % _P * v % _P
    x = _abs(2 * s * den_x)
    y = u1 * den_y % _P
    t = x * y % _P
    return was_square and not _negative(t) and y != 0
