"""Utility: batches of calls and dispatching under another origin (pallet_utility's calls, events and errors).

batch runs calls until one fails (BatchInterrupted), batch_all runs all or none (a failure fails the whole call,
so every write and event of it is rolled back), force_batch runs all and reports each. Every inner call passes
the runtime's call filter unless the origin is Root; under batch_all a nested batch_all is refused as well.
"""

from __future__ import annotations

from typing import Any

from frame import call_filter, io
from frame.dispatch import (
    BadOrigin,
    DispatchError,
    DispatchFailure,
    DispatchResult,
    NoneOrigin,
    Origin,
    PalletError,
    Root,
    Signed,
    as_result,
    ensure_root,
    ensure_signed,
)
from frame.origins import OriginCaller
from frame.pallet import Call, Pallet, call, constant
from frame.runtime import RuntimeCall
from frame.weights import DB_WEIGHT, ZERO, Weight
from pallets.utility import weights
from primitives.hashing import blake2_256
from primitives.types import U16, U32, ScaleEnum, scale_variant

# ---------------------------------------------------------------------------------------------
# Errors and events


class Error(PalletError):
    """Utility's errors."""


class TooManyCalls(Error, index=0):
    """Too many calls batched."""


class Event(ScaleEnum):
    """Utility's events."""


@scale_variant(0)
class BatchInterrupted(Event):
    """A batch stopped at the call with this index, which failed with `error`; the calls before it stay done."""

    index: U32
    error: DispatchError


@scale_variant(1)
class BatchCompleted(Event):
    """A batch completed without error."""


@scale_variant(2)
class BatchCompletedWithErrors(Event):
    """A force_batch completed, but some of its calls failed."""


@scale_variant(3)
class ItemCompleted(Event):
    """One call of a batch completed."""


@scale_variant(4)
class ItemFailed(Event):
    """One call of a force_batch failed with `error`."""

    error: DispatchError


@scale_variant(5)
class DispatchedAs(Event):
    """A call was dispatched under another origin (dispatch_as), with its result."""

    result: DispatchResult


class _Failed(DispatchFailure):
    """An inner call's failure, passed on as the outer call's own (its DispatchError unchanged)."""

    def __init__(self, error: DispatchError) -> None:
        super().__init__(f"inner call failed: {error!r:.120}")
        self.error = error

    def to_dispatch_error(self, runtime: Any = None) -> DispatchError:
        return self.error


# ---------------------------------------------------------------------------------------------
# Weights: the utility's own part (benchmarked) plus what the inner calls declare


def _inner(calls: list[Call]) -> Weight:
    return sum((c.definition.weight_of(c.args) for c in calls), ZERO)


def derivative_account_id(who: bytes, index: int) -> bytes:
    """The pseudonym `as_derivative` dispatches as: blake2_256("modlpy/utilisuba" ++ who ++ index as u16 LE)."""
    return blake2_256(b"modlpy/utilisuba" + bytes(who) + index.to_bytes(2, "little"))


# ---------------------------------------------------------------------------------------------
# The pallet


class Utility(Pallet):
    """pallet_utility."""

    Error = Error
    Event = Event

    batched_calls_limit = constant(U32, 16_384, "The most calls a batch may carry (FRAME: 32 MiB / 2 / 1 KiB).")

    @classmethod
    def _dispatch(cls, c: Call, origin: Origin) -> DispatchError | None:
        rt = io.runtime()
        return rt.dispatch_bypass_filter(c, origin) if type(origin) is Root else rt.dispatch(c, origin)

    @classmethod
    def _check_batch(cls, origin: Origin, calls: list[Call]) -> None:
        if type(origin) is NoneOrigin:
            raise BadOrigin("a batch cannot be dispatched with the None origin")
        if len(calls) > cls.batched_calls_limit:
            raise TooManyCalls(f"{len(calls)} calls > {cls.batched_calls_limit}")

    @call(0, weight=lambda calls: weights.batch(len(calls)) + _inner(calls))
    def batch(cls, origin: Origin, calls: list[RuntimeCall]) -> None:
        """Dispatch `calls` in order until one fails. Succeeds even then: BatchInterrupted names the failure."""
        cls._check_batch(origin, calls)
        for index, c in enumerate(calls):
            error = cls._dispatch(c, origin)
            if error is not None:
                cls.deposit_event(BatchInterrupted(index, error))
                return
            cls.deposit_event(ItemCompleted())
        cls.deposit_event(BatchCompleted())

    @call(1, weight=lambda index, call: weights.as_derivative() + DB_WEIGHT.reads_writes(1, 1) + _inner([call]))
    def as_derivative(cls, origin: Origin, index: U16, call: RuntimeCall) -> None:
        """Dispatch `call` signed by the sender's derivative account number `index`; fails if it fails."""
        who = ensure_signed(origin)
        error = io.runtime().dispatch(call, Signed(derivative_account_id(who, index)))
        if error is not None:
            raise _Failed(error)

    @call(2, weight=lambda calls: weights.batch_all(len(calls)) + _inner(calls))
    def batch_all(cls, origin: Origin, calls: list[RuntimeCall]) -> None:
        """Dispatch all of `calls` or none: the first failure fails this call and undoes all of it."""
        cls._check_batch(origin, calls)
        with call_filter.adding_filter(_not_batch_all):
            for c in calls:
                error = cls._dispatch(c, origin)
                if error is not None:
                    raise _Failed(error)
                cls.deposit_event(ItemCompleted())
        cls.deposit_event(BatchCompleted())

    @call(3, weight=lambda as_origin, call: weights.dispatch_as() + _inner([call]))
    def dispatch_as(cls, origin: Origin, as_origin: OriginCaller, call: RuntimeCall) -> None:
        """Dispatch `call` with the origin `as_origin` (Root only); DispatchedAs carries the result."""
        ensure_root(origin)
        with call_filter.fresh_origin():
            error = io.runtime().dispatch_bypass_filter(call, as_origin)
        cls.deposit_event(DispatchedAs(as_result(error)))

    @call(4, weight=lambda calls: weights.force_batch(len(calls)) + _inner(calls))
    def force_batch(cls, origin: Origin, calls: list[RuntimeCall]) -> None:
        """Dispatch every one of `calls`, whatever fails; ItemFailed or ItemCompleted reports each."""
        cls._check_batch(origin, calls)
        failed = False
        for c in calls:
            error = cls._dispatch(c, origin)
            if error is not None:
                failed = True
                cls.deposit_event(ItemFailed(error))
            else:
                cls.deposit_event(ItemCompleted())
        cls.deposit_event(BatchCompletedWithErrors() if failed else BatchCompleted())


def _not_batch_all(c: Call) -> bool:
    return not (issubclass(c.pallet, Utility) and c.name == "batch_all")
