"""One validate_block call in this process: host functions, the guest heap, fuel, memory, and results."""

import pytest

from node.pvf import InvalidReason, Limits, Valid, validate_in_process
from node.pvf.abi import PARAMS
from node.pvf.execute import execute
from node.pvf.host_functions import GuestLog
from node.pvf.limits import (
    DEFAULT_FUEL,
    DEFAULT_TIMEOUT,
    HOST_BYTE_FUEL,
    HOST_CALL_FUEL,
    HOST_PAGE_FUEL,
    MAX_LOG_LINES,
    WORST_SECONDS_PER_FUEL,
)
from node.pvf.outcome import Rejected
from node.pvf.prepare import prepare
from parachains import adder
from tests import vectors
from tests.node._pvf_support import params, pvf, span

#: An empty ValidationResult: no head data, no code, no messages, 0 processed.
EMPTY_RESULT = '(data (i32.const 512) "\\00\\00\\00\\00\\00\\00\\00")'
RETURN_EMPTY = f"(i64.const {span(512, 7)})"


def run(code: bytes, limits: Limits | None = None, p=None):
    limits = limits or Limits()
    return execute(prepare(code, limits).module, PARAMS.encode(p or params()), limits)


def hash_module(name: str, data_at: int, length: int, digest: int) -> bytes:
    """validate_block returns the digest of [data_at, data_at + length) as its head data."""
    return pvf(
        f"""(local $out i32)
        (local.set $out (call $h (i64.const {span(data_at, length)})))
        (i32.store8 (i32.const 512) (i32.const {digest << 2}))
        (memory.copy (i32.const 513) (local.get $out) (i32.const {digest}))
        (i64.store (i32.const {513 + digest}) (i64.const 0))
        (i64.const {span(512, 1 + digest + 6)})""",
        imports=f'(import "env" "{name}" (func $h (param i64) (result i32)))',
        data='(data (i32.const 0) "static")',
    )


