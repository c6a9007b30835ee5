"""Running benchmarks: sweep the components, time the measured part, count storage reads and writes.

For each sample point (a component swept over its range while the others stay at their maximum), the setup
runs once on a fresh overlay over the genesis state, inside block 1 (so events are recorded). Every timed run
then starts from that same set-up state on a new overlay (so repeats cost no setup, and reads of what the
setup wrote are backend reads, FRAME's "commit_db" for cold reads); the run is timed with the garbage collector
off, then the state root of its writes is timed separately. Reads are the distinct keys read from below the
run's overlay, writes the distinct keys it changed, both without the whitelisted keys (System's block
bookkeeping and what each pallet declares). The first run of each point also runs the verification and is
thrown away as a warm-up.

Stability: each point runs `repeat` times, then more (in batches of `repeat`, up to `max_repeat`) while the 95%
interval of its median (the box plot's notch, 1.57 IQR / sqrt(n)) is wider than `tolerance` of the median and
the IQR is above `NOISE_FLOOR_NS`: on a busy machine the runs spread, more of them pin the median down. A point
that never settles is marked unstable and the report says so; the spread itself (IQR / median) is reported.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from frame import io, sigbatch
from frame.backend import MemoryBackend
from frame.benchmarking._support import (
    RecordingBackend,
    genesis_state,
    labeller,
    merge_patch,
    system_whitelist,
    whitelist_matcher,
)
from frame.benchmarking.declare import Benchmark, BenchmarkError, Benchmarks, BlockCode, ExtrinsicCall
from frame.benchmarking.pov import PovMode, estimate_proof, item_proofs
from frame.benchmarking.results import BenchmarkResult, PointStats, Sample, StorageAccess
from frame.block import Header
from frame.dispatch import NONE, DispatchFailure
from frame.executive import Executive
from frame.runtime import Runtime
from frame.state import OverlayedState
from frame.storage import StorageItem

__all__ = [
    "NOISE_FLOOR_NS",
    "BenchmarkResult",
    "PointStats",
    "Sample",
    "StorageAccess",
    "merge_patch",
    "next_block",
    "run_benchmark",
    "run_benchmarks",
    "system_whitelist",
]

# ---------------------------------------------------------------------------------------------
# What the setup may call


class _Context:
    def __init__(self, runtime: Runtime, executive: Executive) -> None:
        self.runtime = runtime
        self.executive = executive


_current: _Context | None = None


def next_block() -> Header:
    """In a benchmark's setup: finalize the block being executed (its hooks run) and initialize the next one.
    Returns the new block's header (without roots)."""
    if _current is None:
        raise BenchmarkError("next_block() is only for a benchmark's setup")
    state = io.state()
    for inherent in _current.executive.provide_inherents([]):  # what an author adds (the timestamp), if not yet in
        _current.runtime.dispatch(inherent, NONE)  # an error means it already ran in this block: nothing to add
    done = _current.executive.finalize_block(state)
    header = Header(done.hash(), done.number + 1, bytes(32), bytes(32))
    _current.executive.initialize_block(header)
    return header


# ---------------------------------------------------------------------------------------------
# Running


#: Below this interquartile range (ns) a point counts as stable whatever its relative spread: timer and
#: scheduler jitter of a microsecond-long call is not something more repeats can average away.
NOISE_FLOOR_NS = 500


def _spread(times: Sequence[int]) -> tuple[float, float, bool]:
    """(IQR / median, half-width of the median's 95% interval / median, whether the IQR is under the noise floor).

    The interval is the box plot's notch, median +- 1.57 IQR / sqrt(n) (McGill, Tukey and Larsen): more runs
    narrow it even when the machine's noise (the IQR) stays."""
    if len(times) < 2:
        return 0.0, 0.0, True
    q1, q2, q3 = statistics.quantiles(times, n=4, method="inclusive")
    iqr = q3 - q1
    if q2 <= 0:
        return 0.0, 0.0, True
    return iqr / q2, 1.57 * iqr / (len(times) ** 0.5) / q2, iqr <= NOISE_FLOOR_NS


