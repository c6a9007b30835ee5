"""Signatures verified in advance, in parallel (`frame.sigbatch`): the same answers as one by one, in the same
order, whatever the split; a dead worker or a check missing from the batch changes nothing but the time."""

from __future__ import annotations

import pytest

from frame import sigbatch
from frame.executive import InvalidBlock
from pallets.inclusion_inherent import InclusionInherent
from primitives import crypto
from primitives.crypto import Keypair
from primitives.parachain import ValidatorSignature
from primitives.types import evolve
from runtime.benchmarks import full_block

KEY = Keypair.create_from_uri("//Batch")


def checks(n: int, bad: set[int]) -> list[tuple[bytes, bytes, bytes]]:
    out = []
    for i in range(n):
        msg = b"message %d" % i
        out.append((KEY.sign(msg), b"other" if i in bad else msg, KEY.public_key))
    return out


@pytest.fixture
def one_worker():
    sigbatch.set_workers(1)
    yield
    sigbatch.set_workers(None)


def test_parallel_batch_matches_one_by_one(one_worker, monkeypatch):
    monkeypatch.setattr(sigbatch, "MIN_BATCH", 8)
    batch = checks(40, {0, 17, 39})
    assert sigbatch.enabled(len(batch))
    results = sigbatch.verify_all(batch)
    assert results == [crypto.verify(*c) for c in batch]
    assert [i for i, ok in enumerate(results) if not ok] == [0, 17, 39]
    assert sigbatch.verify_all(batch) == results  # the pool is reused


def test_small_batches_and_no_workers_stay_here(monkeypatch):
    sigbatch.set_workers(0)
    try:
        assert not sigbatch.enabled(10_000)
        assert sigbatch.verify_all(checks(3, {1})) == [True, False, True]
    finally:
        sigbatch.set_workers(None)
    assert not sigbatch.enabled(sigbatch.MIN_BATCH - 1)


def test_a_dead_worker_is_replaced_by_verifying_here(one_worker, monkeypatch):
    monkeypatch.setattr(sigbatch, "MIN_BATCH", 8)
    batch = checks(20, {5, 15})
    sigbatch.verify_all(batch)  # starts the worker
    for proc in sigbatch._get_pool():
        proc.kill()
        proc.wait()
    assert sigbatch.verify_all(batch) == [i not in (5, 15) for i in range(20)]


def test_known_results_answer_first_and_only_for_what_they_hold(monkeypatch):
    calls = []
    real = crypto.sr25519

    class Counting:
        def verify(self, *args):
            calls.append(args)
            return real.verify(*args)

    (good,) = checks(1, set())
    other = checks(2, {1})[1]
    monkeypatch.setattr(crypto, "sr25519", Counting())
    with sigbatch.preverified([good]):
        assert crypto.verify(*good) and calls == []
        assert not crypto.verify(*other) and len(calls) == 1  # not in the batch: verified on the spot
    assert crypto.verify(*good) and len(calls) == 2  # outside the block: verified again
    with sigbatch.suspended():
        assert not sigbatch.enabled(10**6)


def test_blocks_execute_the_same_with_parallel_verification(one_worker, monkeypatch):
    chain, block = full_block(12, 3)
    sigbatch.set_workers(0)
    one_by_one = chain.executive.execute_block(chain.backend, chain.head, block).storage_root()
    sigbatch.set_workers(1)
    monkeypatch.setattr(sigbatch, "MIN_BATCH", 4)
    assert chain.executive.execute_block(chain.backend, chain.head, block).storage_root() == one_by_one


def test_a_bad_signature_is_still_named_with_parallel_verification(one_worker, monkeypatch):
    monkeypatch.setattr(sigbatch, "MIN_BATCH", 4)
    chain, block = full_block(12, 3)
    from frame import extrinsic as xt
    from frame.trie import ordered_trie_root
    from primitives.scale import bytes_codec

    decoded, _ = xt.decode(chain.runtime, block.extrinsics[0])
    bitfields, candidates = decoded.call.args
    bitfields[7] = evolve(bitfields[7], signature=ValidatorSignature(bytes(64)))
    encoded = xt.encode(chain.runtime, xt.unsigned(InclusionInherent.tx.inclusion(bitfields, candidates)))
    header = evolve(block.header, extrinsics_root=ordered_trie_root([bytes_codec.encode(encoded)]))
    with pytest.raises(InvalidBlock, match="InvalidBitfieldSignature"):
        chain.executive.execute_block(chain.backend, chain.head, type(block)(header, (encoded,)))
