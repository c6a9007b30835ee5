"""Paras: genesis paras, registration and deregistration through Root, and their effect at session boundaries."""

import pytest

from frame.chain import Chain
from frame.dispatch import BadOriginError
from frame.system import ExtrinsicFailed, System
from pallets.paras import (
    AlreadyOutgoing,
    AlreadyRegistered,
    AlreadyScheduled,
    CodeTooLarge,
    DuplicateGenesisPara,
    EmptyValidationCode,
    Error,
    HeadDataTooLarge,
    NotRegistered,
    Paras,
)
from primitives.hashing import twox_64, twox_128
from primitives.parachain import HeadData, ParaId, ParaPastCodeMeta, ReplacementTimes, ValidationCode
from tests.harness.parachain import (
    ALICE,
    TEST_CONFIG,
    FullRuntime,
    ParasRuntime,
    TestNet,
    adder_head,
    genesis,
    para_args,
    para_code,
)


def net(runtime=ParasRuntime, **kw):
    kw.setdefault("session_length", 5)
    return TestNet(genesis(**kw), runtime=runtime)


def live(n):
    with n.reading():
        return Paras.parachains(), sorted(Paras.Parathreads.keys())


# ---------------------------------------------------------------------------------------------
# Golden


def test_indexes_and_storage_names():
    assert sorted((d.index, d.name) for d in Paras.call_defs.values()) == [(0, "register_para"), (1, "deregister_para")]
    assert {i: e.__name__ for i, e in Error.members.items()} == {
        0: "AlreadyRegistered", 1: "AlreadyScheduled", 2: "EmptyValidationCode", 3: "CodeTooLarge",
        4: "HeadDataTooLarge", 5: "NotRegistered", 6: "AlreadyOutgoing", 7: "DuplicateGenesisPara"}  # fmt: skip
    assert list(Paras.storage) == [
        "Parachains", "Parathreads", "Heads", "ValidationCode", "PastCode", "PastCodeMeta", "PastCodePruning",
        "FutureCodeUpgrades", "FutureCode", "UpcomingParas", "UpcomingParasGenesis", "OutgoingParas"]  # fmt: skip
    assert Paras.Heads.key(ParaId(100)) == (twox_128(b"Paras") + twox_128(b"Heads") + twox_64(bytes([100, 0, 0, 0]))
                                            + bytes([100, 0, 0, 0]))  # fmt: skip
    key = bytes([100, 0, 0, 0, 7, 0, 0, 0])  # (ParaId, BlockNumber)
    assert Paras.PastCode.key((ParaId(100), 7)) == twox_128(b"Paras") + twox_128(b"PastCode") + twox_64(key) + key


# ---------------------------------------------------------------------------------------------
# Genesis


def test_genesis_registers_chains_and_threads():
    n = net(parachains=(300, 100, 200), parathreads=(500, 400))
    assert live(n) == ([100, 200, 300], [400, 500])
    with n.reading():
        assert Paras.head(ParaId(100)) == adder_head()
        assert Paras.current_code(ParaId(400)) == para_code(400)
        assert Paras.is_parathread(ParaId(400)) and not Paras.is_parathread(ParaId(100))
        assert Paras.is_valid_para(ParaId(100)) and Paras.is_valid_para(ParaId(500))
        assert not Paras.is_valid_para(ParaId(600))
        assert Paras.head(ParaId(600)) is None and Paras.current_code(ParaId(600)) is None
        assert Paras.UpcomingParas.get() == () and Paras.OutgoingParas.get() == ()


@pytest.mark.parametrize("paras,error", [
    ([(100, para_args(100)), (100, para_args(100, parachain=False))], DuplicateGenesisPara),
    ([(100, para_args(100, code=b""))], EmptyValidationCode),
    ([(100, para_args(100, code=b"x" * (TEST_CONFIG.max_code_size + 1)))], CodeTooLarge),
    ([(100, para_args(100, head=b"x" * (TEST_CONFIG.max_head_data_size + 1)))], HeadDataTooLarge),
])  # fmt: skip
def test_genesis_refuses_bad_paras_by_name(paras, error):
    with pytest.raises(error):
        Chain(ParasRuntime, genesis(parachains=(), paras=paras))


