"""Multi-block scenarios on the whole parachain-host runtime (ParachainRuntime, real blocks, real signatures)
that the pallet tests do not cover end to end: group rotation across a session with candidates backed by the
rotated groups; availability timeouts of chains and threads; parathread claims through retries; a code
upgrade from the candidate that carries it through enactment to the pruning of the old code; paras coming
and going at a session change with candidates on their cores. The runtime API is checked along the way.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from frame.dispatch import NONE
from pallets.inclusion import InvalidBacking, UnscheduledCandidate, WrongCollator
from pallets.inclusion_inherent import InclusionInherent
from pallets.paras import Paras
from pallets.scheduler import QueueFull, Scheduler, validator_groups
from pallets.session import Session
from pallets.validity import Validity
from primitives.parachain import (
    AssignmentKindParathread,
    BackedCandidate,
    CandidateBacked,
    CandidateIncluded,
    CandidateTimedOut,
    CollatorId,
    CoreStateOccupied,
    CoreStateScheduled,
    HostConfiguration,
    ParaId,
    ParaPastCodeMeta,
    ReplacementTimes,
    ScheduledCore,
    SignedAvailabilityBitfield,
    ValidationCode,
)
from primitives.types import evolve
from runtime_api import RuntimeApi
from tests._runtime_net import THREAD_COLLATORS, RuntimeNet, thread_claim
from tests.harness.candidates import back_candidate, make_receipt, signed_bitfields
from tests.harness.parachain import genesis, para_args, para_code

BASE = HostConfiguration(
    validation_upgrade_frequency=4,
    validation_upgrade_delay=2,
    acceptance_period=20,
    max_code_size=64,
    max_head_data_size=96,
    parathread_cores=0,
    parathread_retries=2,
    parachain_rotation_frequency=0,
    chain_availability_period=2,
    thread_availability_period=2,
    scheduling_lookahead=2,
)


def api(net: RuntimeNet) -> RuntimeApi:
    return RuntimeApi.of(net.chain)


def votes_for(net: RuntimeNet, paras: Iterable[int]) -> list[SignedAvailabilityBitfield]:
    """Every validator's bitfield for the next block, with the bits of `paras`' pending candidates set."""
    before = net.plan()
    cores = [core for core, (para, _) in before.pending.items() if para in set(paras)]
    return signed_bitfields(range(before.n_validators), len(before.cores), cores, before.context)


def block(net: RuntimeNet, back: Iterable[int] = (), available: Iterable[int] = (), **receipt: object) -> list:
    """Produce the next block: `available` paras' pending candidates get every validator's vote, then each para
    in `back` that is scheduled gets a candidate backed by its whole group. Returns the block's candidate events."""
    fields = votes_for(net, available)
    plan = net.plan(fields)
    wanted = set(back)
    candidates = [net.candidate(plan, a, **receipt) for a in plan.scheduled if a.para_id in wanted]  # type: ignore[arg-type]
    assert len(candidates) == len(wanted), f"not all of {sorted(wanted)} are scheduled"
    net.produce(fields, candidates)
    return [e for e in net.events() if isinstance(e, CandidateBacked | CandidateIncluded | CandidateTimedOut)]


def refused(net: RuntimeNet, error: type[Exception], candidates: list[BackedCandidate],
            bitfields: list[SignedAvailabilityBitfield] | None = None) -> None:  # fmt: skip
    """The next block's inclusion inherent with `candidates` fails with `error`."""
    with pytest.raises(error), net.view():
        InclusionInherent.inclusion(NONE, bitfields or [], candidates)


def kinds(events: list) -> list[tuple[str, int]]:
    return [(type(e).__name__.removeprefix("Candidate"), int(e.receipt.parachain_index)) for e in events]


# ---------------------------------------------------------------------------------------------
# Group rotation across a session


