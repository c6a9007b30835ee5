"""Sudo: the key dispatches as Root; everyone else is refused with RequireSudo."""

from frame.dispatch import BadOriginError, ModuleError, ModuleErrorInfo
from frame.system import ExtrinsicFailed, ExtrinsicSuccess, System
from pallets.example import Counter
from pallets.sudo import KeyChanged, KeyRemoved, RequireSudo, Sudid, Sudo, SudoAsDone
from primitives.scale import Err, Ok
from tests.harness.runtime import ALICE, BOB, new_chain, tick


def last_events(chain, n):
    with chain.reading():
        return [r.event.event for r in System.events()[-n:]]


def test_sudo_dispatches_root_calls():
    chain = new_chain()
    key = b"\x99" * 8
    call = System.tx.set_storage([(key, b"v")])
    chain.produce_block([tick(chain)], [chain.sign(Sudo.tx.sudo(call), ALICE)])
    sudid, ok = last_events(chain, 2)
    assert sudid == Sudid(Ok(())) and isinstance(ok, ExtrinsicSuccess)
    with chain.reading() as st:
        assert st.get(key) == b"v"


def test_sudo_reports_inner_failure_but_succeeds():
    chain = new_chain()
    chain.produce_block([tick(chain)], [chain.sign(Sudo.tx.sudo(System.tx.remark(b"x")), ALICE)])
    sudid, ok = last_events(chain, 2)
    assert sudid == Sudid(Err(BadOriginError())) and isinstance(ok, ExtrinsicSuccess)


def test_non_sudo_is_refused_with_require_sudo():
    chain = new_chain()
    chain.produce_block([tick(chain)], [chain.sign(Sudo.tx.sudo(System.tx.set_storage([])), BOB)])
    (failed,) = last_events(chain, 1)
    assert isinstance(failed, ExtrinsicFailed)
    assert failed.dispatch_error == ModuleError(ModuleErrorInfo(1, bytes((RequireSudo.index, 0, 0, 0))))


def test_root_calls_need_root():
    chain = new_chain()
    chain.produce_block([tick(chain)], [chain.sign(System.tx.set_storage([(b"k", b"v")]), ALICE)])
    (failed,) = last_events(chain, 1)
    assert isinstance(failed, ExtrinsicFailed) and failed.dispatch_error == BadOriginError()


def test_sudo_as_set_key_and_remove_key():
    chain = new_chain()
    chain.produce_block([tick(chain)], [chain.sign(Sudo.tx.sudo_as(BOB.public_key, Counter.tx.store(7)), ALICE)])
    assert last_events(chain, 2)[0] == SudoAsDone(Ok(()))
    with chain.reading():
        assert Counter.Values.get(BOB.public_key) == 7
    chain.produce_block([tick(chain)], [chain.sign(Sudo.tx.set_key(BOB.public_key), ALICE)])
    assert last_events(chain, 2)[0] == KeyChanged(ALICE.public_key, BOB.public_key)
    with chain.reading():
        assert Sudo.Key.get() == BOB.public_key
    chain.produce_block([tick(chain)], [chain.sign(Sudo.tx.remove_key(), BOB)])
    assert last_events(chain, 2)[0] == KeyRemoved()
    with chain.reading():
        assert Sudo.Key.get() is None


def test_genesis_key():
    chain = new_chain()
    with chain.reading():
        assert Sudo.Key.get() == ALICE.public_key
        assert System.Account.get(ALICE.public_key).providers == 2  # endowed + sudo key
