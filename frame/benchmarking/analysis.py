"""Fitting a weight model to benchmark samples: ordinary least squares with FRAME's guards, and a few more.

The model is ``y = base + sum(slope_t * t(components))`` where each term `t` is a component (``"b"``) or a
product of components (``"c*v"``: a cost per vote of each candidate). Like frame-benchmarking's min-squares
analysis: samples are grouped by component values and each group with four or more samples keeps only its
interquartile part (outliers from a busy machine go), and a negative intercept is refitted. Unlike FRAME (which
refits ``y - min(y)`` and takes `min(y)` as the base, overcharging when the smallest sample has the other
components at their maximum), the refit holds the base at 0: that is the least-squares optimum under the
constraint base >= 0. And so that a fit never produces an absurd weight:

- a term whose value is the same in every sample (a single point, a component that was never swept) is not
  fitted: its slope is 0 and a note says why (FRAME fits it anyway and can print 10^18; polkadot-sdk#13066);
- a term that is a linear combination of the others (rank deficiency) is dropped the same way;
- with no term left, or two samples or fewer, the base is the median and every slope 0;
- a negative slope is clamped to 0 (weights never decrease with more work) with a note.

Everything is pure Python (a handful of terms, a few hundred samples) and deterministic.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence

import attrs

__all__ = ["Fit", "Term", "interquartile", "min_squares", "parse_term", "term_value"]

#: A term: the names of the components multiplied together (one name for a plain component).
Term = tuple[str, ...]

#: Intercepts above this (in the unit of y) count as non-negative (FRAME: -0.0001 ns).
_NEGATIVE_INTERCEPT = -1e-4
#: A column whose part orthogonal to the earlier columns is this small, relative to it, depends on them.
_RANK_EPSILON = 1e-9


def parse_term(text: str) -> Term:
    """``"c*v"`` -> ``("c", "v")``."""
    parts = tuple(p.strip() for p in text.split("*"))
    if not parts or not all(p.isidentifier() for p in parts):
        raise ValueError(f"bad term {text!r}: component names joined by '*'")
    return parts


def term_value(term: Term, components: Mapping[str, int]) -> int:
    """The value of `term` at these component values."""
    out = 1
    for name in term:
        out *= components[name]
    return out


@attrs.frozen
class Fit:
    """A fitted model: base and one slope per term (rounded up to integers), their standard errors and how the
    fit was made. `evaluate` gives the model's value at component values."""

    terms: tuple[Term, ...]
    base: int
    slopes: tuple[int, ...]
    base_error: float = 0.0
    errors: tuple[float, ...] = ()
    method: str = "min-squares"
    notes: tuple[str, ...] = ()

    def evaluate(self, components: Mapping[str, int]) -> int:
        return self.base + sum(s * term_value(t, components) for t, s in zip(self.terms, self.slopes, strict=True))

    def slope(self, term: str | Term) -> int:
        key = parse_term(term) if isinstance(term, str) else term
        return self.slopes[self.terms.index(key)]


def interquartile(values: Sequence[float]) -> list[float]:
    """The values without their lowest and highest quarter (all of them if there are fewer than four)."""
    ordered = sorted(values)
    cut = len(ordered) // 4
    return ordered[cut : len(ordered) - cut] if cut else ordered


def _ceil(x: float) -> int:
    """Round up, forgiving float noise (2999.9999999 is 3000, not 3000 + 1)."""
    return max(0, math.ceil(x - max(1e-6, abs(x) * 1e-12)))


def _nearest(x: float) -> int:
    return max(0, math.floor(x + 0.5))


def _solve(columns: list[list[float]], ys: list[float]) -> tuple[list[float], list[list[float]], list[int]] | None:
    """Least squares by a QR decomposition (modified Gram-Schmidt), column by column in the given order.

    A column whose part orthogonal to the earlier ones is negligible depends on them and is left out (the
    intercept, first, never is). Returns (coefficients, inverse of XtX, indexes of the columns used), or None
    with no column left.
    """
    qs: list[list[float]] = []
    r: list[list[float]] = []  # r[k][j]: the coefficient of q_j in kept column k (j <= k)
    keep: list[int] = []
    for index, column in enumerate(columns):
        norm0 = math.sqrt(math.fsum(v * v for v in column))
        v = list(column)
        coeffs = []
        for q in qs:
            d = math.fsum(a * b for a, b in zip(q, v, strict=True))
            coeffs.append(d)
            v = [a - d * b for a, b in zip(v, q, strict=True)]
        norm = math.sqrt(math.fsum(x * x for x in v))
        if norm0 == 0.0 or norm <= _RANK_EPSILON * norm0:
            continue
        qs.append([x / norm for x in v])
        r.append([*coeffs, norm])
        keep.append(index)
    p = len(keep)
    if p == 0:
        return None
    qty = [math.fsum(a * y for a, y in zip(q, ys, strict=True)) for q in qs]
    # R is upper triangular with R[j][k] = r[k][j]; solve R coef = Q^T y and invert R by back substitution
    coef = [0.0] * p
    for j in reversed(range(p)):
        coef[j] = (qty[j] - math.fsum(r[k][j] * coef[k] for k in range(j + 1, p))) / r[j][j]
    rinv = [[0.0] * p for _ in range(p)]
    for col in range(p):
        for j in reversed(range(col + 1)):
            rhs = (1.0 if j == col else 0.0) - math.fsum(r[k][j] * rinv[k][col] for k in range(j + 1, col + 1))
            rinv[j][col] = rhs / r[j][j]
    inv = [[math.fsum(rinv[i][k] * rinv[j][k] for k in range(p)) for j in range(p)] for i in range(p)]
    return coef, inv, keep