def test_candidates_are_backed_by_the_rotated_group_across_a_session():
    """Three parachains, six validators in groups of two; groups rotate every 3 blocks; session 1 starts at
    block 8 with groups shuffled from its own seed. Para 100 gets a candidate every block, backed by whichever
    group serves its core then; Validity's records show who backed each one."""
    config = evolve(BASE, parachain_rotation_frequency=3)
    net = RuntimeNet(genesis(6, (100, 101, 102), (), config, session_length=8))
    backers: dict[int, list[int]] = {}
    group_of_core0: dict[int, int] = {}
    contexts = {}
    for number in range(1, 12):
        fields = votes_for(net, [100])
        plan = net.plan(fields)
        (assignment,) = [a for a in plan.scheduled if a.para_id == 100]
        assert assignment.core == 0
        group_of_core0[number] = int(assignment.group_idx)
        groups, rotation = api(net).validator_groups()
        assert rotation.now == number and rotation.group_for_core(0, 3) == assignment.group_idx
        assert plan.groups[0] == [int(v) for v in groups[assignment.group_idx]]
        if number in (3, 6, 11):  # a rotation: the group that served the core a block ago may not back it now
            stale_group = groups[group_of_core0[number - 1]]
            stale = back_candidate(make_receipt(100, net.head.hash()), stale_group, plan.context)
            refused(net, InvalidBacking, [stale], fields)
        if number == 8:  # a new session: the old session's group signing in the old context is refused
            stale = back_candidate(make_receipt(100, net.head.hash()), backers[7], contexts[7])
            refused(net, InvalidBacking, [stale], fields)
        backers[number] = plan.groups[0]
        contexts[number] = plan.context
        net.produce(fields, [net.candidate(plan, assignment, head_data=b"h%d" % number)])

    # after k rotations core c is served by group (c - k) % 3 (DESIGN §4.6); the count restarts with the session
    assert group_of_core0 == {1: 0, 2: 0, 3: 2, 4: 2, 5: 2, 6: 1, 7: 1, 8: 0, 9: 0, 10: 0, 11: 2}
    with net.reading():
        assert Session.current_index() == 1 and Scheduler.session_start_block() == 8
        assert Scheduler.ValidatorGroups.get() == validator_groups(Session.random_seed(), 6, 3)
        assert Validity.included_at(8) == ()  # the candidate backed in block 7 was dropped at the session change
        for number in (2, 3, 4, 5, 6, 7, 9, 10, 11):  # the candidate backed in block n-1 was enacted in block n
            (kept,) = Validity.included_at(number)
            assert [int(v.validator_index) for v in kept.backing] == backers[number - 1]
        assert Paras.head(ParaId(100)) == b"h10"
    assert len({tuple(backers[n]) for n in (2, 3, 6)}) == 3  # three different groups served the core


def test_a_candidate_pending_at_a_rotation_times_out_only_in_the_rotations_first_blocks():
    """With rotation every 3 blocks and an availability period of 2, a candidate backed in block 3 is not timed
    out in block 5 (two blocks into the rotation) but at the next rotation, block 6, as the runtime API says."""
    net = RuntimeNet(genesis(6, (100, 101, 102), (), evolve(BASE, parachain_rotation_frequency=3), 100))
    net.advance(2)
    assert kinds(block(net, back=[101])) == [("Backed", 101)]  # block 3
    (occupied,) = [c for c in api(net).availability_cores() if isinstance(c, CoreStateOccupied)]
    assert occupied.value.occupied_since == 3 and occupied.value.time_out_at == 6
    assert occupied.value.next_up_on_time_out == ScheduledCore(ParaId(101), None)
    net.advance(2)  # blocks 4 and 5
    assert not any(isinstance(e, CandidateTimedOut) for e in net.events())
    assert kinds(block(net)) == [("TimedOut", 101)]  # block 6


# ---------------------------------------------------------------------------------------------
# Availability timeouts of chains and threads


