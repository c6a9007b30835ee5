"""Initializer: the parachain pallets initialize in the guide's order and finalize in reverse; a session change is
forwarded as one notification in initialization order; one that arrives after initialization invalidates the block;
genesis delivers session 0."""

import pytest

from frame import Origin, Pallet, call, construct_runtime, ensure_root
from frame import extrinsic as xt
from frame.block import Block
from frame.chain import Chain
from frame.dispatch import DispatchFailure
from frame.executive import InvalidBlock
from frame.system import System
from pallets.configuration import Configuration
from pallets.inclusion import Inclusion
from pallets.initializer import (
    Initializer,
    SessionChangeAfterInitialization,
    SessionChangeNotification,
    hooked_pallets,
)
from pallets.paras import Paras
from pallets.scheduler import Scheduler
from pallets.session import Session, session_seed
from pallets.sudo import Sudo
from pallets.validity import Validity
from primitives.errors import ParahostError
from primitives.types import evolve
from tests.harness.parachain import ALICE, TEST_CONFIG, ParasRuntime, TestNet, genesis, validator_ids

ORDER = ["Configuration", "Paras", "Scheduler", "Inclusion", "Validity"]
PARACHAIN_PALLETS = (Configuration, Paras, Scheduler, Inclusion, Validity)


def record_hooks(monkeypatch, log):
    """Wrap every parachain pallet's three hooks so that each call is logged, then runs as before."""
    for pallet in PARACHAIN_PALLETS:
        for hook in ("initializer_initialize", "initializer_finalize", "initializer_on_new_session"):
            original = getattr(pallet, hook)

            def wrapped(cls, *args, _o=original, _n=pallet.name, _h=hook):
                log.append((_n, _h, args))
                return _o(*args)

            monkeypatch.setattr(pallet, hook, classmethod(wrapped))


def one_execution(log):
    """Blocks run twice in the harness (built, then imported): the first half of the log."""
    half = len(log) // 2
    assert log[:half] == log[half:]
    return log[:half]


# ---------------------------------------------------------------------------------------------
# Order


def test_the_order_is_the_guides():
    with TestNet().reading():
        assert [p.name for p in hooked_pallets()] == ORDER
        assert hooked_pallets() == PARACHAIN_PALLETS


def test_initialize_in_order_and_finalize_in_reverse(monkeypatch):
    log = []
    n = TestNet()
    record_hooks(monkeypatch, log)
    n.produce_block()
    got = [(name, hook) for name, hook, _ in one_execution(log)]
    assert got == [(p, "initializer_initialize") for p in ORDER] + [(p, "initializer_finalize") for p in ORDER[::-1]]
    assert all(args == (1,) for _, hook, args in log if hook == "initializer_initialize")


def test_session_change_goes_first_then_initialization(monkeypatch):
    log = []
    n = TestNet(genesis(session_length=3))
    n.run_to_block(2)
    record_hooks(monkeypatch, log)
    n.produce_block()  # block 3: session 1
    got = [(name, hook) for name, hook, _ in one_execution(log)]
    assert got == ([(p, "initializer_on_new_session") for p in ORDER] + [(p, "initializer_initialize") for p in ORDER]
                   + [(p, "initializer_finalize") for p in ORDER[::-1]])  # fmt: skip


def test_the_notification(monkeypatch):
    log = []
    g = genesis(validators=4, session_length=5)
    n = TestNet(g)
    n.root_ok(Session.tx.set_next_validators(tuple(validator_ids(6)[4:])))
    n.set_config(parathread_cores=2)
    n.run_to_block(4)
    parent = n.head.hash()
    record_hooks(monkeypatch, log)
    n.produce_block()
    notes = [args[0] for name, hook, args in one_execution(log) if hook == "initializer_on_new_session"
             and name != "Configuration"]  # fmt: skip
    assert len(notes) == 4 and all(note is notes[0] for note in notes)  # one notification, to all four
    assert notes[0] == SessionChangeNotification(
        validators=tuple(validator_ids(4)),
        queued=tuple(validator_ids(6)[4:]),
        prev_config=TEST_CONFIG,
        new_config=evolve(TEST_CONFIG, parathread_cores=2),
        random_seed=session_seed(1, parent),
        session_index=1,
    )


def test_notification_seed_must_be_32_bytes():
    with pytest.raises(ValueError):
        SessionChangeNotification((), (), TEST_CONFIG, TEST_CONFIG, b"short", 0)


def test_a_runtime_drives_only_the_parachain_pallets_it_has(monkeypatch):
    log = []
    n = TestNet(genesis(), runtime=ParasRuntime)
    record_hooks(monkeypatch, log)
    n.produce_block()
    assert {name for name, _, _ in log} == {"Configuration", "Paras"}
    with n.reading():
        assert hooked_pallets() == (Configuration, Paras)


