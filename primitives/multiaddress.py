"""sp_runtime's `MultiAddress<AccountId32, u32>`: how calls name an account (`dest`, `who`, `source`).

SCALE is Substrate's: a variant byte (Id 0, Index 1, Raw 2, Address32 3, Address20 4) then the payload, so
``Id(Bob)`` is ``0x00 ++ Bob's 32 bytes``. `multi_address` accepts what Python callers have at hand (a
MultiAddress, 32 raw bytes, ``0x`` hex, an SS58 address or a keypair) and makes the ``Id`` form.
"""

from __future__ import annotations

from typing import Annotated, Any

from primitives import scale
from primitives.crypto import InvalidSs58, ss58_decode
from primitives.types import Bytes32, Compact32, ScaleEnum, scale_variant

__all__ = ["Address20", "Address32", "Id", "Index", "MultiAddress", "Raw", "multi_address"]

Bytes20 = Annotated[bytes, scale.FixedBytesCodec(20)]


class MultiAddress(ScaleEnum):
    """An account as calls name it (sp_runtime::MultiAddress<AccountId32, AccountIndex = u32>)."""


@scale_variant(0)
class Id(MultiAddress):
    """The 32-byte account id itself."""

    value: Bytes32


@scale_variant(1)
class Index(MultiAddress):
    """An account index (needs an indices pallet to resolve; this runtime has none)."""

    value: Compact32


@scale_variant(2)
class Raw(MultiAddress):
    """Raw bytes of some other address format."""

    value: bytes


@scale_variant(3)
class Address32(MultiAddress):
    """A 32-byte address that is not an account id."""

    value: Bytes32


@scale_variant(4)
class Address20(MultiAddress):
    """A 20-byte (Ethereum-style) address."""

    value: Bytes20


def multi_address(who: Any) -> MultiAddress:
    """`who` as a MultiAddress: a MultiAddress as it is; 32 bytes, ``0x`` hex of 32 bytes, an SS58 address or
    a keypair (anything with `public_key`) as ``Id``. Raises ValueError for anything else."""
    if isinstance(who, MultiAddress):
        return who
    if hasattr(who, "public_key"):
        who = bytes(who.public_key)
    if isinstance(who, str):
        if who.startswith("0x"):
            try:
                who = bytes.fromhex(who[2:])
            except ValueError:
                raise ValueError(f"{who!r:.70} is not hex") from None
        else:
            try:
                who = ss58_decode(who)
            except InvalidSs58 as e:
                raise ValueError(f"{who!r:.70} is neither 0x-hex nor an SS58 address ({e})") from None
    if isinstance(who, (bytes, bytearray)) and len(who) == 32:
        return Id(bytes(who))
    raise ValueError(f"cannot make a MultiAddress of {who!r:.70}: need 32 bytes, 0x-hex, SS58 or a keypair")
