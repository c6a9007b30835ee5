"""The PVF host: parachain validation functions (Wasm) prepared, cached and run under wasmtime.

A validation function is a Wasm module exporting ``memory``, ``__heap_base`` and
``validate_block(ptr: i32, len: i32) -> i64`` (DESIGN.md §5). `PvfHost.validate(code, params)` returns
`Valid` (the decoded `ValidationResult`) or `Invalid` with an `InvalidReason`, and raises `InternalError`
only when the host itself failed (a worker died twice).

Modules, one idea each: `limits` (what a validation may use), `outcome` (results and errors), `engine`
(the wasmtime configuration), `host_functions` (the ``env`` imports and the guest heap), `prepare`
(checking and compiling code), `execute` (one ``validate_block`` call), `abi` (params in, result out),
`artifact_file` and `cache` (compiled code on disk and in memory), `wire`, `worker`, `worker_handle` and
`host` (the worker pool), `local` (in-process validation), `cli` (``parahost pvf``).

Limits and their defaults (`Limits`; see `limits` for the reasoning):

==================  ====================  ===========================================================
limit               default               when exceeded
==================  ====================  ===========================================================
fuel                40,000,000            FuelExhausted (deterministic; ``fuel=None`` turns it off)
timeout             5 s per execution     Timeout; the worker is killed and replaced
prepare_timeout     60 s per compilation  Timeout
max_memory          256 MiB               MemoryLimit (linear memory: params, heap, what code grows)
max_code_size       16 MiB                CodeTooLarge
max_params_size     32 MiB                ParamsTooLarge (the SCALE-encoded ValidationParams)
workers             one per core          (pool size)
==================  ====================  ===========================================================

Fuel is priced at the most expensive code per unit, so the default fuel costs at most about a tenth of the
timeout here whatever the code does; host function calls cost 5,000 fuel plus one per byte they read and one
per page they grow memory by. Preparation is bounded before compiling: code whose functions, body bytes and
locals cost more than `PREPARE_BUDGET` is CodeTooComplex, an artifact over `MAX_ARTIFACT_SIZE` (32 MiB) is
ArtifactTooLarge. Compiled artifacts are cached by blake2_256 of the code in memory and in
``$PARAHOST_PVF_CACHE`` / ``~/.cache/parahost/pvf``, and failed preparations (timeouts included) next to them.
"""

from node.pvf.cache import ArtifactCache, CacheStats, default_cache_dir
from node.pvf.host import HostStats, PvfHost
from node.pvf.limits import (
    DEFAULT_FUEL,
    DEFAULT_MAX_CODE_SIZE,
    DEFAULT_MAX_MEMORY,
    DEFAULT_MAX_PARAMS_SIZE,
    DEFAULT_PREPARE_TIMEOUT,
    DEFAULT_TIMEOUT,
    Limits,
)
from node.pvf.local import validate_in_process
from node.pvf.outcome import (
    REASON_DOCS,
    InternalError,
    Invalid,
    InvalidReason,
    PvfError,
    Valid,
    ValidationOutcome,
)
from node.pvf.prepare import CodeInfo, Prepared, code_hash, prepare

__all__ = [
    "DEFAULT_FUEL",
    "DEFAULT_MAX_CODE_SIZE",
    "DEFAULT_MAX_MEMORY",
    "DEFAULT_MAX_PARAMS_SIZE",
    "DEFAULT_PREPARE_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "REASON_DOCS",
    "ArtifactCache",
    "CacheStats",
    "CodeInfo",
    "HostStats",
    "InternalError",
    "Invalid",
    "InvalidReason",
    "Limits",
    "Prepared",
    "PvfError",
    "PvfHost",
    "Valid",
    "ValidationOutcome",
    "code_hash",
    "default_cache_dir",
    "prepare",
    "validate_in_process",
]
