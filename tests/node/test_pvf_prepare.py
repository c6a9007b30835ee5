"""Preparing code: what is refused, with which reason, and what is described."""

import importlib

import pytest
import wasmtime

from node.pvf import InvalidReason, Limits, code_hash, prepare
from node.pvf.execute import load_artifact
from node.pvf.host_functions import SIGNATURES
from node.pvf.limits import FUNCTION_COST, PREPARE_BUDGET
from node.pvf.outcome import Rejected
from node.pvf.prepare import code_shape, describe_type
from parachains import adder
from primitives.hashing import blake2_256
from tests.node._pvf_support import pvf, wat

prepare_module = importlib.import_module("node.pvf.prepare")  # `node.pvf.prepare` is also the function


def reason_of(code: bytes, limits: Limits | None = None) -> tuple[InvalidReason, str]:
    with pytest.raises(Rejected) as e:
        prepare(code, limits or Limits())
    return e.value.outcome.reason, e.value.outcome.detail


def test_adder_prepares_and_is_described():
    prepared = prepare(adder.wasm(), Limits())
    info = prepared.info
    assert info.code_hash == blake2_256(adder.wasm()) == code_hash(adder.wasm())
    assert info.size == len(adder.wasm())
    assert info.imports == (
        "env.ext_hashing_keccak_256_version_1: func (i64) -> i32",
        "env.ext_logging_log_version_1: func (i32, i64, i64) -> ()",
    )
    assert info.exports == (
        "memory: memory (1 pages)",
        "__heap_base: global i32",
        "validate_block: func (i32, i32) -> i64",
    )
    assert [e.name for e in load_artifact(prepared.artifact()).exports] == ["memory", "__heap_base", "validate_block"]


def test_every_host_function_is_importable_with_its_signature():
    imports = "\n".join(
        f'(import "env" "{name}" (func (param {" ".join(p)}) {"(result " + " ".join(r) + ")" if r else ""}))'
        for name, (p, r) in SIGNATURES.items()
    )
    assert len(prepare(pvf("(i64.const 0)", imports=imports), Limits()).info.imports) == 8


@pytest.mark.parametrize(
    "code, reason, says",
    [
        (b"", InvalidReason.InvalidWasm, "not a Wasm binary"),
        (b"#!/bin/sh\n", InvalidReason.InvalidWasm, "not a Wasm binary"),
        # Wasm *text* is not Wasm: wasmtime-py would compile text given as bytes, the host must not
        (b'(module (memory (export "memory") 1))', InvalidReason.InvalidWasm, "not a Wasm binary"),
        (b"\0asm\x01\0\0\0\x01\xff", InvalidReason.InvalidWasm, ""),
        (b"\0asm\x02\0\0\0", InvalidReason.InvalidWasm, ""),
    ],
)
def test_not_wasm_is_invalid_wasm(code, reason, says):
    got, detail = reason_of(code)
    assert got is reason and says in detail


def test_code_too_large():
    code = adder.wasm()
    assert reason_of(code, Limits(max_code_size=len(code) - 1))[0] is InvalidReason.CodeTooLarge
    assert prepare(code, Limits(max_code_size=len(code)))


@pytest.mark.parametrize(
    "imports, says",
    [
        ('(import "env" "ext_storage_get_version_1" (func (param i64) (result i64)))', "ext_storage_get_version_1"),
        ('(import "env" "ext_hashing_keccak_256_version_1" (func (param i32) (result i32)))', "expected func (i64)"),
        ('(import "env" "ext_logging_log_version_1" (func (param i32 i64 i64) (result i32)))', "expected"),
        ('(import "other" "ext_hashing_keccak_256_version_1" (func (param i64) (result i32)))', "other."),
        ('(import "env" "ext_hashing_keccak_256_version_1" (global i32))', "global i32"),
        ('(import "env" "table" (table 1 funcref))', "env.table"),
    ],
)
def test_imports_other_than_the_host_functions_are_unknown(imports, says):
    reason, detail = reason_of(pvf("(i64.const 0)", imports=imports))
    assert reason is InvalidReason.UnknownImport and says in detail


def test_an_imported_memory_is_an_unknown_import():
    code = wat(
        '(module (import "env" "memory" (memory 1)) (global (export "__heap_base") i32 (i32.const 0))'
        ' (func (export "validate_block") (param i32 i32) (result i64) (i64.const 0)))'
    )
    reason, detail = reason_of(code)
    assert reason is InvalidReason.UnknownImport and "env.memory" in detail


