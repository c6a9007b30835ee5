"""The limits a validation function runs under, and their defaults.

Fuel is the deterministic bound: every validator running the same code on the same parameters burns the same
fuel, so a candidate that runs out of fuel is invalid everywhere. The wall-clock timeout is only the backstop
for what fuel does not bound (a broken machine); the worker that hits it is killed. For that to hold, the
default fuel is calibrated against the *most expensive* code per unit of fuel, not the cheapest:

* wasmtime charges one unit per Wasm instruction (bulk memory operations one per byte, ``memory.grow`` one
  per page). A tight loop burns a unit in about 0.2 ns here, but random stores across a 256 MiB memory (each a
  cache and TLB miss) or a loop of failing ``memory.grow`` take about 12 ns a unit: 60 times more.
* A host function call costs `HOST_CALL_FUEL` (a call from Wasm into Python takes 4 to 25 µs here, hashing
  64 bytes included, and up to 70 µs when the machine is loaded) plus `HOST_BYTE_FUEL` per byte it reads from
  the guest (hashing reads at 0.1 to 3.5 ns a byte, keccak the slowest) plus `HOST_PAGE_FUEL` per page it
  grows the guest's memory by.

So one unit is priced at about 12.5 ns of the worst case, and `DEFAULT_FUEL` (40 million) costs at most about
0.5 s here: a tenth of `DEFAULT_TIMEOUT`, whatever the code does. ``python -m benchmarks.bench_pvf`` measures
the default fuel's cost for a tight loop, a memory-heavy loop and host-call-heavy loops as fractions of the
timeout; each must stay at most a quarter.

Preparation is bounded the same way, before wasmtime compiles anything: `node.pvf.prepare.code_shape` prices
a module by its functions, code bytes and locals, and code costing more than
`PREPARE_BUDGET` is CodeTooComplex; a compiled artifact larger than `MAX_ARTIFACT_SIZE` is ArtifactTooLarge.
"""

from __future__ import annotations

from dataclasses import dataclass

KiB = 1024
MiB = 1024 * KiB

#: Fuel for one ``validate_block`` call: at most about 0.5 s here for the most expensive code per unit (random
#: stores over the whole memory, host calls); 8 ms of a tight loop. See the module docstring.
DEFAULT_FUEL = 40_000_000
#: What one unit of fuel may cost at worst, in seconds, as measured here by ``benchmarks.bench_pvf`` (random
#: stores over a full memory, failing ``memory.grow``, host calls); `DEFAULT_FUEL` times this is the slowest
#: a validation within its fuel runs on an idle machine, and must stay well within `DEFAULT_TIMEOUT`.
WORST_SECONDS_PER_FUEL = 12.5e-9
#: Wall-clock seconds for one execution in a worker, as Polkadot's release ``EXECUTION_TIMEOUT_SEC``.
DEFAULT_TIMEOUT = 5.0
#: Wall-clock seconds for preparing (validating and compiling) code in a worker.
DEFAULT_PREPARE_TIMEOUT = 60.0
#: Linear memory a validation may use: params, host allocations and what the code grows.
DEFAULT_MAX_MEMORY = 256 * MiB
#: Largest validation code accepted (Polkadot's ``MAX_CODE_MEM``).
DEFAULT_MAX_CODE_SIZE = 16 * MiB
#: Largest SCALE-encoded `ValidationParams` accepted.
DEFAULT_MAX_PARAMS_SIZE = 32 * MiB
#: Table elements a module may declare (8 bytes each in wasmtime).
MAX_TABLE_ELEMENTS = 1 << 16

#: Fuel each host function call costs (about 60 µs at the worst price: a call takes 4 to 25 µs here on an idle
#: machine, and up to 70 µs on a loaded one, where Python slows down more than Wasm) ...
HOST_CALL_FUEL = 5_000
#: ... plus this per byte it reads from guest memory (a read and a hash of one byte take at most 3.5 ns) ...
HOST_BYTE_FUEL = 1
#: ... plus this per 64 KiB page it grows the guest's memory by (as wasmtime charges ``memory.grow``).
HOST_PAGE_FUEL = 1

#: What preparing a module may cost, in the units of `node.pvf.prepare.CodeShape.cost` (about a byte of
#: function body): CodeTooComplex beyond it. Measured here at 0.5 to 1 µs a unit on an idle machine, 2 µs on a
#: loaded one (many small exported functions, the worst kind), so at most about 4 s idle and 8 s loaded: well
#: within `DEFAULT_PREPARE_TIMEOUT`.
PREPARE_BUDGET = 4 * MiB
#: What a function costs in `CodeShape.cost`, besides its body bytes and locals: compiling a small exported
#: function (with its trampolines) takes as long as ~200 bytes of dense code and adds ~600 bytes of artifact.
FUNCTION_COST = 256
#: Largest compiled artifact accepted (ArtifactTooLarge); code within `PREPARE_BUDGET` compiles to at most
#: ~4.4 bytes a unit (~18 MiB), plus its data segments.
MAX_ARTIFACT_SIZE = 32 * MiB
#: Guest log lines kept per validation, and the bytes kept of each target and message.
MAX_LOG_LINES = 64
MAX_LOG_BYTES = 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """What one validation may use. ``fuel=None`` means no fuel limit (only the timeout bounds a loop)."""

    fuel: int | None = DEFAULT_FUEL
    timeout: float = DEFAULT_TIMEOUT
    prepare_timeout: float = DEFAULT_PREPARE_TIMEOUT
    max_memory: int = DEFAULT_MAX_MEMORY
    max_code_size: int = DEFAULT_MAX_CODE_SIZE
    max_params_size: int = DEFAULT_MAX_PARAMS_SIZE

    def __post_init__(self) -> None:
        if self.fuel is not None and self.fuel <= 0:
            raise ValueError(f"fuel must be positive or None, not {self.fuel}")
        for name in ("timeout", "prepare_timeout", "max_memory", "max_code_size", "max_params_size"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive, not {getattr(self, name)}")
