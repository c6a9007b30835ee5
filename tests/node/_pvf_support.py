"""Shared by the PVF tests: adder parameters, small WAT modules, and hosts with short limits."""

from __future__ import annotations

import wasmtime

from parachains import adder
from primitives.parachain import BlockData, HeadData, ValidationParams

#: Max head data size the tests pass (the adder's heads are 72 bytes).
MAX_HEAD = 1 << 15


def params(
    block: bytes = adder.AdderBlock(0, 512).encode(),
    parent: bytes = adder.GENESIS_HEAD.encode(),
    max_head_data_size: int = MAX_HEAD,
    code_upgrade_allowed: int | None = None,
    relay_chain_height: int = 1,
) -> ValidationParams:
    return ValidationParams(
        BlockData(block), HeadData(parent), 1 << 20, max_head_data_size, relay_chain_height, code_upgrade_allowed
    )


def wat(text: str) -> bytes:
    return bytes(wasmtime.wat2wasm(text))


def pvf(body: str, imports: str = "", data: str = "", heap_base: int = 1024, pages: int = 1, extra: str = "") -> bytes:
    """A module with a PVF's exports around `body` (the body of validate_block(ptr, len) -> i64)."""
    return wat(
        f"""(module {imports}
        (memory (export "memory") {pages})
        (global (export "__heap_base") i32 (i32.const {heap_base}))
        {data} {extra}
        (func (export "validate_block") (param $ptr i32) (param $len i32) (result i64) {body}))"""
    )


def span(ptr: int, length: int) -> int:
    return ptr | (length << 32)
