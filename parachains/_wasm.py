"""Building the test parachains' Wasm from their text sources (no binaries are kept in git)."""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def wat_to_wasm(package: str, filename: str) -> bytes:
    """The Wasm binary of the ``.wat`` file `filename` shipped in `package`, built once per process."""
    return wat_text_to_wasm(resources.files(package).joinpath(filename).read_text(encoding="utf-8"))


def wat_text_to_wasm(text: str) -> bytes:
    """The Wasm binary of WebAssembly text."""
    import wasmtime  # here, so that importing the parachains (e.g. for their names) stays cheap

    return bytes(wasmtime.wat2wasm(text))
