"""Fee arithmetic (sp-weights, sp-arithmetic, pallet_transaction_payment; reference §2.1, §2.2): weight-to-fee and
length-to-fee converters, FixedU128 multipliers in integers (10^18 = 1.0) and the multiplier updates.

Converters are functions of a weight and read its ref_time only (`ref_time`: an int is its own ref_time, a
two-dimensional Weight its ``ref_time``), as sp-weights does; a length is priced as a weight of that ref_time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs

from pallets.transaction_payment.types import WeightToFeeCoefficient

__all__ = ["FIXED_ONE", "MAX_U128", "ConstFeeMultiplier", "ConstantMultiplier", "FixedFee", "IdentityFee",
           "MultiplierUpdate", "NoFee", "TargetedFeeAdjustment", "WeightToFee", "WeightToFeePolynomial",
           "fixed_div", "fixed_from_rational", "fixed_mul", "mul_int", "polynomial", "ref_time",
           "slow_adjusting_fee_update"]  # fmt: skip

#: FixedU128's 1.0 (its inner value is parts per 10^18)
FIXED_ONE = 10**18
MAX_U128 = (1 << 128) - 1
_MAX_U64 = (1 << 64) - 1
_PERBILL = 10**9
_PERQUINTILL = 10**18

WeightToFee = Callable[[Any], int]


def ref_time(weight: Any) -> int:
    """A weight's ref_time: the int itself, or a two-dimensional weight's ``ref_time``."""
    return int(getattr(weight, "ref_time", weight))


def _sat(x: int) -> int:
    return max(0, min(x, MAX_U128))


# -- FixedU128 (floor rounding, saturating at 0 and u128::MAX, as sp-arithmetic's saturating ops)


def fixed_from_rational(n: int, d: int) -> int:
    """``FixedU128::saturating_from_rational(n, d)``."""
    return _sat(n * FIXED_ONE // max(d, 1))


def fixed_mul(a: int, b: int) -> int:
    """``a.saturating_mul(b)`` of two FixedU128."""
    return _sat(a * b // FIXED_ONE)


def fixed_div(a: int, b: int) -> int:
    """``a / b`` of two FixedU128 (b > 0)."""
    return _sat(a * FIXED_ONE // b)


def mul_int(multiplier: int, x: int) -> int:
    """``FixedU128::saturating_mul_int(x)``: floor(multiplier * x / 10^18)."""
    return _sat(multiplier * x // FIXED_ONE)


def _nearest(n: int, d: int) -> int:
    q, r = divmod(n, d)
    return q + (1 if 2 * r > d else 0)


def _perbill_mul(parts: int, x: int) -> int:
    """``Perbill * x``, rounded to the nearest (ties down), as sp-arithmetic's NearestPrefDown."""
    return _nearest(parts * x, _PERBILL)


# -- WeightToFee / LengthToFee


def IdentityFee(weight: Any) -> int:
    """sp-weights' IdentityFee: the fee is the ref_time."""
    return _sat(ref_time(weight))


def NoFee(weight: Any) -> int:
    """sp-weights' NoFee: nothing."""
    return 0


@attrs.frozen
class ConstantMultiplier:
    """sp-weights' ConstantMultiplier<T, M>: ref_time * M."""

    multiplier: int

    def __call__(self, weight: Any) -> int:
        return _sat(ref_time(weight) * self.multiplier)


@attrs.frozen
class FixedFee:
    """sp-weights' FixedFee<F>: F whatever the weight."""

    fee: int

    def __call__(self, weight: Any) -> int:
        return self.fee


def polynomial(coefficients: Sequence[WeightToFeeCoefficient], x: int) -> int:
    """sp-weights' WeightToFeePolynomial at x: start at 0; per coefficient in order, p = x^degree (saturating),
    add or subtract ``coeff_frac * p`` (Perbill, to the nearest) then ``coeff_integer * p``, saturating at 0 and
    u128::MAX."""
    acc = 0
    for c in coefficients:
        p = min(x**c.degree, MAX_U128)
        frac = _perbill_mul(c.coeff_frac, p)
        integer = _sat(c.coeff_integer * p)
        if c.negative:
            acc = _sat(_sat(acc - frac) - integer)
        else:
            acc = _sat(_sat(acc + frac) + integer)
    return acc


