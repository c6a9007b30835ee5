"""Session: sessions start at every multiple of the session length (or when Root forces one), the next set is
known one session ahead, a queued set arrives one session later, and each session has a documented seed."""

import pytest

from frame.chain import Chain
from frame.dispatch import BadOriginError
from frame.genesis import GenesisConfigError
from frame.system import HASH69, ExtrinsicFailed, System
from pallets.initializer import Initializer
from pallets.session import (
    SEED_DOMAIN,
    DuplicateValidator,
    EmptyValidatorSet,
    Error,
    Event,
    NewSession,
    NextValidatorsQueued,
    Session,
    ZeroSessionLength,
    session_seed,
)
from primitives.crypto import ss58_encode
from primitives.hashing import blake2_256
from primitives.parachain import ValidatorId
from tests.harness.parachain import ALICE, ParasRuntime, TestNet, genesis, validator_ids

V = validator_ids(8)


def net(**kw):
    return TestNet(genesis(**kw), runtime=ParasRuntime)


def events(n):
    with n.reading():
        return [r.event.event for r in System.events()]


# ---------------------------------------------------------------------------------------------
# Golden


def test_indexes():
    assert sorted((d.index, d.name) for d in Session.call_defs.values()) == [
        (0, "set_next_validators"), (1, "force_new_session")]  # fmt: skip
    assert {i: e.__name__ for i, e in Error.members.items()} == {
        0: "EmptyValidatorSet", 1: "DuplicateValidator", 2: "ZeroSessionLength"}  # fmt: skip
    assert NewSession(3).encode() == bytes([0, 3, 0, 0, 0])
    assert NextValidatorsQueued(2).encode() == bytes([1, 2, 0, 0, 0])
    assert Event.SCALE.name == "SessionEvent"


def test_seed_is_the_documented_hash():
    parent = bytes(range(32))
    assert session_seed(5, parent) == blake2_256(b"paras-session-seed" + bytes([5, 0, 0, 0]) + parent)
    assert SEED_DOMAIN == b"paras-session-seed"
    assert len({session_seed(1, parent), session_seed(2, parent), session_seed(1, bytes(32))}) == 3


# ---------------------------------------------------------------------------------------------
# Genesis


def test_genesis_is_session_zero():
    n = net(validators=4, session_length=7)
    with n.reading():
        assert Session.current_index() == 0
        assert Session.validators() == V[:4] and Session.queued_validators() == V[:4]
        assert Session.session_length() == 7
        assert Session.random_seed() == session_seed(0, HASH69)
        assert Session.PendingValidators.get() is None


def test_genesis_accepts_ss58_validators():
    g = genesis(validators=2)
    g["session"]["validators"] = [ss58_encode(v) for v in V[:2]]
    with TestNet(g, runtime=ParasRuntime).reading():
        assert Session.validators() == V[:2]


@pytest.mark.parametrize("session,error", [
    ({"sessionLength": 0}, ZeroSessionLength),
    ({"validators": []}, EmptyValidatorSet),
    ({"validators": ["0x" + V[0].hex(), "0x" + V[1].hex(), "0x" + V[0].hex()]}, DuplicateValidator),
])  # fmt: skip
def test_genesis_refuses_bad_sessions_by_name(session, error):
    g = genesis()
    g["session"].update(session)
    with pytest.raises(error):
        Chain(ParasRuntime, g)


def test_genesis_needs_length_and_validators():
    g = genesis()
    del g["session"]["sessionLength"]
    with pytest.raises(GenesisConfigError, match="sessionLength"):
        Chain(ParasRuntime, g)


# ---------------------------------------------------------------------------------------------
# Rotation


def test_sessions_start_at_multiples_of_the_length():
    n = net(session_length=4)
    starts = []
    for _ in range(12):
        n.produce_block()
        if NewSession in map(type, events(n)):
            starts.append(n.number)
            with n.reading():
                assert Session.current_index() == len(starts)
                assert events(n)[0] == NewSession(len(starts))
    assert starts == [4, 8, 12]


def test_seed_of_a_session_comes_from_its_first_blocks_parent():
    n = net(session_length=3)
    n.run_to_block(2)
    parent = n.head.hash()
    n.produce_block()
    with n.reading():
        assert Session.random_seed() == session_seed(1, parent)


