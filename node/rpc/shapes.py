"""Substrate's JSON shapes (reference §3) and parameter parsing for the RPC methods.

Hashes, keys and blobs are ``0x``-prefixed lower-case hex; a header is ``{"parentHash", "number": "0x1a",
"stateRoot", "extrinsicsRoot", "digest": {"logs": ["0x<SCALE DigestItem>", ...]}}`` and re-encodes to the exact
SCALE header the node hashes; a block's extrinsics keep their Compact length prefix.
"""

from __future__ import annotations

from typing import Any

from frame.block import Block, DigestItem, Header
from node.rpc.api import RpcError, invalid_params
from primitives.crypto import CryptoError, ss58_decode
from primitives.scale import bytes_codec
from primitives.types import codec_of

__all__ = ["account", "arg", "block_hash_arg", "block_json", "from_hex", "header_json", "hexs", "state_error"]

_DIGEST_ITEM = codec_of(DigestItem)


def hexs(data: bytes) -> str:
    return "0x" + bytes(data).hex()


def header_json(header: Header) -> dict[str, Any]:
    return {
        "parentHash": hexs(header.parent_hash),
        "number": hex(header.number),
        "stateRoot": hexs(header.state_root),
        "extrinsicsRoot": hexs(header.extrinsics_root),
        "digest": {"logs": [hexs(_DIGEST_ITEM.encode(item)) for item in header.digest.logs]},
    }


def block_json(block: Block) -> dict[str, Any]:
    return {"block": {"header": header_json(block.header),
                      "extrinsics": [hexs(bytes_codec.encode(x)) for x in block.extrinsics]},
            "justifications": None}  # fmt: skip


def arg(params: list[Any], index: int, what: str, required: bool = False) -> Any:
    """Positional parameter `index` (None if absent or null; invalid params if required and missing)."""
    value = params[index] if index < len(params) else None
    if value is None and required:
        raise invalid_params(f"missing parameter {index}: {what}")
    return value


def from_hex(value: Any, what: str, length: int | None = None) -> bytes:
    """0x-hex (either case) to bytes; invalid params otherwise (and if `length` is given and not met)."""
    if not isinstance(value, str) or not value.startswith("0x"):
        raise invalid_params(f"{what}: expected 0x-prefixed hex, got {value!r:.80}")
    try:
        data = bytes.fromhex(value[2:])
    except ValueError:
        raise invalid_params(f"{what}: not hex: {value!r:.80}") from None
    if length is not None and len(data) != length:
        raise invalid_params(f"{what}: expected {length} bytes, got {len(data)}")
    return data


def block_hash_arg(params: list[Any], index: int) -> bytes | None:
    """An optional block hash parameter (None: the best block)."""
    value = arg(params, index, "block hash")
    return None if value is None else from_hex(value, "block hash", 32)


def account(value: Any) -> bytes:
    """An account id from an SS58 address or 0x-hex (32 bytes)."""
    if isinstance(value, str) and value.startswith("0x"):
        return from_hex(value, "account", 32)
    if not isinstance(value, str):
        raise invalid_params(f"account: expected an SS58 address or 0x-hex, got {value!r:.80}")
    try:
        return bytes(ss58_decode(value))
    except (CryptoError, ValueError) as e:
        raise invalid_params(f"account: {e}") from None


def state_error(e: Exception) -> RpcError:
    """Substrate's state/client error (4003 "Client error: ...")."""
    return RpcError(4003, f"Client error: {type(e).__name__}: {e}")