def test_chain_and_thread_candidates_time_out_after_their_own_periods():
    """A parachain candidate times out after chain_availability_period (2), a parathread one after
    thread_availability_period (4); the timed-out claim goes back with its retries unchanged, is scheduled again
    in the same block, and this time its candidate is made available and enacted."""
    config = evolve(BASE, parathread_cores=1, thread_availability_period=4)
    net = RuntimeNet(genesis(6, (100,), (2000, 2001), config, session_length=100))
    with net.ext():
        Scheduler.add_parathread_claim(thread_claim(2000, 0))
    plan = net.plan()
    (thread,) = [a for a in plan.scheduled if a.para_id == 2000]
    assert thread.core == 1 and thread.kind == AssignmentKindParathread(CollatorId(THREAD_COLLATORS[0].public_key), 0)
    foreign = back_candidate(make_receipt(2000, net.head.hash(), collator=THREAD_COLLATORS[1]),
                             plan.groups[1], plan.context)  # fmt: skip
    refused(net, WrongCollator, [foreign])
    assert kinds(block(net, back=[100, 2000])) == [("Backed", 100), ("Backed", 2000)]  # block 1

    cores = api(net).availability_cores()
    assert [c.value.time_out_at for c in cores] == [1 + 2, 1 + 4]
    assert cores[1].value.next_up_on_time_out == ScheduledCore(ParaId(2000), CollatorId(THREAD_COLLATORS[0].public_key))
    assert cores[1].value.next_up_on_available is None
    net.advance(1)  # block 2
    assert kinds(block(net)) == [("TimedOut", 100)]  # block 3
    net.advance(1)  # block 4
    with net.reading():
        assert Scheduler.ParathreadClaimIndex.get() == [ParaId(2000)]

    plan = net.plan()  # block 5: the thread times out, its claim is requeued and at once scheduled again
    (again,) = [a for a in plan.scheduled if a.para_id == 2000]
    assert again.core == 1 and again.kind.retries == 0
    assert kinds(block(net, back=[2000], head_data=b"thread head")) == [("TimedOut", 2000), ("Backed", 2000)]
    assert kinds(block(net, available=[2000])) == [("Included", 2000)]  # block 6
    with net.reading():
        assert Paras.head(ParaId(2000)) == b"thread head"
        assert Scheduler.ParathreadClaimIndex.get() == [] and Scheduler.ParathreadQueue.get().queue == ()
        assert Scheduler.availability_cores() == [None, None]


# ---------------------------------------------------------------------------------------------
# Parathread claims through retries