def test_genesis_limits_are_inclusive():
    n = net(parachains=(), paras=[(7, para_args(7, head=b"h" * TEST_CONFIG.max_head_data_size,
                                                code=b"c" * TEST_CONFIG.max_code_size))])  # fmt: skip
    assert live(n) == ([7], [])


# ---------------------------------------------------------------------------------------------
# Registration


def test_register_at_the_next_session():
    n = net(parachains=(100,))
    n.register(150)
    n.register(120, parachain=False)
    with n.reading():
        assert Paras.UpcomingParas.get() == (120, 150)
        assert Paras.UpcomingParasGenesis.get(ParaId(150)) == para_args(150)
        assert not Paras.is_valid_para(ParaId(150)) and Paras.head(ParaId(150)) is None
    n.run_to_block(4)
    assert live(n) == ([100], [])
    n.run_to_block(5)
    assert live(n) == ([100, 150], [120])
    with n.reading():
        assert Paras.head(ParaId(150)) == adder_head() and Paras.current_code(ParaId(120)) == para_code(120)
        assert Paras.UpcomingParas.get() == () and not Paras.UpcomingParasGenesis.contains_key(ParaId(150))


@pytest.mark.parametrize("make_args,error", [
    (lambda: para_args(9, code=b""), EmptyValidationCode),
    (lambda: para_args(9, code=b"c" * (TEST_CONFIG.max_code_size + 1)), CodeTooLarge),
    (lambda: para_args(9, head=b"h" * (TEST_CONFIG.max_head_data_size + 1)), HeadDataTooLarge),
])  # fmt: skip
def test_register_refuses_bad_args_by_name(make_args, error):
    n = net()
    assert n.root_error(Paras.tx.register_para(ParaId(9), make_args())) is error
    with n.reading():
        assert Paras.UpcomingParas.get() == ()


def test_register_refuses_a_registered_or_scheduled_para():
    n = net(parachains=(100,), parathreads=(200,))
    assert n.root_error(Paras.tx.register_para(ParaId(100), para_args(100))) is AlreadyRegistered
    assert n.root_error(Paras.tx.register_para(ParaId(200), para_args(200))) is AlreadyRegistered
    n.register(300)
    assert n.root_error(Paras.tx.register_para(ParaId(300), para_args(300, parachain=False))) is AlreadyScheduled
    with n.reading():
        assert Paras.UpcomingParasGenesis.get(ParaId(300)).parachain is True


def test_register_and_deregister_need_root():
    n = net()
    n.produce_block([n.chain.sign(Paras.tx.register_para(ParaId(9), para_args(9)), ALICE),
                     n.chain.sign(Paras.tx.deregister_para(ParaId(100)), ALICE, nonce=1)])  # fmt: skip
    with n.reading():
        failed = [r.event.event for r in System.events()]
        assert all(isinstance(f, ExtrinsicFailed) and f.dispatch_error == BadOriginError() for f in failed)
        assert len(failed) == 2 and Paras.UpcomingParas.get() == () and Paras.OutgoingParas.get() == ()


def test_schedule_para_initialize_keeps_the_first_args():
    n = net()
    with n.ext():
        Paras.schedule_para_initialize(ParaId(9), para_args(9))
        Paras.schedule_para_initialize(ParaId(9), para_args(9, parachain=False))
        Paras.schedule_para_initialize(ParaId(3), para_args(3))
        assert Paras.UpcomingParas.get() == (3, 9)
        assert Paras.UpcomingParasGenesis.get(ParaId(9)) == para_args(9)


# ---------------------------------------------------------------------------------------------
# Deregistration


