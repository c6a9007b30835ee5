"""Our SCALE codec against py-scale-codec, encode and decode, on the parachain host's hot types.

    python -m benchmarks.bench_codec [--json] [--quick]

Both sides must produce identical bytes (checked before timing). Times are medians of several repeats,
each long enough to be measured reliably (``timeit``'s approach); the ratio is py-scale-codec's time over
ours. The goal is a ratio of at least 30 (DESIGN §3: the runtime's hot paths do not go through scalecodec).
py-scale-codec is timed the way it is used: ``create_scale_object(type).encode(value)`` and
``create_scale_object(type, data).decode()``, with values already in its representation.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from scalecodec.base import RuntimeConfigurationObject, ScaleBytes

from primitives.bitvec import BitVec
from primitives.crypto import Keypair
from primitives.parachain import (
    AbridgedCandidateReceipt,
    BackedCandidate,
    CandidateCommitments,
    CollatorId,
    CollatorSignature,
    Explicit,
    HeadData,
    HostConfiguration,
    Implicit,
    ParachainDispatchOrigin,
    ParaId,
    SignedAvailabilityBitfield,
    SigningContext,
    UpwardMessage,
    ValidationCode,
    ValidatorSignature,
)
from primitives.registry import from_scalecodec_value, runtime_config, to_scalecodec_value
from primitives.scale import Codec
from primitives.types import codec_of

#: The ratio (py-scale-codec time / ours) this benchmark aims for.
GOAL = 30.0


def _receipt() -> AbridgedCandidateReceipt:
    """A receipt shaped like a real one: a 72-byte head (the adder's), a message, new code."""
    return AbridgedCandidateReceipt(
        parachain_index=ParaId(100),
        relay_parent=bytes(range(32)),
        head_data=HeadData(bytes(range(72))),
        collator=CollatorId(bytes([7]) * 32),
        signature=CollatorSignature(bytes([8]) * 64),
        pov_block_hash=bytes([9]) * 32,
        commitments=CandidateCommitments(
            fees=10**12,
            upward_messages=(UpwardMessage(ParachainDispatchOrigin.Parachain, b"hello relay"),),
            erasure_root=bytes([11]) * 32,
            new_validation_code=ValidationCode(b"\x00asm" + bytes(60)),
            processed_downward_messages=3,
        ),
    )


def cases() -> list[tuple[str, Codec, Any]]:
    """The benchmarked values: (label, codec, value)."""
    receipt = _receipt()
    votes = tuple((Implicit if i == 0 else Explicit)(ValidatorSignature(bytes([i + 1]) * 64)) for i in range(5))
    backed = BackedCandidate(receipt, votes, BitVec([1] * 5))
    signer = Keypair.create_from_seed(bytes([1]) * 32)
    bits = BitVec(i % 3 == 0 for i in range(200))
    bitfield = SignedAvailabilityBitfield.sign(signer, bits, SigningContext(5, bytes(32)), 17)
    return [
        ("HostConfiguration", codec_of(HostConfiguration), HostConfiguration()),
        ("AbridgedCandidateReceipt", codec_of(AbridgedCandidateReceipt), receipt),
        ("BackedCandidate (5 votes)", codec_of(BackedCandidate), backed),
        ("SignedAvailabilityBitfield (200 bits)", codec_of(SignedAvailabilityBitfield), bitfield),
        ("Vec<ParaId> (100)", codec_of(list[ParaId]), [ParaId(1000 + i) for i in range(100)]),
    ]


def _median_us(fn: Callable[[], Any], repeats: int, min_time: float) -> float:
    """Median time per call in microseconds, over `repeats` runs of enough calls to last `min_time` each."""
    loops = 1
    while True:
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            break
        loops *= 2 if elapsed < min_time / 4 else 1 + int(min_time / max(elapsed, 1e-9))
    samples = [elapsed / loops]
    for _ in range(repeats - 1):
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        samples.append((time.perf_counter() - start) / loops)
    return statistics.median(samples) * 1e6


def measure(
    label: str, codec: Codec, value: Any, config: RuntimeConfigurationObject, repeats: int, min_time: float
) -> dict[str, Any]:
    """Check both codecs agree on `value`, then time encode and decode on each side."""
    ours_bytes = codec.encode(value)
    theirs_value = to_scalecodec_value(codec, value)
    theirs_bytes = bytes(config.create_scale_object(codec.name).encode(theirs_value).data)
    if theirs_bytes != ours_bytes:
        raise AssertionError(f"{label}: py-scale-codec encodes different bytes")
    obj = config.create_scale_object(codec.name, data=ScaleBytes(bytearray(ours_bytes)))
    obj.decode()
    if from_scalecodec_value(codec, obj) != value or codec.decode(ours_bytes) != value:
        raise AssertionError(f"{label}: decoding does not give the value back")
    data = bytearray(ours_bytes)

    def theirs_encode() -> Any:
        return config.create_scale_object(codec.name).encode(theirs_value)

    def theirs_decode() -> Any:
        return config.create_scale_object(codec.name, data=ScaleBytes(data)).decode()

    def ours_encode() -> Any:
        return codec.encode(value)

    def ours_decode() -> Any:
        return codec.decode(ours_bytes)

    row: dict[str, Any] = {"case": label, "type": codec.name, "bytes": len(ours_bytes), "identical": True}
    for op, ours, theirs in (("encode", ours_encode, theirs_encode), ("decode", ours_decode, theirs_decode)):
        ours_us = _median_us(ours, repeats, min_time)
        theirs_us = _median_us(theirs, repeats, min_time / 4)
        row[op] = {"ours_us": ours_us, "scalecodec_us": theirs_us, "ratio": theirs_us / ours_us}
    return row


def _table(rows: Sequence[dict[str, Any]]) -> str:
    head = f"{'case':<38} {'bytes':>5}  {'op':<6} {'ours µs':>9} {'scalecodec µs':>14} {'ratio':>8}"
    lines = [head, "-" * len(head)]
    for row in rows:
        for op in ("encode", "decode"):
            r = row[op]
            flag = "" if r["ratio"] >= GOAL else f"  below the {GOAL:.0f}x goal"
            label = row["case"] if op == "encode" else ""
            size = str(row["bytes"]) if op == "encode" else ""
            lines.append(
                f"{label:<38} {size:>5}  {op:<6} {r['ours_us']:>9.2f} {r['scalecodec_us']:>14.1f} "
                f"{r['ratio']:>7.0f}x{flag}"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_codec", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--quick", action="store_true", help="fewer, shorter repeats (for smoke tests)")
    args = parser.parse_args(argv)
    repeats, min_time = (3, 0.01) if args.quick else (7, 0.1)
    config = runtime_config()
    rows = [measure(label, codec, value, config, repeats, min_time) for label, codec, value in cases()]
    if args.json:
        json.dump({"goal_ratio": GOAL, "results": rows}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(_table(rows))
        print(f"bytes identical in every case; ratio = py-scale-codec time / ours (goal: >= {GOAL:.0f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
