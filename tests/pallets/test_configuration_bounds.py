"""Blocks at the configuration's upper bounds stay within the block weight limit (issue 10 §3).

The weights are the declared ones (the benchmarked weight functions and the executive's accounting) plus
`DB_WEIGHT` for the storage reads and writes a block is seen to make; no wall-clock time is measured.
"""

from __future__ import annotations

import pytest

from frame.benchmarking._support import RecordingBackend
from frame.weights import DB_WEIGHT, DEFAULT_BLOCK_WEIGHTS, Weight, to_weight
from pallets.configuration import check_consistency
from pallets.inclusion_inherent import weights as inclusion_weights
from pallets.scenarios import collator_key
from pallets.scheduler import Scheduler
from pallets.scheduler import weights as scheduler_weights
from primitives.parachain import CollatorId, ParaId, ParathreadClaim
from primitives.parachain.config import (
    HOST_CONFIGURATION_BOUNDS,
    MAX_CODE_SIZE,
    MAX_PARATHREAD_CORES,
    MAX_PARATHREAD_QUEUE,
)
from primitives.types import evolve
from tests.harness.parachain import TEST_CONFIG, TestNet, empty_inclusion_inherent, genesis

LIMITS = DEFAULT_BLOCK_WEIGHTS
#: Every bounded field at its bound.
AT_BOUNDS = evolve(TEST_CONFIG, **HOST_CONFIGURATION_BOUNDS)
PARACHAINS = (100, 101)
#: One validator per core, so that every core has a group and is scheduled.
VALIDATORS = len(PARACHAINS) + MAX_PARATHREAD_CORES
#: Enough parathreads to fill the claim queue at the bounds.
THREADS = range(2000, 2000 + MAX_PARATHREAD_QUEUE)
SESSION_LENGTH = 3


def _measured_weight(n: TestNet) -> Weight:
    """Build the head's next block (empty inclusion inherent), execute it and return its weight: what the executive
    accounted (base block, hooks, extrinsics) plus DB_WEIGHT for every key it read and wrote."""
    built = n.chain.build_block([empty_inclusion_inherent()])
    backend = RecordingBackend(n.chain.backend)  # the distinct keys read: the block's storage reads
    state = n.chain.executive.execute_block(backend, n.head, built.block)
    declared = n.chain.executive.block_weight
    n.chain.import_block(built.block)
    return declared + DB_WEIGHT.reads(len(backend.keys)) + DB_WEIGHT.writes(len(state.changes()))


@pytest.fixture(scope="module")
def at_bounds() -> TestNet:
    """A chain whose configuration is at every bound, with a core per parachain and MAX_PARATHREAD_CORES
    parathread cores, a validator (so a group) per core, and the parathread claim queue full."""
    check_consistency(AT_BOUNDS)
    n = TestNet(genesis(VALIDATORS, PARACHAINS, THREADS, AT_BOUNDS, SESSION_LENGTH))
    collator = CollatorId(collator_key().public_key)
    with n.ext():
        for para in THREADS:
            Scheduler.add_parathread_claim(ParathreadClaim(ParaId(para), collator))
    return n


def test_blocks_at_the_bounds_stay_within_the_block_weight(at_bounds):
    n = at_bounds
    with n.reading():
        assert len(Scheduler.availability_cores()) == len(PARACHAINS) + MAX_PARATHREAD_CORES
        assert len(Scheduler.ParathreadQueue.get().queue) == MAX_PARATHREAD_QUEUE
    weights = []
    for _ in range(SESSION_LENGTH + 1):  # ordinary blocks and a session change (cores, groups, queue rebuilt)
        weights.append(_measured_weight(n))
        with n.reading():
            queue = Scheduler.ParathreadQueue.get().queue
            # every parathread core was scheduled from the full queue and its claim returned with a retry
            assert len(queue) == MAX_PARATHREAD_QUEUE
            assert sum(q.claim.retries for q in queue) == MAX_PARATHREAD_CORES * n.number
    assert n.number > SESSION_LENGTH
    heaviest = max(weights, key=lambda w: w.ref_time)
    assert all(w.all_lte(LIMITS.max_block) for w in weights), f"{heaviest} > {LIMITS.max_block}"


def test_busiest_inclusion_at_the_bounds_stays_within_the_block_weight():
    """The inclusion inherent's declared weight when every core (the parathread cores at their bound and ten
    parachains) is freed and backed again by its group of 10, each candidate with a code upgrade of MAX_CODE_SIZE,
    and all 1,100 validators sign bitfields. (The number of parachains is not a configuration value; with many
    more of them such a block would not fit, whatever the configuration.)"""
    cores = MAX_PARATHREAD_CORES + 10
    validators = 10 * cores
    weight = inclusion_weights.inclusion(b=validators, c=cores, v=10, u=MAX_CODE_SIZE)
    assert (LIMITS.base_block + LIMITS.base_extrinsic + weight).all_lte(LIMITS.max_block)
    # ... while the code limit the chain had before (16 MiB) did not fit even the parathread cores alone
    too_big = to_weight(inclusion_weights.inclusion(b=0, c=MAX_PARATHREAD_CORES, v=10, u=16 << 20))
    assert too_big.any_gt(LIMITS.max_block)


def test_claim_parathread_is_weighed_for_the_longest_queue_the_bounds_allow():
    declared = Scheduler.call_defs["claim_parathread"].weight_of((ParaId(2000), CollatorId(bytes(32))))
    assert declared == scheduler_weights.claim_parathread(q=MAX_PARATHREAD_QUEUE - 1)
    assert (LIMITS.base_extrinsic + declared).all_lte(LIMITS.max_normal)