def test_parathread_claims_through_retries_and_the_lookahead_cap():
    """Two parathread cores and a lookahead of 1 (room for two claims); one retry. A claim not backed is
    retried once and then dropped, after which the parathread may claim again; a claim backed on its retry is
    enacted; a claim on a parathread that leaves is dropped at the session change."""
    config = evolve(BASE, parathread_cores=2, parathread_retries=1, scheduling_lookahead=1)
    net = RuntimeNet(genesis(6, (100,), (2000, 2001, 2002), config, session_length=100))
    with net.ext():
        Scheduler.add_parathread_claim(thread_claim(2000, 0))
        Scheduler.add_parathread_claim(thread_claim(2001, 1))
        with pytest.raises(QueueFull):
            Scheduler.add_parathread_claim(thread_claim(2002, 0))
    states = api(net).availability_cores()
    assert states[1:] == [
        CoreStateScheduled(ScheduledCore(ParaId(2000), CollatorId(THREAD_COLLATORS[0].public_key))),
        CoreStateScheduled(ScheduledCore(ParaId(2001), CollatorId(THREAD_COLLATORS[1].public_key))),
    ]

    assert kinds(block(net, back=[2001])) == [("Backed", 2001)]  # block 1: 2000 is not backed
    retries = {int(a.para_id): a.kind.retries for a in net.plan().scheduled if a.para_id >= 2000}
    assert retries == {2000: 1}
    assert kinds(block(net, available=[2001])) == [("Included", 2001)]  # block 2: 2000's last try passes
    with net.reading():
        assert Scheduler.ParathreadClaimIndex.get() == [] and Scheduler.ParathreadQueue.get().queue == ()
    assert [a.para_id for a in net.plan().scheduled] == [100]

    with net.ext():  # 2000 may claim again at once; 2002 now fits too
        Scheduler.add_parathread_claim(thread_claim(2000, 1))
        Scheduler.add_parathread_claim(thread_claim(2002, 0))
    assert kinds(block(net)) == []  # block 3: neither is backed
    retried = {int(a.para_id): a.kind.retries for a in net.plan().scheduled if a.para_id >= 2000}
    assert retried == {2000: 1, 2002: 1}
    assert kinds(block(net, back=[2000], head_data=b"on retry")) == [("Backed", 2000)]  # block 4
    assert kinds(block(net, available=[2000])) == [("Included", 2000)]  # block 5
    with net.reading():
        assert Paras.head(ParaId(2000)) == b"on retry"
        assert Scheduler.ParathreadClaimIndex.get() == []  # 2002 had its retry in block 4

    with net.ext():
        Scheduler.add_parathread_claim(thread_claim(2001, 0))
        Scheduler.add_parathread_claim(thread_claim(2002, 1))
    # block 6: both claims are scheduled, neither is backed; 2001 leaves at the session change that block 7 starts
    net.root_ok(Paras.tx.deregister_para(ParaId(2001)), Session.tx.force_new_session())
    with net.reading():
        queue = Scheduler.ParathreadQueue.get().queue
        assert sorted((q.claim.claim.para_id, q.claim.retries) for q in queue) == [(2001, 1), (2002, 1)]
    plan = net.plan()  # block 7, session 1
    assert [(a.para_id, a.kind.retries) for a in plan.scheduled if a.para_id >= 2000] == [(2002, 1)]
    with net.view():
        assert not Paras.is_parathread(ParaId(2001)) and Scheduler.ParathreadClaimIndex.get() == [ParaId(2002)]


# ---------------------------------------------------------------------------------------------
# A code upgrade from the candidate that carries it to the pruning of the old code


