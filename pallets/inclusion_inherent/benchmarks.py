"""Benchmarks of the InclusionInherent pallet: the `inclusion` inherent by its bitfields (b), candidates (c),
votes per candidate (v) and the code upgrade each candidate carries (u bytes).

The worst case for each sample: c candidates pending availability (backed in the block before) all become
available and are enacted (freeing their cores), every core freed is backed again with a new candidate of v
votes carrying u bytes of new code, and b validators' bitfields set a bit for every pending core. So that the
candidates become available whatever b is, the availability votes of the validators that sign no bitfield are
already set. Terms: b, c, c*v (a vote of each candidate) and c*u (a code byte of each candidate); v and u alone
cost nothing. The genesis has 200 validators and 20 parachains (groups of 10).

The enacted candidates carry no code: a candidate's code is charged when it is backed (u is known from the
call's arguments then), its later enactment writes it once more (bounded by the same slope).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from frame import io
from frame.benchmarking import Benchmarks, ExtrinsicCall, Linear, ensure, extrinsic_call, next_block
from frame.dispatch import NONE
from frame.system import System
from pallets.inclusion import Inclusion
from pallets.inclusion_inherent.pallet import InclusionInherent
from pallets.paras import Paras
from pallets.scenarios import back_candidate, genesis_config, make_receipt, signed_bitfields
from pallets.scheduler import Scheduler
from primitives.bitvec import BitVec
from primitives.parachain import HostConfiguration
from primitives.types import evolve

VALIDATORS = 200
CORES = 20
GROUP = VALIDATORS // CORES
MAX_CODE = 100_000


def _genesis() -> dict[str, Any]:
    config = HostConfiguration(max_code_size=MAX_CODE, max_head_data_size=1024, chain_availability_period=10,
                               thread_availability_period=10, validation_upgrade_delay=5)  # fmt: skip
    return genesis_config(VALIDATORS, range(1000, 1000 + CORES), (), config, session_length=1000)


bench = Benchmarks(InclusionInherent, genesis=_genesis, whitelist=[InclusionInherent.Included])


def _back(count: int, votes: int, code: bytes | None) -> list[Any]:
    """Candidates for the first `count` scheduled cores, each backed by the first `votes` of its group."""
    relay_parent = System.parent_hash()
    context = Inclusion.signing_context()
    out = []
    for assignment in Scheduler.scheduled()[:count]:
        group = Scheduler.group_validators(assignment.group_idx) or []
        receipt = make_receipt(assignment.para_id, relay_parent, b"\x03" * 72, new_validation_code=code)
        out.append(back_candidate(receipt, group, context, signers=range(votes)))
    return out


@bench(b=Linear(0, VALIDATORS), c=Linear(0, CORES), v=Linear(GROUP // 2 + 1, GROUP), u=Linear(0, MAX_CODE),
       terms=["b", "c", "c*v", "c*u"])  # fmt: skip
def inclusion(b: int, c: int, v: int, u: int) -> Generator[ExtrinsicCall, None, None]:
    # block 1: back c candidates (no code) with v votes each
    InclusionInherent.inclusion(NONE, [], _back(c, v, None))
    next_block()
    # block 2: the validators without a bitfield have already voted for every pending candidate
    n = len(Inclusion.validators())
    absent = sum(1 << i for i in range(b, n))
    for para, record in list(Inclusion.PendingAvailability.iter()):
        votes = int.from_bytes(record.availability_votes.packed, "little") | absent
        updated = BitVec.from_packed(votes.to_bytes((n + 7) // 8, "little"), n)
        Inclusion.PendingAvailability.insert(para, evolve(record, availability_votes=updated))
    n_cores = len(Scheduler.availability_cores())
    bitfields = signed_bitfields(range(b), n_cores, range(c), Inclusion.signing_context())
    state = io.state()
    state.start_transaction()
    try:  # the cores these bitfields free are scheduled again: back candidates on them
        InclusionInherent.inclusion(NONE, bitfields, [])
        candidates = _back(c, v, b"\0asm" + b"\x05" * max(0, u - 4) if u else None)
    finally:
        state.rollback_transaction()
    yield extrinsic_call(InclusionInherent.tx.inclusion(bitfields, candidates), NONE)
    ensure(InclusionInherent.Included.exists(), "inherent not applied")
    if c:
        first = Paras.parachains()[0]
        record = Inclusion.PendingAvailability.get(first)
        ensure(record is not None and record.backed_in_number == System.block_number(), "candidate not backed")


__all__ = ["CORES", "MAX_CODE", "VALIDATORS", "bench"]
