"""Configuration: Root setters write a pending configuration that applies at the next session change; setters that
change nothing write nothing; inconsistent values are refused by name, at genesis too."""

import attrs
import pytest

from frame.chain import Chain
from frame.dispatch import BadOriginError
from frame.system import ExtrinsicFailed, System
from pallets.configuration import (
    Configuration,
    Error,
    MaxCodeSizeOverBound,
    MaxHeadDataSizeOverBound,
    ParathreadCoresOverBound,
    ParathreadRetriesOverBound,
    SchedulingLookaheadOverBound,
    ZeroChainAvailabilityPeriod,
    ZeroMaxCodeSize,
    ZeroMaxHeadDataSize,
    ZeroSchedulingLookahead,
    ZeroThreadAvailabilityPeriod,
    check_consistency,
)
from primitives.hashing import twox_128
from primitives.parachain import GlobalValidationSchedule, HostConfiguration
from primitives.parachain.config import (
    HOST_CONFIGURATION_BOUNDS,
    MAX_CODE_SIZE,
    MAX_HEAD_DATA_SIZE,
    MAX_PARATHREAD_CORES,
    MAX_PARATHREAD_RETRIES,
    MAX_SCHEDULING_LOOKAHEAD,
)
from primitives.types import evolve
from tests.harness.parachain import ALICE, TEST_CONFIG, ParasRuntime, TestNet, genesis

FIELDS = [a.name for a in attrs.fields(HostConfiguration)]

INVALID = [
    ("max_code_size", ZeroMaxCodeSize),
    ("max_head_data_size", ZeroMaxHeadDataSize),
    ("chain_availability_period", ZeroChainAvailabilityPeriod),
    ("thread_availability_period", ZeroThreadAvailabilityPeriod),
    ("scheduling_lookahead", ZeroSchedulingLookahead),
]

#: Each bounded field, its bound and the error a value one over it raises.
OVER_BOUND = [
    ("max_code_size", MAX_CODE_SIZE, MaxCodeSizeOverBound),
    ("max_head_data_size", MAX_HEAD_DATA_SIZE, MaxHeadDataSizeOverBound),
    ("parathread_cores", MAX_PARATHREAD_CORES, ParathreadCoresOverBound),
    ("parathread_retries", MAX_PARATHREAD_RETRIES, ParathreadRetriesOverBound),
    ("scheduling_lookahead", MAX_SCHEDULING_LOOKAHEAD, SchedulingLookaheadOverBound),
]
#: Every field at its upper bound (the others as in TEST_CONFIG).
AT_BOUNDS = evolve(TEST_CONFIG, **HOST_CONFIGURATION_BOUNDS)


def net(**kw):
    return TestNet(genesis(**kw), runtime=ParasRuntime)


# ---------------------------------------------------------------------------------------------
# Golden: indexes and storage keys (SCALE encodes calls and errors by index)


def test_call_indexes_are_the_fields_in_order():
    calls = sorted((d.index, d.name) for d in Configuration.call_defs.values())
    assert calls == [(i, f"set_{f}") for i, f in enumerate(FIELDS)]
    assert FIELDS[7] == "parachain_rotation_frequency" and len(FIELDS) == 11


def test_error_indexes():
    assert {i: e.__name__ for i, e in Error.members.items()} == {
        0: "ZeroMaxCodeSize",
        1: "ZeroMaxHeadDataSize",
        2: "ZeroChainAvailabilityPeriod",
        3: "ZeroThreadAvailabilityPeriod",
        4: "ZeroSchedulingLookahead",
        5: "MaxCodeSizeOverBound",
        6: "MaxHeadDataSizeOverBound",
        7: "ParathreadCoresOverBound",
        8: "ParathreadRetriesOverBound",
        9: "SchedulingLookaheadOverBound",
    }


def test_storage_keys():
    assert Configuration.Configuration.key() == twox_128(b"Configuration") + twox_128(b"Configuration")
    assert Configuration.PendingConfiguration.key() == twox_128(b"Configuration") + twox_128(b"PendingConfiguration")
    assert Configuration.Configuration.value_query and not Configuration.PendingConfiguration.value_query


# ---------------------------------------------------------------------------------------------
# Genesis


def test_genesis_config_is_stored_and_nothing_is_pending():
    n = net()
    with n.reading():
        assert Configuration.config() == TEST_CONFIG
        assert Configuration.pending_config() is None


def test_default_configuration_is_consistent():
    check_consistency(HostConfiguration())
    n = TestNet({k: v for k, v in genesis().items() if k != "configuration"}, runtime=ParasRuntime)
    with n.reading():
        assert Configuration.config() == HostConfiguration()


@pytest.mark.parametrize("field,error", INVALID)
def test_inconsistent_genesis_config_is_refused_by_name(field, error):
    with pytest.raises(error):
        Chain(ParasRuntime, genesis(config=evolve(TEST_CONFIG, **{field: 0})))


def test_bounds_are_plausible_for_polkadot_and_the_defaults_are_within_them():
    assert [f for f, _, _ in OVER_BOUND] == list(HOST_CONFIGURATION_BOUNDS)
    assert (MAX_CODE_SIZE, MAX_HEAD_DATA_SIZE) == (3 << 20, 1 << 20)  # Polkadot's MAX_CODE_SIZE, MAX_HEAD_DATA_SIZE
    assert MAX_PARATHREAD_CORES == 100 and MAX_PARATHREAD_RETRIES == 10 and MAX_SCHEDULING_LOOKAHEAD == 10
    check_consistency(AT_BOUNDS)
    for field, bound in HOST_CONFIGURATION_BOUNDS.items():
        assert getattr(HostConfiguration(), field) <= bound and getattr(TEST_CONFIG, field) <= bound


