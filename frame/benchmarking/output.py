"""What a benchmark run prints and writes: a table, JSON, and a pallet's generated ``weights.py``.

The generated module has one function per benchmark, named after it, taking its components and returning
a two-dimensional `frame.weights.Weight` as FRAME's do: ``Weight.from_parts(ref_time, proof_size)`` of the fitted
time (picoseconds) and the fitted proof-size estimate (bytes, `frame.benchmarking.pov`), a
``Weight.from_parts(slope, proof_slope).saturating_mul(x)`` per term, plus `DB_WEIGHT` for the fitted reads and
writes. Its docstrings record the storage touched (``Storage: ... (r:1 w:1)``) with each item's ``Proof:`` line, the
ranges, the minimum measured time, the fit's standard errors and the spread of the runs; the module docstring
records the command, host and date, so a reviewer can tell whether a change in weights came from the code or from
the machine.
"""

from __future__ import annotations

import datetime
import json
import platform
import socket
from collections.abc import Sequence
from typing import Any

from frame.benchmarking.analysis import Fit, Term
from frame.benchmarking.run import BenchmarkResult

__all__ = ["host_info", "render_table", "render_weights", "to_json"]


def host_info() -> str:
    """Where the numbers come from: host name, processor, Python."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{socket.gethostname()}, {cpu}, Python {platform.python_version()}"


def _term(t: Term) -> str:
    return "*".join(t)


def _us(ps: float) -> str:
    return f"{ps / 1e6:.3f}"


def _model(fit: Fit, unit: str, scale: float = 1.0, fmt: str = "{:.3f}") -> str:
    parts = [fmt.format(fit.base / scale)]
    parts += [f"{fmt.format(s / scale)} * {_term(t)}" for t, s in zip(fit.terms, fit.slopes, strict=True) if s]
    return " + ".join(parts) + (f" {unit}" if unit else "")


def render_table(results: Sequence[BenchmarkResult]) -> str:
    """A readable report of each benchmark: storage touched, the models, their errors, the spread."""
    out: list[str] = []
    for r in results:
        ranges = ", ".join(f"{n} in [{lo}, {hi}]" for n, lo, hi in r.ranges) or "no components"
        runs = len(r.samples)
        out.append(f'Pallet: "{r.pallet}", Extrinsic: "{r.benchmark}", {ranges}; steps {r.steps}, repeat {r.repeat} '
                   f"({runs} runs, {r.elapsed_s:.1f} s)")  # fmt: skip
        for a in r.storage:
            mark = " (whitelisted)" if a.whitelisted else ""
            out.append(f"  Storage: {a.item} (r:{a.reads} w:{a.writes}){mark}")
            if a.proof:
                out.append(f"  {a.proof}")
        t, rd, wr, pf = r.fit_time(), r.fit_reads(), r.fit_writes(), r.fit_proof()
        out.append(f"  Time   ~= {_model(t, 'us', 1e6)}   [{t.method}]")
        errors = [f"base {_us(t.base_error)}"] + [
            f"{_term(term)} {_us(e)}" for term, e in zip(t.terms, t.errors, strict=False)
        ]
        out.append(f"  Standard error (us): {', '.join(errors)}")
        out.append(f"  Reads  = {_model(rd, '', fmt='{:g}')}")
        out.append(f"  Writes = {_model(wr, '', fmt='{:g}')}")
        out.append(f"  Proof  = {_model(pf, 'bytes', fmt='{:g}')}   [{r.pov_mode}]")
        unstable = r.unstable
        verdict = f"UNSTABLE at {len(unstable)} of {len(r.points)} points" if unstable else "stable"
        out.append(f"  Spread: at most {r.max_spread:.1%} (IQR / median per point), medians within "
                   f"+-{r.max_interval:.1%} (95%); min time {r.min_ns / 1000:.1f} us; {verdict}")  # fmt: skip
        for note in (*t.notes, *rd.notes, *wr.notes):
            out.append(f"  Note: {note}")
        out.append("")
    return "\n".join(out)


def _fit_json(fit: Fit) -> dict[str, Any]:
    return {
        "base": fit.base,
        "slopes": {_term(t): s for t, s in zip(fit.terms, fit.slopes, strict=True)},
        "base_error": fit.base_error,
        "errors": {_term(t): e for t, e in zip(fit.terms, fit.errors, strict=False)},
        "method": fit.method,
        "notes": list(fit.notes),
    }


def to_json(results: Sequence[BenchmarkResult]) -> str:
    """The raw samples and the fits, as JSON (time in ns per sample; models in ps)."""
    data = []
    for r in results:
        data.append({
            "pallet": r.pallet,
            "benchmark": r.benchmark,
            "ranges": {n: [lo, hi] for n, lo, hi in r.ranges},
            "terms": [_term(t) for t in r.terms],
            "steps": r.steps,
            "repeat": r.repeat,
            "elapsed_s": r.elapsed_s,
            "time_ps": _fit_json(r.fit_time()),
            "reads": _fit_json(r.fit_reads()),
            "writes": _fit_json(r.fit_writes()),
            "proof_size": _fit_json(r.fit_proof()),
            "pov_mode": r.pov_mode,
            "storage": [{"item": a.item, "reads": a.reads, "writes": a.writes, "whitelisted": a.whitelisted,
                         "proof": a.proof} for a in r.storage],  # fmt: skip
            "points": [{"components": dict(p.components), "runs": p.runs, "median_ns": p.median_ns,
                        "spread": p.spread, "interval": p.interval, "stable": p.stable}
                       for p in r.points],  # fmt: skip
            "samples": [{"components": dict(s.components), "extrinsic_ns": s.extrinsic_ns,
                         "storage_root_ns": s.storage_root_ns, "reads": s.reads, "repeat_reads": s.repeat_reads,
                         "writes": s.writes, "proof_size": s.proof_size} for s in r.samples],  # fmt: skip
        })  # fmt: skip
    return json.dumps(data, indent=1)


def _db_expr(fit: Fit, method: str) -> str | None:
    parts = [str(fit.base)] if fit.base else []
    parts += [f"{s} * {_term(t)}" for t, s in zip(fit.terms, fit.slopes, strict=True) if s]
    if not parts:
        return None
    return f"DB_WEIGHT.{method}({' + '.join(parts)})"


def render_weights(results: Sequence[BenchmarkResult], pallet: str, command: str, source: str) -> str:
    """The source of a pallet's ``weights.py`` (see the module docstring)."""
    date = datetime.date.today().isoformat()
    steps = sorted({r.steps for r in results})
    repeats = sorted({r.repeat for r in results})
    uses_db = any(_db_expr(r.fit_reads(), "reads") or _db_expr(r.fit_writes(), "writes") for r in results)
    lines = [
        f'"""Weights of the {pallet} pallet, generated from its benchmarks',
        f"({source}). Do not edit: re-run",
        "",
        f"    {command}",
        "",
        f"on {date}, {host_info()}; steps {', '.join(map(str, steps))}, repeat {', '.join(map(str, repeats))}",
        "(more where a point's median was not yet known within 5%). Each function returns a Weight: ref_time, the",
        "fitted time in picoseconds, and proof_size, the fitted storage proof estimate in bytes (PoV mode "
        f"{'/'.join(sorted({r.pov_mode for r in results})) or 'MaxEncodedLen'}),",
        "plus DB_WEIGHT for the fitted storage reads and writes.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from frame.weights import DB_WEIGHT, Weight" if uses_db else "from frame.weights import Weight",
        "",
        "__all__ = [",
        *(f'    "{r.benchmark}",' for r in sorted(results, key=lambda r: r.benchmark)),
        "]",
    ]
    for r in results:
        t, rd, wr, pf = r.fit_time(), r.fit_reads(), r.fit_writes(), r.fit_proof()
        params = ", ".join(f"{n}: int" for n, _, _ in r.ranges)
        lines += ["", "", f"def {r.benchmark}({params}) -> Weight:"]
        ranges = ", ".join(f"{n} in [{lo}, {hi}]" for n, lo, hi in r.ranges)
        lines.append(f'    """{r.pallet}.{r.benchmark}' + (f": {ranges}." if ranges else "."))
        lines.append("")
        for a in r.storage:
            if not a.whitelisted:
                lines.append(f"    Storage: {a.item} (r:{a.reads} w:{a.writes})")
                if a.proof:
                    lines.append(f"    {a.proof}")
        lines.append(f"    Estimated proof size: at most {r.max_proof_size} bytes over the sample points.")
        errs = ", ".join([f"base {_us(t.base_error)}"]
                         + [f"{_term(x)} {_us(e)}" for x, e in zip(t.terms, t.errors, strict=False)])  # fmt: skip
        lines.append(f"    Minimum measured {r.min_ns / 1000:.1f} us; standard errors (us): {errs}.")
        stable = "stable" if not r.unstable else f"UNSTABLE at {len(r.unstable)} of {len(r.points)} points"
        lines.append(f"    Spread at most {r.max_spread:.1%}, medians within +-{r.max_interval:.1%} ({stable}).")
        lines.append(f"    Fit: {t.method}.")
        lines.append('    """')
        terms = [f"Weight.from_parts({s:_}, {p:_}).saturating_mul({_term(x)})"
                 for x, s, p in zip(t.terms, t.slopes, pf.slopes, strict=True) if s or p]  # fmt: skip
        expr = [f"Weight.from_parts({t.base:_}, {pf.base:_})", *terms]
        for db in (_db_expr(rd, "reads"), _db_expr(wr, "writes")):
            if db is not None:
                expr.append(db)
        one_line = "    return " + " + ".join(expr)
        if len(one_line) <= 110:
            lines.append(one_line)
        else:
            lines += ["    return (", f"        {expr[0]}", *(f"        + {e}" for e in expr[1:]), "    )"]
    return "\n".join(lines) + "\n"