@attrs.frozen
class WeightToFeePolynomial:
    """A fee polynomial of the weight's ref_time (`polynomial`)."""

    coefficients: tuple[WeightToFeeCoefficient, ...]

    def __call__(self, weight: Any) -> int:
        return polynomial(self.coefficients, min(ref_time(weight), _MAX_U64))


# -- Multiplier updates (FRAME's MultiplierUpdate, run in on_finalize)


class MultiplierUpdate:
    """Next block's fee multiplier from this one's and the Normal weight the block used."""

    def __call__(self, previous: int, normal_used: Any, normal_max: Any) -> int:
        raise NotImplementedError

    def bounds(self) -> tuple[int, int]:
        """The least and the greatest multiplier it gives."""
        return 0, MAX_U128


@attrs.frozen
class ConstFeeMultiplier(MultiplierUpdate):
    """FRAME's ConstFeeMultiplier<M>: always M."""

    multiplier: int = FIXED_ONE

    def __call__(self, previous: int, normal_used: Any, normal_max: Any) -> int:
        return self.multiplier

    def bounds(self) -> tuple[int, int]:
        return self.multiplier, self.multiplier


def _perquintill_mul(parts: int, x: int) -> int:
    """``Perquintill * u64``, rounded to the nearest (ties down), as sp-arithmetic's NearestPrefDown."""
    return _nearest(parts * x, _PERQUINTILL)


def _perbill_from_rational(n: int, d: int) -> int:
    """``Perbill::from_rational(n, d)`` (n <= d), floor."""
    return n * _PERBILL // d


@attrs.frozen
class TargetedFeeAdjustment(MultiplierUpdate):
    """FRAME's TargetedFeeAdjustment<T, S, V, M, X>: `target` (Perquintill parts) of the Normal limit is the
    aim; ``diff = |used - target| / max``, ``next = prev * (1 + v*diff + v^2*diff^2/2)`` above the target,
    ``prev * (1 - (v*diff - v^2*diff^2/2))`` below, clamped to [minimum, maximum] (prev first raised to the
    minimum). Weights may be ints (ref_time) or two-dimensional (the limiting dimension is used)."""

    target: int  # Perquintill parts (10^18 = 100%)
    variable: int  # FixedU128
    minimum: int  # FixedU128
    maximum: int = MAX_U128

    def bounds(self) -> tuple[int, int]:
        return self.minimum, self.maximum

    def __call__(self, previous: int, normal_used: Any, normal_max: Any) -> int:
        previous = max(previous, self.minimum)
        max_ref, max_proof = ref_time(normal_max), int(getattr(normal_max, "proof_size", 0))
        used_ref = min(ref_time(normal_used), max_ref)
        used_proof = min(int(getattr(normal_used, "proof_size", 0)), max_proof)
        by_ref = _perbill_from_rational(used_ref, max(max_ref, 1))
        by_proof = _perbill_from_rational(used_proof, max(max_proof, 1))
        used, limit = (used_proof, max_proof) if by_ref < by_proof else (used_ref, max_ref)
        target = _perquintill_mul(self.target, limit)
        positive = used >= target
        diff = fixed_from_rational(abs(used - target), max(limit, 1))
        v = self.variable
        v_squared_2 = fixed_div(fixed_mul(v, v), 2 * FIXED_ONE)
        first, second = fixed_mul(v, diff), fixed_mul(v_squared_2, fixed_mul(diff, diff))
        if positive:
            nxt = _sat(previous + fixed_mul(_sat(first + second), previous))
        else:
            nxt = _sat(previous - fixed_mul(_sat(first - second), previous))
        return min(max(nxt, self.minimum), self.maximum)


def slow_adjusting_fee_update() -> TargetedFeeAdjustment:
    """Polkadot's SlowAdjustingFeeUpdate: target 25% of the Normal limit, variable 75/10^6, minimum 1/10, no
    maximum."""
    return TargetedFeeAdjustment(target=_PERQUINTILL * 25 // 100, variable=fixed_from_rational(75, 1_000_000),
                                 minimum=fixed_from_rational(1, 10))  # fmt: skip
