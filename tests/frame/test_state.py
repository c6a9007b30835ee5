"""OverlayedState: reads through the overlay, nested transactions, iteration, append, roots, counters."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from frame.backend import MemoryBackend, SqliteBackend
from frame.state import (
    TRANSACTIONAL_LIMIT,
    NoOpenTransaction,
    OverlayedState,
    ReadOnlyViolation,
    TransactionLimitReached,
    TransactionStillOpen,
    append_to_vec,
)
from frame.trie import EMPTY_ROOT, trie_root
from primitives.scale import encode_compact


def make(items: dict[bytes, bytes] | None = None) -> OverlayedState:
    return OverlayedState(MemoryBackend(items or {}))


def snapshot(s: OverlayedState, prefix: bytes = b"") -> dict[bytes, bytes]:
    return dict(s.iter_prefix(prefix))


# ---------------------------------------------------------------------------------------------
# Reads and writes


def test_get_falls_through_to_backend_and_overlay_shadows_it() -> None:
    s = make({b"a": b"1", b"b": b"2"})
    assert s.get(b"a") == b"1" and s.exists(b"a")
    assert s.get(b"z") is None and not s.exists(b"z")
    s.set(b"a", b"10")
    s.delete(b"b")
    s.set(b"c", b"3")
    assert (s.get(b"a"), s.get(b"b"), s.get(b"c")) == (b"10", None, b"3")
    assert not s.exists(b"b")
    assert s.backend.get(b"a") == b"1" and s.backend.get(b"b") == b"2"  # backend untouched
    assert s.changes() == {b"a": b"10", b"b": None, b"c": b"3"}


def test_set_accepts_bytearray_and_refuses_other_types() -> None:
    s = make()
    s.set(b"k", bytearray(b"v"))  # type: ignore[arg-type]
    assert type(s.get(b"k")) is bytes
    with pytest.raises(TypeError, match="must be bytes"):
        s.set(b"k", "v")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must be bytes"):
        s.set("k", b"v")  # type: ignore[arg-type]
    assert s.get(b"k") == b"v"


def test_empty_value_is_a_value() -> None:
    s = make()
    s.set(b"k", b"")
    assert s.exists(b"k") and s.get(b"k") == b""
    assert s.storage_root() != EMPTY_ROOT


# ---------------------------------------------------------------------------------------------
# Transactions


def test_commit_merges_into_parent() -> None:
    s = make()
    s.start_transaction()
    s.set(b"a", b"1")
    s.start_transaction()
    s.set(b"b", b"2")
    s.set(b"a", b"11")
    assert s.transaction_depth == 2
    s.commit_transaction()
    assert s.transaction_depth == 1
    assert (s.get(b"a"), s.get(b"b")) == (b"11", b"2")
    s.commit_transaction()
    assert s.transaction_depth == 0
    assert s.changes() == {b"a": b"11", b"b": b"2"}


def test_rollback_of_inner_keeps_outer_writes() -> None:
    s = make({b"a": b"0"})
    s.start_transaction()
    s.set(b"a", b"1")
    s.set(b"x", b"x")
    s.start_transaction()
    s.set(b"a", b"2")
    s.set(b"b", b"2")
    s.delete(b"x")
    s.rollback_transaction()
    assert (s.get(b"a"), s.get(b"b"), s.get(b"x")) == (b"1", None, b"x")
    assert list(s.keys_with_prefix(b"")) == [b"a", b"x"]
    s.commit_transaction()
    assert s.changes() == {b"a": b"1", b"x": b"x"}


def test_rollback_of_outer_discards_committed_inner_writes() -> None:
    s = make({b"a": b"0"})
    s.set(b"d", b"depth0")
    s.start_transaction()
    s.start_transaction()
    s.set(b"a", b"2")
    s.set(b"b", b"2")
    s.delete(b"d")
    s.commit_transaction()
    assert (s.get(b"a"), s.get(b"b"), s.get(b"d")) == (b"2", b"2", None)
    s.rollback_transaction()
    assert (s.get(b"a"), s.get(b"b"), s.get(b"d")) == (b"0", None, b"depth0")
    assert s.changes() == {b"d": b"depth0"}
    assert snapshot(s) == {b"a": b"0", b"d": b"depth0"}


def test_commit_keeps_the_parents_earlier_undo_entry() -> None:
    # the parent wrote k first; the child overwrote it and committed; rolling back the parent must restore
    # what k was before the parent, not the parent's own value
    s = make({b"k": b"base"})
    s.start_transaction()
    s.set(b"k", b"p")
    s.set(b"other", b"o")  # parent log not empty: exercises the merge path
    s.start_transaction()
    s.set(b"k", b"c")
    s.set(b"new", b"n")
    s.commit_transaction()
    s.rollback_transaction()
    assert s.get(b"k") == b"base" and s.get(b"new") is None and s.get(b"other") is None
    assert s.changes() == {}


def test_deletes_and_resets_across_layers() -> None:
    s = make({b"k": b"v0"})
    s.start_transaction()
    s.delete(b"k")
    assert s.get(b"k") is None
    s.start_transaction()
    s.set(b"k", b"v2")
    assert s.get(b"k") == b"v2"
    s.start_transaction()
    s.delete(b"k")
    s.delete(b"k")  # deleting twice in one layer is one change
    s.rollback_transaction()
    assert s.get(b"k") == b"v2"
    s.rollback_transaction()
    assert s.get(b"k") is None
    s.rollback_transaction()
    assert s.get(b"k") == b"v0"
    assert s.changes() == {}

    s.set(b"k", b"v1")  # at depth 0
    s.start_transaction()
    s.delete(b"k")
    s.commit_transaction()
    assert s.changes() == {b"k": None}
    assert s.commit_to_backend() == trie_root([])
    assert s.backend.get(b"k") is None


def test_commit_or_rollback_with_none_open() -> None:
    s = make()
    with pytest.raises(NoOpenTransaction, match="commit_transaction"):
        s.commit_transaction()
    with pytest.raises(NoOpenTransaction, match="rollback_transaction"):
        s.rollback_transaction()
    s.start_transaction()
    s.commit_transaction()
    with pytest.raises(NoOpenTransaction):
        s.commit_transaction()
    assert s.transaction_depth == 0


def test_depth_limit_is_255() -> None:
    s = make()
    for i in range(TRANSACTIONAL_LIMIT):
        s.start_transaction()
        s.set(b"k%d" % i, b"v")
    assert s.transaction_depth == TRANSACTIONAL_LIMIT == 255
    with pytest.raises(TransactionLimitReached, match="255"):
        s.start_transaction()
    assert s.transaction_depth == 255
    s.commit_transaction()  # room for one more again
    s.start_transaction()
    for _ in range(TRANSACTIONAL_LIMIT):
        s.rollback_transaction()
    assert s.changes() == {}


def test_net_changes_need_depth_zero() -> None:
    s = make()
    s.set(b"a", b"1")
    s.start_transaction()
    with pytest.raises(TransactionStillOpen, match="1 storage transaction"):
        s.changes()
    with pytest.raises(TransactionStillOpen):
        s.commit_to_backend()
    assert s.backend.get(b"a") is None
    s.commit_transaction()
    assert s.changes() == {b"a": b"1"}


def test_transaction_context_manager() -> None:
    s = make()
    with s.transaction():
        s.set(b"a", b"1")
    with pytest.raises(ZeroDivisionError), s.transaction():
        s.set(b"b", b"2")
        1 / 0  # noqa: B018
    assert s.transaction_depth == 0
    assert s.changes() == {b"a": b"1"}


def test_discard_drops_everything_and_closes_layers() -> None:
    s = make({b"a": b"0"})
    s.set(b"a", b"1")
    s.start_transaction()
    s.set(b"b", b"2")
    s.discard()
    assert s.transaction_depth == 0 and s.changes() == {}
    assert snapshot(s) == {b"a": b"0"}
    assert s.storage_root() == s.backend.root


# ---------------------------------------------------------------------------------------------
# Iteration and clearing


def mixed() -> OverlayedState:
    """Backend p1 p2 p3 q1 r; overlay: p2 deleted, p25 added, p3 changed, p0 added then deleted, pz added."""
    s = make({b"p1": b"1", b"p2": b"2", b"p3": b"3", b"q1": b"q", b"r": b"r"})
    s.delete(b"p2")
    s.set(b"p25", b"25")
    s.set(b"p3", b"33")
    s.set(b"p0", b"0")
    s.delete(b"p0")
    s.set(b"pz", b"z")
    return s


def test_iter_prefix_merges_overlay_and_backend() -> None:
    s = mixed()
    assert list(s.iter_prefix(b"p")) == [(b"p1", b"1"), (b"p25", b"25"), (b"p3", b"33"), (b"pz", b"z")]
    assert list(s.keys_with_prefix(b"p2")) == [b"p25"]
    assert list(s.keys_with_prefix(b"q")) == [b"q1"]
    assert list(s.keys_with_prefix(b"x")) == []
    assert list(s.keys_with_prefix(b"")) == [b"p1", b"p25", b"p3", b"pz", b"q1", b"r"]
    assert list(s.iter_prefix(b"p3")) == [(b"p3", b"33")]


def test_next_key_skips_deleted_keys() -> None:
    s = mixed()
    assert s.next_key(b"") == b"p1"
    assert s.next_key(b"p1") == b"p25"  # p2 deleted
    assert s.next_key(b"p2") == b"p25"  # a key that does not exist
    assert s.next_key(b"p3") == b"pz"
    assert s.next_key(b"pz") == b"q1"
    assert s.next_key(b"r") is None
    s.delete(b"r")
    s.delete(b"q1")
    assert s.next_key(b"pz") is None


def test_iteration_sees_writes_made_while_iterating() -> None:
    s = mixed()
    seen = []
    for k, v in s.iter_prefix(b"p"):
        seen.append((k, v))
        if k == b"p1":
            s.delete(b"p25")  # ahead: skipped
            s.set(b"p4", b"4")  # ahead: seen
            s.set(b"p0", b"behind")  # behind the cursor: not revisited
            s.set(b"p3", b"333")  # ahead, changed: the new value
        s.set(k, v + b"!")  # the current key: fine
    assert seen == [(b"p1", b"1"), (b"p3", b"333"), (b"p4", b"4"), (b"pz", b"z")]
    assert s.get(b"p1") == b"1!" and s.get(b"pz") == b"z!"


def test_iteration_survives_a_backend_commit() -> None:
    s = make({b"a%03d" % i: b"v" for i in range(600)})
    it = s.keys_with_prefix(b"a")
    first = [next(it) for _ in range(300)]
    s.set(b"a299x", b"new")
    s.delete(b"a400")
    s.commit_to_backend()
    rest = list(it)
    expected = [b"a%03d" % i for i in range(300, 600) if i != 400]
    assert first == [b"a%03d" % i for i in range(300)]
    assert rest == [b"a299x", *expected]  # a299x sorts after the cursor a299, before a300


def test_clear_prefix_counts_existing_keys_and_honours_limit() -> None:
    s = mixed()
    assert s.clear_prefix(b"p", limit=2) == 2  # p1, p25
    assert list(s.keys_with_prefix(b"p")) == [b"p3", b"pz"]
    assert s.clear_prefix(b"p", limit=0) == 0
    assert s.clear_prefix(b"p") == 2
    assert s.clear_prefix(b"p") == 0
    assert list(s.keys_with_prefix(b"")) == [b"q1", b"r"]
    with pytest.raises(ValueError):
        s.clear_prefix(b"q", -1)
    s.commit_to_backend()
    assert dict(s.backend.iter_from(b"")) == {b"q1": b"q", b"r": b"r"}


def test_clear_prefix_rolls_back() -> None:
    s = mixed()
    before = snapshot(s)
    s.start_transaction()
    assert s.clear_prefix(b"") == 6
    assert snapshot(s) == {}
    s.rollback_transaction()
    assert snapshot(s) == before


# ---------------------------------------------------------------------------------------------
# Append


def vec(*items: bytes) -> bytes:
    return encode_compact(len(items)) + b"".join(items)


def test_append_starts_and_extends_a_vec() -> None:
    s = make({b"e": vec(b"\x01\x00", b"\x02\x00")})
    s.append(b"e", b"\x03\x00")
    assert s.get(b"e") == vec(b"\x01\x00", b"\x02\x00", b"\x03\x00")
    s.append(b"new", b"\xaa")
    assert s.get(b"new") == b"\x04\xaa"
    s.set(b"empty", b"")
    s.append(b"empty", b"\xbb")
    assert s.get(b"empty") == b"\x04\xbb"


def test_append_across_compact_width_boundaries() -> None:
    s = make()
    items: list[bytes] = []
    for i in range(70):  # 63 -> 64 changes the prefix from 1 to 2 bytes
        item = bytes([i, 0xEE])
        s.append(b"v", item)
        items.append(item)
        assert s.get(b"v") == vec(*items)
    big = encode_compact(16383) + b"x"  # the items need not be there: only the prefix is read
    assert append_to_vec(big, b"y") == encode_compact(16384) + b"xy"
    top = encode_compact(2**30 - 1)
    assert append_to_vec(top, b"") == encode_compact(2**30)


@pytest.mark.parametrize(
    "bad",
    [
        b"\x01",  # two-byte mode, truncated
        b"\x01\x00",  # non-canonical (0 in two bytes)
        b"\x03\xff\xff\xff\xff",  # u32::MAX items: cannot grow
        b"\x07\x00\x00\x00\x00\x01",  # more than a u32
    ],
)
def test_append_to_undecodable_prefix_replaces_with_one_item(bad: bytes) -> None:
    s = make({b"v": bad})
    s.append(b"v", b"\x09")
    assert s.get(b"v") == b"\x04\x09"


def test_append_rolls_back() -> None:
    s = make({b"v": vec(b"a")})
    s.start_transaction()
    s.append(b"v", b"b")
    s.append(b"v", b"c")
    s.rollback_transaction()
    assert s.get(b"v") == vec(b"a")


# ---------------------------------------------------------------------------------------------
# Read-only


def test_read_only_refuses_every_write() -> None:
    s = make({b"a": b"1"})
    s.set(b"b", b"2")
    s.read_only = True
    for write in (
        lambda: s.set(b"a", b"x"),
        lambda: s.delete(b"a"),
        lambda: s.append(b"a", b"x"),
        lambda: s.clear_prefix(b""),
        lambda: s.commit_to_backend(),
    ):
        with pytest.raises(ReadOnlyViolation):
            write()
    assert (s.get(b"a"), s.get(b"b")) == (b"1", b"2")
    assert list(s.keys_with_prefix(b"")) == [b"a", b"b"]
    s.start_transaction()  # layers may still be opened and closed
    s.rollback_transaction()
    s.read_only = False
    s.set(b"a", b"x")
    assert OverlayedState(MemoryBackend(), read_only=True).read_only


# ---------------------------------------------------------------------------------------------
# Roots and the backend commit


def test_storage_root_leaves_the_backend_alone_and_is_cached() -> None:
    s = make({b"doe": b"reindeer", b"dog": b"puppy"})
    backend_root = s.backend.root
    assert s.storage_root() == backend_root
    s.set(b"dogglesworth", b"cat")
    root = s.storage_root()
    # the upstream vector (sp-state-machine basic.rs commit_should_work)
    assert root.hex() == "39245109cef3758c2eed2ccba8d9b370a917850af3824bc8348d505df2c298fa"
    assert s.backend.root == backend_root and s.backend.get(b"dogglesworth") is None
    assert s.storage_root() is root  # cached
    s.start_transaction()
    s.set(b"x", b"y")
    assert s.storage_root() == trie_root(snapshot(s).items())  # open layers count
    s.rollback_transaction()
    assert s.storage_root() == root
    assert s.commit_to_backend() == root
    assert s.backend.root == root and s.changes() == {}
    assert s.storage_root() == root


def test_commit_to_backend_then_more_blocks() -> None:
    s = make()
    expected: dict[bytes, bytes] = {}
    for block in range(5):
        for i in range(20):
            k = b"k%02d" % ((block * 7 + i) % 30)
            if i % 4 == 3:
                s.delete(k)
                expected.pop(k, None)
            else:
                v = b"%d-%d" % (block, i)
                s.set(k, v)
                expected[k] = v
        assert s.commit_to_backend() == trie_root(expected.items())
        assert dict(s.backend.iter_from(b"")) == expected
    assert s.commit_to_backend() == s.backend.root  # nothing changed: no backend commit needed


def test_failed_backend_commit_keeps_the_overlay() -> None:
    class Failing(MemoryBackend):
        def commit(self, changes):
            raise RuntimeError("disk full")

    s = OverlayedState(Failing({b"a": b"1"}))
    s.set(b"a", b"2")
    with pytest.raises(RuntimeError):
        s.commit_to_backend()
    assert s.changes() == {b"a": b"2"} and s.backend.get(b"a") == b"1"


# ---------------------------------------------------------------------------------------------
# Counters


def test_counters() -> None:
    s = make({b"a": b"1", b"b": b"2"})
    s.get(b"a")
    s.exists(b"zz")
    assert (s.reads, s.overlay_reads, s.writes) == (2, 0, 0)
    s.set(b"a", b"x")
    s.set(b"a", b"y")
    s.delete(b"c")
    s.append(b"d", b"\x01")  # reads d from the backend, writes it
    assert s.writes == 3  # a, c, d
    assert s.reads == 3
    s.get(b"a")
    s.exists(b"c")
    assert s.overlay_reads == 2
    s.reset_counters()
    assert (s.reads, s.overlay_reads, s.writes) == (0, 0, 0)
    assert list(s.keys_with_prefix(b"")) == [b"a", b"b", b"d"]
    assert (s.reads, s.overlay_reads) == (1, 2)


# ---------------------------------------------------------------------------------------------
# Model-based: OverlayedState against a stack of dict copies

KEYS = st.lists(st.sampled_from([b"\x00", b"\x01", b"\x12", b"\xff"]), max_size=3).map(b"".join)
VALUES = st.binary(max_size=40)  # crosses the 33-byte threshold of V1 hashed values
ITEMS = st.sampled_from([b"", b"\x00", b"\xab\xcd"])


class OverlayMachine(RuleBasedStateMachine):
    """The model: `base` is what the backend holds; `stack[-1]` the current state; one copy per open layer."""

    use_sqlite = False

    @initialize(items=st.dictionaries(KEYS, VALUES, max_size=8))
    def setup(self, items: dict[bytes, bytes]) -> None:
        if self.use_sqlite:
            self.backend = SqliteBackend(":memory:")
            self.backend.commit(dict(items))
        else:
            self.backend = MemoryBackend(items)  # type: ignore[assignment]
        self.state = OverlayedState(self.backend)
        self.base = dict(items)
        self.stack = [dict(items)]

    def teardown(self) -> None:
        if self.use_sqlite and hasattr(self, "backend"):
            self.backend.close()

    @property
    def cur(self) -> dict[bytes, bytes]:
        return self.stack[-1]

    @rule(key=KEYS, value=VALUES)
    def set(self, key: bytes, value: bytes) -> None:
        self.state.set(key, value)
        self.cur[key] = value

    @rule(key=KEYS)
    def delete(self, key: bytes) -> None:
        self.state.delete(key)
        self.cur.pop(key, None)

    @rule(key=KEYS, item=ITEMS)
    def append(self, key: bytes, item: bytes) -> None:
        self.state.append(key, item)
        self.cur[key] = append_to_vec(self.cur.get(key), item)

    @rule(prefix=KEYS, limit=st.none() | st.integers(0, 3))
    def clear_prefix(self, prefix: bytes, limit: int | None) -> None:
        doomed = sorted(k for k in self.cur if k.startswith(prefix))[:limit]
        assert self.state.clear_prefix(prefix, limit) == len(doomed)
        for k in doomed:
            del self.cur[k]

    @precondition(lambda self: len(self.stack) < 6)
    @rule()
    def start(self) -> None:
        self.state.start_transaction()
        self.stack.append(dict(self.cur))

    @precondition(lambda self: len(self.stack) > 1)
    @rule()
    def commit(self) -> None:
        self.state.commit_transaction()
        top = self.stack.pop()
        self.stack[-1] = top

    @precondition(lambda self: len(self.stack) > 1)
    @rule()
    def rollback(self) -> None:
        self.state.rollback_transaction()
        self.stack.pop()

    @precondition(lambda self: len(self.stack) == 1)
    @rule()
    def commit_to_backend(self) -> None:
        root = self.state.commit_to_backend()
        self.base = dict(self.cur)
        assert root == trie_root(self.base.items())
        assert dict(self.backend.iter_from(b"")) == self.base

    @precondition(lambda self: len(self.stack) == 1)
    @rule()
    def discard(self) -> None:
        self.state.discard()
        self.stack = [dict(self.base)]

    @rule(key=KEYS)
    def check_get(self, key: bytes) -> None:
        assert self.state.get(key) == self.cur.get(key)
        assert self.state.exists(key) == (key in self.cur)
        later = sorted(k for k in self.cur if k > key)
        assert self.state.next_key(key) == (later[0] if later else None)

    @rule(prefix=KEYS)
    def check_iter(self, prefix: bytes) -> None:
        expected = sorted((k, v) for k, v in self.cur.items() if k.startswith(prefix))
        assert list(self.state.iter_prefix(prefix)) == expected

    @invariant()
    def depth_and_root(self) -> None:
        if not hasattr(self, "state"):
            return
        assert self.state.transaction_depth == len(self.stack) - 1
        assert self.state.storage_root() == trie_root(self.cur.items())
        if len(self.stack) == 1:
            base, cur = self.base, self.cur
            expected = {k: cur.get(k) for k in base.keys() | cur.keys() if base.get(k) != cur.get(k)}
            net = self.state.changes()
            # the net change set may also carry no-op entries (re-set to the backend value, delete of absent)
            assert {k: v for k, v in net.items() if base.get(k) != v} == expected


class SqliteOverlayMachine(OverlayMachine):
    use_sqlite = True


_machine_settings = settings(
    max_examples=120,
    stateful_step_count=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

TestOverlayModel = OverlayMachine.TestCase
TestOverlayModel.settings = _machine_settings
TestOverlayModelSqlite = SqliteOverlayMachine.TestCase
TestOverlayModelSqlite.settings = settings(_machine_settings, max_examples=40)


# ---------------------------------------------------------------------------------------------
# Stacking: an overlay on an uncommitted overlay (a block built on a block not yet written down)


def test_overlay_on_overlay() -> None:
    parent = make({b"a": b"1", b"b": b"2", b"c": b"3"})
    parent.set(b"b", b"22")
    parent.delete(b"c")
    parent.set(b"d", b"4")
    parent_root = parent.storage_root()
    child = OverlayedState(parent)
    assert child.get(b"b") == b"22" and child.get(b"c") is None
    child.delete(b"a")
    child.set(b"c", b"33")
    child.set(b"e", b"5")
    expected = {b"b": b"22", b"c": b"33", b"d": b"4", b"e": b"5"}
    assert snapshot(child) == expected
    assert child.next_key(b"") == b"b"
    assert child.storage_root() == trie_root(expected.items())
    assert parent.storage_root() == parent_root and snapshot(parent) == {b"a": b"1", b"b": b"22", b"d": b"4"}
    assert child.commit_to_backend() == trie_root(expected.items()) == parent.storage_root()
    assert snapshot(parent) == expected and len(parent) == 4
    assert parent.backend.get(b"a") == b"1"  # still only in the parent's overlay
    parent.commit_to_backend()
    assert dict(parent.backend.iter_from(b"")) == expected
    assert bool(OverlayedState(MemoryBackend()))  # empty, yet not falsy