def test_session_length_one_changes_every_block():
    n = net(session_length=1)
    n.run_to_block(3)
    with n.reading():
        assert Session.current_index() == 3


def test_queued_validators_arrive_one_session_later():
    n = net(validators=4, session_length=5)
    n.root_ok(Session.tx.set_next_validators(tuple(V[4:7])))
    assert events(n)[0] == NextValidatorsQueued(3)
    with n.reading():
        assert Session.PendingValidators.get() == tuple(V[4:7])
        assert Session.validators() == V[:4] and Session.queued_validators() == V[:4]
    n.run_to_block(5)
    with n.reading():
        assert Session.validators() == V[:4] and Session.queued_validators() == V[4:7]
        assert Session.PendingValidators.get() is None
    n.run_to_block(10)
    with n.reading():
        assert Session.validators() == V[4:7] and Session.queued_validators() == V[4:7]


def test_a_later_queued_set_replaces_the_earlier_one():
    n = net(validators=4, session_length=5)
    n.root_ok(Session.tx.set_next_validators(tuple(V[4:7])))
    n.root_ok(Session.tx.set_next_validators(tuple(V[1:3])))
    n.run_to_block(10)
    with n.reading():
        assert Session.validators() == V[1:3]


@pytest.mark.parametrize("validators,error", [((), EmptyValidatorSet), ((V[0], V[1], V[1]), DuplicateValidator)])
def test_set_next_validators_refuses_bad_sets_by_name(validators, error):
    n = net()
    assert n.root_error(Session.tx.set_next_validators(validators)) is error
    with n.reading():
        assert Session.PendingValidators.get() is None


def test_calls_need_root():
    n = net()
    n.produce_block([n.chain.sign(Session.tx.set_next_validators((V[0],)), ALICE),
                     n.chain.sign(Session.tx.force_new_session(), ALICE, nonce=1)])  # fmt: skip
    assert [type(e) for e in events(n)] == [ExtrinsicFailed, ExtrinsicFailed]
    assert all(e.dispatch_error == BadOriginError() for e in events(n))


def test_force_new_session_starts_one_at_the_next_block():
    n = net(session_length=10)
    n.run_to_block(2)
    n.root_ok(Session.tx.force_new_session())  # block 3
    with n.reading():
        assert Session.current_index() == 0 and Session.ForceNewSession.get()
    n.produce_block()  # block 4
    with n.reading():
        assert Session.current_index() == 1 and Session.ForceNewSession.get() is None
    n.run_to_block(10)  # the schedule is unchanged
    with n.reading():
        assert Session.current_index() == 2


def test_harness_forces_sessions_where_asked():
    n = net(session_length=100)
    n.run_to_block(9, new_session={3, 7})
    with n.reading():
        assert Session.current_index() == 2
    assert n.next_session() == 100


def test_session_change_is_delivered_to_the_initializer(monkeypatch):
    seen = []
    monkeypatch.setattr(Initializer, "apply_session_change", classmethod(lambda cls, *a: seen.append(a)))
    n = net(validators=3, session_length=2)
    seen.clear()  # genesis delivers session 0 too (tested with the Initializer)
    n.root_ok(Session.tx.set_next_validators((V[5],)))
    n.run_to_block(2)
    with n.reading():
        seed = Session.random_seed()
        assert Session.Handlers == (Initializer,)  # the runtime's one SessionHandler
    assert set(seen) == {(1, tuple(V[:3]), (V[5],), seed)}  # (the block is executed to build it, then to import it)
    assert all(isinstance(v, ValidatorId) for v in seen[0][1])


def test_handlers_hear_whether_the_validators_changed(monkeypatch):
    seen = []
    monkeypatch.setattr(Initializer, "on_new_session", classmethod(lambda cls, *a: seen.append(a)))
    n = net(validators=3, session_length=2)
    n.root_ok(Session.tx.set_next_validators((V[5],)))
    n.run_to_block(4)  # session 1: V[:3] again (queued at genesis); session 2: the set Root queued
    assert sorted(set(seen)) == [(False, tuple(V[:3]), (V[5],)), (True, (V[5],), (V[5],))]
