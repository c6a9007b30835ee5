"""The pool's rules on a stub client: future -> ready when the gap is filled, replacement by priority, pruning and
revalidation on import, bans, limits, and the statuses watchers see."""

import pytest

from frame import extrinsic as xt
from frame.block import Header
from frame.extensions import nonce_tag
from frame.transaction_validity import ValidTransaction
from node.client import BlockNotification
from node.txpool import (
    AlreadyImported,
    BadFormat,
    ImmediatelyDropped,
    InvalidTx,
    PoolLimits,
    TemporarilyBanned,
    TooLowPriority,
    TxPool,
)
from primitives.hashing import blake2_256
from primitives.scale import bytes_codec

WHO = b"\x01" * 32


class StubClient:
    """Transactions are b"nonce:priority[:bad]"; the account's nonce is `self.nonce`."""

    def __init__(self):
        self.nonce = 0
        self.longevity = 2**64 - 1
        self.imports, self.finals = [], []

    def validate_transaction(self, source, inner):
        nonce, priority, *bad = inner.decode().split(":")
        if bad:
            raise xt.BadProof("bad")
        n = int(nonce)
        if n < self.nonce:
            raise xt.Stale("stale")
        requires = (nonce_tag(WHO, n - 1),) if n > self.nonce else ()
        return ValidTransaction(int(priority), requires, (nonce_tag(WHO, n),), self.longevity)

    def account_nonce(self, who):
        return self.nonce

    def best_header(self):
        return Header(bytes(32), self.nonce, bytes(32), bytes(32))

    def on_import(self, f):
        self.imports.append(f)

    def on_finalized(self, f):
        self.finals.append(f)

    def import_block(self, txs):
        """A block including `txs` (inner bytes) with the account nonce moved past them."""
        self.nonce += len(txs)
        note = BlockNotification(bytes([self.nonce]) * 32, Header(bytes(32), self.nonce, bytes(32), bytes(32)), True,
                                 tuple(txs))  # fmt: skip
        for f in self.imports:
            f(note)
        for f in self.finals:
            f(note)
        return note


def tx(text):
    return bytes_codec.encode(text.encode())


@pytest.fixture
def pool():
    return TxPool(StubClient())


def statuses(pool, h):
    seen = []
    pool.watch(h, lambda s, final: seen.append((s, final)))
    return seen


def test_future_becomes_ready_when_the_gap_is_filled(pool):
    h2 = pool.submit(tx("1:0"))
    assert pool.status() == (0, 1) and pool.state_of(h2) == "future"
    seen = statuses(pool, h2)
    h1 = pool.submit(tx("0:0"))
    assert pool.status() == (2, 0)
    assert [t.hash for t in pool.ready()] == [h1, h2]  # the required one first
    assert seen == [("future", False), ("ready", False)]
    assert pool.next_nonce(WHO) == 2


def test_replacement_needs_a_higher_priority(pool):
    low = pool.submit(tx("0:1"))
    seen = statuses(pool, low)
    with pytest.raises(TooLowPriority) as e:
        pool.submit(tx("0:0"))
    assert e.value.code == 1014
    high = pool.submit(tx("0:5"))
    assert [t.hash for t in pool.ready()] == [high]
    assert seen[-1] == ({"usurped": "0x" + high.hex()}, True)


def test_pruning_revalidation_and_ban_on_import(pool):
    a, b, c = pool.submit(tx("0:0")), pool.submit(tx("1:0")), pool.submit(tx("2:0"))
    seen_a, seen_c = statuses(pool, a), statuses(pool, c)
    note = pool.client.import_block([b"0:0", b"1:0"])
    block = "0x" + note.hash.hex()
    assert seen_a[-2:] == [({"inBlock": block}, False), ({"finalized": block}, True)]
    assert [t.hash for t in pool.ready()] == [c] and seen_c == [("ready", False)]
    with pytest.raises(TemporarilyBanned):  # included transactions are banned
        pool.submit(tx("0:0"))
    pool.client.nonce = 5  # c is now stale: revalidation drops it
    pool.client.import_block([])
    assert len(pool) == 0 and seen_c[-1] == ("invalid", True)
    assert b is not None


def test_invalid_is_banned_and_duplicates_refused(pool):
    with pytest.raises(InvalidTx) as e:
        pool.submit(tx("0:0:bad"))
    assert e.value.code == 1010 and e.value.data == "Transaction has a bad signature"
    with pytest.raises(TemporarilyBanned):
        pool.submit(tx("0:0:bad"))
    h = pool.submit(tx("0:0"))
    with pytest.raises(AlreadyImported):
        pool.submit(tx("0:0"))
    with pytest.raises(BadFormat):
        pool.submit(b"\xff")
    assert pool.remove([h]) == [h] and len(pool) == 0
    assert blake2_256(tx("0:0")) == h


def test_limits_by_count_and_bytes():
    pool = TxPool(StubClient(), PoolLimits(future_count=1, ready_bytes=20))
    pool.submit(tx("5:0"))
    with pytest.raises(ImmediatelyDropped):
        pool.submit(tx("6:0"))
    pool.submit(tx("0:0"))
    with pytest.raises(ImmediatelyDropped):
        pool.submit(tx("0:9" + " " * 30))
    assert pool.status() == (1, 1)


def test_a_full_queue_evicts_a_lower_priority_for_a_higher_one():
    pool = TxPool(StubClient(), PoolLimits(future_count=2))
    low, mid = pool.submit(tx("5:1")), pool.submit(tx("6:2"))
    seen_low = statuses(pool, low)
    with pytest.raises(ImmediatelyDropped):  # not higher than the lowest: refused, nothing leaves
        pool.submit(tx("7:1"))
    assert pool.status() == (0, 2)
    high = pool.submit(tx("8:3"))
    assert {t.hash for t in pool.pending()} == {mid, high}
    assert seen_low[-1] == ("dropped", True)
    with pytest.raises(ImmediatelyDropped):  # bigger than the whole queue: refused even with a high priority
        TxPool(StubClient(), PoolLimits(ready_bytes=10)).submit(tx("0:9" + " " * 30))


def test_a_transaction_expires_after_its_longevity():
    client = StubClient()
    pool = TxPool(client)
    client.longevity = 2
    short = pool.submit(tx("3:0"))  # future: waits for nonces 0..2, valid until block 0 + 2
    client.longevity = 2**64 - 1
    other = pool.submit(tx("4:0"))
    seen = statuses(pool, short)
    client.nonce = 3  # the stub's block number is its nonce: block 3 > 2, while revalidation alone keeps it
    client.import_block([])
    assert seen[-1] == ("invalid", True) and pool.get(short) is None
    assert pool.get(other) is not None
    with pytest.raises(TemporarilyBanned):
        pool.submit(tx("3:0"))
