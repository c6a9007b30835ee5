"""Substrate's block types: header, digest, block, and the block hash.

Header = {parent_hash, number: Compact<u32>, state_root, extrinsics_root, digest}; block hash =
blake2_256(SCALE(header)). A block's body is a Vec of opaque extrinsics, each itself length-prefixed bytes.
"""

from __future__ import annotations

from primitives.hashing import blake2_256
from primitives.types import H256, Bytes4, Compact32, ScaleEnum, codec_of, scale_struct, scale_variant


class DigestItem(ScaleEnum):
    """One digest log item (sp_runtime::generic::DigestItem, by its encoded index)."""


@scale_variant(0)
class Other(DigestItem):
    """Arbitrary data."""

    value: bytes


@scale_variant(4)
class Consensus(DigestItem):
    """A message from the runtime to a consensus engine."""

    engine: Bytes4
    data: bytes


@scale_variant(5)
class Seal(DigestItem):
    """A seal added by the block author (not part of the pre-runtime hash)."""

    engine: Bytes4
    data: bytes


@scale_variant(6)
class PreRuntime(DigestItem):
    """A message from the block author to the runtime (e.g. the slot)."""

    engine: Bytes4
    data: bytes


@scale_variant(8)
class RuntimeEnvironmentUpdated(DigestItem):
    """The runtime code or heap pages changed in this block."""


@scale_struct
class Digest:
    """The header's log of digest items."""

    logs: tuple[DigestItem, ...] = ()


EMPTY_DIGEST = Digest()


@scale_struct
class Header:
    """A block header, field order as Substrate's generic::Header."""

    parent_hash: H256
    number: Compact32
    state_root: H256
    extrinsics_root: H256
    digest: Digest = EMPTY_DIGEST

    def hash(self) -> bytes:
        """blake2_256 of the SCALE-encoded header."""
        return blake2_256(_HEADER.encode(self))


_HEADER = codec_of(Header)


@scale_struct
class Block:
    """A header and the opaque, SCALE-encoded extrinsics in order."""

    header: Header
    extrinsics: tuple[bytes, ...] = ()

    def hash(self) -> bytes:
        return self.header.hash()
