"""Declared origin checks (FRAME's EnsureOrigin), pallet origins, OriginCaller and the base call filter."""

import pytest

from frame import io
from frame.call_filter import Everything, EverythingBut, InsideBoth, Nothing, adding_filter, allows, calls_of
from frame.dispatch import NONE, ROOT, BadOrigin, BadOriginError, ModuleError, ModuleErrorInfo, Signed
from frame.origins import (
    EnsureNever,
    EnsureNone,
    EnsurePalletOrigin,
    EnsureRoot,
    EnsureSigned,
    EnsureSignedBy,
    MapSuccess,
    OriginCallerCodec,
)
from frame.pallet import call
from frame.system import ExtrinsicFailed, ExtrinsicSuccess, System
from frame.system_errors import CallFiltered
from pallets.example import Counter
from pallets.sudo import Sudid, Sudo, SudoAsDone
from pallets.utility import DispatchedAs, Utility
from primitives.scale import Err, Ok
from tests.pallets._utility_runtime import ALICE, BOB, CHARLIE, Club, Member, Members, UtilityRuntime, new_chain, run

CALL_FILTERED = ModuleError(ModuleErrorInfo(0, bytes((5, 0, 0, 0))))


@pytest.fixture(autouse=True)
def _runtime():
    # building a call that carries calls checks (encodes) them, which needs the runtime's call codec
    with io.using_runtime(UtilityRuntime):
        yield


def failed_with(events):
    last = events[-1]
    assert isinstance(last, ExtrinsicFailed), events
    return last.dispatch_error


def test_basic_checks_and_success_values():
    who = b"\x01" * 32
    EnsureRoot.ensure_origin(ROOT)  # Success is ()
    assert EnsureSigned.ensure_origin(Signed(who)) == who
    EnsureNone.ensure_origin(NONE)
    refusals = [(EnsureRoot, Signed(who)), (EnsureRoot, NONE), (EnsureSigned, ROOT), (EnsureNone, ROOT),
                (EnsureNever, ROOT), (EnsureSigned, Members(1, 1)), (EnsureRoot, Members(1, 1))]  # fmt: skip
    for check, refused in refusals:
        with pytest.raises(BadOrigin):
            check.ensure_origin(refused)
        assert not check.allows(refused)
    either = EnsureRoot | EnsureSignedBy([who])
    assert either.ensure_origin(ROOT) is None and either.ensure_origin(Signed(who)) == who
    with pytest.raises(BadOrigin, match="not a member"):
        either.ensure_origin(Signed(b"\x02" * 32))
    assert MapSuccess(EnsureSigned, len).ensure_origin(Signed(who)) == 32
    majority = EnsurePalletOrigin(Members, lambda o: 2 * o.yes > o.total)
    assert majority.ensure_origin(Members(2, 3)) == Members(2, 3)
    for refused in (Members(1, 2), Member(who), ROOT, Signed(who)):
        assert not majority.allows(refused)
    with pytest.raises(TypeError, match="not an EnsureOrigin"):
        call(0, origin="root")(lambda cls, origin: None)


def test_signed_by_member_reads_the_roster_at_dispatch():
    chain = new_chain()
    assert failed_with(run(chain, Club.tx.set_motto(b"hi"), BOB)) == BadOriginError()
    run(chain, Sudo.tx.sudo(Club.tx.add_member(BOB.public_key)))
    events = run(chain, Club.tx.set_motto(b"hi"), BOB)
    assert isinstance(events[-1], ExtrinsicSuccess)
    assert failed_with(run(chain, Club.tx.set_motto(b"no"), CHARLIE)) == BadOriginError()
    with chain.reading():
        assert Club.Roster.get() == [BOB.public_key] and Club.Motto.get() == b"hi"


def test_either_of_root_or_member():
    chain = new_chain()
    assert run(chain, Sudo.tx.sudo(Club.tx.set_motto(b"root")))[-2] == Sudid(Ok(()))
    with chain.reading():
        assert Club.Motto.get() == b"root"


def test_refused_origin_writes_nothing():
    chain = new_chain()
    assert failed_with(run(chain, Club.tx.add_member(BOB.public_key), BOB)) == BadOriginError()
    assert run(chain, Sudo.tx.sudo_as(BOB.public_key, Club.tx.add_member(BOB.public_key)))[-2] == SudoAsDone(
        Err(BadOriginError())
    )
    with chain.reading():
        assert Club.Roster.get() == []


