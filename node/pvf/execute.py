"""Running ``validate_block`` of a compiled module once, in this process (DESIGN.md §5's ABI).

A fresh store and instance per call (the module's imports are resolved once, see `execute`): the memory cap
and fuel are set, the encoded `ValidationParams` are written at ``__heap_base`` (see `node.pvf.host_functions`
for who owns memory), ``validate_block(ptr, len)`` is called, and its i64 return is read as
``ptr | (len << 32)`` (low 32 bits the pointer). The bytes there are returned undecoded;
`node.pvf.abi.interpret` judges them. This cannot be interrupted except by fuel: the worker pool runs it in a
separate process to bound wall-clock time.

Failures: running out of fuel (in Wasm or in a host function) is FuelExhausted; a memory the cap does not
allow at instantiation, a host allocation beyond it, or a trap once the memory has reached the cap (less than
a page left: ``memory.grow`` returned -1 and the code gave up, as Rust's allocation-failure handler does) is
MemoryLimit; any other trap is Trap, its detail the trap's cause and the guest's last log line if any (a Rust
panic logs its message before trapping).
"""

from __future__ import annotations

import ctypes
import weakref
from dataclasses import dataclass

import wasmtime

from node.pvf.engine import engine
from node.pvf.host_functions import MASK32, MASK64, PAGE, GuestHeap, GuestLog, HostCall, linker, set_active
from node.pvf.limits import MAX_TABLE_ELEMENTS, Limits
from node.pvf.outcome import InvalidReason, PvfError, Rejected

#: The fuel given when `Limits.fuel` is None (wasmtime's fuel is a u64).
UNMETERED_FUEL = MASK64


@dataclass(frozen=True, slots=True)
class RawReturn:
    """What ``validate_block`` returned: the bytes its result pointed at, fuel burned, and its log lines."""

    result: bytes
    fuel_used: int | None
    logs: tuple[GuestLog, ...] = ()


def load_artifact(artifact: bytes) -> wasmtime.Module:
    """A module from a serialized artifact this host produced (never pass bytes from elsewhere: unchecked)."""
    return wasmtime.Module.deserialize(engine(), artifact)


#: Each module's imports resolved against the shared linker once (wasmtime's ``InstancePre``), for as long as
#: the module lives: a call only makes a store and instantiates into it.
_PRE: weakref.WeakKeyDictionary[wasmtime.Module, wasmtime.InstancePre] = weakref.WeakKeyDictionary()


def _instance_pre(module: wasmtime.Module) -> wasmtime.InstancePre:
    pre = _PRE.get(module)
    if pre is None:
        pre = _PRE[module] = linker().instantiate_pre(module)
    return pre


@dataclass(slots=True, eq=False)
class Instance:
    """A fresh instance of a module in a store of its own, its fuel and memory cap set: good for one call.

    `instantiate` makes it, `call` uses it up. A worker makes the next one while it waits for a request
    (`node.pvf.worker`), so that work is off the request's path; each call still has its own store.
    """

    store: wasmtime.Store
    memory: wasmtime.Memory
    heap_base: int
    validate: wasmtime.Func
    fuel: int
    limits: Limits
    used: bool = False


def instantiate(module: wasmtime.Module, limits: Limits) -> Instance:
    """A new `Instance` of `module` under `limits`; `Rejected` if it cannot be made (MemoryLimit, Trap ...)."""
    store = wasmtime.Store(engine())
    store.set_limits(memory_size=limits.max_memory, table_elements=MAX_TABLE_ELEMENTS, memories=1)
    fuel = limits.fuel if limits.fuel is not None else UNMETERED_FUEL
    store.set_fuel(fuel)
    try:
        exports = _instance_pre(module).instantiate(store).exports(store)
    except wasmtime.Trap as trap:
        raise _classify(trap, store, None, limits) from None
    except wasmtime.WasmtimeError as e:
        raise _instantiation_error(e, limits) from None
    memory, heap_base, validate = exports.get("memory"), exports.get("__heap_base"), exports.get("validate_block")
    if not (
        isinstance(memory, wasmtime.Memory)
        and isinstance(heap_base, wasmtime.Global)
        and isinstance(validate, wasmtime.Func)
    ):
        raise Rejected(InvalidReason.MissingExport, "memory, __heap_base or validate_block is missing")
    return Instance(store, memory, int(heap_base.value(store)), validate, fuel, limits)


