"""Runtime APIs answer on the state right after the child block's initialization, and never write."""

from pallets.scheduler import Scheduler
from primitives.parachain import (
    CandidateBacked,
    CoreStateFree,
    CoreStateOccupied,
    CoreStateScheduled,
    GlobalValidationSchedule,
    ParaId,
)
from runtime_api import RuntimeApi
from tests.harness.parachain import TestNet, adder_head, genesis, para_code, validator_ids
from tests.pallets._inclusion_chain import CONFIG, PARAS, InclusionChain


def api(net) -> RuntimeApi:
    return RuntimeApi(net.chain.runtime, net.chain.backend, net.chain.head)


def test_static_queries_at_genesis():
    net = InclusionChain()
    a = api(net)
    root = net.chain.state_root
    assert a.validators() == validator_ids(len(a.validators()))
    assert a.session_index_for_child() == 0
    expected = GlobalValidationSchedule(CONFIG.max_code_size, CONFIG.max_head_data_size, 0)
    assert a.global_validation_schedule() == expected
    lvd = a.local_validation_data(100)
    assert lvd.parent_head == adder_head() and lvd.code_upgrade_allowed == CONFIG.validation_upgrade_delay
    assert a.local_validation_data(999) is None
    assert a.validation_code(100) == para_code(100)
    groups, rotation = a.validator_groups()
    assert sorted(i for g in groups for i in g) == list(range(len(a.validators())))
    assert rotation.now == 1 and rotation.session_start_block == 0
    cores = a.availability_cores()
    assert [type(c) for c in cores] == [CoreStateScheduled] * len(PARAS)
    assert sorted(c.value.para_id for c in cores) == list(PARAS)
    assert net.chain.state_root == root  # nothing written


def test_cores_occupied_then_freed_and_candidate_events():
    net = InclusionChain()
    candidate = net.backed(100, head_data=b"head-1")
    net.produce(candidates=[candidate])
    a = api(net)
    assert a.candidate_events() == [CandidateBacked(candidate.candidate, candidate.candidate.head_data)]
    assert a.candidate_pending_availability(100) == candidate.candidate
    assert a.candidate_pending_availability(200) is None
    core = net.core_of(100)
    state = a.availability_cores()[core]
    assert isinstance(state, CoreStateOccupied)
    occupied = state.value
    assert occupied.para_id == ParaId(100) and occupied.occupied_since == 1
    assert occupied.time_out_at == 1 + CONFIG.chain_availability_period
    assert occupied.availability.count_ones() == 0 and len(occupied.availability) == len(a.validators())
    assert occupied.next_up_on_available.para_id == 100
    net.produce(bitfields=net.bitfields(range(len(a.validators())), [100]))
    a = api(net)
    assert a.candidate_pending_availability(100) is None
    assert isinstance(a.availability_cores()[core], CoreStateScheduled)
    assert a.local_validation_data(100).parent_head == b"head-1"


def test_session_index_for_child_sees_the_coming_session():
    net = TestNet(genesis(session_length=4))
    net.run_to_block(3)
    assert api(net).session_index_for_child() == 1  # block 4 starts session 1
    with net.reading():
        assert Scheduler.session_start_block() == 0
    net.run_to_block(4)
    assert api(net).session_index_for_child() == 1


def test_a_parathread_core_without_claims_is_free():
    net = TestNet(genesis(parachains=(100,), parathreads=(2000,)))
    cores = api(net).availability_cores()
    assert [type(c) for c in cores] == [CoreStateScheduled, CoreStateFree]
    assert CoreStateFree().encode() == b"\x02"
