"""Erasure coding of a PoV: our Polkadot-layout chunks against the raw `reed_solomon_leopard` call, and the bytes
each validator stores and sends per candidate against full replication.

    python -m benchmarks.bench_availability [--json] [--sizes 1,5] [--validators 200,1000] [--repeat 3]

For every payload size (MiB) and validator count n, all in one run (best of `--repeat`):

* encode: `obtain_chunks` against ``reed_solomon_leopard.encode`` on the same payload with the same code (k
  originals cut contiguously, the same recovery count); the ratio is ours over raw. Root and proofs
  (`erasure_root_and_branches`, the collator's other work: hashing every chunk, building the trie) are timed
  on their own;
* recover: `reconstruct` from the last threshold chunks (parity only: the decoding path) against
  ``reed_solomon_leopard.decode`` from the first k recovery shards; the systematic fast path on its own;
* bytes: a validator stores (and is sent) its chunk and proof, where full replication stores the whole payload;
  distributing one candidate sends n chunks+proofs instead of n payloads; recovering it fetches threshold
  chunks+proofs instead of one payload.

Chunks are checked to decode back to the payload before anything is timed.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

import reed_solomon_leopard as leopard

from node.availability import (
    branches,
    erasure_root_and_branches,
    obtain_chunks,
    reconstruct,
    reconstruct_from_systematic,
    recovery_threshold,
    systematic_threshold,
)
from node.availability._codec import recovery_count

MIB = 1024 * 1024


def _best(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _raw_shards(data: bytes, k: int) -> list[bytes]:
    """`data` cut contiguously into k equal shards, each padded to a multiple of 64 bytes."""
    size = -(-len(data) // (64 * k)) * 64
    padded = data.ljust(size * k, b"\x00")
    return [padded[i * size : (i + 1) * size] for i in range(k)]


def measure(size: int, n: int, repeat: int, seed: int = 0) -> dict[str, Any]:
    """Times (seconds) and byte counts for one payload size and validator count."""
    data = random.Random(seed).randbytes(size)
    k, threshold = systematic_threshold(n), recovery_threshold(n)
    recovery = recovery_count(n, k)
    chunks = obtain_chunks(n, data)
    parity = {i: chunks[i] for i in range(n - threshold, n)}
    if reconstruct(n, parity)[:size] != data:
        raise RuntimeError(f"n={n}, {size} bytes: recovery does not give the payload back")
    originals = _raw_shards(data, k)
    raw_recovery = leopard.encode(originals, recovery)
    raw_given = dict(enumerate(raw_recovery[:k]))
    if leopard.decode(k, recovery, {}, raw_given) != dict(enumerate(originals)):
        raise RuntimeError("reed_solomon_leopard does not decode its own shards")
    proved = branches(chunks)
    proof_bytes = max(sum(len(node) for node in proof) for _, proof in proved)
    per_validator = len(chunks[0]) + proof_bytes
    return {
        "payload_bytes": size,
        "n": n,
        "threshold": threshold,
        "k": k,
        "encode_s": _best(lambda: obtain_chunks(n, data), repeat),
        "raw_encode_s": _best(lambda: leopard.encode(originals, recovery), repeat),
        "root_and_proofs_s": _best(lambda: erasure_root_and_branches(chunks), repeat),
        "recover_s": _best(lambda: reconstruct(n, parity), repeat),
        "raw_recover_s": _best(lambda: leopard.decode(k, recovery, {}, raw_given), repeat),
        "systematic_s": _best(lambda: reconstruct_from_systematic(n, dict(enumerate(chunks[:k]))), repeat),
        "chunk_bytes": len(chunks[0]),
        "proof_bytes": proof_bytes,
        "stored_per_validator": per_validator,
        "stored_full_replication": size,
        "distribution_sent": n * per_validator,
        "distribution_sent_full": n * size,
        "recovery_fetched": threshold * per_validator,
    }


def _table(rows: list[dict[str, Any]]) -> str:
    ms = 1000.0
    lines = [
        f"{'payload':>8} {'n':>5} {'k':>4} | {'encode ms':>9} {'raw ms':>7} {'ratio':>6} {'root+pf':>7} | "
        f"{'recover ms':>10} {'raw ms':>7} {'ratio':>6} {'system.':>7} | "
        f"{'stored/val':>10} {'vs full':>7} {'sent/cand':>10} {'vs full':>7} {'recovery':>9}"
    ]
    for r in rows:
        size = r["payload_bytes"]
        enc_ratio, rec_ratio = r["encode_s"] / r["raw_encode_s"], r["recover_s"] / r["raw_recover_s"]
        lines.append(
            f"{size / MIB:>6.2f}Mi {r['n']:>5} {r['k']:>4} | "
            f"{r['encode_s'] * ms:>9.1f} {r['raw_encode_s'] * ms:>7.1f} {enc_ratio:>5.1f}x "
            f"{r['root_and_proofs_s'] * ms:>7.1f} | "
            f"{r['recover_s'] * ms:>10.1f} {r['raw_recover_s'] * ms:>7.1f} {rec_ratio:>5.1f}x "
            f"{r['systematic_s'] * ms:>7.1f} | "
            f"{r['stored_per_validator']:>10,} {r['stored_per_validator'] / size:>6.3f}x "
            f"{r['distribution_sent'] / MIB:>8.1f}Mi {r['distribution_sent'] / r['distribution_sent_full']:>6.3f}x "
            f"{r['recovery_fetched'] / size:>8.2f}x"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_availability", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--sizes", default="1,5", help="payload sizes in MiB, comma-separated (fractions allowed)")
    parser.add_argument("--validators", default="200,1000", help="validator counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="repeats per timing; the best is kept")
    args = parser.parse_args(argv)
    sizes = [int(float(s) * MIB) for s in args.sizes.split(",")]
    counts = [int(n) for n in args.validators.split(",")]
    rows = [measure(size, n, max(1, args.repeat)) for size in sizes for n in counts]
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        print(_table(rows))
        print(
            "ratio = ours / raw reed_solomon_leopard on the same payload and code (encode: k originals, "
            "recover: from k recovery shards); root+pf = erasure root and every proof; system. = systematic "
            "fast path. stored/val = one chunk + its proof vs the whole payload; sent/cand = what distributing "
            "one candidate sends vs full replication; recovery = threshold chunks + proofs fetched / payload."
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