def call(instance: Instance, params: bytes) -> RawReturn:
    """Call ``validate_block`` of a fresh `instance` on `params`; raise `Rejected` for an invalid candidate."""
    if instance.used:
        raise PvfError("an instance is good for one call only")
    instance.used = True
    store, memory, limits = instance.store, instance.memory, instance.limits
    host: HostCall | None = None
    try:
        heap = GuestHeap(store, memory, instance.heap_base)
        ptr = heap.put(params)
        heap.metered = True
        host = HostCall(store, memory, heap)
        set_active(host)
        try:
            returned = instance.validate(store, ptr, len(params))
        finally:
            set_active(None)
    except wasmtime.Trap as trap:
        rejected = _classify(trap, store, memory, limits)
        if host is not None and host.logs and rejected.outcome.reason is InvalidReason.Trap:
            last = host.logs[-1]  # a Rust panic logs its message before trapping
            rejected = Rejected(InvalidReason.Trap, f"{rejected.outcome.detail} (the guest logged {last.message!r})")
        raise rejected from None
    except wasmtime.WasmtimeError as e:
        raise _instantiation_error(e, limits) from None
    fuel_used = instance.fuel - store.get_fuel() if limits.fuel is not None else None
    return RawReturn(_read_result(store, memory, returned), fuel_used, tuple(host.logs))


def execute(module: wasmtime.Module, params: bytes, limits: Limits) -> RawReturn:
    """Instantiate `module`, call ``validate_block`` on `params`; raise `Rejected` for an invalid candidate.

    Every call has a store, instance and memory of its own: nothing of one call is seen by the next. What is
    shared is only what cannot change: the engine, the linker with its host functions, the module and its
    resolved imports.
    """
    return call(instantiate(module, limits), params)


def _read_result(store: wasmtime.Store, memory: wasmtime.Memory, returned: object) -> bytes:
    if not isinstance(returned, int):
        raise Rejected(InvalidReason.BadReturn, f"validate_block returned {returned!r}, not an i64")
    value = returned & MASK64
    ptr, length = value & MASK32, value >> 32
    size = memory.data_len(store)
    if ptr + length > size:
        raise Rejected(
            InvalidReason.BadReturn,
            f"result [{ptr}, {ptr + length}) (returned 0x{value:016x}) is outside memory of {size} bytes",
        )
    return ctypes.string_at(ctypes.addressof(memory.data_ptr(store).contents) + ptr, length) if length else b""


def trap_cause(message: str) -> str:
    """The line of a wasmtime trap message that says what happened (e.g. ``wasm trap: unreachable``)."""
    lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
    for ln in lines:
        if ln.startswith("wasm trap:"):
            return ln
    return lines[-1] if lines else "trap"


def _classify(trap: wasmtime.Trap, store: wasmtime.Store, memory: wasmtime.Memory | None, limits: Limits) -> Rejected:
    if trap.trap_code == wasmtime.TrapCode.OUT_OF_FUEL:
        return Rejected(InvalidReason.FuelExhausted, f"used all {limits.fuel} fuel")
    cause = trap_cause(trap.message)
    if memory is not None and memory.data_len(store) + PAGE > limits.max_memory:
        return Rejected(
            InvalidReason.MemoryLimit,
            f"trapped with its memory at the cap ({memory.data_len(store)} of {limits.max_memory} bytes): {cause}",
        )
    return Rejected(InvalidReason.Trap, cause)


def _instantiation_error(e: wasmtime.WasmtimeError, limits: Limits) -> Rejected:
    message = str(e).strip().splitlines()[0] if str(e).strip() else "instantiation failed"
    if "limit" in message and ("memory" in message or "table" in message):
        return Rejected(InvalidReason.MemoryLimit, f"{message} (memory cap {limits.max_memory} bytes)")
    return Rejected(InvalidReason.Trap, f"instantiation failed: {message}")
