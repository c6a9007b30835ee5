"""Deliberately bad validation functions, each with the outcome a PVF host must give it.

Every entry is tiny WebAssembly text (or bytes that are not Wasm at all), and `expected` names the
`InvalidReason` under the host's default limits. ``loop`` runs out of fuel when fuel is metered and times
out (its worker killed) when it is not.
"""

from __future__ import annotations

from dataclasses import dataclass

from parachains._wasm import wat_text_to_wasm

#: A PVF's exports around a body: 1 page of memory, __heap_base at 1024, validate_block(i32, i32) -> i64.
_SKELETON = """(module {imports}
  (memory (export "memory") {pages})
  (global (export "__heap_base") i32 (i32.const {heap_base}))
  {data}
  (func (export "validate_block") (param $ptr i32) (param $len i32) (result i64)
    {body}))"""


def _pvf(body: str, imports: str = "", pages: int = 1, heap_base: int = 1024, data: str = "") -> str:
    return _SKELETON.format(imports=imports, pages=pages, heap_base=heap_base, data=data, body=body)


@dataclass(frozen=True, slots=True)
class Hostile:
    """A hostile parachain: its name, what it does, its code (WAT text or raw bytes) and its outcome."""

    name: str
    doc: str
    source: str | bytes
    expected: str

    def wasm(self) -> bytes:
        """The code a validator is given: the WAT compiled, or the raw bytes as they are."""
        return self.source if isinstance(self.source, bytes) else wat_text_to_wasm(self.source)


_HUGE_HEAD = 1 << 20  # 1 MiB of head data: compact length 0x00400002 (four-byte mode)

HOSTILE: dict[str, Hostile] = {
    h.name: h
    for h in (
        Hostile(
            "loop", "validate_block never returns", _pvf("(loop $forever (br $forever)) unreachable"), "FuelExhausted"
        ),
        Hostile(
            "grow",
            "grows memory a page at a time until refused, then traps (as Rust's allocation-failure handler)",
            _pvf("(loop $more (br_if $more (i32.ne (memory.grow (i32.const 1)) (i32.const -1)))) unreachable"),
            "MemoryLimit",
        ),
        Hostile("trap", "executes `unreachable`", _pvf("unreachable"), "Trap"),
        Hostile(
            "huge-result",
            "returns a well-formed ValidationResult with 1 MiB of head data",
            _pvf(
                f"(i64.const {(4 + _HUGE_HEAD + 6) << 32})",
                pages=17,
                heap_base=4 + _HUGE_HEAD + 6 + 2,
                data='(data (i32.const 0) "\\02\\00\\40\\00")',
            ),
            "HeadDataTooLarge",
        ),
        Hostile(
            "out-of-bounds",
            "returns a result pointer and length beyond its memory",
            _pvf(f"(i64.const {(0x100 << 32) | 0xFFFFFF00})"),
            "BadReturn",
        ),
        Hostile(
            "undecodable",
            "returns bytes that are not a ValidationResult (an Option tag of 7)",
            _pvf("(i64.const 0x0000000200000000)", data='(data (i32.const 0) "\\00\\07")'),
            "BadReturn",
        ),
        Hostile(
            "unknown-import",
            "imports ext_storage_get_version_1, which a validation function does not get",
            _pvf(
                "(drop (call $get (i64.const 0))) (i64.const 0)",
                imports='(import "env" "ext_storage_get_version_1" (func $get (param i64) (result i64)))',
            ),
            "UnknownImport",
        ),
        Hostile("not-wasm", "bytes that are not WebAssembly", b"#!/bin/sh\necho this is not wasm\n", "InvalidWasm"),
        Hostile(
            "too-complex",
            "a valid module of 20,000 tiny functions (150 KB): cheap to send, seconds to compile, refused unseen",
            _pvf("(i64.const 0)", data="(func (result i32) (i32.const 7))" * 20_000),
            "CodeTooComplex",
        ),
        Hostile(
            "no-validate-block",
            "exports memory and __heap_base but no validate_block",
            '(module (memory (export "memory") 1) (global (export "__heap_base") i32 (i32.const 1024)))',
            "MissingExport",
        ),
    )
}


def hostile(name: str) -> Hostile:
    """The hostile parachain called `name` (KeyError if there is none)."""
    return HOSTILE[name]


__all__ = ["HOSTILE", "Hostile", "hostile"]
