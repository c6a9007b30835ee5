"""Paras: the code-upgrade lifecycle (schedule, apply on a new head at or after expected_at, keep the past code,
serve it for old contexts, prune it acceptance_period + 1 blocks after enactment) and local validation data."""

from hypothesis import given
from hypothesis import strategies as st

from pallets.paras import Paras
from primitives.parachain import (
    HeadData,
    LocalValidationData,
    ParaId,
    ParaPastCodeMeta,
    ReplacementTimes,
    ValidationCode,
)
from tests.harness.parachain import TEST_CONFIG, ParasRuntime, TestNet, adder_head, genesis, para_code

A, B = ParaId(100), ParaId(101)
OLD, NEW, NEWER = para_code(100), ValidationCode(b"new code"), ValidationCode(b"newer code")
PERIOD = TEST_CONFIG.acceptance_period  # 4


def net(**kw):
    kw.setdefault("session_length", 1000)
    return TestNet(genesis(parachains=(100, 101), **kw), runtime=ParasRuntime)


def test_the_whole_upgrade_lifecycle():
    n = net()
    n.run_to_block(2)
    with n.ext():
        Paras.schedule_code_upgrade(A, NEW, 8)
        Paras.schedule_code_upgrade(A, NEWER, 6)  # one upgrade at a time: ignored
        assert Paras.FutureCodeUpgrades.get(A) == 8 and Paras.FutureCode.get(A) == NEW
        assert Paras.last_code_upgrade(A, True) == 8 and Paras.last_code_upgrade(A, False) is None
    n.run_to_block(5)
    with n.ext():  # a parablock executed before expected_at: new head, same code
        Paras.note_new_head(A, HeadData(b"head 1"), 7)
        assert Paras.head(A) == HeadData(b"head 1") and Paras.current_code(A) == OLD
        assert Paras.FutureCodeUpgrades.get(A) == 8
    n.run_to_block(9)
    with n.ext():  # executed at expected_at, enacted in block 9: the upgrade applies
        Paras.note_new_head(A, HeadData(b"head 2"), 8)
        assert Paras.current_code(A) == NEW and Paras.head(A) == HeadData(b"head 2")
        assert Paras.FutureCodeUpgrades.get(A) is None and Paras.FutureCode.get(A) is None
        assert Paras.PastCode.get((A, 8)) == OLD
        assert Paras.PastCodeMeta.get(A) == ParaPastCodeMeta((ReplacementTimes(8, 9),), None)
        assert Paras.PastCodePruning.get() == ((A, 9),)
        assert Paras.last_code_upgrade(A, True) == Paras.last_code_upgrade(A, False) == 8
    n.run_to_block(9 + PERIOD)
    with n.reading():  # old contexts still get the old code
        assert [Paras.validation_code_at(A, at) for at in (1, 7, 8, 9, 50)] == [OLD, OLD, OLD, NEW, NEW]
        assert Paras.validation_code_at(B, 8) == para_code(101)
    n.produce_block()  # 9 + acceptance_period + 1: pruned
    with n.reading():
        assert Paras.PastCode.get((A, 8)) is None
        assert Paras.PastCodeMeta.get(A) == ParaPastCodeMeta((), 8)
        assert Paras.PastCodePruning.get() == ()
        assert [Paras.validation_code_at(A, at) for at in (1, 8, 9)] == [None, None, NEW]


def test_an_upgrade_applies_to_a_head_executed_after_expected_at():
    n = net()
    n.run_to_block(3)
    with n.ext():
        Paras.schedule_code_upgrade(A, NEW, 4)
    n.run_to_block(12)
    with n.ext():
        Paras.note_new_head(A, HeadData(b"late"), 11)
        assert Paras.current_code(A) == NEW
        assert Paras.PastCodeMeta.get(A).upgrade_times == (ReplacementTimes(4, 12),)


def test_note_new_head_without_an_upgrade_only_sets_the_head():
    n = net()
    with n.ext() as state:
        Paras.note_new_head(B, HeadData(b"next"), 0)
        assert Paras.head(B) == HeadData(b"next")
        assert len(state.changes()) == 1


def test_validation_code_at_with_an_intermediate_block():
    n = net()
    n.run_to_block(2)
    with n.ext():
        Paras.schedule_code_upgrade(A, NEW, 8)
    with n.reading():
        assert Paras.validation_code_at(A, 9, assume_intermediate=8) == NEW  # the upgrade would have applied
        assert Paras.validation_code_at(A, 12, assume_intermediate=10) == NEW
        assert Paras.validation_code_at(A, 9, assume_intermediate=7) == OLD  # not due by then
        assert Paras.validation_code_at(A, 8, assume_intermediate=8) is None  # must be before `at`
        assert Paras.validation_code_at(A, 5, assume_intermediate=8) is None
        assert Paras.validation_code_at(B, 9, assume_intermediate=8) == para_code(101)  # nothing planned
        assert Paras.validation_code_at(ParaId(999), 9) is None


def test_two_upgrades_are_pruned_one_by_one():
    n = net()
    with n.ext():
        Paras.schedule_code_upgrade(A, NEW, 1)
    n.run_to_block(3)
    with n.ext():
        Paras.note_new_head(A, HeadData(b"1"), 2)  # activated 3, expected 1
        Paras.schedule_code_upgrade(A, NEWER, 5)
    n.run_to_block(6)
    with n.ext():
        Paras.note_new_head(A, HeadData(b"2"), 5)  # activated 6, expected 5
    with n.reading():
        assert [Paras.validation_code_at(A, at) for at in (1, 2, 5, 6)] == [OLD, NEW, NEW, NEWER]
    n.run_to_block(3 + PERIOD + 1)
    with n.reading():
        assert Paras.PastCodeMeta.get(A) == ParaPastCodeMeta((ReplacementTimes(5, 6),), 1)
        assert [Paras.validation_code_at(A, at) for at in (1, 2, 5, 6)] == [None, NEW, NEW, NEWER]
    n.run_to_block(6 + PERIOD + 1)
    with n.reading():
        assert Paras.PastCodeMeta.get(A) == ParaPastCodeMeta((), 5)
        assert [Paras.validation_code_at(A, at) for at in (2, 5, 6)] == [None, None, NEWER]


