"""Proof-size (PoV) estimates of benchmarks (reference frame-runtime-dev.md section 7): FRAME's System.Account
numbers, a MaxEncodedLen item, a Measured (unbounded) item, ``--default-pov-mode``, and generated weight functions
returning both dimensions. No timing is asserted."""

from __future__ import annotations

from collections.abc import Generator

import pytest

from frame import Hasher, Pallet, StorageMap, StorageValue, call, construct_runtime, ensure_root
from frame.benchmarking import Benchmarks, ExtrinsicCall, Linear, extrinsic_call, render_weights, run_benchmark
from frame.benchmarking.pov import (
    ItemProof,
    PovMode,
    estimate_proof,
    item_proofs,
    parse_pov_mode,
    trie_layers,
)
from frame.dispatch import ROOT, Origin
from frame.system import System
from frame.weights import DB_WEIGHT, Weight
from primitives.types import U32


def test_system_account_is_pinned_to_frames_numbers():
    proofs = item_proofs([System])
    account = proofs["System.Account"]
    assert (account.max_values, account.max_size, account.mode) == (None, 128, PovMode.MAX_ENCODED_LEN)
    assert account.added == 5 * 15 * 33 + 128 == 2603
    assert account.comment() == ("Proof: System.Account (max_values: None, max_size: Some(128), added: 2603, "
                                 "mode: MaxEncodedLen)")  # fmt: skip
    key = System.Account.key(bytes(32))
    label = {key: "System.Account", key[:-1] + b"\x01": "System.Account"}.__getitem__
    assert estimate_proof([(key, 80)], label, proofs) == 3593  # 1 read
    assert estimate_proof([(key, 80), (key[:-1] + b"\x01", 80)], label, proofs) == 6196  # 2 reads
    assert estimate_proof([], label, proofs) == 0  # no read: no additional trie layers either


def test_trie_layers_and_modes():
    assert [trie_layers(n) for n in (1, 16, 17, 256, 257, 65_536, 1_048_576, 1_048_577)] == [1, 1, 2, 2, 3, 4, 5, 6]
    assert trie_layers(None) == 5  # a map: 10^6 values in the worst case
    assert parse_pov_mode("measured") == PovMode.MEASURED and parse_pov_mode("MaxEncodedLen") == "MaxEncodedLen"
    with pytest.raises(ValueError, match="unknown PoV mode"):
        parse_pov_mode("guess")
    value = ItemProof("P.V", 1, 16, PovMode.MAX_ENCODED_LEN)
    assert value.added == 495 + 16 and value.estimate(2, 3) == 2 * 511
    assert ItemProof("P.V", 1, 16, PovMode.MEASURED).estimate(2, 3) == 2 * 495 + 3
    assert ItemProof("P.V", 1, 16, PovMode.IGNORED).estimate(2, 3) == 0


class Proofs(Pallet):
    """One bounded map and one unbounded value, to read."""

    name = "Proofs"
    Items = StorageMap(Hasher.Twox64Concat, U32, U32, doc="Bounded: key 8 + 4 bytes, value 4.")
    Blob = StorageValue(list[U32], default=list, unbounded=True, doc="Unbounded: no max encoded length.")

    @call(0)
    def read_items(cls, origin: Origin, n: U32) -> None:
        """Read n items."""
        ensure_root(origin)
        for i in range(n):
            cls.Items.get(i)

    @call(1)
    def read_blob(cls, origin: Origin) -> None:
        """Read the blob."""
        ensure_root(origin)
        cls.Blob.get()


Runtime = construct_runtime("ProofTest", [System, Proofs])
bench = Benchmarks(Proofs)


@bench(n=Linear(0, 8))
def read_items(n: int) -> Generator[ExtrinsicCall, None, None]:
    for i in range(n):
        Proofs.Items.insert(i, i)
    yield extrinsic_call(Proofs.tx.read_items(n), ROOT)


@bench(n=Linear(1, 100))
def read_blob(n: int) -> Generator[ExtrinsicCall, None, None]:
    Proofs.Blob.put(list(range(n)))
    yield extrinsic_call(Proofs.tx.read_blob(), ROOT)


def run(name: str, **kw):
    return run_benchmark(Runtime, bench[name], {}, steps=3, repeat=1, max_repeat=1, **kw)


ITEM_ADDED = 5 * 495 + 8 + 4 + 4  # a map's five layers, Twox64Concat(u32) and the u32 value


def test_max_encoded_len_item():
    r = run("read_items")
    assert {s.values["n"]: s.proof_size for s in r.samples} == {0: 0, 4: 4 * ITEM_ADDED + 990, 8: 8 * ITEM_ADDED + 990}
    # a base and a slope, fitted like the reads (the step from nothing read, 0, to the top layers, 990, at n = 1
    # bends the line: the slope covers it)
    fit = r.fit_proof()
    assert ITEM_ADDED <= fit.slopes[0] <= ITEM_ADDED + 990 // 4 and fit.evaluate({"n": 8}) >= 8 * ITEM_ADDED
    (items,) = [a for a in r.storage if a.item == "Proofs.Items"]
    assert items.proof == (f"Proof: Proofs.Items (max_values: None, max_size: Some(16), added: {ITEM_ADDED}, "
                           "mode: MaxEncodedLen)")  # fmt: skip


def test_an_unbounded_item_is_measured():
    r = run("read_blob")
    for s in r.samples:
        n = s.values["n"]
        value_bytes = len(Proofs.Blob.value_codec.encode(list(range(n))))
        assert s.proof_size == 495 + value_bytes + 990  # a value's one layer, the bytes read, the top layers
    (blob,) = [a for a in r.storage if a.item == "Proofs.Blob"]
    assert blob.proof == "Proof: Proofs.Blob (max_values: Some(1), max_size: None, mode: Measured)"
    assert r.fit_proof().slopes == (4,)  # four more bytes per element (the longer length prefix: a fraction)


def test_default_pov_mode_measured_and_ignored():
    measured = run("read_items", pov_mode=PovMode.MEASURED)
    assert {s.values["n"]: s.proof_size for s in measured.samples}[4] == 4 * (5 * 495 + 4) + 990
    ignored = run("read_items", pov_mode=PovMode.IGNORED)
    assert {s.proof_size for s in ignored.samples} == {0}


def test_generated_weights_return_both_dimensions():
    results = [run("read_items"), run("read_blob")]
    source = render_weights(results, "Proofs", "parahost benchmark pallet --pallet Proofs", "tests")
    module: dict = {}
    exec(compile(source, "weights.py", "exec"), module)
    t, p = results[0].fit_time(), results[0].fit_proof()
    expected = Weight.from_parts(t.evaluate({"n": 6}), p.evaluate({"n": 6})) + DB_WEIGHT.reads(6)
    assert module["read_items"](6) == expected and expected.proof_size >= 6 * ITEM_ADDED
    assert "Weight.from_parts(" in source and ".saturating_mul(n)" in source and "-> Weight:" in source
    assert "Storage: Proofs.Items (r:8 w:0)" in source and "added: 2491, mode: MaxEncodedLen)" in source
    assert "mode: Measured)" in source
