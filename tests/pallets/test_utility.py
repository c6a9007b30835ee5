"""Utility: batch stops at the first failure, batch_all is all or nothing, force_batch runs everything; each
reports its calls in pallet_utility's events and every inner call passes the call filter unless Root sends it."""

from typing import Any

import pytest

from frame import io
from frame.dispatch import NONE, ROOT, BadOriginError, ModuleError, ModuleErrorInfo, Signed
from frame.runtime import RuntimeEvent
from frame.state import OverlayedState
from frame.system import ExtrinsicFailed, ExtrinsicSuccess, Remarked, System
from frame.weights import DB_WEIGHT
from pallets.example import Counter
from pallets.example.pallet import ValueStored
from pallets.sudo import Sudid, Sudo, SudoAsDone
from pallets.utility import (
    BatchCompleted,
    BatchCompletedWithErrors,
    BatchInterrupted,
    DispatchedAs,
    ItemCompleted,
    ItemFailed,
    TooManyCalls,
    Utility,
    derivative_account_id,
    weights,
)
from primitives.hashing import blake2_256
from primitives.scale import Err, Ok
from tests.pallets._utility_runtime import ALICE, BOB, Club, UtilityRuntime, new_chain, run

CALL_FILTERED = ModuleError(ModuleErrorInfo(0, bytes((5, 0, 0, 0))))
CLUB_CLOSED = ModuleError(ModuleErrorInfo(9, bytes((0, 0, 0, 0))))
TOO_MANY = ModuleError(ModuleErrorInfo(5, bytes((TooManyCalls.index, 0, 0, 0))))


@pytest.fixture(autouse=True)
def _runtime():
    # building a call that carries calls checks (encodes) them, which needs the runtime's call codec
    with io.using_runtime(UtilityRuntime):
        yield


def run_u(chain, call, signer=BOB):
    """The block's events without Counter's ValueStored (each successful store deposits one)."""
    return [e for e in run(chain, call, signer) if not isinstance(e, ValueStored)]


def stored(chain, who=BOB.public_key):
    with chain.reading():
        return Counter.Values.get(who)


# ---------------------------------------------------------------------------------------------
# Golden: indexes and encodings as pallet_utility's


def test_call_event_and_error_indexes_golden():
    calls = {d.name: d.index for d in Utility.call_defs.values()}
    assert calls == {"batch": 0, "as_derivative": 1, "batch_all": 2, "dispatch_as": 3, "force_batch": 4}
    events: list[Any] = [
        BatchInterrupted,
        BatchCompleted,
        BatchCompletedWithErrors,
        ItemCompleted,
        ItemFailed,
        DispatchedAs,
    ]
    assert [e.INDEX for e in events] == [0, 1, 2, 3, 4, 5]
    assert TooManyCalls.index == 0 and Utility.batched_calls_limit == 16_384


def test_event_and_call_encodings_golden():
    assert BatchInterrupted(1, CALL_FILTERED).encode() == bytes([0, 1, 0, 0, 0, 3, 0, 5, 0, 0, 0])
    assert BatchCompleted().encode() == b"\x01" and BatchCompletedWithErrors().encode() == b"\x02"
    assert ItemCompleted().encode() == b"\x03" and ItemFailed(BadOriginError()).encode() == b"\x04\x02"
    assert (
        DispatchedAs(Ok(())).encode() == b"\x05\x00" and DispatchedAs(Err(BadOriginError())).encode() == b"\x05\x01\x02"
    )
    assert UtilityRuntime.event_codec.encode(RuntimeEvent("Utility", ItemCompleted())) == b"\x05\x03"
    store1 = bytes([2, 0, 1, 0, 0, 0])
    enc = UtilityRuntime.encode_call
    assert enc(Utility.tx.batch([Counter.tx.store(1)])) == bytes([5, 0, 4]) + store1
    assert enc(Utility.tx.batch_all([])) == bytes([5, 2, 0])
    assert enc(Utility.tx.force_batch([Counter.tx.store(1)] * 2)) == bytes([5, 4, 8]) + store1 * 2
    assert enc(Utility.tx.as_derivative(7, Counter.tx.store(1))) == bytes([5, 1, 7, 0]) + store1
    for c in (Utility.tx.batch([Utility.tx.batch_all([Counter.tx.store(1)])]), Utility.tx.force_batch([])):
        assert UtilityRuntime.decode_call(enc(c)) == c