@pytest.mark.parametrize(
    "name, data_at, length, expected",
    [
        # "static": w3f/polkadot-tests host API outputs (tests/vectors.py)
        ("ext_hashing_blake2_128_version_1", 0, 6, vectors.BLAKE2_128_STATIC),
        ("ext_hashing_blake2_256_version_1", 0, 6, vectors.BLAKE2_256_STATIC),
        ("ext_hashing_twox_64_version_1", 0, 6, vectors.TWOX64_STATIC),
        ("ext_hashing_twox_128_version_1", 0, 6, vectors.TWOX128_STATIC),
        # eight zero bytes: keccak256(0u64), the adder's genesis post_state (DESIGN.md §5)
        ("ext_hashing_keccak_256_version_1", 16, 8, vectors.KECCAK_ZERO_U64),
    ],
)
def test_hashing_host_functions(name, data_at, length, expected):
    outcome = validate_in_process(hash_module(name, data_at, length, len(expected) // 2), params())
    assert isinstance(outcome, Valid)
    assert bytes(outcome.result.head_data).hex() == expected


def test_params_and_host_outputs_come_from_heap_base_up_eight_aligned():
    code = pvf(
        """(local $end i32) (local $a i32) (local $b i32)
        (if (i32.ne (local.get $ptr) (i32.const 1008)) (then unreachable))
        (local.set $end (i32.and (i32.add (i32.add (local.get $ptr) (local.get $len)) (i32.const 7)) (i32.const -8)))
        (local.set $a (call $malloc (i32.const 5)))
        (if (i32.ne (local.get $a) (local.get $end)) (then unreachable))
        (local.set $b (call $malloc (i32.const 3)))
        (if (i32.ne (local.get $b) (i32.add (local.get $a) (i32.const 8))) (then unreachable))
        (if (i32.ne (call $twox (i64.const 0)) (i32.add (local.get $b) (i32.const 8))) (then unreachable))
        (call $free (local.get $a))
        ;; a large allocation grows memory
        (local.set $a (call $malloc (i32.const 200000)))
        (if (i32.lt_u (i32.mul (memory.size) (i32.const 65536)) (i32.add (local.get $a) (i32.const 200000)))
          (then unreachable))
        """
        + RETURN_EMPTY,
        imports='(import "env" "ext_allocator_malloc_version_1" (func $malloc (param i32) (result i32)))'
        '(import "env" "ext_allocator_free_version_1" (func $free (param i32)))'
        '(import "env" "ext_hashing_twox_64_version_1" (func $twox (param i64) (result i32)))',
        data=EMPTY_RESULT,
        heap_base=1001,
    )
    assert validate_in_process(code, params()).valid


def test_an_allocation_beyond_the_memory_cap_is_memory_limit():
    code = pvf(
        "(drop (call $malloc (i32.const 0x7fffffff)))" + RETURN_EMPTY,
        imports='(import "env" "ext_allocator_malloc_version_1" (func $malloc (param i32) (result i32)))',
        data=EMPTY_RESULT,
    )
    outcome = validate_in_process(code, params())
    assert outcome.reason is InvalidReason.MemoryLimit and "cannot grow" in outcome.detail


def test_logging_is_kept_and_a_bad_span_traps():
    imports = '(import "env" "ext_logging_log_version_1" (func $log (param i32 i64 i64)))'
    data = EMPTY_RESULT + '(data (i32.const 0) "runtimehello")'
    logs = pvf(
        f"(call $log (i32.const 3) (i64.const {span(0, 7)}) (i64.const {span(7, 5)}))" + RETURN_EMPTY,
        imports=imports,
        data=data,
    )
    assert run(logs).logs == (GuestLog(3, "runtime", "hello"),)
    many = pvf(
        f"(loop $l (call $log (i32.const 4) (i64.const {span(0, 7)}) (i64.const {span(7, 5)})) (br $l)) unreachable",
        imports=imports,
        data=data,
    )
    with pytest.raises(Rejected) as e:
        run(many, Limits(fuel=200 * HOST_CALL_FUEL))
    assert e.value.outcome.reason is InvalidReason.FuelExhausted
    bounded = pvf(
        f"(local $i i32) (loop $l (call $log (i32.const 4) (i64.const {span(0, 7)}) (i64.const {span(7, 5)}))"
        f" (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (i32.const 100))))"
        + RETURN_EMPTY,
        imports=imports,
        data=data,
    )
    assert len(run(bounded).logs) == MAX_LOG_LINES
    bad = pvf(
        f"(call $log (i32.const 1) (i64.const {span(65530, 7)}) (i64.const 0))" + RETURN_EMPTY,
        imports=imports,
        data=data,
    )
    outcome = validate_in_process(bad, params())
    assert outcome.reason is InvalidReason.Trap and "outside memory" in outcome.detail


def test_a_panic_message_is_in_the_trap_detail():
    outcome = validate_in_process(adder.wasm(), params(block=adder.AdderBlock(1, 512).encode()))
    assert outcome.reason is InvalidReason.Trap
    assert "unreachable" in outcome.detail and "execution failure" in outcome.detail


def test_fuel_is_deterministic_and_host_functions_charge_per_byte():
    first = validate_in_process(adder.wasm(), params())
    again = validate_in_process(adder.wasm(), params())
    assert isinstance(first, Valid) and isinstance(again, Valid)
    assert first.fuel_used == again.fuel_used > 3 * HOST_CALL_FUEL
    assert validate_in_process(adder.wasm(), params(), Limits(fuel=None)).fuel_used is None

    def hashing(length: int) -> int | None:
        return run(hash_module("ext_hashing_blake2_256_version_1", 0, length, 32)).fuel_used

    assert hashing(60000) - hashing(0) == 60000  # type: ignore[operator]
    with pytest.raises(Rejected) as e:
        run(hash_module("ext_hashing_blake2_256_version_1", 0, 60000, 32), Limits(fuel=50000))
    assert e.value.outcome.reason is InvalidReason.FuelExhausted and "host function" in e.value.outcome.detail


def test_fuel_exhausted_in_wasm():
    outcome = validate_in_process(pvf("(loop $l (br $l)) (i64.const 0)"), params(), Limits(fuel=100_000))
    assert outcome.reason is InvalidReason.FuelExhausted


def test_host_functions_are_refused_outside_validate_block():
    code = pvf(
        RETURN_EMPTY,
        imports='(import "env" "ext_hashing_twox_64_version_1" (func $h (param i64) (result i32)))',
        data=EMPTY_RESULT,
        extra="(func $start (drop (call $h (i64.const 0)))) (start $start)",
    )
    outcome = validate_in_process(code, params())
    assert outcome.reason is InvalidReason.Trap and "outside validate_block" in outcome.detail


def test_stack_overflow_is_a_trap():
    code = pvf(
        "(call $deep (i32.const 0))",
        extra="(func $deep (param i32) (result i64) (call $deep (i32.add (local.get 0) (i32.const 1))))",
    )
    outcome = validate_in_process(code, params())
    assert outcome.reason is InvalidReason.Trap and "stack" in outcome.detail


def test_memory_limits():
    small = Limits(max_memory=4 * 65536)
    # a module whose initial memory exceeds the cap cannot be instantiated
    outcome = validate_in_process(pvf(RETURN_EMPTY, data=EMPTY_RESULT, pages=5), params(), small)
    assert outcome.reason is InvalidReason.MemoryLimit
    assert validate_in_process(pvf(RETURN_EMPTY, data=EMPTY_RESULT, pages=4), params(), small).valid
    # params that do not fit under the cap
    outcome = validate_in_process(adder.wasm(), params(block=bytes(300_000)), small)
    assert outcome.reason is InvalidReason.MemoryLimit
    # memory.grow refused at the cap, then a trap
    grower = pvf("(loop $l (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1)))) unreachable")
    assert validate_in_process(grower, params(), small).reason is InvalidReason.MemoryLimit


def test_params_too_large():
    p = params(block=adder.AdderBlock(0, 512).encode() + bytes(200))
    assert validate_in_process(adder.wasm(), p, Limits(max_params_size=200)).reason is InvalidReason.ParamsTooLarge
    assert validate_in_process(adder.wasm(), p, Limits(max_params_size=400)).valid


def test_bad_returns():
    trailing = pvf(f"(i64.const {span(512, 8)})", data=EMPTY_RESULT)
    outcome = validate_in_process(trailing, params())
    assert outcome.reason is InvalidReason.BadReturn and "trailing" in outcome.detail
    at_the_end = pvf(
        f"(i64.const {span(65536 - 7, 7)})", data='(data (i32.const 65529) "\\00\\00\\00\\00\\00\\00\\00")'
    )
    assert validate_in_process(at_the_end, params()).valid
    past_the_end = pvf(f"(i64.const {span(65536 - 6, 7)})")
    assert validate_in_process(past_the_end, params()).reason is InvalidReason.BadReturn


def test_head_data_size_is_checked_against_the_params():
    assert validate_in_process(adder.wasm(), params(max_head_data_size=72)).valid
    outcome = validate_in_process(adder.wasm(), params(max_head_data_size=71))
    assert outcome.reason is InvalidReason.HeadDataTooLarge and "72 bytes" in outcome.detail


# ---------------------------------------------------------------------------------------------
# Fuel is the bound that decides: priced for the most expensive code per unit


def test_the_default_fuel_is_priced_for_the_worst_case():
    """At the slowest measured price per unit, the default fuel fits in a quarter of the timeout (aim: a tenth)."""
    assert DEFAULT_FUEL * WORST_SECONDS_PER_FUEL <= DEFAULT_TIMEOUT / 4
    assert Limits().fuel == DEFAULT_FUEL


def test_host_memory_growth_is_charged_per_page():
    malloc = '(import "env" "ext_allocator_malloc_version_1" (func $m (param i32) (result i32)))'

    def fuel(size: int) -> int | None:
        return run(
            pvf(f"(drop (call $m (i32.const {size})))" + RETURN_EMPTY, imports=malloc, data=EMPTY_RESULT)
        ).fuel_used

    assert fuel(16 * 65536) - fuel(0) == 16 * HOST_PAGE_FUEL  # type: ignore[operator]


def test_a_host_call_costs_its_price():
    free = '(import "env" "ext_allocator_free_version_1" (func $f (param i32)))'

    def fuel(calls: int) -> int | None:
        body = "(call $f (i32.const 0))" * calls + RETURN_EMPTY
        return run(pvf(body, imports=free, data=EMPTY_RESULT)).fuel_used

    assert fuel(3) - fuel(1) == 2 * (HOST_CALL_FUEL + 2)  # type: ignore[operator]  # + i32.const and call


def test_hashing_in_a_loop_runs_out_of_fuel_within_the_default():
    """A guest hashing 250 MiB ran into the timeout (keccak: about 1 s here): 64 MiB no longer fits in the fuel."""
    per_call = 1 << 20
    calls = 64
    assert calls * per_call * HOST_BYTE_FUEL > DEFAULT_FUEL
    imports = '(import "env" "ext_hashing_keccak_256_version_1" (func $h (param i64) (result i32)))'
    body = (
        f"(local $i i32) (drop (memory.grow (i32.const 16))) (loop $l (drop (call $h (i64.const {span(0, per_call)})))"
        f" (local.set $i (i32.add (local.get $i) (i32.const 1)))"
        f" (br_if $l (i32.lt_u (local.get $i) (i32.const {calls}))))" + RETURN_EMPTY
    )
    outcome = validate_in_process(pvf(body, imports=imports, data=EMPTY_RESULT, pages=2), params())
    assert outcome.reason is InvalidReason.FuelExhausted and "host function" in outcome.detail


@pytest.mark.parametrize("loop", ["tight", "memory", "hashing", "allocation", "logging"])
def test_the_benchmark_loops_end_by_fuel(loop):
    """The loops `benchmarks.bench_pvf` times for the fuel-to-timeout fractions run until their fuel is gone."""
    from benchmarks.bench_pvf import FUEL_LOOPS

    outcome = validate_in_process(FUEL_LOOPS[loop](), params(), Limits(fuel=200_000))
    assert outcome.reason is InvalidReason.FuelExhausted, outcome