def test_custom_origin_via_a_pallet_and_via_dispatch_as():
    chain = new_chain()
    for who in (ALICE, BOB, CHARLIE):
        run(chain, Sudo.tx.sudo(Club.tx.add_member(who.public_key)))
    run(chain, Club.tx.close(1, Club.tx.set_treasure(7)), BOB)  # 1 of 3: refused inside, close itself succeeds
    with chain.reading():
        assert Club.Treasure.get() == 0
    run(chain, Club.tx.close(2, Club.tx.set_treasure(7)), BOB)
    with chain.reading():
        assert Club.Treasure.get() == 7
    # Root makes up the club's origin with Utility.dispatch_as; the club's origin is no Root, Signed or None
    events = run(chain, Sudo.tx.sudo(Utility.tx.dispatch_as(Members(3, 3), Club.tx.set_treasure(9))))
    assert DispatchedAs(Ok(())) in events
    events = run(chain, Sudo.tx.sudo(Utility.tx.dispatch_as(Members(3, 3), Counter.tx.store(1))))
    assert DispatchedAs(Err(BadOriginError())) in events
    events = run(chain, Sudo.tx.sudo(Utility.tx.dispatch_as(Member(BOB.public_key), Club.tx.set_treasure(1))))
    assert DispatchedAs(Err(BadOriginError())) in events
    with chain.reading():
        assert Club.Treasure.get() == 9


def test_origin_caller_encoding_golden():
    codec = OriginCallerCodec()
    who = b"\x01" * 32
    assert codec.encode(ROOT) == bytes([0, 0])  # system (System's index 0) . Root
    assert codec.encode(Signed(who)) == bytes([0, 1]) + who
    assert codec.encode(NONE) == bytes([0, 2])
    assert codec.encode(Members(2, 3)) == bytes([9, 0, 2, 0, 0, 0, 3, 0, 0, 0])  # Club's index 9
    assert codec.encode(Member(who)) == bytes([9, 1]) + who
    for o in (ROOT, Signed(who), NONE, Members(2, 3), Member(who)):
        assert codec.decode(codec.encode(o)) == o
    call_ = Utility.tx.dispatch_as(Members(2, 3), Counter.tx.store(5))
    assert UtilityRuntime.encode_call(call_) == bytes([5, 3, 9, 0, 2, 0, 0, 0, 3, 0, 0, 0, 2, 0, 5, 0, 0, 0])
    assert UtilityRuntime.decode_call(UtilityRuntime.encode_call(call_)) == call_


# ---------------------------------------------------------------------------------------------
# The base call filter


def test_filters_compose():
    c13, c1, kill = Counter.tx.store(13), Counter.tx.store(1), System.tx.kill_storage([])
    assert Everything(c13) and not Nothing(c1)
    only_counter = calls_of(Counter)
    assert only_counter(c1) and not only_counter(kill) and calls_of(System, "kill_storage")(kill)
    both = InsideBoth(only_counter, EverythingBut(lambda c: c.args == (13,)))
    assert both(c1) and not both(c13) and not both(kill)
    assert allows(Nothing, c1, ROOT) and not allows(Nothing, c1, NONE) and not allows(Nothing, c1, Members(1, 1))
    with adding_filter(lambda c: c is not c1):
        assert not allows(Everything, c1, Signed(bytes(32))) and allows(Everything, c1, ROOT)
    assert allows(Everything, c1, Signed(bytes(32)))


def test_filtered_call_fails_with_call_filtered_and_keeps_the_nonce():
    chain = new_chain()
    events = run(chain, Counter.tx.store(13), BOB)
    assert failed_with(events) == CALL_FILTERED
    assert UtilityRuntime.error_class(CALL_FILTERED) is CallFiltered
    assert UtilityRuntime.describe_error(CALL_FILTERED) == "System.CallFiltered"
    with chain.reading():
        assert Counter.Values.get(BOB.public_key) is None
        assert System.Account.get(BOB.public_key).nonce == 1
    # the filter comes before the origin check: a signed set_storage is filtered, not BadOrigin
    assert failed_with(run(chain, System.tx.set_storage([(b"k", b"v")]), BOB)) == CALL_FILTERED


def test_sudo_bypasses_the_filter_but_sudo_as_does_not():
    chain = new_chain()
    assert run(chain, Sudo.tx.sudo(System.tx.set_storage([(b"k", b"v")])))[-2] == Sudid(Ok(()))
    events = run(chain, Sudo.tx.sudo_as(BOB.public_key, Counter.tx.store(13)))
    assert events[-2] == SudoAsDone(Err(CALL_FILTERED))
    with chain.reading() as st:
        assert st.get(b"k") == b"v" and Counter.Values.get(BOB.public_key) is None


def test_custom_origins_are_filtered_but_dispatch_as_bypasses():
    chain = new_chain()
    run(chain, Sudo.tx.sudo(Club.tx.add_member(BOB.public_key)))
    run(chain, Club.tx.close(1, Club.tx.set_treasure(13)), BOB)  # Members{1, 1}: filtered
    with chain.reading():
        assert Club.Treasure.get() == 0
    run(chain, Club.tx.close(1, Club.tx.set_treasure(14)), BOB)
    with chain.reading():
        assert Club.Treasure.get() == 14
    events = run(chain, Sudo.tx.sudo(Utility.tx.dispatch_as(Members(1, 1), Club.tx.set_treasure(13))))
    assert DispatchedAs(Ok(())) in events  # dispatch_as uses dispatch_bypass_filter, as FRAME's does
    with chain.reading():
        assert Club.Treasure.get() == 13


def test_default_runtime_lets_everything_through():
    from runtime.example import ExampleRuntime

    assert ExampleRuntime.base_call_filter is Everything
