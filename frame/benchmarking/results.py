"""What a benchmark run measured: the samples, per-point statistics, storage touched, and the fits."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from frame.benchmarking.analysis import Fit, Term, min_squares

__all__ = ["BenchmarkResult", "PointStats", "Sample", "StorageAccess"]


@attrs.frozen
class Sample:
    """One timed run: component values, the measured time and state-root time (ns), reads and writes, and the
    estimated proof size (bytes, `frame.benchmarking.pov`)."""

    components: tuple[tuple[str, int], ...]
    extrinsic_ns: int
    storage_root_ns: int
    reads: int
    repeat_reads: int
    writes: int
    proof_size: int = 0

    @property
    def values(self) -> dict[str, int]:
        return dict(self.components)


@attrs.frozen
class PointStats:
    """The runs of one sample point: how many, their median, relative spread (IQR / median), the relative
    half-width of the median's 95% interval, and whether that is within the tolerance (stable)."""

    components: tuple[tuple[str, int], ...]
    runs: int
    median_ns: float
    spread: float
    interval: float
    stable: bool


@attrs.frozen
class StorageAccess:
    """A storage item (or raw key) the benchmark touched at its maximum point, with distinct keys read/written, and
    how its reads' proof size is estimated (FRAME's ``Proof:`` comment; empty when not read or whitelisted)."""

    item: str
    reads: int
    writes: int
    whitelisted: bool = False
    proof: str = ""


@attrs.frozen
class BenchmarkResult:
    """Everything one benchmark measured, with the fits the weights come from."""

    pallet: str
    benchmark: str
    ranges: tuple[tuple[str, int, int], ...]
    terms: tuple[Term, ...]
    samples: tuple[Sample, ...]
    points: tuple[PointStats, ...]
    storage: tuple[StorageAccess, ...]
    steps: int
    repeat: int
    elapsed_s: float
    pov_mode: str = "MaxEncodedLen"

    def _fit(self, value: Callable[[Sample], float]) -> Fit:
        return min_squares([(s.values, value(s)) for s in self.samples], self.terms)

    def fit_time(self) -> Fit:
        """The time model in picoseconds (ref_time)."""
        return self._fit(lambda s: s.extrinsic_ns * 1000)

    def fit_reads(self) -> Fit:
        return min_squares([(s.values, s.reads) for s in self.samples], self.terms, counts=True)

    def fit_writes(self) -> Fit:
        return min_squares([(s.values, s.writes) for s in self.samples], self.terms, counts=True)

    def fit_proof(self) -> Fit:
        """The proof-size model in bytes. The estimate is exact per point (no outliers to drop); coefficients are
        rounded to the nearest byte, as counts are, so that float noise in a slope of a large term (``c*u``) does
        not become a byte per unit."""
        samples = [(s.values, s.proof_size) for s in self.samples]
        return min_squares(samples, self.terms, filter_outliers=False, counts=True)

    @property
    def max_proof_size(self) -> int:
        return max((s.proof_size for s in self.samples), default=0)

    @property
    def unstable(self) -> list[PointStats]:
        return [p for p in self.points if not p.stable]

    @property
    def max_spread(self) -> float:
        return max((p.spread for p in self.points), default=0.0)

    @property
    def max_interval(self) -> float:
        return max((p.interval for p in self.points), default=0.0)

    @property
    def min_ns(self) -> int:
        return min((s.extrinsic_ns for s in self.samples), default=0)
