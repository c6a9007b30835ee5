"""The benchmark runner's plumbing: the whitelist, storage labels, the genesis state and a recording backend."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from frame.backend import MemoryBackend
from frame.benchmarking.declare import BenchmarkError
from frame.block import Header
from frame.genesis import build_genesis, genesis_header
from frame.runtime import Runtime
from frame.state import OverlayedState
from frame.storage import StorageItem, StorageValue
from frame.system import EXTRINSIC_INDEX_KEY, System
from frame.trie import Trie

__all__ = ["RecordingBackend", "genesis_state", "labeller", "merge_patch", "system_whitelist", "whitelist_matcher"]



def system_whitelist() -> list[StorageItem | bytes]:
    """Keys every block touches (System's block bookkeeping), left out of read/write counts as in FRAME."""
    return [System.Number, System.ExecutionPhase, System.EventCount, System.Events, EXTRINSIC_INDEX_KEY]


def whitelist_matcher(items: Iterable[StorageItem | bytes]) -> Callable[[bytes], bool]:
    exact: set[bytes] = set()
    prefixes: list[bytes] = []
    for it in items:
        if isinstance(it, bytes):
            exact.add(it)
        elif isinstance(it, StorageValue):
            exact.add(it.key())
        else:
            prefixes.append(it.prefix)
    pre = tuple(prefixes)
    return lambda k: k in exact or (bool(pre) and k.startswith(pre))


def labeller(runtime: Runtime) -> Callable[[bytes], str]:
    names: dict[bytes, str] = {}
    for p in runtime.pallet_classes:
        for item in p.storage.values():
            names[item.prefix] = f"{p.name}.{item.name}"

    def label(key: bytes) -> str:
        found = names.get(key[:32])
        if found is not None:
            return found
        if key.startswith(b":") and key.isascii():
            return "raw " + key.decode()
        return "raw keys" if len(key) > 8 else "raw 0x" + key.hex()

    return label


# ---------------------------------------------------------------------------------------------
# Genesis


def merge_patch(base: Mapping[str, Any], patch: Mapping[str, Any] | None) -> dict[str, Any]:
    """`patch` merged into `base`: objects merge key by key, anything else replaces (JSON merge patch, no nulls)."""
    out = dict(base)
    for k, v in (patch or {}).items():
        if isinstance(v, Mapping) and isinstance(out.get(k), Mapping):
            out[k] = merge_patch(out[k], v)
        else:
            out[k] = v
    return out


def genesis_state(runtime: Runtime, config: dict[str, Any] | None) -> tuple[MemoryBackend, Header]:
    backend = MemoryBackend()
    state = OverlayedState(backend)
    build_genesis(runtime, config, state)
    state.commit_to_backend()
    return backend, genesis_header(backend.root)


class RecordingBackend:
    """A Backend over the set-up state that records the keys read through it (and the size of each value read,
    for Measured proof sizes)."""

    __slots__ = ("inner", "keys", "count", "sizes")

    def __init__(self, inner: OverlayedState) -> None:
        self.inner = inner
        self.keys: set[bytes] = set()
        self.count = 0
        self.sizes: dict[bytes, int] = {}

    def get(self, key: bytes) -> bytes | None:
        self.count += 1
        self.keys.add(key)
        value = self.inner.get(key)
        self.sizes[key] = 0 if value is None else len(value)
        return value

    def iter_from(self, start: bytes, prefix: bytes = b"") -> Iterator[tuple[bytes, bytes]]:
        # `prefix` is passed down: the key after the last one under it is never read, so never recorded
        for k, v in self.inner.iter_from(start, prefix):
            self.count += 1
            self.keys.add(k)
            self.sizes[k] = len(v)
            yield k, v

    def next_key(self, key: bytes) -> bytes | None:
        return self.inner.next_key(key)

    @property
    def root(self) -> bytes:
        return self.inner.root

    @property
    def trie(self) -> Trie:
        return self.inner.trie

    def commit(self, changes: Mapping[bytes, bytes | None]) -> bytes:
        raise BenchmarkError("a benchmark run never commits into its set-up state")

    def __len__(self) -> int:
        return len(self.inner)
