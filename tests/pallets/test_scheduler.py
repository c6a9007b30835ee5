"""Scheduler: storage layout, session change, scheduling and occupation, claims, queries, finalization."""

import pytest

from pallets.scheduler import AlreadyClaimed, CoreNotScheduled, Error, NotParathread, QueueFull, Scheduler
from primitives.parachain import (
    AssignmentKindParachain,
    AssignmentKindParathread,
    CoreAssignment,
    CoreIndex,
    CoreOccupiedParachain,
    CoreOccupiedParathread,
    FreedReason,
    GroupIndex,
    GroupRotationInfo,
    HostConfiguration,
    ParaId,
    ParathreadClaim,
    ParathreadEntry,
    ScheduledCore,
    ValidatorIndex,
)
from primitives.types import codec_of
from tests.pallets._scheduler_env import claim, collator, installed, make_world

CONFIG = HostConfiguration(parathread_cores=2, parathread_retries=2, chain_availability_period=2,
                           thread_availability_period=3, scheduling_lookahead=2)  # fmt: skip
CHAINS, THREADS = (100, 101), (2000, 2001, 2002, 2003, 2004)


@pytest.fixture
def world():
    """Two parachains and two parathread cores (4 cores), five validators, session started at block 1."""
    w = make_world(CONFIG, CHAINS, THREADS, validators=5)
    with installed(w):
        w.start_block(1, new_session=True)
        yield w


# ---------------------------------------------------------------------------------------------
# Layout


def test_error_indexes_are_pinned():
    assert {i: e.__name__ for i, e in Error.members.items()} == {
        0: "NotParathread", 1: "QueueFull", 2: "AlreadyClaimed", 3: "CoreNotScheduled"
    }  # fmt: skip


def test_storage_items_have_the_guides_names():
    assert list(Scheduler.storage) == [
        "ValidatorGroups", "ParathreadQueue", "ExecutionCores", "ParathreadClaimIndex", "SessionStartBlock",
        "Scheduled",
    ]  # fmt: skip
    assert all(item.doc for item in Scheduler.storage.values())


def test_execution_cores_encoding_is_pinned():
    entry = ParathreadEntry(ParathreadClaim(ParaId(2000), collator(7)), 1)
    value = [None, CoreOccupiedParachain(), CoreOccupiedParathread(entry)]
    expected = (
        bytes.fromhex("0c" "00" "0101" "0100") + (2000).to_bytes(4, "little") + bytes(collator(7))
        + (1).to_bytes(4, "little")
    )  # fmt: skip
    assert Scheduler.ExecutionCores.value_codec.encode(value) == expected
    assignment = CoreAssignment(CoreIndex(3), ParaId(2000), AssignmentKindParathread(collator(7), 2), GroupIndex(1))
    core, para, kind, retries, group = "03000000", "d0070000", "01", "02000000", "01000000"
    expected = bytes.fromhex(core + para + kind) + bytes(collator(7)) + bytes.fromhex(retries + group)
    assert codec_of(CoreAssignment).encode(assignment) == expected


# ---------------------------------------------------------------------------------------------
# Session change


def test_session_change_sizes_cores_and_groups(world):
    assert Scheduler.availability_cores() == [None] * 4
    assert Scheduler.session_start_block() == 1
    groups = Scheduler.ValidatorGroups.get()
    assert [len(g) for g in groups] == [2, 1, 1, 1]
    assert sorted(v for g in groups for v in g) == list(range(5))
    world.check_invariants()


def test_session_change_without_validators_makes_no_groups_and_schedules_nothing():
    w = make_world(CONFIG, CHAINS, THREADS, validators=0)
    with installed(w):
        w.start_block(1, new_session=True)
        assert Scheduler.ValidatorGroups.get() == []
        assert Scheduler.scheduled() == []
        assert Scheduler.availability_cores() == [None] * 4
        assert Scheduler.group_assigned_to_core(CoreIndex(0), 1) is None


def test_session_change_with_no_cores_makes_no_groups():
    w = make_world(HostConfiguration(), (), (), validators=3)
    with installed(w):
        w.start_block(1, new_session=True)
        assert Scheduler.ValidatorGroups.get() == [] and Scheduler.availability_cores() == []


