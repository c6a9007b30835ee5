"""Benchmarks of the Validity pallet: a double-vote report (two signature checks, one offence recorded)."""

from __future__ import annotations

from collections.abc import Generator

from frame.benchmarking import Benchmarks, ExtrinsicCall, ensure, extrinsic_call
from frame.dispatch import Signed
from frame.system import System
from pallets.scenarios import validator_key
from pallets.validity.pallet import Validity
from pallets.validity.types import DoubleVoteReport, SignedCompactStatement
from primitives.hashing import blake2_256
from primitives.parachain import CompactSeconded, SigningContext

bench = Benchmarks(Validity)


@bench()
def report_double_vote() -> Generator[ExtrinsicCall, None, None]:
    context = SigningContext(0, System.parent_hash())
    key = validator_key(0)
    first = SignedCompactStatement.sign(key, CompactSeconded(blake2_256(b"one")), context, 0)
    second = SignedCompactStatement.sign(key, CompactSeconded(blake2_256(b"two")), context, 0)
    yield extrinsic_call(Validity.tx.report_double_vote(DoubleVoteReport(context, first, second)), Signed(bytes(32)))
    ensure(Validity.Offences.contains_key(0, 0), "offence not recorded")


__all__ = ["bench"]
