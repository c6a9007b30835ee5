"""Identifiers, scalars, keys and byte blobs of the parachain host (reference §0, guide "Data Structures").

Scalar widths are Polkadot's ``core-primitives``: block numbers and session indexes are ``u32``, hashes are
32 bytes, balances ``u128``. Identifiers are newtypes so that a ``ParaId`` is never confused with a
``CoreIndex``; byte blobs (``HeadData``, ``ValidationCode``, ``BlockData``) encode as SCALE byte vectors, and
keys and signatures as fixed arrays with no prefix.
"""

from __future__ import annotations

from typing import ClassVar, Self

from primitives.types import H256, H512, U32, U128, Bytes32, newtype

#: A block number of the relay chain (``BlockNumber = u32``).
BlockNumber = U32
#: A session index (``SessionIndex = u32``).
SessionIndex = U32
#: A 32-byte blake2-256 hash (``Hash = H256``).
Hash = H256
#: A balance (``Balance = u128``).
Balance = U128

#: The all-zero hash, Rust's ``Hash::default()``.
ZERO_HASH = bytes(32)
#: Para ids below this are system paras (``LOWEST_USER_ID``).
LOWEST_USER_ID = 1000


@newtype(U32)
class ParaId(int):
    """The id of a parachain or parathread (``polkadot_parachain::Id``), a ``u32`` on the wire."""

    __slots__ = ()

    def is_system(self) -> bool:
        """Whether this is a system para (id below `LOWEST_USER_ID`, i.e. 1000)."""
        return self < LOWEST_USER_ID

    def __repr__(self) -> str:
        return f"ParaId({int(self)})"


@newtype(U32)
class ValidatorIndex(int):
    """The index of a validator in the session's validator list."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"ValidatorIndex({int(self)})"


@newtype(U32)
class CoreIndex(int):
    """The index of an availability (execution) core."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"CoreIndex({int(self)})"


@newtype(U32)
class GroupIndex(int):
    """The index of a validator group in the session's `ValidatorGroups`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"GroupIndex({int(self)})"


@newtype(bytes)
class HeadData(bytes):
    """A para's head data (``HeadData(Vec<u8>)``): compact length, then the bytes. Ordered bytewise."""

    __slots__ = ()


@newtype(bytes)
class ValidationCode(bytes):
    """A para's validation code, a Wasm blob (``ValidationCode(Vec<u8>)``)."""

    __slots__ = ()


@newtype(bytes)
class BlockData(bytes):
    """A parablock's body as the validation function sees it (``BlockData(Vec<u8>)``)."""

    __slots__ = ()


class _FixedBytes(bytes):
    """Bytes of one fixed length; the default value is all zeros (Rust's ``Default``).

    The codec checks the length when decoding, so it builds these with ``bytes.__new__`` directly.
    """

    __slots__ = ()
    __scale_trusted__ = True
    SIZE: ClassVar[int]

    def __new__(cls, value: bytes | bytearray | memoryview | None = None) -> Self:
        if value is None:
            return super().__new__(cls, cls.SIZE)
        made = super().__new__(cls, value)
        if len(made) != cls.SIZE:
            raise ValueError(f"{cls.__name__} needs exactly {cls.SIZE} bytes, got {len(made)}")
        return made

    def __repr__(self) -> str:
        return f"{type(self).__name__}(0x{self.hex()})"


@newtype(Bytes32)
class ValidatorId(_FixedBytes):
    """A validator's sr25519 public key (32 bytes)."""

    __slots__ = ()
    SIZE = 32


@newtype(Bytes32)
class CollatorId(_FixedBytes):
    """A collator's sr25519 public key (32 bytes)."""

    __slots__ = ()
    SIZE = 32


@newtype(H512)
class ValidatorSignature(_FixedBytes):
    """A validator's sr25519 signature (64 bytes, context ``substrate``)."""

    __slots__ = ()
    SIZE = 64


@newtype(H512)
class CollatorSignature(_FixedBytes):
    """A collator's sr25519 signature (64 bytes, context ``substrate``)."""

    __slots__ = ()
    SIZE = 64
