"""The one wasmtime configuration every PVF is compiled and run under, and its fingerprint.

Features that could make execution differ between machines are off (threads, SIMD, relaxed SIMD), NaNs are
canonicalized, and fuel metering is compiled in. A compiled artifact is only valid for the same wasmtime
version, configuration and machine architecture; `engine_fingerprint` names that combination and is stored
in every artifact file header, so an artifact from another combination is recognised as foreign.
"""

from __future__ import annotations

import functools
import importlib.metadata
import platform

import wasmtime

from primitives.hashing import blake2_256

#: The engine settings, in the order they are applied (``wasmtime.Config`` attribute, value).
ENGINE_SETTINGS: tuple[tuple[str, object], ...] = (
    ("consume_fuel", True),
    ("wasm_threads", False),
    ("wasm_simd", False),
    ("wasm_relaxed_simd", False),
    ("wasm_memory64", False),
    ("wasm_multi_memory", False),
    ("wasm_gc", False),
    ("wasm_function_references", False),
    ("wasm_exceptions", False),
    ("wasm_tail_call", False),
    ("wasm_component_model", False),
    ("cranelift_nan_canonicalization", True),
    ("cranelift_opt_level", "speed"),
)


@functools.cache
def wasmtime_version() -> str:
    """The installed wasmtime-py version (it pins the wasmtime library it wraps)."""
    try:
        return importlib.metadata.version("wasmtime")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - wasmtime always comes as a distribution
        return "unknown"


@functools.cache
def engine_fingerprint() -> bytes:
    """blake2_256 of the wasmtime version, the machine architecture and `ENGINE_SETTINGS`."""
    text = f"wasmtime {wasmtime_version()}; {platform.machine()}; " + "; ".join(
        f"{k}={v!r}" for k, v in ENGINE_SETTINGS
    )
    return blake2_256(text.encode())


@functools.cache
def engine() -> wasmtime.Engine:
    """This process's engine (one per process: modules and stores must share it)."""
    config = wasmtime.Config()
    for name, value in ENGINE_SETTINGS:
        setattr(config, name, value)
    return wasmtime.Engine(config)
