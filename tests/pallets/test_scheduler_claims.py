"""Parathread claims over many blocks: retries and their pruning, timeouts that do not count, the lookahead
cap, and a rule-based state machine checking the Scheduler's invariants after any sequence of steps."""

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from pallets.scheduler import Error, QueueFull, Scheduler
from primitives.parachain import AssignmentKindParathread, CoreIndex, FreedReason, HostConfiguration, ParaId
from tests.pallets._scheduler_env import claim, collator, installed, make_world

CONFIG = HostConfiguration(parathread_cores=1, parathread_retries=2, scheduling_lookahead=2)


@pytest.fixture
def world():
    """One parachain and one parathread core (2 cores), four validators, session started at block 1."""
    w = make_world(CONFIG, (100,), (2000, 2001, 2002), validators=4)
    with installed(w):
        w.run_block(1, new_session=True)
        yield w


def thread_assignment(world):
    return [
        (int(a.para_id), a.kind.retries) for a in Scheduler.scheduled() if isinstance(a.kind, AssignmentKindParathread)
    ]


def test_unbacked_claim_is_retried_then_dropped(world):
    Scheduler.add_parathread_claim(claim(2000))
    seen = []
    for block in range(2, 7):
        world.start_block(block)
        seen.append(thread_assignment(world))
        world.end_block()
        world.check_invariants()
    # scheduled with retries 0, 1, 2 (= parathread_retries); the fourth try would be retries 3: dropped
    assert seen == [[(2000, 0)], [(2000, 1)], [(2000, 2)], [], []]
    assert world.queue() == []
    assert Scheduler.ParathreadClaimIndex.get() == []  # cleaned at once (the 2020 code kept it to the next session)
    Scheduler.add_parathread_claim(claim(2000, who=9))  # so the parathread can be claimed again right away
    world.start_block(7)
    assert thread_assignment(world) == [(2000, 0)]
    assert Scheduler.scheduled()[-1].required_collator() == collator(9)


def test_timed_out_claim_keeps_its_retries(world):
    Scheduler.add_parathread_claim(claim(2000))
    world.run_block(2)  # scheduled, not backed: retries 1
    world.start_block(3)
    assert thread_assignment(world) == [(2000, 1)]
    world.occupy([1])
    world.end_block()
    world.start_block(4)
    world.free([1], FreedReason.TimedOut)  # back in the queue and scheduled again at once, still retries 1
    assert thread_assignment(world) == [(2000, 1)]
    world.end_block()  # not backed this time: retries 2
    world.start_block(5)
    assert thread_assignment(world) == [(2000, 2)]
    world.occupy([1])
    world.free([1], FreedReason.Concluded)  # included: the claim is spent
    assert Scheduler.ParathreadClaimIndex.get() == []
    world.end_block()
    assert world.queue() == []


def test_lookahead_caps_the_queue(world):
    world.start_block(2)
    Scheduler.add_parathread_claim(claim(2000))
    Scheduler.add_parathread_claim(claim(2001))
    with pytest.raises(QueueFull, match="parathread_cores 1 \\* scheduling_lookahead 2"):
        Scheduler.add_parathread_claim(claim(2002))
    with pytest.raises(QueueFull):  # the cap is checked before the index (the reference's order)
        Scheduler.add_parathread_claim(claim(2000))
    world.end_block()
    world.start_block(3)  # 2000 leaves the queue for the core: room for one more
    assert thread_assignment(world) == [(2000, 0)]
    Scheduler.add_parathread_claim(claim(2002))
    world.occupy([1])
    world.end_block()
    world.start_block(4)
    assert world.queue() == [(2001, 0, 0), (2002, 0, 0)]  # the core is occupied: nothing moves
    world.free([1])
    assert thread_assignment(world) == [(2001, 0)]


def test_lower_retries_at_a_session_change_prune_the_queue(world):
    Scheduler.add_parathread_claim(claim(2000))
    world.run_block(2)
    world.run_block(3)
    assert world.queue() == [(2000, 2, 0)]
    world.start_block(4, new_session=True, parathread_retries=1)
    assert world.queue() == [] and thread_assignment(world) == []
    assert Scheduler.ParathreadClaimIndex.get() == []


