"""Scheduler over many blocks: group rotation (DESIGN §4.6) and availability timeouts for chains and threads."""

import pytest

from pallets.scheduler import Scheduler
from primitives.parachain import CoreIndex, FreedReason, GroupIndex, HostConfiguration
from tests.pallets._scheduler_env import claim, installed, make_world

ROTATING = HostConfiguration(
    parathread_cores=1,
    parathread_retries=5,
    parachain_rotation_frequency=3,
    chain_availability_period=2,
    thread_availability_period=4,
    scheduling_lookahead=10,  # MAX_SCHEDULING_LOOKAHEAD
)


@pytest.fixture
def world():
    """Three parachains and one parathread core (4 cores), eight validators."""
    w = make_world(ROTATING, (100, 101, 102), (2000, 2001), validators=8)
    with installed(w):
        yield w


def groups_by_core(block):
    return [Scheduler.group_assigned_to_core(CoreIndex(c), block) for c in range(4)]


# ---------------------------------------------------------------------------------------------
# Rotation


def test_groups_rotate_round_robin_every_frequency_blocks(world):
    table = {}
    for block in range(10, 23):
        world.start_block(block, new_session=block == 10)
        Scheduler.add_parathread_claim(claim(2000))  # keep the thread core scheduled: claimed anew each block
        Scheduler.schedule([])
        table[block] = [int(a.group_idx) for a in Scheduler.scheduled()]
        world.occupy([3])
        world.free([3])  # its candidate concludes at once: the claim is done
        world.end_block()
    # after k rotations group i serves core (i + k) % 4, i.e. core c is served by group (c - k) % 4
    assert table[10] == table[11] == table[12] == [0, 1, 2, 3]
    assert table[13] == table[14] == table[15] == [3, 0, 1, 2]
    assert table[16] == [2, 3, 0, 1]
    assert table[19] == [1, 2, 3, 0]
    assert table[22] == [0, 1, 2, 3]
    for block, groups in table.items():
        k = (block - 10) // 3
        for core, group in enumerate(groups):
            assert (group + k) % 4 == core
        assert groups == groups_by_core(block)


def test_rotation_matches_group_rotation_info(world):
    world.run_block(10, new_session=True)
    world.start_block(17)
    info = Scheduler.group_rotation_info()
    assert (info.session_start_block, info.group_rotation_frequency, info.now) == (10, 3, 17)
    assert info.rotations() == 2
    for core in range(4):
        group = Scheduler.group_assigned_to_core(CoreIndex(core), 17)
        assert group == info.group_for_core(core, 4)
        assert info.core_for_group(group, 4) == core
    # a query about a later block of the same session predicts the later rotation
    assert groups_by_core(19) == [GroupIndex(1), GroupIndex(2), GroupIndex(3), GroupIndex(0)]


def test_a_new_session_restarts_the_rotation_count(world):
    world.run_block(10, new_session=True)
    world.run_block(15)
    assert groups_by_core(15) == [3, 0, 1, 2]
    world.start_block(16, new_session=True)
    assert Scheduler.session_start_block() == 16
    assert [int(a.group_idx) for a in Scheduler.scheduled()] == [0, 1, 2]
    assert groups_by_core(15) == [None] * 4  # before this session


def test_frequency_zero_never_rotates(world):
    world.run_block(10, new_session=True, parachain_rotation_frequency=0)
    for block in (11, 100, 10_000):
        world.start_block(block)
        assert [int(a.group_idx) for a in Scheduler.scheduled()] == [0, 1, 2]
        world.end_block()


# ---------------------------------------------------------------------------------------------
# Availability timeouts (chain period 2, thread period 4; rotations every 6 blocks from block 10)


@pytest.fixture
def timeouts(world):
    world.run_block(10, new_session=True, parachain_rotation_frequency=6)
    return world


def test_predicate_only_in_the_first_blocks_after_a_rotation(timeouts):
    present = {}
    for block in range(10, 29):
        timeouts.start_block(block)
        present[block] = Scheduler.availability_timeout_predicate() is not None
        timeouts.end_block()
    # blocks since the rotation: (block - 10) % 6; a predicate while that is below max(2, 4)
    assert [b for b, p in present.items() if not p] == [14, 15, 20, 21, 26, 27]


def test_predicate_boundaries(timeouts):
    timeouts.start_block(11)
    Scheduler.add_parathread_claim(claim(2000))
    Scheduler.schedule([])
    timeouts.occupy([0, 3])  # chain core 0 and thread core 3
    timeouts.end_block()

    timeouts.start_block(16)  # a rotation began here: 0 blocks since
    pred = Scheduler.availability_timeout_predicate()
    chain, thread = CoreIndex(0), CoreIndex(3)
    assert pred(chain, 14) is True and pred(chain, 15) is False  # 2 >= 2; 1 < 2
    assert pred(thread, 12) is True and pred(thread, 13) is False  # 4 >= 4; 3 < 4
    assert pred(CoreIndex(1), 16) is True  # free core
    assert pred(CoreIndex(9), 16) is True  # no such core
    timeouts.end_block()

    timeouts.start_block(18)  # 2 blocks since the rotation: past the chain period, within the thread period
    pred = Scheduler.availability_timeout_predicate()
    assert pred(chain, 0) is False
    assert pred(thread, 14) is True and pred(thread, 15) is False


def test_predicate_with_frequency_zero_does_not_divide_by_zero(world):
    world.run_block(10, new_session=True, parachain_rotation_frequency=0)
    Scheduler.add_parathread_claim(claim(2000))
    world.start_block(11)
    world.occupy([0, 3])
    world.end_block()
    world.start_block(1000)
    pred = Scheduler.availability_timeout_predicate()
    assert pred is not None
    assert pred(CoreIndex(0), 998) is True and pred(CoreIndex(0), 999) is False
    assert pred(CoreIndex(3), 996) is True and pred(CoreIndex(3), 997) is False


def test_timeouts_free_chain_and_thread_cores_across_blocks(timeouts):
    """Inclusion's part is played here: collect what the predicate says timed out and free it."""
    w = timeouts
    pending = {}  # core -> block it became pending in
    freed_at = {}

    def inclusion(block, back=()):
        pred = Scheduler.availability_timeout_predicate()
        timed_out = sorted(c for c, since in pending.items() if pred is not None and pred(CoreIndex(c), since))
        for c in timed_out:
            freed_at[c] = block
            del pending[c]
        w.free(timed_out, FreedReason.TimedOut)
        w.occupy(back)
        pending.update(dict.fromkeys(back, block))

    w.start_block(11)
    inclusion(11, back=[0])
    w.end_block()
    requeued = []
    for block in range(12, 24):
        w.start_block(block)
        if block == 13:
            Scheduler.add_parathread_claim(claim(2000))
            Scheduler.schedule([])
        back = [3] if block == 13 else [1] if block == 16 else []
        inclusion(block, back)
        if block == 17:  # the timed-out claim went back to the queue and onto core 3 again, no retry counted
            requeued = [(int(a.core), int(a.para_id), a.kind.retries) for a in Scheduler.scheduled() if a.core == 3]
        w.check_invariants()
        w.end_block()
    # chain core 0 (since 11): its first chance is the rotation at 16. Thread core 3 (since 13): at 16 only 3
    # blocks; at 17 four blocks, one block into the rotation. Chain core 1 (since 16): 18 and 19 are past the
    # chain period in that rotation, 20 and 21 have no predicate; at 22 (next rotation) it times out.
    assert freed_at == {0: 16, 3: 17, 1: 22}
    assert requeued == [(3, 2000, 0)]