def test_deregister_at_the_next_session_keeps_the_code_as_past_code():
    n = net(parachains=(100, 101), parathreads=(200,))
    n.root_ok(Paras.tx.deregister_para(ParaId(101)), Paras.tx.deregister_para(ParaId(200)))
    with n.ext():
        Paras.schedule_code_upgrade(ParaId(101), ValidationCode(b"future"), 50)
    with n.reading():
        assert Paras.OutgoingParas.get() == (101, 200)
        assert Paras.is_valid_para(ParaId(101))
    n.run_to_block(5)
    assert live(n) == ([100], [])
    with n.reading():
        for para in (101, 200):
            assert Paras.head(ParaId(para)) is None and Paras.current_code(ParaId(para)) is None
            assert Paras.PastCodeMeta.get(ParaId(para)) == ParaPastCodeMeta((ReplacementTimes(5, 5),), None)
            assert Paras.PastCode.get((ParaId(para), 5)) == para_code(para)
            assert Paras.validation_code_at(ParaId(para), 5) == para_code(para)
            assert Paras.validation_code_at(ParaId(para), 6) is None  # Current, and there is none
        assert not Paras.FutureCodeUpgrades.contains_key(ParaId(101)) and Paras.FutureCode.get(ParaId(101)) is None
        assert Paras.PastCodePruning.get() == ((101, 5), (200, 5))
        assert Paras.OutgoingParas.get() == ()


def test_past_code_of_a_deregistered_para_is_pruned_and_its_meta_removed():
    n = net(parachains=(100, 101))
    n.deregister(101)
    n.run_to_block(5 + TEST_CONFIG.acceptance_period)
    with n.reading():
        assert Paras.PastCode.get((ParaId(101), 5)) == para_code(101)
    n.produce_block()  # 5 + acceptance_period + 1
    with n.reading():
        assert Paras.PastCode.get((ParaId(101), 5)) is None
        assert not Paras.PastCodeMeta.contains_key(ParaId(101))
        assert Paras.PastCodePruning.get() == () and not Paras.PastCodePruning.exists()
        assert Paras.validation_code_at(ParaId(101), 5) is None


def test_deregister_refuses_unknown_and_outgoing_paras():
    n = net(parachains=(100,))
    assert n.root_error(Paras.tx.deregister_para(ParaId(7))) is NotRegistered
    n.deregister(100)
    assert n.root_error(Paras.tx.deregister_para(ParaId(100))) is AlreadyOutgoing
    with n.reading():
        assert Paras.OutgoingParas.get() == (100,)


def test_deregistering_an_upcoming_para_cancels_it():
    n = net(parachains=())
    n.register(9)
    n.deregister(9)
    with n.reading():
        assert Paras.UpcomingParas.get() == () and not Paras.UpcomingParasGenesis.contains_key(ParaId(9))
        assert Paras.OutgoingParas.get() == ()
    assert n.root_error(Paras.tx.deregister_para(ParaId(9))) is NotRegistered
    n.run_to_block(5)
    assert live(n) == ([], [])
    with n.reading():
        assert not Paras.PastCodeMeta.contains_key(ParaId(9))


def test_reregistering_a_para_after_its_removal():
    n = net(parachains=(100,), session_length=3)
    n.deregister(100)  # block 1
    assert n.root_error(Paras.tx.register_para(ParaId(100), para_args(100))) is AlreadyRegistered
    n.run_to_block(3)  # removed; its code is past code activated at 3
    n.register(100, parachain=False, code=para_code(100, version=2))  # block 4
    n.run_to_block(6)
    assert live(n) == ([], [100])
    with n.reading():
        assert Paras.current_code(ParaId(100)) == para_code(100, version=2)
        assert Paras.validation_code_at(ParaId(100), 3) == para_code(100)  # the old code, still kept
        assert Paras.validation_code_at(ParaId(100), 4) == para_code(100, version=2)
        assert Paras.PastCodeMeta.get(ParaId(100)).upgrade_times == (ReplacementTimes(3, 3),)
    n.run_to_block(3 + TEST_CONFIG.acceptance_period + 1)  # pruned; the meta stays (the para is live)
    with n.reading():
        assert Paras.PastCode.get((ParaId(100), 3)) is None
        assert Paras.PastCodeMeta.get(ParaId(100)) == ParaPastCodeMeta((), 3)
        assert Paras.validation_code_at(ParaId(100), 3) is None