# ---------------------------------------------------------------------------------------------
# Invariants after any sequence of steps


class SchedulerMachine(RuleBasedStateMachine):
    """Claims, backing, availability, timeouts, blocks and session changes in any order."""

    def __init__(self):
        super().__init__()
        self.ctx = None

    @initialize(chains=st.integers(0, 3), thread_cores=st.integers(0, 3), validators=st.integers(0, 7))
    def setup(self, chains, thread_cores, validators):
        config = HostConfiguration(parathread_cores=thread_cores, parathread_retries=2, scheduling_lookahead=2,
                                   parachain_rotation_frequency=2, chain_availability_period=1,
                                   thread_availability_period=2)  # fmt: skip
        self.world = make_world(config, range(100, 100 + chains), range(2000, 2006), validators)
        self.ctx = installed(self.world)
        self.ctx.__enter__()
        self.block = 1
        self.world.start_block(1, new_session=True)

    def teardown(self):
        if self.ctx is not None:
            self.ctx.__exit__(None, None, None)

    @rule(para=st.integers(2000, 2006))
    def add_claim(self, para):
        try:
            Scheduler.add_parathread_claim(claim(para))
        except Error:
            pass

    @rule(data=st.data())
    def back_some(self, data):
        scheduled = [int(a.core) for a in Scheduler.scheduled()]
        if scheduled:
            self.world.occupy(sorted(data.draw(st.sets(st.sampled_from(scheduled)))))

    @rule(data=st.data(), reason=st.sampled_from(FreedReason))
    def free_some(self, data, reason):
        n = len(Scheduler.availability_cores())
        if n:
            self.world.free(sorted(data.draw(st.sets(st.integers(0, n)))), reason)

    @rule()
    def time_out(self):
        pred = Scheduler.availability_timeout_predicate()
        if pred is not None:
            cores = [c for c, o in enumerate(Scheduler.availability_cores()) if o is not None]
            self.world.free([c for c in cores if pred(CoreIndex(c), self.block - 1)], FreedReason.TimedOut)

    @precondition(lambda self: self.ctx is not None)
    @rule(session=st.booleans(), thread_cores=st.integers(0, 3), retries=st.integers(0, 3), offboard=st.booleans())
    def next_block(self, session, thread_cores, retries, offboard):
        self.world.end_block()
        self.world.check_invariants()
        self.block += 1
        if session:
            gone = self.world.parathreads[-1:] if offboard else []
            self.world.start_block(self.block, True, gone, parathread_cores=thread_cores, parathread_retries=retries)
        else:
            self.world.start_block(self.block)

    @invariant()
    def holds(self):
        if self.ctx is not None:
            self.world.check_invariants()
            for a in Scheduler.scheduled():
                assert Scheduler.core_para(a.core) == a.para_id
                assert a.group_idx == Scheduler.group_assigned_to_core(a.core, self.block)


TestSchedulerMachine = SchedulerMachine.TestCase
TestSchedulerMachine.settings = settings(max_examples=60, stateful_step_count=30)


def test_para_ids_in_the_index_are_para_ids(world):
    Scheduler.add_parathread_claim(claim(2001))
    assert Scheduler.ParathreadClaimIndex.get() == [ParaId(2001)]


def test_claim_parathread_call_is_the_entry_point_to_claims():
    """A signed `claim_parathread` queues a claim; the routine's named errors refuse bad ones."""
    from frame.system import ExtrinsicFailed, System
    from pallets.scheduler import AlreadyClaimed, NotParathread
    from tests.harness.parachain import ALICE, TestNet, genesis

    net = TestNet(genesis(parachains=(100,), parathreads=(2000,)))
    collator = b"\x05" * 32

    def claim(para):
        net.produce_block([net.chain.sign(Scheduler.tx.claim_parathread(para, collator), ALICE)])
        with net.reading():
            last = System.events()[-1].event.event
        return net.runtime.error_class(last.dispatch_error) if isinstance(last, ExtrinsicFailed) else None

    assert claim(100) is NotParathread
    assert claim(2000) is None
    with net.reading():
        assert Scheduler.ParathreadClaimIndex.get() == [2000]
    assert claim(2000) is AlreadyClaimed