def test_code_upgrade_from_backing_through_enactment_to_pruning():
    """Upgrade frequency 4, delay 2, acceptance period 3. The candidate with new code is backed in block 1
    (relay parent 0) and enacted in block 2, planning the upgrade for relay parent 2; the next candidate,
    executed at relay parent 2, applies it when enacted in block 4. The old code serves old contexts until it
    is pruned in block 4 + 3 + 1 = 8; a new upgrade is allowed from relay parent 2 + 4 = 6."""
    net = RuntimeNet(genesis(6, (100, 101), (), evolve(BASE, acceptance_period=3), session_length=100))
    old, new = para_code(100), ValidationCode(b"\0asm upgraded code")
    assert api(net).local_validation_data(100).code_upgrade_allowed == 0 + 2
    assert kinds(block(net, back=[100], new_validation_code=bytes(new))) == [("Backed", 100)]  # block 1
    assert kinds(block(net, available=[100])) == [("Included", 100)]  # block 2
    with net.reading():
        assert Paras.FutureCodeUpgrades.get(ParaId(100)) == 2 and Paras.FutureCode.get(ParaId(100)) == new
        assert Paras.current_code(ParaId(100)) == old
    assert api(net).local_validation_data(100).code_upgrade_allowed is None  # an upgrade is pending
    assert api(net).validation_code(100) == old

    block(net, back=[100], head_data=b"at relay parent 2")  # block 3
    block(net, available=[100])  # block 4: enacted at relay parent 2 >= 2, so the upgrade applies
    with net.reading():
        assert Paras.current_code(ParaId(100)) == new and Paras.head(ParaId(100)) == b"at relay parent 2"
        assert Paras.FutureCodeUpgrades.get(ParaId(100)) is None and Paras.FutureCode.get(ParaId(100)) is None
        assert Paras.PastCode.get((ParaId(100), 2)) == old
        assert Paras.PastCodeMeta.get(ParaId(100)) == ParaPastCodeMeta((ReplacementTimes(2, 4),), None)
        assert [Paras.validation_code_at(ParaId(100), at) for at in (0, 2, 3)] == [old, old, new]
    assert api(net).validation_code(100) == new

    net.advance(1)  # block 5
    assert api(net).local_validation_data(100).code_upgrade_allowed is None  # relay parent 5: 5 - 2 < 4
    with net.reading():
        assert Validity.IncludedBlocks.get() == [2, 4]
    net.advance(1)  # block 6
    assert api(net).local_validation_data(100).code_upgrade_allowed == 6 + 2  # relay parent 6: 6 - 2 >= 4
    with net.reading():
        assert Validity.IncludedBlocks.get() == [4]  # block 2's record is past the acceptance period
    net.advance(1)  # block 7
    with net.reading():
        assert Paras.PastCode.get((ParaId(100), 2)) == old  # 7 = 4 + 3: still kept
    block(net)  # block 8: pruned
    with net.reading():
        assert Paras.PastCode.get((ParaId(100), 2)) is None
        assert Paras.PastCodeMeta.get(ParaId(100)) == ParaPastCodeMeta((), 2)
        assert Paras.PastCodePruning.get() == ()
        assert [Paras.validation_code_at(ParaId(100), at) for at in (0, 2, 3)] == [None, None, new]
        assert Validity.IncludedBlocks.get() == []
    allowed = api(net).local_validation_data(100).code_upgrade_allowed
    assert allowed == 8 + 2  # block 9, relay parent 8 >= 2 + 4
    assert kinds(block(net, back=[100], new_validation_code=b"\0asm v3")) == [("Backed", 100)]  # block 9


# ---------------------------------------------------------------------------------------------
# Paras coming and going at a session change


def test_paras_onboard_and_offboard_at_a_session_change_with_their_candidates():
    """Para 102 registers and 101 deregisters during session 0; at session 1 (block 5) the cores follow: 101's
    pending candidate is dropped with it, 102 gets 101's old core and its first candidate is enacted."""
    net = RuntimeNet(genesis(6, (100, 101), (), BASE, session_length=5))
    net.root_ok(Paras.tx.register_para(ParaId(102), para_args(102)))  # block 1
    net.root_ok(Paras.tx.deregister_para(ParaId(101)))  # block 2
    assert kinds(block(net, back=[100, 101])) == [("Backed", 100), ("Backed", 101)]  # block 3
    refused(net, UnscheduledCandidate, [_unscheduled(net, 102)])  # 102 has no core before the session
    net.advance(1)  # block 4
    events = block(net, back=[102], head_data=b"first")  # block 5: session 1
    assert kinds(events) == [("Backed", 102)]  # nothing timed out or included: the pending ones were dropped
    with net.reading():
        assert Paras.parachains() == [ParaId(100), ParaId(102)]
        assert Paras.PastCode.get((ParaId(101), 5)) == para_code(101)
        assert Scheduler.core_para(1) == ParaId(102)
    refused(net, UnscheduledCandidate, [_unscheduled(net, 101)])
    assert kinds(block(net, available=[102])) == [("Included", 102)]  # block 6
    with net.reading():
        assert Paras.head(ParaId(102)) == b"first"
    assert api(net).candidate_pending_availability(101) is None


def _unscheduled(net: RuntimeNet, para: int) -> BackedCandidate:
    """A candidate for `para` in the next block, backed by the first group (it is not scheduled anywhere)."""
    with net.view():
        group = [int(v) for v in Scheduler.ValidatorGroups.get()[0]]
    return back_candidate(make_receipt(para, net.head.hash()), group, net.context())