def test_weights_are_summed(monkeypatch):
    n = TestNet(genesis(), runtime=ParasRuntime)
    monkeypatch.setattr(Paras, "initializer_initialize", classmethod(lambda cls, now: 7))
    monkeypatch.setattr(Configuration, "initializer_initialize", classmethod(lambda cls, now: 5))
    with n.ext():
        assert Initializer.on_initialize(1) == 12
        Initializer.on_finalize(1)


# ---------------------------------------------------------------------------------------------
# HasInitialized


def test_has_initialized_lives_only_inside_the_block():
    n = TestNet()
    n.produce_block()
    with n.reading():
        assert not Initializer.HasInitialized.exists()
    with n.ext():
        Initializer.on_initialize(2)
        assert Initializer.HasInitialized.get() is True
        Initializer.on_finalize(2)
        assert not Initializer.HasInitialized.exists()


def test_session_change_after_initialization_is_refused():
    n = TestNet(genesis(), runtime=ParasRuntime)
    with n.ext():
        Initializer.on_initialize(1)
        with pytest.raises(SessionChangeAfterInitialization, match="session 5"):
            Initializer.apply_session_change(5, validator_ids(2), validator_ids(2), bytes(32))
    assert issubclass(SessionChangeAfterInitialization, ParahostError)
    assert not issubclass(SessionChangeAfterInitialization, DispatchFailure)


class Poker(Pallet):
    """A test pallet whose root call delivers a session change in the middle of a block."""

    @call(0)
    def poke(cls, origin: Origin) -> None:
        """Deliver a session change now."""
        ensure_root(origin)
        Initializer.apply_session_change(9, validator_ids(2), validator_ids(2), bytes(32))


PokerRuntime = construct_runtime("Poker", [
    (0, System), (1, Session), (2, Sudo), (3, Configuration), (4, Paras), (9, Initializer), (10, Poker)])  # fmt: skip


def test_a_call_that_changes_the_session_makes_the_block_invalid():
    chain = Chain(PokerRuntime, genesis())
    ext = chain.sign(Sudo.tx.sudo(Poker.tx.poke()), ALICE)
    with pytest.raises(SessionChangeAfterInitialization):  # not recorded as a failed call: nothing to author
        chain.build_block(extrinsics=[ext])
    empty = chain.build_block().block
    bad = Block(empty.header, (xt.encode(PokerRuntime, ext),))
    root = chain.state_root
    with pytest.raises(InvalidBlock, match="SessionChangeAfterInitialization"):
        chain.import_block(bad)
    assert chain.state_root == root and chain.head.number == 0


# Session after the Initializer: its session change reaches an initialized block.
LateSessionRuntime = construct_runtime("LateSession", [
    (0, System), (2, Sudo), (3, Configuration), (4, Paras), (9, Initializer), (1, Session)],
    version=ParasRuntime.version)  # fmt: skip


def test_session_pallet_after_the_initializer_makes_the_boundary_block_invalid():
    g = genesis(session_length=2)
    late, good = Chain(LateSessionRuntime, g), Chain(ParasRuntime, g)
    assert late.genesis_hash == good.genesis_hash  # same storage: keys are by pallet name
    late.produce_block()
    good.produce_block()
    with pytest.raises(SessionChangeAfterInitialization):
        late.build_block()
    with pytest.raises(InvalidBlock, match="SessionChangeAfterInitialization"):
        late.import_block(good.build_block().block)


# ---------------------------------------------------------------------------------------------
# Genesis: session 0


def test_genesis_delivers_session_zero_to_every_parachain_pallet():
    n = TestNet(genesis(validators=5, parachains=(100, 101), parathreads=(200,)))
    with n.reading():
        assert Inclusion.validators() == validator_ids(5)
        assert Inclusion.session_index() == 0
        groups = Scheduler.ValidatorGroups.get()
        assert sorted(v for g in groups for v in g) == list(range(5))
        assert len(groups) == 2 + TEST_CONFIG.parathread_cores
        assert len(Scheduler.availability_cores()) == 3
        assert not Initializer.HasInitialized.exists()


def test_genesis_session_zero_uses_the_genesis_config(monkeypatch):
    log = []
    record_hooks(monkeypatch, log)
    TestNet(genesis(validators=3))
    notes = [args[0] for name, hook, args in log if hook == "initializer_on_new_session" and name == "Paras"]
    assert len(notes) == 1
    assert notes[0].session_index == 0 and notes[0].prev_config == notes[0].new_config == TEST_CONFIG
    assert notes[0].validators == notes[0].queued == tuple(validator_ids(3))


def test_without_a_session_pallet_genesis_delivers_nothing(monkeypatch):
    log = []
    record_hooks(monkeypatch, log)
    rt = construct_runtime("NoSession", [(0, System), (3, Configuration), (4, Paras), (9, Initializer)])
    g = {k: v for k, v in genesis().items() if k in ("system", "configuration", "paras")}
    chain = Chain(rt, g)
    assert log == []
    chain.produce_block()
    assert [h for _, h, _ in log] == ["initializer_initialize"] * 2 + ["initializer_finalize"] * 2 + [
        "initializer_initialize"] * 2 + ["initializer_finalize"] * 2  # fmt: skip