def test_weights_are_the_inner_calls_plus_a_base():
    calls = [Counter.tx.store(1), System.tx.remark(b"abc")]
    inner = sum(c.definition.weight_of(c.args) for c in calls)
    for name, base in (
        ("batch", weights.batch),
        ("batch_all", weights.batch_all),
        ("force_batch", weights.force_batch),
    ):
        d = Utility.call_defs[name]
        assert d.weight_of((calls,)) == base(2) + inner and (base(2) + inner).any_gt(inner)
    as_derivative = Utility.call_defs["as_derivative"].weight_of((0, calls[0]))
    assert as_derivative == weights.as_derivative() + DB_WEIGHT.reads_writes(1, 1) + calls[0].definition.weight_of((1,))


# ---------------------------------------------------------------------------------------------
# batch


def test_batch_completes():
    chain = new_chain()
    events = run_u(chain, Utility.tx.batch([Counter.tx.store(1), System.tx.remark_with_event(b"x")]))
    assert events[0] == ItemCompleted() and isinstance(events[1], Remarked)
    assert events[2:4] == [ItemCompleted(), BatchCompleted()] and isinstance(events[4], ExtrinsicSuccess)
    assert stored(chain) == 1


def test_batch_interrupted_keeps_earlier_writes_and_undoes_the_failed_call():
    chain = new_chain()
    events = run_u(chain, Utility.tx.batch([Counter.tx.store(1), Club.tx.refuse(), Counter.tx.store(2)]))
    assert events[:2] == [ItemCompleted(), BatchInterrupted(1, CLUB_CLOSED)]
    assert isinstance(events[2], ExtrinsicSuccess) and len(events) == 3  # the batch itself succeeds
    assert stored(chain) == 1  # the first call stayed, the third never ran
    with chain.reading():
        assert Club.Motto.get() == b""  # what the failed call wrote is gone


def test_batch_interrupted_by_a_filtered_call():
    chain = new_chain()
    events = run_u(chain, Utility.tx.batch([Counter.tx.store(1), Counter.tx.store(13), Counter.tx.store(2)]))
    assert events[:2] == [ItemCompleted(), BatchInterrupted(1, CALL_FILTERED)]
    assert stored(chain) == 1


def test_root_batch_bypasses_the_filter_signed_batch_does_not():
    chain = new_chain()
    events = run_u(chain, Sudo.tx.sudo(Utility.tx.batch([System.tx.set_storage([(b"k", b"v")])])), ALICE)
    assert events[:3] == [ItemCompleted(), BatchCompleted(), Sudid(Ok(()))]
    events = run_u(chain, Sudo.tx.sudo_as(BOB.public_key, Utility.tx.batch([Counter.tx.store(13)])), ALICE)
    assert events[:2] == [BatchInterrupted(0, CALL_FILTERED), SudoAsDone(Ok(()))]
    with chain.reading() as st:
        assert st.get(b"k") == b"v" and Counter.Values.get(BOB.public_key) is None


def test_batch_refuses_the_none_origin_and_too_many_calls():
    chain = new_chain()
    with io.using(OverlayedState(chain.backend), UtilityRuntime):
        for name in ("batch", "batch_all", "force_batch"):
            assert UtilityRuntime.dispatch(getattr(Utility.tx, name)([]), NONE) == BadOriginError()
            many = [System.tx.remark(b"")] * (Utility.batched_calls_limit + 1)
            assert UtilityRuntime.dispatch(getattr(Utility.tx, name)(many), ROOT) == TOO_MANY


# ---------------------------------------------------------------------------------------------
# batch_all


def test_batch_all_completes():
    chain = new_chain()
    events = run_u(chain, Utility.tx.batch_all([Counter.tx.store(1), Counter.tx.store(2)]))
    assert events[:3] == [ItemCompleted(), ItemCompleted(), BatchCompleted()]
    assert stored(chain) == 2


@pytest.mark.parametrize("bad, error", [(Club.tx.refuse(), CLUB_CLOSED), (Counter.tx.store(13), CALL_FILTERED)])
def test_batch_all_failure_rolls_back_everything(bad, error):
    chain = new_chain()
    events = run(chain, Utility.tx.batch_all([Counter.tx.store(1), System.tx.remark_with_event(b"x"), bad]), BOB)
    assert len(events) == 1 and isinstance(events[0], ExtrinsicFailed)  # no ItemCompleted, no Remarked
    assert events[0].dispatch_error == error  # the failed call's own error
    assert stored(chain) is None
    with chain.reading():
        assert Club.Motto.get() == b"" and System.Account.get(BOB.public_key).nonce == 1


