"""The host functions a PVF may import, with Substrate's names and signatures, and the guest heap they use.

All are imported from module ``env``. Pointers are i32; a byte span is an i64 "pointer-size",
``ptr | (len << 32)``, as Substrate's runtime interface passes ``&[u8]``.

=======================================  =====================  ============================================
import                                   signature              does
=======================================  =====================  ============================================
``ext_hashing_blake2_128_version_1``     ``(i64) -> i32``       BLAKE2b-128 of the span; pointer to 16 bytes
``ext_hashing_blake2_256_version_1``     ``(i64) -> i32``       BLAKE2b-256; pointer to 32 bytes
``ext_hashing_keccak_256_version_1``     ``(i64) -> i32``       Keccak-256 (not SHA3); pointer to 32 bytes
``ext_hashing_twox_64_version_1``        ``(i64) -> i32``       xxHash64 seed 0; pointer to 8 bytes
``ext_hashing_twox_128_version_1``       ``(i64) -> i32``       xxHash64 seeds 0, 1; pointer to 16 bytes
``ext_logging_log_version_1``            ``(i32, i64, i64)``    log ``(level, target, message)``
``ext_allocator_malloc_version_1``       ``(i32) -> i32``       allocate from the guest heap
``ext_allocator_free_version_1``         ``(i32)``              nothing (the heap lives for one call)
=======================================  =====================  ============================================

**Where host output goes.** Substrate's executor owns the memory from ``__heap_base`` up: its host-side
allocator (the one behind ``ext_allocator_malloc_version_1``) hands out that region, the call's input is
written into it, and a host function returning ``[u8; 32]`` allocates its output there and returns the
pointer. This host does the same with a bump allocator (`GuestHeap`): the encoded `ValidationParams` are the
first allocation, at ``__heap_base`` rounded up to 8; each hash output and each ``malloc`` takes the next
8-aligned block; memory grows (up to the memory cap) when the heap needs it; nothing is freed, because the
instance is discarded after the call. A PVF therefore keeps its own data and stack below ``__heap_base`` and
reads host outputs where the returned pointers say. (A module with its own allocator that only grows memory,
like Rust's dlmalloc on wasm32, coexists with this: it takes pages beyond those the host has grown.)

**What a call costs.** Fuel is priced at the worst case per unit (`node.pvf.limits`), and host functions are
charged for the work they really do on that scale: `HOST_CALL_FUEL` per call (the Wasm-to-Python call and the
fixed work, measured at 4 to 25 µs idle, 70 µs loaded), `HOST_BYTE_FUEL` per byte read from the guest (copying
and hashing it, measured at 3.5 ns a byte at most, keccak), and `HOST_PAGE_FUEL` per page the heap grows memory
by. The charge for the bytes is taken before they are read, so a span that does not fit in the fuel left is
FuelExhausted without being hashed; a span outside memory traps the guest.

Log lines (level 1 error .. 5 trace, as ``sp_io::RuntimeLogLevel``) are kept, truncated to `MAX_LOG_BYTES`,
up to `MAX_LOG_LINES` per call.
"""

from __future__ import annotations

import ctypes
import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import wasmtime
from wasmtime import FuncType, ValType

from node.pvf.engine import engine
from node.pvf.limits import HOST_BYTE_FUEL, HOST_CALL_FUEL, HOST_PAGE_FUEL, MAX_LOG_BYTES, MAX_LOG_LINES
from node.pvf.outcome import InvalidReason, Rejected
from primitives.hashing import blake2_128, blake2_256, keccak_256, twox_64, twox_128

MASK32 = 0xFFFF_FFFF
MASK64 = 0xFFFF_FFFF_FFFF_FFFF
PAGE = 65536
#: Every import lives in this module.
IMPORT_MODULE = "env"

_HASHES: dict[str, Callable[[bytes], bytes]] = {
    "ext_hashing_blake2_128_version_1": blake2_128,
    "ext_hashing_blake2_256_version_1": blake2_256,
    "ext_hashing_keccak_256_version_1": keccak_256,
    "ext_hashing_twox_64_version_1": twox_64,
    "ext_hashing_twox_128_version_1": twox_128,
}

#: name -> (params, results), as Wasm value type names.
SIGNATURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    **{name: (("i64",), ("i32",)) for name in _HASHES},
    "ext_logging_log_version_1": (("i32", "i64", "i64"), ()),
    "ext_allocator_malloc_version_1": (("i32",), ("i32",)),
    "ext_allocator_free_version_1": (("i32",), ()),
}


def align8(n: int) -> int:
    return (n + 7) & ~7


def _base(store: wasmtime.Store, memory: wasmtime.Memory) -> int:
    """The address of `memory`'s first byte now (it may move when memory grows: ask again after growing)."""
    return ctypes.addressof(memory.data_ptr(store).contents)


