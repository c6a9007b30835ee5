"""Declaring benchmarks next to a pallet (FRAME's ``#[benchmarks]`` v2 syntax, as Python generators).

A pallet's ``benchmarks.py`` makes one `Benchmarks` set and declares each benchmark as a generator function
whose parameters are its components, each with an inclusive `Linear` range::

    bench = Benchmarks(Configuration)

    @bench(x=Linear(1, 1_000_000))
    def set_max_code_size(x: int):
        yield extrinsic_call(Configuration.tx.set_max_code_size(x), ROOT)      # the measured call
        ensure(Configuration.PendingConfiguration.get().max_code_size == x)    # verify

Everything before the ``yield`` is setup (it runs on the state of a block being executed: block number >= 1,
events are recorded), the yielded `extrinsic_call` (or `block(fn)` for arbitrary code) is what is timed, and
everything after it verifies the result (only in the first run of each sample; `ensure` raises
`BenchmarkError`). The benchmark's name is the function's; for a call it should be the call's name.

`terms` (default: one per component) says which model is fitted: a term ``"c*v"`` is a cost per v of each c
(a vote of each candidate). Components swept one at a time, the others at their maximum, cannot identify
``c``, ``v`` and ``c*v`` together: pick the terms that have a meaning (here ``c`` and ``c*v``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import Any

import attrs

from frame.benchmarking.analysis import Term, parse_term
from frame.dispatch import Origin
from frame.pallet import Call, Pallet
from frame.storage import StorageItem
from primitives.errors import ParahostError

__all__ = [
    "Benchmark",
    "BenchmarkError",
    "Benchmarks",
    "BlockCode",
    "ExtrinsicCall",
    "Linear",
    "block",
    "ensure",
    "extrinsic_call",
]


class BenchmarkError(ParahostError):
    """A benchmark could not run: its setup failed, its call failed, or its verification did not hold."""


def ensure(condition: object, message: str = "verification failed") -> None:
    """In a benchmark's verify part: raise BenchmarkError unless `condition` holds."""
    if not condition:
        raise BenchmarkError(message)


@attrs.frozen
class Linear:
    """A component's inclusive range of values."""

    low: int
    high: int

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.low <= self.high:
            raise ValueError(f"Linear({self.low}, {self.high}): need 0 <= low <= high")

    def values(self, steps: int) -> list[int]:
        """`steps` values evenly spaced from low to high inclusive (FRAME's sampling), without repeats."""
        if steps < 2 or self.low == self.high:
            return [self.high]
        step = (self.high - self.low) / (steps - 1)
        out: list[int] = []
        for s in range(steps):
            v = min(self.high, int(self.low + step * s))
            if not out or out[-1] != v:
                out.append(v)
        if out[-1] != self.high:
            out.append(self.high)
        return out


@attrs.frozen
class ExtrinsicCall:
    """The measured part of a benchmark: dispatch `call` with `origin` (in its own storage transaction)."""

    call: Call
    origin: Origin


@attrs.frozen
class BlockCode:
    """The measured part of a benchmark that is not one call: run `fn()` (FRAME's ``#[block]``)."""

    fn: Callable[[], object]


def extrinsic_call(call: Call, origin: Origin) -> ExtrinsicCall:
    return ExtrinsicCall(call, origin)


def block(fn: Callable[[], object]) -> BlockCode:
    return BlockCode(fn)


BenchFn = Callable[..., Generator[ExtrinsicCall | BlockCode, None, None]]


@attrs.frozen
class Benchmark:
    """One declared benchmark: its pallet, name, components with ranges, fitted terms and generator."""

    pallet: type[Pallet]
    name: str
    components: tuple[tuple[str, Linear], ...]
    terms: tuple[Term, ...]
    fn: BenchFn
    doc: str = ""

    @property
    def component_names(self) -> tuple[str, ...]:
        return tuple(n for n, _ in self.components)

    def maxima(self) -> dict[str, int]:
        return {n: r.high for n, r in self.components}

    def sample_points(self, steps: int) -> list[dict[str, int]]:
        """FRAME's sampling: each component swept over `steps` values while the others stay at their maximum
        (the all-maxima point once). No components: one point."""
        top = self.maxima()
        points: list[dict[str, int]] = []
        seen: set[tuple[int, ...]] = set()
        for name, rng in self.components:
            for v in rng.values(steps):
                p = {**top, name: v}
                key = tuple(p[n] for n in self.component_names)
                if key not in seen:
                    seen.add(key)
                    points.append(p)
        return points or [{}]


class Benchmarks:
    """The benchmarks of one pallet. `genesis` (optional) returns a genesis config patch the benchmarks need
    (merged over the runtime's benchmark genesis); `whitelist` names storage items that every block touches
    anyway, left out of the read/write counts (as FRAME's ``#[pallet::whitelist_storage]``)."""

    def __init__(
        self,
        pallet: type[Pallet],
        *,
        genesis: Callable[[], dict[str, Any]] | None = None,
        whitelist: Iterable[StorageItem] = (),
    ) -> None:
        self.pallet = pallet
        self.genesis = genesis
        self.whitelist: tuple[StorageItem, ...] = tuple(whitelist)
        self._benchmarks: dict[str, Benchmark] = {}

    def __call__(
        self, name: str | None = None, *, terms: Sequence[str] | None = None, **components: Linear
    ) -> Callable[[BenchFn], BenchFn]:
        def wrap(fn: BenchFn) -> BenchFn:
            bench_name = name or fn.__name__
            if not inspect.isgeneratorfunction(fn):
                raise TypeError(f"benchmark {bench_name}: must be a generator function (yield the measured call)")
            params = list(inspect.signature(fn).parameters)
            if sorted(params) != sorted(components):
                raise TypeError(f"benchmark {bench_name}: parameters {params} are not its components "
                                f"{list(components)}")
            parsed = tuple(parse_term(t) for t in terms) if terms is not None else tuple((c,) for c in components)
            for t in parsed:
                for c in t:
                    if c not in components:
                        raise TypeError(f"benchmark {bench_name}: term {'*'.join(t)} names unknown component {c}")
            if bench_name in self._benchmarks:
                raise TypeError(f"{self.pallet.name}: benchmark {bench_name} declared twice")
            self._benchmarks[bench_name] = Benchmark(
                self.pallet, bench_name, tuple(components.items()), parsed, fn, inspect.getdoc(fn) or ""
            )
            return fn

        return wrap

    def __iter__(self) -> Iterator[Benchmark]:
        return iter(self._benchmarks.values())

    def __getitem__(self, name: str) -> Benchmark:
        return self._benchmarks[name]

    def __contains__(self, name: object) -> bool:
        return name in self._benchmarks

    @property
    def names(self) -> list[str]:
        return list(self._benchmarks)

    def missing_calls(self) -> list[str]:
        """The pallet's calls that have no benchmark of the same name."""
        return [c for c in self.pallet.call_defs if c not in self._benchmarks]
