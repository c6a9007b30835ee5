"""The "adder" test parachain (reference §9): a chain whose state is a u64 that each block adds to.

`wasm()` is its validation function, built from ``adder.wat``; `execute` is the same state transition in
Python, for collators and tests. Heads and hashes are Polkadot's: keccak-256 (the original Keccak).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from parachains._wasm import wat_to_wasm
from primitives.errors import ParahostError
from primitives.hashing import keccak_256

_HEAD = struct.Struct("<Q32s32s")
_BLOCK = struct.Struct("<QQ")
_U64 = struct.Struct("<Q")
U64_MASK = (1 << 64) - 1

#: The adder collator's para id (Polkadot's ``adder-collator``).
ADDER_PARA_ID = 100


class AdderError(ParahostError):
    """Adder head or block data that does not decode, or a block that does not apply."""


class StateMismatch(AdderError):
    """The block's starting state does not hash to the parent head's post_state."""


def hash_state(state: int) -> bytes:
    """keccak256 of the state as a little-endian u64."""
    return keccak_256(_U64.pack(state & U64_MASK))


@dataclass(frozen=True, slots=True)
class AdderHead:
    """The adder's head data: ``{number: u64, parent_hash: [u8; 32], post_state: [u8; 32]}`` (72 bytes)."""

    number: int
    parent_hash: bytes
    post_state: bytes

    def encode(self) -> bytes:
        return _HEAD.pack(self.number, self.parent_hash, self.post_state)

    @classmethod
    def decode(cls, data: bytes) -> AdderHead:
        """Decode from the first 72 bytes (later bytes are ignored, as Rust's ``Decode::decode``)."""
        if len(data) < _HEAD.size:
            raise AdderError(f"adder head data needs {_HEAD.size} bytes, got {len(data)}")
        return cls(*_HEAD.unpack_from(data))

    def hash(self) -> bytes:
        """keccak256 of the encoding."""
        return keccak_256(self.encode())


@dataclass(frozen=True, slots=True)
class AdderBlock:
    """The adder's block data: ``{state: u64, add: u64}`` (16 bytes)."""

    state: int
    add: int

    def encode(self) -> bytes:
        return _BLOCK.pack(self.state, self.add)

    @classmethod
    def decode(cls, data: bytes) -> AdderBlock:
        """Decode from the first 16 bytes (later bytes are ignored)."""
        if len(data) < _BLOCK.size:
            raise AdderError(f"adder block data needs {_BLOCK.size} bytes, got {len(data)}")
        return cls(*_BLOCK.unpack_from(data))


#: The genesis head: number 0, zero parent hash, post_state = hash_state(0).
GENESIS_HEAD = AdderHead(0, bytes(32), hash_state(0))
#: The block data the collator starts from (Polkadot's adder collator: ``{state: 0, add: 0}``).
GENESIS_BLOCK = AdderBlock(0, 0)


def execute(parent_head: bytes, block_data: bytes) -> bytes:
    """The encoded head that `block_data` produces on `parent_head` (both encoded), or StateMismatch."""
    parent = AdderHead.decode(parent_head)
    block = AdderBlock.decode(block_data)
    if hash_state(block.state) != parent.post_state:
        raise StateMismatch(f"hash_state({block.state}) is not the parent's post_state 0x{parent.post_state.hex()}")
    new_state = (block.state + block.add) & U64_MASK
    return AdderHead((parent.number + 1) & U64_MASK, keccak_256(parent_head), hash_state(new_state)).encode()


def wasm() -> bytes:
    """The adder's validation code, built from ``adder.wat``."""
    return wat_to_wasm(__name__, "adder.wat")


__all__ = [
    "ADDER_PARA_ID",
    "GENESIS_BLOCK",
    "GENESIS_HEAD",
    "AdderBlock",
    "AdderError",
    "AdderHead",
    "StateMismatch",
    "execute",
    "hash_state",
    "wasm",
]