def test_nested_batch_all_is_filtered_for_signed_origins_only():
    chain = new_chain()
    nested = Utility.tx.batch_all([Utility.tx.batch_all([Counter.tx.store(1)])])
    assert run_u(chain, nested)[-1].dispatch_error == CALL_FILTERED
    # the added filter reaches through a batch in between, and ends with the batch_all
    events = run_u(chain, Utility.tx.batch_all([Utility.tx.batch([Utility.tx.batch_all([Counter.tx.store(2)])])]))
    assert events[:3] == [BatchInterrupted(0, CALL_FILTERED), ItemCompleted(), BatchCompleted()]
    events = run_u(chain, Utility.tx.batch([Utility.tx.batch_all([Counter.tx.store(3)]), Counter.tx.store(4)]))
    assert isinstance(events[-1], ExtrinsicSuccess) and BatchInterrupted not in map(type, events)
    assert stored(chain) == 4
    events = run_u(chain, Sudo.tx.sudo_as(BOB.public_key, nested), ALICE)
    assert SudoAsDone(Err(CALL_FILTERED)) in events
    events = run_u(
        chain, Sudo.tx.sudo(Utility.tx.batch_all([Utility.tx.batch_all([System.tx.set_storage([])])])), ALICE
    )
    assert Sudid(Ok(())) in events  # Root bypasses every filter


# ---------------------------------------------------------------------------------------------
# force_batch


def test_force_batch_runs_every_call_and_reports_each():
    chain = new_chain()
    calls = [Counter.tx.store(1), Club.tx.refuse(), Counter.tx.store(13), System.tx.remark_with_event(b"x")]
    events = run_u(chain, Utility.tx.force_batch(calls))
    assert events[:3] == [ItemCompleted(), ItemFailed(CLUB_CLOSED), ItemFailed(CALL_FILTERED)]
    assert isinstance(events[3], Remarked)
    assert events[4:6] == [ItemCompleted(), BatchCompletedWithErrors()] and isinstance(events[6], ExtrinsicSuccess)
    assert stored(chain) == 1
    events = run_u(chain, Utility.tx.force_batch([Counter.tx.store(2)]))
    assert events[:2] == [ItemCompleted(), BatchCompleted()]


# ---------------------------------------------------------------------------------------------
# as_derivative, dispatch_as


def test_as_derivative_dispatches_as_the_pseudonym():
    pseudonym = derivative_account_id(BOB.public_key, 3)
    assert pseudonym == blake2_256(b"modlpy/utilisuba" + BOB.public_key + b"\x03\x00")
    chain = new_chain()
    assert isinstance(run_u(chain, Utility.tx.as_derivative(3, Counter.tx.store(5)))[-1], ExtrinsicSuccess)
    assert stored(chain, pseudonym) == 5 and stored(chain) is None
    assert run_u(chain, Utility.tx.as_derivative(3, Counter.tx.store(13)))[-1].dispatch_error == CALL_FILTERED
    assert run_u(chain, Utility.tx.as_derivative(3, Club.tx.refuse()))[-1].dispatch_error == CLUB_CLOSED
    with pytest.raises(Exception):  # noqa: B017 - any failure: the origin must be Signed
        with io.using(OverlayedState(chain.backend), UtilityRuntime):
            assert UtilityRuntime.dispatch(Utility.tx.as_derivative(0, Counter.tx.store(1)), ROOT) is None


def test_dispatch_as_needs_root():
    chain = new_chain()
    events = run_u(chain, Sudo.tx.sudo(Utility.tx.dispatch_as(Signed(BOB.public_key), Counter.tx.store(6))), ALICE)
    assert DispatchedAs(Ok(())) in events and stored(chain) == 6
    events = run_u(chain, Utility.tx.dispatch_as(Signed(BOB.public_key), Counter.tx.store(7)))
    assert events[-1].dispatch_error == BadOriginError() and stored(chain) == 6
    events = run_u(chain, Sudo.tx.sudo(Utility.tx.dispatch_as(Signed(BOB.public_key), Club.tx.refuse())), ALICE)
    assert DispatchedAs(Err(CLUB_CLOSED)) in events and Sudid(Ok(())) in events