class GuestHeap:
    """A bump allocator over the guest's memory from ``__heap_base`` up (see the module docstring)."""

    __slots__ = ("store", "memory", "next", "metered")

    def __init__(self, store: wasmtime.Store, memory: wasmtime.Memory, heap_base: int) -> None:
        self.store = store
        self.memory = memory
        self.next = align8(heap_base & MASK32)
        self.metered = False  # set once the params are in: from then on, host functions pay for growth

    def alloc(self, size: int) -> int:
        """Reserve `size` bytes and return their address, growing memory if needed (else MemoryLimit)."""
        ptr, end = self.next, self.next + size
        if end > 1 << 32:
            raise Rejected(InvalidReason.MemoryLimit, f"the heap needs {end} bytes, beyond the 32-bit address space")
        have = self.memory.data_len(self.store)
        if end > have:
            pages = (end - have + PAGE - 1) // PAGE
            self.charge(pages * HOST_PAGE_FUEL)
            try:
                self.memory.grow(self.store, pages)
            except wasmtime.WasmtimeError as e:
                raise Rejected(
                    InvalidReason.MemoryLimit, f"the heap needs {end} bytes of memory and it cannot grow: {e}"
                ) from None
        self.next = align8(end)
        return ptr

    def charge(self, fuel: int) -> None:
        """Take `fuel` for growing memory while a host function runs (the params' first allocation is free)."""
        if self.metered:
            charge(self.store, fuel)

    def put(self, data: bytes) -> int:
        """Allocate and fill a block (one copy straight into guest memory); return its address."""
        ptr = self.alloc(len(data))
        if data:
            ctypes.memmove(_base(self.store, self.memory) + ptr, data, len(data))
        return ptr


def charge(store: wasmtime.Store, fuel: int) -> None:
    """Take `fuel` from the store, or raise FuelExhausted (leaving it empty) if less is left."""
    left = store.get_fuel()
    if left < fuel:
        store.set_fuel(0)
        raise Rejected(InvalidReason.FuelExhausted, "out of fuel in a host function")
    store.set_fuel(left - fuel)


@dataclass(frozen=True, slots=True)
class GuestLog:
    """One ``ext_logging_log_version_1`` call."""

    level: int
    target: str
    message: str


@dataclass(slots=True)
class HostCall:
    """The state host functions see during one ``validate_block`` call."""

    store: wasmtime.Store
    memory: wasmtime.Memory
    heap: GuestHeap
    logs: list[GuestLog] = field(default_factory=list)

    def charge(self, fuel: int) -> None:
        charge(self.store, fuel)

    def read(self, span: int, what: str, owed: int = 0) -> bytes:
        """The bytes of `span`, charged per byte plus `owed` (the call's own price) in one take from the store.

        A span outside memory traps (after `owed` is taken); one that does not fit in the fuel left is
        FuelExhausted before a byte is read.
        """
        span &= MASK64
        ptr, length = span & MASK32, span >> 32
        size = self.memory.data_len(self.store)
        if ptr + length > size:
            if owed:
                self.charge(owed)
            raise Rejected(InvalidReason.Trap, f"{what}: span [{ptr}, {ptr + length}) outside memory of {size} bytes")
        self.charge(owed + length * HOST_BYTE_FUEL)
        return ctypes.string_at(_base(self.store, self.memory) + ptr, length) if length else b""


_local = threading.local()


def current(name: str) -> HostCall:
    """The call host functions act on now, its price not yet taken (Trap outside ``validate_block``)."""
    call: HostCall | None = getattr(_local, "call", None)
    if call is None:
        raise Rejected(InvalidReason.Trap, f"{name} called outside validate_block (e.g. from a start function)")
    return call


def active(name: str) -> HostCall:
    """`current`, with `HOST_CALL_FUEL` taken."""
    call = current(name)
    call.charge(HOST_CALL_FUEL)
    return call


def set_active(call: HostCall | None) -> None:
    """Make `call` what host functions on this thread act on (None: refuse host calls)."""
    _local.call = call


def _hashing(name: str, fn: Callable[[bytes], bytes]) -> Callable[[int], int]:
    def host(data: int) -> int:
        call = current(name)
        return call.heap.put(fn(call.read(data, name, HOST_CALL_FUEL)))

    return host


def _log(level: int, target: int, message: int) -> None:
    call = current("ext_logging_log_version_1")
    t = call.read(target, "ext_logging_log_version_1 target", HOST_CALL_FUEL)
    m = call.read(message, "ext_logging_log_version_1 message")
    if len(call.logs) < MAX_LOG_LINES:
        text, msg = t[:MAX_LOG_BYTES].decode(errors="replace"), m[:MAX_LOG_BYTES].decode(errors="replace")
        call.logs.append(GuestLog(level & MASK32, text, msg))


def _malloc(size: int) -> int:
    return active("ext_allocator_malloc_version_1").heap.alloc(size & MASK32)


def _free(ptr: int) -> None:
    active("ext_allocator_free_version_1")


def _functions() -> dict[str, Callable[..., object]]:
    fns: dict[str, Callable[..., object]] = {name: _hashing(name, fn) for name, fn in _HASHES.items()}
    fns["ext_logging_log_version_1"] = _log
    fns["ext_allocator_malloc_version_1"] = _malloc
    fns["ext_allocator_free_version_1"] = _free
    return fns


def func_type(name: str) -> FuncType:
    params, results = SIGNATURES[name]
    return FuncType([_VALTYPES[p]() for p in params], [_VALTYPES[r]() for r in results])


_VALTYPES: dict[str, Callable[[], ValType]] = {"i32": ValType.i32, "i64": ValType.i64}


@functools.cache
def linker() -> wasmtime.Linker:
    """A linker defining every host function on this process's engine (shared; state is per thread)."""
    made = wasmtime.Linker(engine())
    for name, fn in _functions().items():
        made.define_func(IMPORT_MODULE, name, func_type(name), fn)
    return made
