"""The "upgrader" test parachain: blocks that can carry new validation code, to exercise code upgrades.

Head data is ``{number: u64, code_hash: [u8; 32]}`` (exactly 40 bytes; ``code_hash`` is blake2_256 of the
last code the chain upgraded to, zeros before any). Block data is SCALE ``Option<Vec<u8>>``: the new code,
if any. `wasm()` (from ``upgrader.wat``) returns that code in ``ValidationResult.new_validation_code`` when
the parameters' ``code_upgrade_allowed`` is Some, and traps when it is None. `execute` is the same in Python.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from parachains._wasm import wat_to_wasm
from primitives import scale
from primitives.errors import CodecError, ParahostError
from primitives.hashing import blake2_256

_HEAD = struct.Struct("<Q32s")
NEW_CODE = scale.OptionCodec(scale.bytes_codec)


class UpgraderError(ParahostError):
    """Upgrader data that does not decode, or an upgrade when none is allowed."""


@dataclass(frozen=True, slots=True)
class UpgraderHead:
    """``{number: u64, code_hash: [u8; 32]}``."""

    number: int
    code_hash: bytes

    def encode(self) -> bytes:
        return _HEAD.pack(self.number, self.code_hash)

    @classmethod
    def decode(cls, data: bytes) -> UpgraderHead:
        if len(data) != _HEAD.size:
            raise UpgraderError(f"upgrader head data is {_HEAD.size} bytes, got {len(data)}")
        return cls(*_HEAD.unpack(data))


GENESIS_HEAD = UpgraderHead(0, bytes(32))


def block_data(new_code: bytes | None = None) -> bytes:
    """The block data carrying `new_code` (or none)."""
    return NEW_CODE.encode(new_code)


def execute(parent_head: bytes, data: bytes, code_upgrade_allowed: int | None) -> tuple[bytes, bytes | None]:
    """The new head and the new code (or None) that block `data` gives on `parent_head`."""
    parent = UpgraderHead.decode(parent_head)
    try:
        new_code: bytes | None = NEW_CODE.decode(data)
    except CodecError as e:
        raise UpgraderError(f"invalid block data: {e}") from None
    if new_code is not None and code_upgrade_allowed is None:
        raise UpgraderError("the block carries new code but no code upgrade is allowed")
    code_hash = blake2_256(new_code) if new_code is not None else parent.code_hash
    return UpgraderHead((parent.number + 1) & ((1 << 64) - 1), code_hash).encode(), new_code


def wasm() -> bytes:
    """The upgrader's validation code, built from ``upgrader.wat``."""
    return wat_to_wasm(__name__, "upgrader.wat")


__all__ = ["GENESIS_HEAD", "NEW_CODE", "UpgraderError", "UpgraderHead", "block_data", "execute", "wasm"]