def _timed(runtime: Runtime, action: ExtrinsicCall | BlockCode, state: OverlayedState) -> int:
    """Run the measured part on `state`; return its time in ns. Raises BenchmarkError if it fails."""
    gc_was_enabled = gc.isenabled()
    error = None
    with io.using(state, runtime):
        gc.disable()
        try:
            if isinstance(action, ExtrinsicCall):
                t0 = time.perf_counter_ns()
                error = runtime.dispatch(action.call, action.origin)
                t1 = time.perf_counter_ns()
            else:
                t0 = time.perf_counter_ns()
                action.fn()
                t1 = time.perf_counter_ns()
        except DispatchFailure as e:
            raise BenchmarkError(f"the measured code failed: {type(e).__name__}: {e}") from e
        finally:
            if gc_was_enabled:
                gc.enable()
    if error is not None:
        raise BenchmarkError(f"the call {action.call!r:.200} failed: {runtime.describe_error(error)}")  # type: ignore[union-attr]
    return t1 - t0


def _prepare(
    runtime: Runtime,
    backend: MemoryBackend,
    executive: Executive,
    genesis_head: Header,
    bench: Benchmark,
    values: dict[str, int],
    verify: bool,
) -> tuple[OverlayedState, ExtrinsicCall | BlockCode, RecordingBackend, OverlayedState]:
    """Run a point's setup in block 1, then its warm-up run and verification. Returns the set-up state, the
    measured part, and the warm-up run's recording backend and state (what it read and wrote)."""
    global _current
    where = f"{bench.pallet.name}.{bench.name} {values}"
    setup_state = OverlayedState(backend)
    gen = bench.fn(**values)
    prev, _current = _current, _Context(runtime, executive)
    try:
        with io.using(setup_state, runtime):
            executive.initialize_block(Header(genesis_head.hash(), 1, bytes(32), bytes(32)))
            action = next(gen)
    except StopIteration:
        raise BenchmarkError(f"{where}: the benchmark yielded nothing") from None
    except DispatchFailure as e:
        raise BenchmarkError(f"{where}: setup failed: {type(e).__name__}: {e}") from e
    finally:
        _current = prev
    if setup_state.transaction_depth:
        raise BenchmarkError(f"{where}: the setup left a storage transaction open")
    setup_state.storage_root()  # the set-up trie, computed once: runs only pay for their own writes
    rec = RecordingBackend(setup_state)
    run_state = OverlayedState(rec)
    _timed(runtime, action, run_state)
    if verify:
        with io.using(run_state, runtime):
            try:
                gen.send(None)
            except StopIteration:
                pass
            else:
                raise BenchmarkError(f"{where}: yield only once (the measured part)")
    gen.close()
    return setup_state, action, rec, run_state


def run_benchmark(
    runtime: Runtime,
    bench: Benchmark,
    genesis_config: dict[str, Any] | None = None,
    *,
    steps: int = 10,
    repeat: int = 10,
    max_repeat: int | None = None,
    tolerance: float = 0.05,
    verify: bool = True,
    whitelist: Iterable[StorageItem | bytes] = (),
    genesis: tuple[MemoryBackend, Header] | None = None,
    progress: Callable[[str], None] | None = None,
    pov_mode: str = PovMode.MAX_ENCODED_LEN,
) -> BenchmarkResult:
    """Run one benchmark over its sample points (see the module docstring) and return what it measured.

    Signatures are verified one by one, in this process (`frame.sigbatch` is suspended): weights are an upper
    bound that does not count on a free core. Proof sizes are estimated in `pov_mode` (`frame.benchmarking.pov`)."""
    with sigbatch.suspended():
        return _run_benchmark(runtime, bench, genesis_config, steps=steps, repeat=repeat, max_repeat=max_repeat,
                              tolerance=tolerance, verify=verify, whitelist=whitelist, genesis=genesis,
                              progress=progress, pov_mode=pov_mode)  # fmt: skip