@pytest.mark.parametrize("field,bound,error", OVER_BOUND)
def test_config_over_a_bound_is_inconsistent_by_name(field, bound, error):
    check_consistency(evolve(TEST_CONFIG, **{field: bound}))
    with pytest.raises(error, match=f"{bound + 1} is over the bound {bound}"):
        check_consistency(evolve(TEST_CONFIG, **{field: bound + 1}))
    with pytest.raises(error, match=f"{2**32 - 1} is over the bound {bound}"):
        check_consistency(evolve(TEST_CONFIG, **{field: 2**32 - 1}))


@pytest.mark.parametrize("field,bound,error", OVER_BOUND)
def test_genesis_config_over_a_bound_is_refused_by_name(field, bound, error):
    with pytest.raises(error):
        Chain(ParasRuntime, genesis(config=evolve(TEST_CONFIG, **{field: bound + 1})))


def test_genesis_config_at_the_bounds_is_accepted():
    n = net(config=AT_BOUNDS)
    with n.reading():
        assert Configuration.config() == AT_BOUNDS


# ---------------------------------------------------------------------------------------------
# Setters


@pytest.mark.parametrize("index,field", list(enumerate(FIELDS)))
def test_each_setter_sets_its_field_in_the_pending_config(index, field):
    n = net()
    new = getattr(TEST_CONFIG, field) + 7
    n.root_ok(getattr(Configuration.tx, f"set_{field}")(new))
    with n.reading():
        assert Configuration.config() == TEST_CONFIG
        assert Configuration.pending_config() == evolve(TEST_CONFIG, **{field: new})


@pytest.mark.parametrize("field,error", INVALID)
def test_setter_refuses_inconsistent_value_by_name(field, error):
    n = net()
    assert n.root_error(getattr(Configuration.tx, f"set_{field}")(0)) is error
    with n.reading():
        assert Configuration.pending_config() is None


@pytest.mark.parametrize("field,bound,error", OVER_BOUND)
def test_setter_refuses_a_value_over_the_bound_by_name(field, bound, error):
    n = net()
    setter = getattr(Configuration.tx, f"set_{field}")
    assert n.root_error(setter(bound + 1)) is error
    assert n.root_error(setter(2**32 - 1)) is error
    with n.reading():
        assert Configuration.pending_config() is None
    n.root_ok(setter(bound))
    with n.reading():
        assert Configuration.pending_config() == evolve(TEST_CONFIG, **{field: bound})


def test_setters_need_root():
    n = net()
    n.produce_block([n.chain.sign(Configuration.tx.set_max_code_size(5), ALICE)])
    with n.reading():
        (failed,) = [r.event.event for r in System.events()]
        assert isinstance(failed, ExtrinsicFailed) and failed.dispatch_error == BadOriginError()
        assert Configuration.pending_config() is None


def test_setter_that_changes_nothing_writes_nothing():
    n = net()
    n.root_ok(Configuration.tx.set_max_code_size(TEST_CONFIG.max_code_size))
    with n.reading():
        assert Configuration.pending_config() is None
    with n.ext() as state:
        Configuration.update_configuration(lambda c: c)
        Configuration.update_configuration(lambda c: evolve(c, acceptance_period=c.acceptance_period))
        assert state.changes() == {}


def test_setters_accumulate_on_the_pending_config():
    n = net()
    n.set_config(max_code_size=500, acceptance_period=9)
    with n.reading():
        assert Configuration.pending_config() == evolve(TEST_CONFIG, max_code_size=500, acceptance_period=9)
    # the base is the pending config: setting the pending value again is a no-op ...
    with n.ext() as state:
        Configuration.update_configuration(lambda c: evolve(c, max_code_size=500))
        assert state.changes() == {}
    # ... while setting back the active value is a change to the pending one
    n.set_config(max_code_size=TEST_CONFIG.max_code_size)
    with n.reading():
        assert Configuration.pending_config() == evolve(TEST_CONFIG, acceptance_period=9)


def test_pending_config_applies_only_at_the_session_change():
    n = net(session_length=5)
    n.set_config(parathread_cores=3)  # block 1
    n.run_to_block(4)
    with n.reading():
        assert Configuration.config().parathread_cores == TEST_CONFIG.parathread_cores
        assert Configuration.pending_config() is not None
    n.run_to_block(5)  # session 1 starts
    with n.reading():
        assert Configuration.config() == evolve(TEST_CONFIG, parathread_cores=3)
        assert Configuration.pending_config() is None


def test_setter_in_a_session_change_block_waits_for_the_next_change():
    n = net(session_length=5)
    n.run_to_block(4)
    n.set_config(scheduling_lookahead=4)  # block 5: the session changed before the extrinsic ran
    with n.reading():
        assert Configuration.config() == TEST_CONFIG
    n.run_to_block(10)
    with n.reading():
        assert Configuration.config().scheduling_lookahead == 4


def test_session_hook_without_pending_config_changes_nothing():
    n = net()
    with n.ext() as state:
        Configuration.initializer_on_new_session()
        assert state.changes() == {}
        assert Configuration.initializer_initialize(1) == 0
        Configuration.initializer_finalize()
        assert state.changes() == {}


def test_global_validation_schedule():
    n = net()
    n.run_to_block(3)
    with n.reading():
        assert Configuration.global_validation_schedule() == GlobalValidationSchedule(
            TEST_CONFIG.max_code_size, TEST_CONFIG.max_head_data_size, 2
        )
