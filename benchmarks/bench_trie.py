"""Benchmark: incremental state-root update (`Trie.updated(...).root`) versus a full `trie_root` rebuild.

Builds a state of realistic storage keys (``twox128(pallet) ++ twox128(item)`` followed by a hashed map key:
32-byte plain values, 44-byte ``Twox64Concat(u32)`` keys and 48-byte ``Blake2_128`` keys) with 4-80 byte
values, then for several runs applies a block's worth of writes (overwrites, new keys and a few deletions)
and times the root both ways. Run with ``python -m benchmarks.bench_trie [--keys N] [--writes K] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Sequence

from frame.trie import Trie, trie_root
from primitives.hashing import blake2_128, twox_64, twox_128


def make_state(n_keys: int, rng: random.Random) -> dict[bytes, bytes]:
    """`n_keys` items spread over a few pallets' storage items, like a runtime's top trie."""
    prefixes = [twox_128(f"Pallet{p}".encode()) + twox_128(f"Item{i}".encode()) for p in range(12) for i in range(4)]
    state: dict[bytes, bytes] = {}
    for prefix in prefixes[:8]:  # StorageValues: the bare 32-byte prefix
        state[prefix] = rng.randbytes(rng.randint(4, 80))
    while len(state) < n_keys:
        prefix = rng.choice(prefixes)
        if rng.random() < 0.5:
            index = rng.getrandbits(32).to_bytes(4, "little")
            key = prefix + twox_64(index) + index  # Twox64Concat(u32): 44 bytes
        else:
            key = prefix + blake2_128(rng.randbytes(32))  # Blake2_128(AccountId): 48 bytes
        state[key] = rng.randbytes(rng.randint(4, 80))
    return state


def make_changes(keys: Sequence[bytes], writes: int, rng: random.Random) -> dict[bytes, bytes | None]:
    """`writes` changes: mostly overwrites of existing keys, some new keys, a few deletions."""
    changes: dict[bytes, bytes | None] = {}
    for key in rng.sample(keys, min(writes, len(keys))):
        roll = rng.random()
        if roll < 0.1:
            changes[key] = None
        elif roll < 0.3:
            changes[key[:32] + blake2_128(rng.randbytes(32))] = rng.randbytes(rng.randint(4, 80))
        else:
            changes[key] = rng.randbytes(rng.randint(4, 80))
    return changes


def run(n_keys: int, writes: int, runs: int, state_version: int, seed: int) -> dict[str, float | int]:
    rng = random.Random(seed)
    state = make_state(n_keys, rng)
    keys = list(state)

    start = time.perf_counter()
    base = Trie.from_items(state, state_version)
    base_root = base.root
    build_s = time.perf_counter() - start

    incremental: list[float] = []
    rebuild: list[float] = []
    for _ in range(runs):
        changes = make_changes(keys, writes, rng)
        merged = dict(state)
        for k, v in changes.items():
            if v is None:
                merged.pop(k, None)
            else:
                merged[k] = v

        start = time.perf_counter()
        new_root = base.updated(changes).root
        incremental.append(time.perf_counter() - start)

        start = time.perf_counter()
        full_root = trie_root(merged, state_version)
        rebuild.append(time.perf_counter() - start)

        if new_root != full_root:
            raise AssertionError("incremental root differs from the full rebuild")
    assert base.root == base_root  # the base trie is shared, never modified

    inc = statistics.median(incremental)
    full = statistics.median(rebuild)
    return {
        "keys": len(state),
        "writes": writes,
        "runs": runs,
        "state_version": state_version,
        "build_s": build_s,
        "incremental_s": inc,
        "rebuild_s": full,
        "speedup": full / inc,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--keys", type=int, default=100_000, help="items in the state (default 100000)")
    parser.add_argument("--writes", type=int, default=100, help="changes per block (default 100)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs; the median is reported (default 5)")
    parser.add_argument("--state-version", type=int, choices=(0, 1), default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args(argv)
    if args.keys < 1 or args.writes < 1 or args.runs < 1:
        parser.error("--keys, --writes and --runs must be positive")

    result = run(args.keys, args.writes, args.runs, args.state_version, args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"state: {result['keys']} keys, state version {result['state_version']}")
    print(f"initial build (Trie.from_items + root): {result['build_s'] * 1e3:9.1f} ms")
    print(
        f"root after {result['writes']} writes, median of {result['runs']} runs:\n"
        f"  incremental  Trie.updated(changes).root: {result['incremental_s'] * 1e3:9.2f} ms\n"
        f"  full rebuild trie_root(all_items):       {result['rebuild_s'] * 1e3:9.2f} ms"
    )
    print(f"incremental re-root is {result['speedup']:.0f}x faster than a full rebuild")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