def test_fewer_validators_than_cores_leaves_empty_groups():
    w = make_world(CONFIG, CHAINS, THREADS, validators=3)
    with installed(w):
        w.start_block(1, new_session=True)
        assert [len(g) for g in Scheduler.ValidatorGroups.get()] == [1, 1, 1, 0]


def test_session_change_clears_cores_and_requeues_thread_claims_unincremented(world):
    Scheduler.add_parathread_claim(claim(2000))
    world.end_block()
    world.start_block(2)
    assert world.scheduled_paras() == {0: 100, 1: 101, 2: 2000}
    world.occupy([0, 2])
    world.end_block()
    world.start_block(3, new_session=True, parathread_cores=3)
    assert Scheduler.availability_cores() == [None] * 5
    # the claim came back with retries 0, was rebalanced onto offset 0, and was scheduled again
    assert world.scheduled_paras() == {0: 100, 1: 101, 2: 2000}
    assert Scheduler.scheduled()[2].kind == AssignmentKindParathread(collator(2000), 0)
    world.check_invariants()


def test_session_change_prunes_and_rebalances_the_queue(world):
    for p in (2000, 2001, 2002, 2003):
        Scheduler.add_parathread_claim(claim(p))
    assert world.queue() == [(2000, 0, 0), (2001, 0, 1), (2002, 0, 0), (2003, 0, 1)]
    world.end_block()
    world.start_block(2)  # 2000 and 2001 scheduled and left unoccupied: retried with retries 1
    world.end_block()
    assert world.queue() == [(2002, 0, 0), (2003, 0, 1), (2000, 1, 0), (2001, 1, 1)]
    # retries 1 > parathread_retries 0: 2000 and 2001 go; 2003 is offboarded; 2002 moves to a new layout
    world.start_block(3, offboard=[2003], parathread_cores=3, parathread_retries=0)
    assert ParaId(2003) not in world.parathreads
    assert world.queue() == []  # 2002 was scheduled at once
    assert world.scheduled_paras() == {0: 100, 1: 101, 2: 2002}
    assert Scheduler.ParathreadClaimIndex.get() == [ParaId(2002)]
    world.check_invariants()


def test_rebalance_spreads_the_queue_over_the_new_core_count(world):
    for p in (2000, 2001, 2002, 2003):
        Scheduler.add_parathread_claim(claim(p))
    world.end_block()
    world.validators = 0  # no groups next session: nothing is scheduled, so the queue stays to look at
    world.start_block(2, new_session=True, parathread_cores=3, scheduling_lookahead=1)
    assert world.queue() == [(2000, 0, 0), (2001, 0, 1), (2002, 0, 2), (2003, 0, 0)]
    assert Scheduler.ParathreadQueue.get().next_core_offset == 1
    world.check_invariants()


def test_no_parathread_cores_wipes_queue_and_index(world):
    Scheduler.add_parathread_claim(claim(2000))
    Scheduler.add_parathread_claim(claim(2001))
    world.end_block()
    world.start_block(2)
    world.occupy([2])  # 2000 occupies core 2; 2001 is scheduled on core 3 and gets requeued at finalization
    world.end_block()
    world.start_block(3, new_session=True, parathread_cores=0)
    assert Scheduler.ParathreadQueue.get() == Scheduler.ParathreadQueue.default()
    assert Scheduler.ParathreadClaimIndex.get() == []
    assert Scheduler.availability_cores() == [None, None]
    world.check_invariants()


# ---------------------------------------------------------------------------------------------
# Scheduling and occupation


def test_initialize_schedules_parachains_on_their_cores(world):
    assert Scheduler.scheduled() == [
        CoreAssignment(CoreIndex(0), ParaId(100), AssignmentKindParachain(), GroupIndex(0)),
        CoreAssignment(CoreIndex(1), ParaId(101), AssignmentKindParachain(), GroupIndex(1)),
    ]


def test_claims_are_scheduled_on_their_core_offset(world):
    Scheduler.add_parathread_claim(claim(2000))
    Scheduler.add_parathread_claim(claim(2001))
    Scheduler.schedule([])
    assert world.scheduled_paras() == {0: 100, 1: 101, 2: 2000, 3: 2001}
    assert Scheduler.scheduled()[3] == CoreAssignment(
        CoreIndex(3), ParaId(2001), AssignmentKindParathread(collator(2001), 0), GroupIndex(3)
    )
    assert world.queue() == []


def test_schedule_does_not_reschedule_scheduled_cores(world):
    before = Scheduler.scheduled()
    Scheduler.schedule([])
    assert Scheduler.scheduled() == before


