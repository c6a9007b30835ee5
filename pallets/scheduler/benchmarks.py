"""Benchmarks of the Scheduler pallet: a parathread claim behind `q` claims already queued (the queue and the
sorted claim index both grow with q). The genesis has 101 parathreads, 10 parathread cores and a lookahead of
10 (a queue of at most 100 claims)."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from frame.benchmarking import Benchmarks, ExtrinsicCall, Linear, ensure, extrinsic_call
from frame.dispatch import Signed
from pallets.scenarios import collator_key, genesis_config
from pallets.scheduler.pallet import Scheduler
from primitives.parachain import CollatorId, HostConfiguration, ParaId, ParathreadClaim

#: The parathreads of the benchmark genesis; the claim benchmarked is for the last one.
THREADS = range(2000, 2101)
MAX_QUEUE = 100


def _genesis() -> dict[str, Any]:
    config = HostConfiguration(parathread_cores=10, scheduling_lookahead=10, parathread_retries=3)
    return genesis_config(6, (100, 101, 102), THREADS, config, session_length=1000)


bench = Benchmarks(Scheduler, genesis=_genesis)


@bench(q=Linear(0, MAX_QUEUE - 1))
def claim_parathread(q: int) -> Generator[ExtrinsicCall, None, None]:
    collator = CollatorId(collator_key().public_key)
    for para in THREADS[:q]:
        Scheduler.add_parathread_claim(ParathreadClaim(ParaId(para), collator))
    last = ParaId(THREADS[-1])
    yield extrinsic_call(Scheduler.tx.claim_parathread(last, collator), Signed(bytes(32)))
    ensure(last in Scheduler.ParathreadClaimIndex.get(), "claim not indexed")


__all__ = ["MAX_QUEUE", "bench"]
