"""The weight fit on known data: frame-benchmarking's own vectors, and the degenerate cases it gets wrong."""

from __future__ import annotations

import random

import pytest

from frame.benchmarking import Linear
from frame.benchmarking.analysis import interquartile, min_squares, parse_term, term_value

MS = 1_000_000_000  # picoseconds


def test_frame_eight_point_vector():
    # analysis.rs: n in 1..4 at m = 5, m in {1, 3, 7, 10} at n = 3 -> base 10 ms, slopes 1 ms and 0.1 ms
    data = [({"n": n, "m": 5}, t * MS) for n, t in zip([1, 2, 3, 4], [11.5, 12.5, 13.5, 14.5], strict=True)]
    data += [({"n": 3, "m": m}, t * MS) for m, t in zip([1, 3, 7, 10], [13.1, 13.3, 13.7, 14.0], strict=True)]
    fit = min_squares(data, [("n",), ("m",)])
    assert (fit.base, fit.slopes) == (10_000_000_000, (1_000_000_000, 100_000_000))
    assert fit.method == "min-squares" and fit.notes == ()
    reads = min_squares([(c, 2 + c["n"]) for c, _ in data], [("n",), ("m",)], counts=True)
    writes = min_squares([(c, 2 * c["m"]) for c, _ in data], [("n",), ("m",)], counts=True)
    assert (reads.base, reads.slopes) == (2, (1, 0))
    assert (writes.base, writes.slopes) == (0, (0, 2))


def test_frame_two_samples_per_point_vector():
    # n = 0: {2 ms, 4 ms}, n = 1: {4 ms, 8 ms} -> base 3 ms, slope 3 ms
    data = [({"n": 0}, 2 * MS), ({"n": 0}, 4 * MS), ({"n": 1}, 4 * MS), ({"n": 1}, 8 * MS)]
    fit = min_squares(data, [("n",)])
    assert (fit.base, fit.slopes) == (3 * MS, (3 * MS,))


def test_near_zero_negative_intercept_rounds_to_zero():
    # (1 -> 2 ns, 2 -> 4 ns, 3 -> 6 ns): the float intercept is a hair below 0 (substrate#12573)
    fit = min_squares([({"x": 1}, 2000), ({"x": 2}, 4000), ({"x": 3}, 6000)], [("x",)])
    assert (fit.base, fit.slopes) == (0, (2000,))
    assert fit.method == "min-squares"


def test_single_point_gives_the_median_and_no_slope():
    fit = min_squares([({"x": 5}, 2000), ({"x": 5}, 2600), ({"x": 5}, 2100)], [("x",)])
    assert (fit.base, fit.slopes, fit.method) == (2100, (0,), "median")
    assert any("one value (5)" in n for n in fit.notes)
    assert fit.evaluate({"x": 10**6}) == 2100  # no absurd extrapolation from one point


def test_two_samples_use_the_median():
    fit = min_squares([({"x": 1}, 100), ({"x": 2}, 300)], [("x",)])
    assert (fit.base, fit.slopes, fit.method) == (200, (0,), "median")


def test_no_components_and_no_samples():
    assert min_squares([({}, 5), ({}, 7), ({}, 6)], []).base == 6
    empty = min_squares([], [("x",)])
    assert (empty.base, empty.slopes) == (0, (0,))


def test_constant_data_has_zero_slope():
    fit = min_squares([({"x": x}, 100) for x in range(10)], [("x",)])
    assert (fit.base, fit.slopes) == (100, (0,))


def test_negative_intercept_refits_with_base_zero():
    # y = -500 + 100 x: the unconstrained intercept is negative; with base >= 0 the optimum has base 0
    data = [({"x": x}, -500 + 100 * x) for x in range(10, 20)]
    fit = min_squares(data, [("x",)])
    assert fit.base == 0 and "negative intercept" in fit.method
    # least squares through the origin: slope = sum(xy) / sum(x^2)
    xs = range(10, 20)
    expected = sum(x * (-500 + 100 * x) for x in xs) / sum(x * x for x in xs)
    assert fit.slopes[0] == pytest.approx(expected, abs=1)
    assert all(fit.evaluate({"x": x}) >= 0 for x in range(0, 30))


def test_noisy_data_with_outliers():
    # 20 runs per point, one run in nine inflated 5x (a busy machine): the interquartile filter drops them
    rng = random.Random(7)
    data = []
    for x in range(0, 101, 10):
        for k in range(20):
            y = 1000 + 50 * x + rng.gauss(0, 30)
            data.append(({"x": x}, y * 5 if k % 9 == 0 else y))
    fit = min_squares(data, [("x",)])
    assert fit.slopes[0] == pytest.approx(50, abs=1.5)
    assert fit.base == pytest.approx(1000, abs=30)
    unfiltered = min_squares(data, [("x",)], filter_outliers=False)
    assert abs(unfiltered.slopes[0] - 50) > abs(fit.slopes[0] - 50)  # the filter is what made it right
    assert fit.errors[0] < 1


def test_interquartile():
    assert interquartile([5, 1, 3]) == [1, 3, 5]
    assert interquartile([8, 1, 2, 3, 4, 5, 6, 100]) == [3, 4, 5, 6]  # a quarter off each end


def test_rank_deficient_term_is_dropped_not_absurd():
    # y = 2x exactly, and a component that is always 2x: it cannot be told apart, so it gets no slope
    fit = min_squares([({"x": x, "y": 2 * x}, 3 + x) for x in range(10)], [("x",), ("y",)])
    assert (fit.base, fit.slopes) == (3, (1, 0))
    assert any("depends linearly" in n for n in fit.notes)


def test_product_terms_identify_a_cost_per_vote_of_each_candidate():
    # time = 100 + 5 c + 2 c v, swept as FRAME does (c at v = 10, v at c = 20)
    data = [({"c": c, "v": 10}, 100 + 5 * c + 2 * c * 10) for c in range(0, 21, 5)]
    data += [({"c": 20, "v": v}, 100 + 5 * 20 + 2 * 20 * v) for v in range(6, 11)]
    fit = min_squares(data, [("c",), ("c", "v")])
    assert (fit.base, fit.slopes) == (100, (5, 2))
    assert fit.slope("c*v") == 2 and fit.evaluate({"c": 3, "v": 7}) == 100 + 15 + 42


def test_negative_slope_is_clamped():
    fit = min_squares([({"x": x}, 1000 - 3 * x) for x in range(10)], [("x",)])
    assert fit.slopes == (0,) and any("clamped" in n for n in fit.notes)


def test_counts_round_to_nearest():
    # a step in the reads (0 -> 40 between u = 0 and u > 0) must not become one read per unit of u
    data = [({"u": u}, 10 if u == 0 else 50) for u in (0, 50_000, 100_000)]
    assert min_squares(data, [("u",)], counts=True).slopes == (0,)


def test_terms_and_ranges():
    assert parse_term("c*v") == ("c", "v") and parse_term("b") == ("b",)
    with pytest.raises(ValueError):
        parse_term("c+v")
    assert term_value(("c", "v"), {"c": 3, "v": 4}) == 12
    assert Linear(0, 100).values(5) == [0, 25, 50, 75, 100]
    assert Linear(1, 3).values(10) == [1, 2, 3]
    assert Linear(7, 7).values(10) == [7] and Linear(0, 9).values(1) == [9]
    with pytest.raises(ValueError):
        Linear(5, 1)