@pytest.mark.parametrize(
    "module, says",
    [
        ('(module (memory (export "memory") 1) (global (export "__heap_base") i32 (i32.const 0)))', "validate_block"),
        (
            '(module (memory (export "memory") 1)'
            ' (func (export "validate_block") (param i32 i32) (result i64) (i64.const 0)))',
            "__heap_base",
        ),
        (
            '(module (memory 1) (global (export "__heap_base") i32 (i32.const 0))'
            ' (func (export "validate_block") (param i32 i32) (result i64) (i64.const 0)))',
            "memory",
        ),
        (
            '(module (memory (export "memory") 1) (global (export "__heap_base") i32 (i32.const 0))'
            ' (func (export "validate_block") (param i32) (result i64) (i64.const 0)))',
            "func (i32) -> i64",
        ),
        (
            '(module (memory (export "memory") 1) (global (export "__heap_base") i64 (i64.const 0))'
            ' (func (export "validate_block") (param i32 i32) (result i64) (i64.const 0)))',
            "global i64",
        ),
        (
            '(module (memory (export "mem") 1) (func (export "memory")) (global (export "__heap_base") i32'
            ' (i32.const 0)) (func (export "validate_block") (param i32 i32) (result i64) (i64.const 0)))',
            "is a func",
        ),
    ],
)
def test_missing_or_mistyped_exports(module, says):
    reason, detail = reason_of(wat(module))
    assert reason is InvalidReason.MissingExport and says in detail


def test_features_that_could_differ_between_machines_are_off():
    simd = pvf("(drop (v128.const i64x2 0 0)) (i64.const 0)")
    reason, _ = reason_of(simd)
    assert reason is InvalidReason.InvalidWasm


def test_describe_type():
    assert describe_type(wasmtime.FuncType([wasmtime.ValType.i32()], [])) == "func (i32) -> ()"
    two = wasmtime.FuncType([], [wasmtime.ValType.i32(), wasmtime.ValType.i64()])
    assert describe_type(two) == "func () -> (i32, i64)"
    assert describe_type(wasmtime.MemoryType(wasmtime.Limits(2, 5))) == "memory (2 pages, max 5)"
    assert describe_type(wasmtime.GlobalType(wasmtime.ValType.i32(), True)) == "global i32 mut"


# ---------------------------------------------------------------------------------------------
# Bounded preparation: a static price checked before wasmtime compiles anything


@pytest.fixture
def no_compiling(monkeypatch):
    """Make any wasmtime compilation fail the test: the verdict must come from the static check."""

    def refuse(*args, **kwargs):
        raise AssertionError("wasmtime compiled code the static check should have refused")

    monkeypatch.setattr(wasmtime.Module, "__init__", refuse)


def tiny_functions(n: int) -> bytes:
    return pvf("(i64.const 0)", extra="".join(f"(func (result i32) (i32.const {i}))" for i in range(n)))


def test_code_shape_counts_functions_bodies_and_locals():
    code = pvf("(i64.const 0)", extra="(func (local i32 i32 i64)) (func (param i32) (local f64))")
    shape = code_shape(code)
    assert shape.functions == 3 and shape.locals == 4
    assert 0 < shape.body_bytes < len(code)
    assert shape.cost == FUNCTION_COST * 3 + shape.body_bytes + 4
    assert code_shape(adder.wasm()).cost < PREPARE_BUDGET // 100


def test_many_tiny_functions_are_code_too_complex_without_compiling(no_compiling):
    """The issue's module: 50,000 tiny functions, 392 KB, far below max_code_size (it took seconds to compile)."""
    code = tiny_functions(50_000)
    assert len(code) < Limits().max_code_size // 40
    reason, detail = reason_of(code)
    assert reason is InvalidReason.CodeTooComplex and "50001 functions" in detail


def test_a_function_body_beyond_the_budget_is_code_too_complex(no_compiling):
    code = wat('(module (func (export "f") ' + "nop " * (PREPARE_BUDGET + 1) + "))")
    assert len(code) < Limits().max_code_size
    assert reason_of(code)[0] is InvalidReason.CodeTooComplex


def test_locals_count_towards_the_budget(no_compiling):
    per_function = 50_000  # wasmtime's own limit per function
    n = PREPARE_BUDGET // per_function + 1
    code = pvf("(i64.const 0)", extra=f"(func (local {' i64' * per_function}))" * n)
    assert len(code) < 64 * 1024  # tiny code: the locals are run-length encoded
    reason, detail = reason_of(code)
    assert reason is InvalidReason.CodeTooComplex and f"{n * per_function} locals" in detail


def test_code_within_the_budget_compiles():
    n = (PREPARE_BUDGET // (FUNCTION_COST + 8)) // 8
    assert prepare(tiny_functions(n), Limits()).info.size > 0


def test_an_invalid_module_is_invalid_wasm_before_it_is_priced(no_compiling):
    broken = tiny_functions(50_000)[:-3]
    assert reason_of(broken)[0] is InvalidReason.InvalidWasm


def test_an_artifact_beyond_the_cap_is_artifact_too_large(monkeypatch):
    size = len(prepare(adder.wasm(), Limits()).artifact())
    monkeypatch.setattr(prepare_module, "MAX_ARTIFACT_SIZE", size - 1)
    reason, detail = reason_of(adder.wasm())
    assert reason is InvalidReason.ArtifactTooLarge and str(size) in detail
    monkeypatch.setattr(prepare_module, "MAX_ARTIFACT_SIZE", size)
    assert len(prepare(adder.wasm(), Limits()).artifact()) == size