def _run_benchmark(
    runtime: Runtime,
    bench: Benchmark,
    genesis_config: dict[str, Any] | None,
    *,
    steps: int,
    repeat: int,
    max_repeat: int | None,
    tolerance: float,
    verify: bool,
    whitelist: Iterable[StorageItem | bytes],
    genesis: tuple[MemoryBackend, Header] | None,
    progress: Callable[[str], None] | None,
    pov_mode: str,
) -> BenchmarkResult:
    started = time.perf_counter()
    backend, genesis_head = genesis if genesis is not None else genesis_state(runtime, genesis_config)
    executive = Executive(runtime, genesis_head.hash())
    white = whitelist_matcher([*system_whitelist(), *whitelist])
    label = labeller(runtime)
    proofs = item_proofs(runtime.pallet_classes, pov_mode)
    limit = max(repeat, max_repeat if max_repeat is not None else 4 * repeat)
    samples: list[Sample] = []
    storage: dict[str, list[int]] = {}
    whitelisted_labels: set[str] = set()
    point_list = bench.sample_points(steps)
    top = bench.maxima() if bench.components else {}
    prepared: list[tuple[tuple[tuple[str, int], ...], OverlayedState, ExtrinsicCall | BlockCode]] = []
    for values in point_list:
        comps = tuple((n, values[n]) for n in bench.component_names)
        setup_state, action, rec, run_state = _prepare(runtime, backend, executive, genesis_head, bench, values, verify)
        if values == top:  # what the worst case touches
            for key in rec.keys:
                storage.setdefault(label(key), [0, 0])[0] += 1
            for key in run_state.changes():
                storage.setdefault(label(key), [0, 0])[1] += 1
            whitelisted_labels = {label(k) for k in [*rec.keys, *run_state.changes()] if white(k)}
        prepared.append((comps, setup_state, action))

    # rounds over every point not yet stable, alternating direction, so that a machine getting busier or
    # quieter over the run shifts every point alike instead of bending the fit
    times: list[list[int]] = [[] for _ in prepared]
    stats: list[PointStats | None] = [None] * len(prepared)
    pending = list(range(len(prepared)))
    rounds, target = 0, repeat
    while pending:
        while rounds < target:
            for i in pending if rounds % 2 == 0 else reversed(pending):
                comps, setup_state, action = prepared[i]
                rec = RecordingBackend(setup_state)
                run_state = OverlayedState(rec)
                ns = _timed(runtime, action, run_state)
                t2 = time.perf_counter_ns()
                run_state.storage_root()
                root_ns = time.perf_counter_ns() - t2
                reads = sum(1 for k in rec.keys if not white(k))
                writes = sum(1 for k in run_state.changes() if not white(k))
                read = ((k, rec.sizes.get(k, 0)) for k in rec.keys if not white(k))
                proof = estimate_proof(read, label, proofs, pov_mode)
                samples.append(Sample(comps, ns, root_ns, reads, rec.count - len(rec.keys), writes, proof))
                times[i].append(ns)
            rounds += 1
        for i in list(pending):
            spread, ci, quiet = _spread(times[i])
            stable = ci <= tolerance or quiet
            stats[i] = PointStats(prepared[i][0], len(times[i]), statistics.median(times[i]), spread, ci, stable)
            if stable or target >= limit:
                pending.remove(i)
                if progress is not None:
                    progress(f"{bench.pallet.name}.{bench.name} {dict(prepared[i][0])}: {len(times[i])} runs, "
                             f"median {statistics.median(times[i]) / 1000:.1f} us +- {ci:.1%}, spread {spread:.1%}")
        target = min(limit, target + repeat)
    points = [p for p in stats if p is not None]

    def proof_line(item: str, r: int) -> str:
        known = proofs.get(item)
        if item in whitelisted_labels or not r:
            return ""
        return known.comment() if known is not None else f"Proof: {item} (mode: Measured)"

    access = tuple(StorageAccess(item, r, w, item in whitelisted_labels, proof_line(item, r))
                   for item, (r, w) in sorted(storage.items()))  # fmt: skip
    return BenchmarkResult(
        bench.pallet.name,
        bench.name,
        tuple((n, r.low, r.high) for n, r in bench.components),
        bench.terms,
        tuple(samples),
        tuple(points),
        access,
        steps,
        repeat,
        time.perf_counter() - started,
        pov_mode,
    )


def run_benchmarks(
    runtime: Runtime,
    benchmarks: Benchmarks,
    genesis_config: dict[str, Any] | None = None,
    names: Sequence[str] | str = "*",
    **kw: Any,
) -> list[BenchmarkResult]:
    """Run the benchmarks of one pallet (`names` a list, or ``"*"`` for all) on one shared genesis."""
    config = merge_patch(genesis_config or {}, benchmarks.genesis() if benchmarks.genesis else None)
    chosen = benchmarks.names if names == "*" else list(names)
    unknown = [n for n in chosen if n not in benchmarks]
    if unknown:
        raise BenchmarkError(f"{benchmarks.pallet.name} has no benchmark {', '.join(unknown)} "
                             f"(it has {', '.join(benchmarks.names)})")  # fmt: skip
    genesis = genesis_state(runtime, config)
    return [
        run_benchmark(runtime, benchmarks[n], genesis=genesis, whitelist=benchmarks.whitelist, **kw) for n in chosen
    ]