def test_occupied_moves_assignments_to_cores(world):
    Scheduler.add_parathread_claim(claim(2000))
    Scheduler.schedule([])
    world.occupy([1, 2])
    assert world.scheduled_paras() == {0: 100}
    entry = ParathreadEntry(claim(2000), 0)
    assert Scheduler.availability_cores() == [None, CoreOccupiedParachain(), CoreOccupiedParathread(entry), None]
    world.check_invariants()


def test_occupied_refuses_an_unscheduled_core_and_writes_nothing(world):
    before = world.raw()
    with pytest.raises(CoreNotScheduled, match="core 3"):
        world.occupy([0, 3])  # core 3 is a parathread core with nothing scheduled
    assert world.raw() == before
    world.occupy([0])
    with pytest.raises(CoreNotScheduled, match="core 0"):
        world.occupy([0])  # occupied already


def test_freed_parachain_core_is_free_in_storage_and_rescheduled(world):
    world.occupy([0, 1])
    world.end_block()
    world.start_block(2)
    assert world.scheduled_paras() == {}
    world.free([0])
    assert Scheduler.availability_cores()[:2] == [None, CoreOccupiedParachain()]
    assert world.scheduled_paras() == {0: 100}
    world.check_invariants()


def test_freed_cores_stay_free_when_nothing_is_scheduled_on_them(world):
    """DESIGN §4.7: the 2020 code left freed cores marked occupied unless refilled in the same block."""
    Scheduler.add_parathread_claim(claim(2000))
    Scheduler.schedule([])
    world.occupy([2])
    world.end_block()
    world.start_block(2)
    world.free([2])
    assert Scheduler.availability_cores()[2] is None
    assert 2 not in world.scheduled_paras()
    world.end_block()
    world.start_block(3)
    assert Scheduler.availability_cores()[2] is None
    assert Scheduler.ParathreadClaimIndex.get() == []


def test_concluded_thread_frees_its_claim_and_timed_out_thread_is_requeued(world):
    for p in (2000, 2001):
        Scheduler.add_parathread_claim(claim(p))
    Scheduler.schedule([])
    world.occupy([2, 3])
    world.end_block()
    world.start_block(2)
    world.free([2], FreedReason.Concluded)
    world.free([3], FreedReason.TimedOut)
    assert Scheduler.ParathreadClaimIndex.get() == [ParaId(2001)]
    # the timed-out claim was requeued with retries unchanged at the next offset (0), so core 2 took it at once
    assert world.queue() == []
    assert Scheduler.availability_cores()[2:] == [None, None]
    assert world.scheduled_paras() == {0: 100, 1: 101, 2: 2001}
    assert Scheduler.scheduled()[2].kind == AssignmentKindParathread(collator(2001), 0)
    world.check_invariants()


def test_freeing_free_or_unknown_cores_does_nothing(world):
    before = world.raw()
    world.free([0, 3, 9])
    assert world.raw() == before


# ---------------------------------------------------------------------------------------------
# Claims


def test_add_parathread_claim_queues_round_robin_and_indexes(world):
    for p in (2002, 2000, 2001):
        Scheduler.add_parathread_claim(claim(p))
    assert world.queue() == [(2002, 0, 0), (2000, 0, 1), (2001, 0, 0)]
    assert Scheduler.ParathreadClaimIndex.get() == [ParaId(2000), ParaId(2001), ParaId(2002)]


def test_claim_for_a_non_parathread_is_refused(world):
    before = world.raw()
    with pytest.raises(NotParathread, match="para 100"):
        Scheduler.add_parathread_claim(claim(100))
    with pytest.raises(NotParathread, match="para 3000"):
        Scheduler.add_parathread_claim(claim(3000))
    assert world.raw() == before


def test_claim_beyond_the_lookahead_cap_is_refused(world):
    for p in (2000, 2001, 2002, 2003):  # parathread_cores 2 * scheduling_lookahead 2
        Scheduler.add_parathread_claim(claim(p))
    before = world.raw()
    with pytest.raises(QueueFull, match="4 claims queued"):
        Scheduler.add_parathread_claim(claim(2004))
    assert world.raw() == before
    Scheduler.schedule([])  # two claims leave the queue for cores: room again
    Scheduler.add_parathread_claim(claim(2004))
    world.check_invariants()