def test_registration_changes_only_at_session_boundaries_with_the_full_runtime():
    n = net(runtime=FullRuntime, parachains=(100,))
    n.register(150)
    n.deregister(100)
    n.run_to_block(4)
    assert live(n) == ([100], [])
    n.run_to_block(5)
    assert live(n) == ([150], [])
    from pallets.scheduler import Scheduler

    with n.reading():
        assert len(Scheduler.availability_cores()) == 1 + TEST_CONFIG.parathread_cores


def test_schedule_para_cleanup_of_an_unknown_para_does_nothing():
    n = net()
    with n.ext() as state:
        Paras.schedule_para_cleanup(ParaId(77))
        assert state.changes() == {}


def test_session_change_skips_an_upcoming_para_without_genesis_args():
    n = net(parachains=())
    n.check_invariants = False  # the state below breaks UpcomingParas' invariant on purpose
    with n.ext():
        Paras.UpcomingParas.put((ParaId(9),))
    n.run_to_block(5)
    assert live(n) == ([], [])


def test_upcoming_parachain_already_live_is_not_listed_twice():
    n = net(parachains=(100,))
    with n.ext():
        Paras.schedule_para_initialize(ParaId(100), para_args(100, head=b"new head"))
    n.run_to_block(5)
    with n.reading():
        assert Paras.parachains() == [100] and Paras.head(ParaId(100)) == HeadData(b"new head")


def test_state_of_these_pallets_decodes_with_py_scale_codec():
    """Every stored value of Session, Configuration, Paras and Initializer decodes with the exported registry."""
    from scalecodec.base import ScaleBytes

    from frame.metadata import metadata, registry
    from pallets.configuration import Configuration
    from pallets.session import Session
    from primitives.registry import runtime_config
    from tests.harness.parachain import validator_ids

    n = net(parachains=(100, 101), parathreads=(200,))
    n.register(300)
    n.deregister(101)
    n.set_config(acceptance_period=50)
    n.root_ok(Session.tx.set_next_validators(tuple(validator_ids(3))))
    with n.ext():
        Paras.schedule_code_upgrade(ParaId(100), ValidationCode(b"new"), 2)
        Paras.note_new_head(ParaId(100), HeadData(b"h"), 3)
        Paras.schedule_code_upgrade(ParaId(100), ValidationCode(b"newer"), 9)
        assert Configuration.pending_config() is not None
    config = runtime_config(registry(ParasRuntime))
    decoded = set()
    with n.reading() as st:
        for pallet in metadata(ParasRuntime)["pallets"]:
            if pallet["name"] not in ("Session", "Configuration", "Paras", "Initializer"):
                continue
            for entry in (pallet["storage"] or {}).get("entries", []):
                type_name = entry["type"].get("Plain") or entry["type"]["Map"]["value"]
                for _, raw in st.iter_prefix(bytes.fromhex(entry["key_prefix"][2:])):
                    obj = config.create_scale_object(type_name, data=ScaleBytes(bytearray(raw)))
                    obj.decode()
                    assert obj.data.offset == len(raw), entry["name"]
                    decoded.add(f"{pallet['name']}.{entry['name']}")
    assert {"Paras.Parathreads", "Paras.PastCode", "Paras.PastCodeMeta", "Paras.PastCodePruning", "Paras.FutureCode",
            "Paras.UpcomingParasGenesis", "Paras.OutgoingParas", "Configuration.PendingConfiguration",
            "Session.PendingValidators", "Session.RandomSeed"} <= decoded  # fmt: skip
