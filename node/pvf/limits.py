"""The limits a validation function runs under, and their defaults.

Fuel is the deterministic bound: every validator running the same code on the same parameters burns the same
fuel, so a candidate that runs out of fuel is invalid everywhere. The wall-clock timeout is the backstop for
what fuel does not bound (a slow machine, a badly calibrated fuel limit); the worker that hits it is killed.
"""

from __future__ import annotations

from dataclasses import dataclass

KiB = 1024
MiB = 1024 * KiB

#: Fuel for one ``validate_block`` call: about 0.5 s of a tight loop under wasmtime here (one unit per
#: Wasm instruction, plus what host functions charge: `HOST_CALL_FUEL` and one unit per byte they read).
DEFAULT_FUEL = 2_000_000_000
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

#: Fuel each host function call costs, besides one unit per byte it reads from guest memory.
HOST_CALL_FUEL = 1_000
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
