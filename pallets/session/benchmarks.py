"""Benchmarks of the Session pallet: queueing a validator set (by its size) and forcing a new session."""

from __future__ import annotations

from collections.abc import Generator

from frame.benchmarking import Benchmarks, ExtrinsicCall, Linear, ensure, extrinsic_call
from frame.dispatch import ROOT
from pallets.session.pallet import Session
from primitives.hashing import blake2_256
from primitives.parachain import ValidatorId

bench = Benchmarks(Session)


@bench(v=Linear(1, 1000))
def set_next_validators(v: int) -> Generator[ExtrinsicCall, None, None]:
    validators = tuple(ValidatorId(blake2_256(b"validator %d" % i)) for i in range(v))
    yield extrinsic_call(Session.tx.set_next_validators(validators), ROOT)
    ensure(Session.PendingValidators.get() == validators, "validators not queued")


@bench()
def force_new_session() -> Generator[ExtrinsicCall, None, None]:
    yield extrinsic_call(Session.tx.force_new_session(), ROOT)
    ensure(Session.ForceNewSession.get(), "no session forced")


__all__ = ["bench"]
