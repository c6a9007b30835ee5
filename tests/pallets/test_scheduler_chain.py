"""The Scheduler in the full test runtime (tests.harness.parachain): sessions from the Session pallet reach it
through the Initializer, its groups come from the session's seed, and claims live and die across real blocks."""

import pytest

from pallets.scheduler import Scheduler, validator_groups
from pallets.session import Session
from primitives.parachain import CoreIndex, GroupIndex, ParaId, ScheduledCore
from primitives.types import evolve
from tests.harness.parachain import TEST_CONFIG, TestNet, genesis
from tests.pallets._scheduler_env import claim


@pytest.fixture
def net():
    """Five validators, parachains 100 and 101, parathread 2000; one parathread core; sessions of 10 blocks."""
    return TestNet(genesis(validators=5, parachains=(100, 101), parathreads=(2000,)))


def test_genesis_applies_session_zero(net):
    with net.reading():
        assert Scheduler.availability_cores() == [None] * 3
        assert Scheduler.session_start_block() == 0
        seed = Session.random_seed()
        assert Scheduler.ValidatorGroups.get() == validator_groups(seed, 5, 3)
        assert not Scheduler.Scheduled.exists()


def test_groups_are_reshuffled_from_each_sessions_seed(net):
    net.run_to_block(10)
    with net.reading():
        assert Session.current_index() == 1
        assert Scheduler.session_start_block() == 10
        assert Scheduler.ValidatorGroups.get() == validator_groups(Session.random_seed(), 5, 3)
        assert not Scheduler.Scheduled.exists()  # wiped at every finalization


def test_claim_is_retried_then_dropped_when_never_backed():
    net = TestNet(genesis(validators=3, parachains=(100,), parathreads=(2000, 2001)))
    with net.ext():
        Scheduler.add_parathread_claim(claim(2000))
    retries = []
    for _ in range(4):  # the empty inclusion inherent backs nothing
        net.produce_block()
        with net.reading():
            retries.append([q.claim.retries for q in Scheduler.ParathreadQueue.get().queue])
    assert retries == [[1], [2], [], []]  # parathread_retries is 2
    with net.reading():
        assert Scheduler.ParathreadClaimIndex.get() == []


def test_registrations_and_config_changes_resize_the_cores_at_the_next_session():
    net = TestNet(genesis(validators=4, parachains=(100,), config=evolve(TEST_CONFIG, parachain_rotation_frequency=0)))
    net.register(102)
    net.set_config(parathread_cores=2, parachain_rotation_frequency=4)
    with net.reading():
        assert len(Scheduler.availability_cores()) == 2  # pending until the session changes
    start = net.next_session()
    with net.reading():
        assert Scheduler.availability_cores() == [None] * 4
        assert [len(g) for g in Scheduler.ValidatorGroups.get()] == [1, 1, 1, 1]
        assert Scheduler.session_start_block() == start
    with net.ext():  # ext() reads at the head's number
        assert Scheduler.group_assigned_to_core(CoreIndex(0), start + 4) == GroupIndex(3)
        assert Scheduler.core_para(CoreIndex(1)) is None  # nothing scheduled or occupied between blocks
        assert Scheduler.next_up_on_available(CoreIndex(1)) == ScheduledCore(ParaId(102), None)
