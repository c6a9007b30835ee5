"""frame.testing: the test externalities (genesis in memory, block 1), run_to_block's hook order, dispatch's
rollback with the named error, events, try_state, and the helpers refused outside new_test_ext."""

from __future__ import annotations

from typing import ClassVar

import pytest

from frame import ROOT, BadOrigin, Pallet, Signed, StorageValue, construct_runtime
from frame.genesis import GenesisConfigError
from frame.system import System
from frame.testing import (
    NotInTestExt,
    TryStateFailed,
    block_number,
    check_try_state,
    dispatch,
    events,
    new_test_ext,
    reset_events,
    run_to_block,
)
from frame.try_runtime import ensure
from pallets.example import Counter
from pallets.example.pallet import TooLarge, ValueStored
from primitives.types import U32


class Hooks(Pallet):
    """Records the hooks it sees."""

    seen: ClassVar[list[str]] = []
    Last = StorageValue(U32, default=0, doc="The last block on_initialize saw.")

    @classmethod
    def on_initialize(cls, now: int) -> int:
        cls.seen.append(f"init {now}")
        cls.Last.put(now)
        return 0

    @classmethod
    def on_finalize(cls, now: int) -> None:
        cls.seen.append(f"final {now}")

    @classmethod
    def try_state(cls, now: int) -> None:
        ensure(cls.Last.get() <= now, f"Last {cls.Last.get()} is ahead of {now}")


Mock = construct_runtime("Mock", [System, Counter, Hooks])
ALICE = b"\x01" * 32


def test_run_to_block_runs_finalize_then_initialize() -> None:
    Hooks.seen.clear()
    with new_test_ext(Mock, {"system": {"accounts": ["0x" + ALICE.hex()]}}):
        assert block_number() == 1 and Counter.Blocks.get() == 0
        run_to_block(3)
        assert Hooks.seen == ["final 1", "init 2", "final 2", "init 3"]
        assert block_number() == 3 and Counter.Blocks.get() == 2 and Hooks.Last.get() == 3
        check_try_state()
        Hooks.Last.put(9)
        with pytest.raises(TryStateFailed, match="Last 9 is ahead of 3"):
            check_try_state()


def test_dispatch_rolls_back_and_raises_the_named_error() -> None:
    with new_test_ext(Mock) as ext:
        dispatch(Counter.tx.store(42), Signed(ALICE))
        assert Counter.Values.get(ALICE) == 42
        assert events(Counter) == [ValueStored(ALICE, 42)]
        before = ext.storage_root()
        with pytest.raises(TooLarge):
            dispatch(Counter.tx.store(4242), Signed(ALICE))
        assert ext.storage_root() == before and Counter.Values.get(ALICE) == 42
        reset_events()
        assert events() == []


def test_dispatch_raises_the_named_failure_of_a_dispatch_error() -> None:
    """A root-only call from a signed origin raises BadOrigin (FRAME's ``assert_noop!(.., BadOrigin)``), not a bare
    DispatchFailure, and writes nothing; from Root it goes through."""
    set_storage = System.tx.set_storage([(b"key", b"value")])
    with new_test_ext(Mock) as ext:
        before = ext.storage_root()
        with pytest.raises(BadOrigin):
            dispatch(set_storage, Signed(ALICE))
        assert ext.storage_root() == before
        dispatch(set_storage, ROOT)
        assert ext.storage_root() != before


def test_the_state_is_gone_after_the_block_and_bad_genesis_is_refused() -> None:
    with new_test_ext(Mock):
        Counter.Values.insert(ALICE, 1)
    with new_test_ext(Mock):
        assert Counter.Values.get(ALICE) is None
    with pytest.raises(NotInTestExt):
        run_to_block(2)
    with pytest.raises(GenesisConfigError):
        with new_test_ext(Mock, {"nope": {}}):
            pass