def test_pruning_follows_activation_order_not_expected_order():
    # The 2020 code placed entries by expected_at in a list sorted by activation; B's earlier expected_at would
    # have gone before A's entry and held A's pruning back. Here the list stays sorted by activation.
    n = net()
    n.run_to_block(2)
    with n.ext():
        Paras.schedule_code_upgrade(B, NEW, 3)
        Paras.schedule_code_upgrade(A, NEW, 5)
    n.run_to_block(6)
    with n.ext():
        Paras.note_new_head(A, HeadData(b"a"), 5)  # activated 6, expected 5
    n.run_to_block(7)
    with n.ext():
        Paras.note_new_head(B, HeadData(b"b"), 6)  # activated 7, expected 3
        assert Paras.PastCodePruning.get() == ((A, 6), (B, 7))
    n.run_to_block(6 + PERIOD + 1)
    with n.reading():
        assert Paras.PastCode.get((A, 5)) is None and Paras.PastCode.get((B, 3)) == para_code(101)
        assert Paras.PastCodePruning.get() == ((B, 7),)
    n.produce_block()
    with n.reading():
        assert Paras.PastCode.get((B, 3)) is None and Paras.PastCodePruning.get() == ()


def test_nothing_is_pruned_within_the_acceptance_period_of_genesis():
    n = net()
    with n.ext():
        Paras.PastCodePruning.put(((A, 0),))
    for now in range(1, PERIOD + 1):
        with n.ext():
            Paras.prune_old_code(now)
            assert Paras.PastCodePruning.get() == ((A, 0),)
    with n.ext():
        assert Paras.initializer_initialize(PERIOD + 1) == 0
        assert Paras.PastCodePruning.get() == ()


def test_local_validation_data():
    n = net()
    n.run_to_block(3)
    rpn, cfg = 2, TEST_CONFIG
    with n.reading():
        allowed = rpn + cfg.validation_upgrade_delay
        assert Paras.local_validation_data(A) == LocalValidationData(adder_head(), 0, allowed)
        assert Paras.local_validation_data(ParaId(999)) is None
    with n.ext():
        Paras.schedule_code_upgrade(A, NEW, 8)
    with n.reading():  # an upgrade is pending: no other may be signalled
        assert Paras.local_validation_data(A).code_upgrade_allowed is None
    n.run_to_block(9)
    with n.ext():
        Paras.note_new_head(A, HeadData(b"x"), 8)
    # the next upgrade is allowed once the relay parent is validation_upgrade_frequency past the last one (8),
    # even though that one's past code was pruned before (in block 9 + acceptance_period + 1)
    assert 9 + cfg.acceptance_period + 1 < 8 + cfg.validation_upgrade_frequency
    n.run_to_block(8 + cfg.validation_upgrade_frequency)
    with n.reading():
        assert Paras.PastCodeMeta.get(A) == ParaPastCodeMeta((), 8)
        assert Paras.last_code_upgrade(A, False) == 8
        assert Paras.local_validation_data(A).code_upgrade_allowed is None
    n.produce_block()
    with n.reading():
        rpn = 8 + cfg.validation_upgrade_frequency
        assert Paras.local_validation_data(A) == LocalValidationData(HeadData(b"x"), 0,
                                                                     rpn + cfg.validation_upgrade_delay)  # fmt: skip


@given(st.lists(st.tuples(st.sampled_from([A, B]), st.integers(0, 3), st.integers(0, 4)), max_size=12))
def test_past_code_invariants_under_any_upgrade_sequence(steps):
    """Any sequence of (para, lead, wait): schedule an upgrade due `lead` blocks ahead, run `wait` blocks, note a
    head executed at the parent. Invariants: pruning sorted by activation; every meta entry has its code; code
    for a context is what a model says (or None once pruned)."""
    n = net()
    model = {A: [(0, OLD)], B: [(0, para_code(101))]}  # para -> [(first context it validates, code)]
    version = 0
    for para, lead, wait in steps:
        version += 1
        code = ValidationCode(b"v%d" % version)
        with n.ext():
            now = n.number
            if Paras.FutureCodeUpgrades.get(para) is None:
                Paras.schedule_code_upgrade(para, code, now + lead)
        n.run_to_block(n.number + wait + 1)
        with n.ext():
            expected = Paras.FutureCodeUpgrades.get(para)
            future = Paras.FutureCode.get(para)
            Paras.note_new_head(para, HeadData(b"h"), n.number - 1)
            if expected is not None and expected <= n.number - 1:
                model[para].append((expected + 1, future))
        with n.reading():
            pruning = Paras.PastCodePruning.get()
            assert [at for _, at in pruning] == sorted(at for _, at in pruning)
            for p in (A, B):
                meta = Paras.PastCodeMeta.get(p)
                assert all(Paras.PastCode.get((p, t.expected_at)) is not None for t in meta.upgrade_times)
                for at in range(0, n.number + 2):
                    want = [c for start, c in model[p] if start <= at][-1]
                    got = Paras.validation_code_at(p, at)
                    assert got in (want, None)
                    if meta.last_pruned is None or at > meta.last_pruned:
                        assert got == want