def _ols(
    rows: Sequence[Sequence[float]], ys: Sequence[float], intercept: bool
) -> tuple[list[float], list[float], list[int]] | None:
    """Fit ys on the columns of `rows` (plus an intercept column first if asked). Returns coefficients, their
    standard errors and the kept column indexes (intercept = 0 when present, terms from 1), or None."""
    n = len(ys)
    columns: list[list[float]] = [[1.0] * n] if intercept else []
    width = len(rows[0]) if rows else 0
    columns += [[float(r[j]) for r in rows] for j in range(width)]
    solved = _solve(columns, list(ys))
    if solved is None:
        return None
    coef, inv, keep = solved
    used = [columns[i] for i in keep]
    fitted = [math.fsum(c * col[k] for c, col in zip(coef, used, strict=True)) for k in range(n)]
    rss = math.fsum((y - f) ** 2 for y, f in zip(ys, fitted, strict=True))
    dof = n - len(keep)
    sigma2 = rss / dof if dof > 0 else 0.0
    errors = [math.sqrt(max(0.0, sigma2 * inv[i][i])) for i in range(len(keep))]
    return coef, errors, keep


def min_squares(
    samples: Sequence[tuple[Mapping[str, int], float]],
    terms: Sequence[Term],
    *,
    filter_outliers: bool = True,
    counts: bool = False,
) -> Fit:
    """Fit `terms` to `samples` (component values, measured y). See the module docstring for the guards.

    Times are rounded up; `counts` (storage reads, writes) are rounded to the nearest integer, so that a
    fractional slope from a step in the counts does not become one read per unit.
    """
    terms = tuple(terms)
    _round = _nearest if counts else _ceil
    groups: dict[tuple[int, ...], list[float]] = {}
    values_of: dict[tuple[int, ...], Mapping[str, int]] = {}
    names = sorted({n for t in terms for n in t})
    for comps, y in samples:
        key = tuple(comps[n] for n in names)
        groups.setdefault(key, []).append(float(y))
        values_of.setdefault(key, comps)
    points: list[tuple[Mapping[str, int], float]] = []
    for key, ys in groups.items():
        for y in interquartile(ys) if filter_outliers else ys:
            points.append((values_of[key], y))
    all_y = [y for _, y in points]
    notes: list[str] = []
    zero = (0,) * len(terms)
    if not all_y:
        return Fit(terms, 0, zero, method="no samples", notes=("no samples",))

    # terms that never vary cannot be told apart from the base
    varying = []
    for i, t in enumerate(terms):
        seen = {term_value(t, c) for c, _ in points}
        if len(seen) > 1:
            varying.append(i)
        else:
            notes.append(f"{'*'.join(t)}: one value ({seen.pop()}) in every sample, no slope fitted")
    if not varying or len(points) <= 2 or len(groups) < 2:
        if varying and len(points) <= 2:
            notes.append(f"{len(points)} sample(s): base is the median, no slopes fitted")
        base = statistics.median(all_y)
        return Fit(terms, _round(base), zero, method="median", notes=tuple(notes))

    rows = [[term_value(terms[i], c) for i in varying] for c, _ in points]
    fitted = _ols(rows, all_y, intercept=True)
    method = "min-squares"
    base_value: float
    slopes: dict[int, float] = {}
    errors: dict[int, float] = {}
    base_error = 0.0
    if fitted is not None and 0 in fitted[2] and fitted[0][fitted[2].index(0)] >= _NEGATIVE_INTERCEPT:
        coef, errs, keep = fitted
        base_value = coef[0]
        base_error = errs[0]
        for c, e, k in zip(coef[1:], errs[1:], keep[1:], strict=True):
            slopes[varying[k - 1]], errors[varying[k - 1]] = c, e
        dropped = [varying[j] for j in range(len(varying)) if j + 1 not in keep]
    else:
        # a negative intercept: weights cannot be negative. The least-squares fit with the base held at 0 is
        # the optimum under the constraint base >= 0 (the problem is convex): refit through the origin.
        refit = _ols(rows, all_y, intercept=False)
        method = "min-squares (negative intercept: refitted with base 0)"
        base_value = 0.0
        dropped = list(varying)
        if refit is not None:
            coef, errs, keep = refit
            for c, e, k in zip(coef, errs, keep, strict=True):
                slopes[varying[k]], errors[varying[k]] = c, e
            dropped = [varying[j] for j in range(len(varying)) if j not in keep]
    for i in dropped:
        notes.append(f"{'*'.join(terms[i])}: depends linearly on the other terms in these samples, no slope fitted")
    out_slopes = []
    for i, t in enumerate(terms):
        s = slopes.get(i, 0.0)
        if s < 0 and _round(-s) > 0:  # float noise around 0 needs no note
            notes.append(f"{'*'.join(t)}: fitted slope {s:.4g} < 0, clamped to 0")
            s = 0.0
        out_slopes.append(_round(max(0.0, s)))
    out_errors = tuple(errors.get(i, 0.0) for i in range(len(terms)))
    return Fit(terms, _round(base_value), tuple(out_slopes), base_error, out_errors, method, tuple(notes))
