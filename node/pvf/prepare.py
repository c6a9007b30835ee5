"""Preparing validation code: check it is Wasm, compile it with wasmtime, check its imports and exports.

In order, each failure naming its reason: the size (CodeTooLarge), the ``\\0asm`` magic and wasmtime's
validation (InvalidWasm), what compiling it would cost (CodeTooComplex, below), wasmtime's compilation
(InvalidWasm), the size of the compiled artifact (ArtifactTooLarge), every import is a host function of
`node.pvf.host_functions` with its exact signature (UnknownImport), and the exports DESIGN.md §5 requires
(MissingExport): ``memory``, an i32 global ``__heap_base`` and ``validate_block: (i32, i32) -> i64``. Any other
export is allowed.

**Bounded preparation.** Compiling is linear in what a module holds, but its price per byte varies a lot: a
392 KB module of 50,000 tiny functions takes longer to compile than 2 MB of dense code in one function, and
makes a 12 MB artifact. So before wasmtime compiles anything, `code_shape` reads the code section (validated
already, and cheaply) and `CodeShape.cost` prices it: `FUNCTION_COST` per function defined, plus its body bytes,
plus one per local it declares. More than `PREPARE_BUDGET` is CodeTooComplex, a deterministic verdict that
does not depend on how fast or busy the machine is (the prepare timeout stays the backstop). The weights were
measured here (see `node.pvf.limits`): the budget takes at most about 4 s to compile on an idle machine and
8 s on a loaded one, and produces at most about 18 MiB of artifact (`MAX_ARTIFACT_SIZE` is the backstop).
"""

from __future__ import annotations

from dataclasses import dataclass

import wasmtime

from node.pvf.engine import engine
from node.pvf.host_functions import IMPORT_MODULE, SIGNATURES
from node.pvf.limits import FUNCTION_COST, MAX_ARTIFACT_SIZE, PREPARE_BUDGET, Limits
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
    """Code that passed preparation: its description, the compiled module, and (if known) its serialization."""

    info: CodeInfo
    module: wasmtime.Module
    serialized: bytes | None = None

    def artifact(self) -> bytes:
        """The compiled module, serialized by wasmtime (what the artifact cache stores)."""
        return self.serialized if self.serialized is not None else bytes(self.module.serialize())


@dataclass(frozen=True, slots=True)
class CodeShape:
    """What compiling a module involves: functions defined, their body bytes, and the locals they declare."""

    functions: int
    body_bytes: int
    locals: int

    @property
    def cost(self) -> int:
        """The module's preparation cost (see the module docstring); compared against `PREPARE_BUDGET`."""
        return FUNCTION_COST * self.functions + self.body_bytes + self.locals


def _leb_u32(data: bytes, at: int) -> tuple[int, int]:
    """An unsigned LEB128 at `at` (at most 5 bytes): its value and where the next field starts."""
    value = shift = 0
    for i in range(5):
        if at + i >= len(data):
            raise Rejected(InvalidReason.InvalidWasm, f"truncated integer at byte {at}")
        byte = data[at + i]
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, at + i + 1
        shift += 7
    raise Rejected(InvalidReason.InvalidWasm, f"integer too long at byte {at}")


_CODE_SECTION = 10


def code_shape(code: bytes) -> CodeShape:
    """Read the functions, body bytes and declared locals of a Wasm binary's code section (linear, no compiling)."""
    at, functions, body_bytes, n_locals = 8, 0, 0, 0
    while at < len(code):
        section, at = code[at], at + 1
        size, at = _leb_u32(code, at)
        end = at + size
        if end > len(code):
            raise Rejected(InvalidReason.InvalidWasm, f"section {section} runs past the end of the code")
        if section == _CODE_SECTION:
            count, pos = _leb_u32(code, at)
            for _ in range(count):
                body, pos = _leb_u32(code, pos)
                body_end = pos + body
                if body_end > end:
                    raise Rejected(InvalidReason.InvalidWasm, "a function body runs past its section")
                groups, pos = _leb_u32(code, pos)
                for _ in range(groups):
                    n, pos = _leb_u32(code, pos)
                    n_locals += n
                    pos += 1  # the value type (one byte without the GC and function-references proposals)
                functions += 1
                body_bytes += body
                pos = body_end
        at = end
    return CodeShape(functions, body_bytes, n_locals)


def check_complexity(code: bytes) -> CodeShape:
    """Raise CodeTooComplex if compiling `code` would cost more than `PREPARE_BUDGET`."""
    shape = code_shape(code)
    if shape.cost > PREPARE_BUDGET:
        raise Rejected(
            InvalidReason.CodeTooComplex,
            f"preparation cost {shape.cost} ({shape.functions} functions x {FUNCTION_COST} + {shape.body_bytes} "
            f"body bytes + {shape.locals} locals) is more than the budget of {PREPARE_BUDGET}",
        )
    return shape


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
    """Check the size, that `code` is a Wasm binary within the preparation budget, and compile it (CodeTooLarge,
    InvalidWasm, CodeTooComplex)."""
    if len(code) > limits.max_code_size:
        raise Rejected(InvalidReason.CodeTooLarge, f"{len(code)} bytes, more than the {limits.max_code_size} allowed")
    if code[:4] != WASM_MAGIC:
        raise Rejected(InvalidReason.InvalidWasm, f"not a Wasm binary: starts with {bytes(code[:4])!r}, not \\0asm")
    binary = bytearray(code)  # a bytearray: wasmtime-py would read `bytes` not starting with \0 as Wasm *text*
    try:
        wasmtime.Module.validate(engine(), binary)
    except wasmtime.WasmtimeError as e:
        raise Rejected(InvalidReason.InvalidWasm, " ".join(str(e).split())[:500]) from None
    check_complexity(code)
    try:
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
    serialized = bytes(module.serialize())
    if len(serialized) > MAX_ARTIFACT_SIZE:
        raise Rejected(
            InvalidReason.ArtifactTooLarge,
            f"the compiled artifact is {len(serialized)} bytes, more than the {MAX_ARTIFACT_SIZE} allowed",
        )
    check_interface(module)
    return Prepared(describe(module, code), module, serialized)