def test_no_parathread_cores_means_no_room_for_claims():
    w = make_world(HostConfiguration(scheduling_lookahead=5), CHAINS, THREADS, validators=2)
    with installed(w):
        w.start_block(1, new_session=True)
        with pytest.raises(QueueFull):
            Scheduler.add_parathread_claim(claim(2000))


@pytest.mark.parametrize("where", ["queued", "scheduled", "occupied"])
def test_second_claim_on_a_parathread_is_refused(world, where):
    Scheduler.add_parathread_claim(claim(2000, who=1))
    if where != "queued":
        Scheduler.schedule([])
    if where == "occupied":
        world.occupy([2])
    before = world.raw()
    with pytest.raises(AlreadyClaimed, match="para 2000"):
        Scheduler.add_parathread_claim(claim(2000, who=2))
    assert world.raw() == before


# ---------------------------------------------------------------------------------------------
# Queries


def test_core_para_for_scheduled_and_occupied_cores(world):
    Scheduler.add_parathread_claim(claim(2000))
    Scheduler.schedule([])
    assert [Scheduler.core_para(CoreIndex(c)) for c in range(5)] == [ParaId(100), ParaId(101), ParaId(2000), None,
                                                                      None]  # fmt: skip
    world.occupy([1, 2])
    assert [Scheduler.core_para(CoreIndex(c)) for c in range(4)] == [ParaId(100), ParaId(101), ParaId(2000), None]
    world.end_block()
    world.start_block(2)  # still occupied, no longer scheduled
    assert Scheduler.core_para(CoreIndex(1)) == ParaId(101)
    assert Scheduler.core_para(CoreIndex(2)) == ParaId(2000)


def test_group_validators(world):
    groups = Scheduler.ValidatorGroups.get()
    assert Scheduler.group_validators(GroupIndex(0)) == groups[0]
    assert all(isinstance(v, ValidatorIndex) for v in groups[0])
    assert Scheduler.group_validators(GroupIndex(4)) is None


def test_group_rotation_info_and_assignment_bounds(world):
    assert Scheduler.group_rotation_info() == GroupRotationInfo(1, 0, 1)
    assert Scheduler.group_assigned_to_core(CoreIndex(3), 50) == GroupIndex(3)  # no rotation
    assert Scheduler.group_assigned_to_core(CoreIndex(4), 1) is None  # no such core
    assert Scheduler.group_assigned_to_core(CoreIndex(0), 0) is None  # before the session


def test_next_up_on_available_and_on_time_out(world):
    Scheduler.add_parathread_claim(claim(2000))
    Scheduler.schedule([])
    world.occupy([2])
    assert Scheduler.next_up_on_available(CoreIndex(0)) == ScheduledCore(ParaId(100), None)
    assert Scheduler.next_up_on_available(CoreIndex(2)) is None  # nothing queued for offset 0
    assert Scheduler.next_up_on_time_out(CoreIndex(2)) == ScheduledCore(ParaId(2000), collator(2000))
    assert Scheduler.next_up_on_time_out(CoreIndex(3)) is None  # free, nothing queued
    Scheduler.add_parathread_claim(claim(2001))  # next offset is 1: core 3
    Scheduler.add_parathread_claim(claim(2002))  # offset 0: core 2
    assert Scheduler.next_up_on_available(CoreIndex(2)) == ScheduledCore(ParaId(2002), collator(2002))
    assert Scheduler.next_up_on_time_out(CoreIndex(2)) == ScheduledCore(ParaId(2002), collator(2002))
    assert Scheduler.next_up_on_available(CoreIndex(3)) == ScheduledCore(ParaId(2001), collator(2001))
    assert Scheduler.next_up_on_available(CoreIndex(4)) is None


# ---------------------------------------------------------------------------------------------
# Finalization


def test_finalization_wipes_scheduled(world):
    assert Scheduler.Scheduled.exists()
    world.end_block()
    assert not Scheduler.Scheduled.exists()
    assert Scheduler.scheduled() == []


def test_finalization_retries_unoccupied_thread_claims(world):
    Scheduler.add_parathread_claim(claim(2000))
    Scheduler.schedule([])
    world.end_block()
    assert world.queue() == [(2000, 1, 1)]  # retries + 1, at the next core offset
    assert Scheduler.ParathreadClaimIndex.get() == [ParaId(2000)]
    world.check_invariants()
