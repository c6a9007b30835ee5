"""Preparing validation code: check it is Wasm, compile it with wasmtime, check its imports and exports.

In order, each failure naming its reason: the size (CodeTooLarge), the ``\\0asm`` magic and wasmtime's
validation and compilation (InvalidWasm), every import is a host function of `node.pvf.host_functions`
with its exact signature (UnknownImport), and the exports DESIGN.md §5 requires (MissingExport): ``memory``,
an i32 global ``__heap_base`` and ``validate_block: (i32, i32) -> i64``. Any other export is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

import wasmtime

from node.pvf.engine import engine
from node.pvf.host_functions import IMPORT_MODULE, SIGNATURES
from node.pvf.limits import Limits
from node.pvf.outcome import InvalidReason, Rejected
from primitives.hashing import blake2_256

WASM_MAGIC = b"\0asm"
#: The exports a PVF must have, and the type each must be (as `describe_type` writes it).
REQUIRED_EXPORTS = {
    "memory": "memory",
    "__heap_base": "global i32",
    "validate_block": "func (i32, i32) -> i64",
}


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """What a module imports and exports, each as ``"name: type"`` (``"env.x: func (i64) -> i32"``)."""

    code_hash: bytes
    size: int
    imports: tuple[str, ...]
    exports: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Prepared:
    """Code that passed preparation: its description and the compiled module."""

    info: CodeInfo
    module: wasmtime.Module

    def artifact(self) -> bytes:
        """The compiled module, serialized by wasmtime (what the artifact cache stores)."""
        return bytes(self.module.serialize())


def code_hash(code: bytes) -> bytes:
    """What compiled code is cached under: blake2_256 of the code."""
    return blake2_256(code)


def describe_type(ty: object) -> str:
    """A Wasm extern type in words: ``func (i32, i32) -> i64``, ``memory (17 pages)``, ``global i32``."""
    if isinstance(ty, wasmtime.FuncType):
        params = ", ".join(str(p) for p in ty.params)
        results = ", ".join(str(r) for r in ty.results)
        return f"func ({params}) -> {results or '()'}" if len(ty.results) < 2 else f"func ({params}) -> ({results})"
    if isinstance(ty, wasmtime.MemoryType):
        limits = ty.limits
        most = f", max {limits.max}" if limits.max is not None else ""
        return f"memory ({limits.min} pages{most})"
    if isinstance(ty, wasmtime.GlobalType):
        return f"global {ty.content}" + (" mut" if ty.mutable else "")
    if isinstance(ty, wasmtime.TableType):
        return f"table {ty.element} ({ty.limits.min} elements)"
    return type(ty).__name__


def _signature_text(name: str) -> str:
    params, results = SIGNATURES[name]
    return f"func ({', '.join(params)}) -> {', '.join(results) or '()'}"


def compile_code(code: bytes, limits: Limits) -> wasmtime.Module:
    """Check the size and that `code` is a Wasm binary, and compile it (CodeTooLarge, InvalidWasm)."""
    if len(code) > limits.max_code_size:
        raise Rejected(InvalidReason.CodeTooLarge, f"{len(code)} bytes, more than the {limits.max_code_size} allowed")
    if code[:4] != WASM_MAGIC:
        raise Rejected(InvalidReason.InvalidWasm, f"not a Wasm binary: starts with {bytes(code[:4])!r}, not \\0asm")
    binary = bytearray(code)  # a bytearray: wasmtime-py would read `bytes` not starting with \0 as Wasm *text*
    try:
        wasmtime.Module.validate(engine(), binary)
        return wasmtime.Module(engine(), binary)  # type: ignore[arg-type]  # bytearray is deliberate
    except wasmtime.WasmtimeError as e:
        raise Rejected(InvalidReason.InvalidWasm, " ".join(str(e).split())[:500]) from None


def describe(module: wasmtime.Module, code: bytes) -> CodeInfo:
    imports = tuple(f"{i.module}.{i.name}: {describe_type(i.type)}" for i in module.imports)
    exports = tuple(f"{e.name}: {describe_type(e.type)}" for e in module.exports)
    return CodeInfo(code_hash(code), len(code), imports, exports)


def check_interface(module: wasmtime.Module) -> None:
    """Raise UnknownImport or MissingExport unless the module's interface is a PVF's."""
    for imp in module.imports:
        name, ty = imp.name or "", describe_type(imp.type)
        if imp.module != IMPORT_MODULE or name not in SIGNATURES:
            raise Rejected(InvalidReason.UnknownImport, f"{imp.module}.{name}: {ty} is not a host function")
        if ty != _signature_text(name):
            raise Rejected(InvalidReason.UnknownImport, f"{imp.module}.{name}: {ty}, expected {_signature_text(name)}")
    exports = {e.name: describe_type(e.type) for e in module.exports}
    for name, expected in REQUIRED_EXPORTS.items():
        found = exports.get(name)
        if found is None:
            raise Rejected(InvalidReason.MissingExport, f"no export `{name}` ({expected})")
        if not (found == expected or found.startswith(expected + " ")):
            raise Rejected(InvalidReason.MissingExport, f"export `{name}` is a {found}, expected {expected}")


def prepare(code: bytes, limits: Limits) -> Prepared:
    """Compile and check `code`; raise `Rejected` with the first problem found."""
    module = compile_code(code, limits)
    check_interface(module)
    return Prepared(describe(module, code), module)
