"""Every call of every pallet has a benchmark that runs and verifies, its generated weights are committed, and the
calls use them (checked on tiny step and repeat counts; timings are never asserted)."""

from __future__ import annotations

import importlib

import pytest

from frame.benchmarking import run_benchmarks
from frame.system import System
from pallets.inclusion_inherent import InclusionInherent
from pallets.inclusion_inherent import weights as inclusion_weights
from pallets.scenarios import genesis_config, signed_bitfields, signing_context
from pallets.sudo import Sudo
from pallets.sudo import weights as sudo_weights
from runtime.benchmarks import find, registry
from runtime.parachain import ParachainRuntime

ENTRIES = registry()


def test_every_pallet_with_calls_is_registered():
    pallets_with_calls = {p.name for p in ParachainRuntime.pallet_classes if p.call_defs}
    assert pallets_with_calls <= set(ENTRIES)
    assert find("inclusion-inherent") == ENTRIES["InclusionInherent"] and find("nope") is None


@pytest.mark.parametrize("name", list(ENTRIES))
def test_every_call_has_a_benchmark_and_weights(name):
    entry = ENTRIES[name]
    assert entry.benchmarks.missing_calls() == []
    module = entry.weights_path.removesuffix(".py").replace("/", ".")
    weights = importlib.import_module(module)
    assert sorted(weights.__all__) == sorted(entry.benchmarks.names)


@pytest.mark.parametrize("name", [n for n in ENTRIES if n != "InclusionInherent"])
def test_benchmarks_run_and_verify(name):
    entry = ENTRIES[name]
    results = run_benchmarks(entry.runtime, entry.benchmarks, entry.genesis(), steps=2, repeat=1, max_repeat=1)
    assert [r.benchmark for r in results] == entry.benchmarks.names
    assert all(r.samples for r in results)


def test_inclusion_benchmark_runs_at_its_extremes():
    entry = ENTRIES["InclusionInherent"]
    (r,) = run_benchmarks(entry.runtime, entry.benchmarks, entry.genesis(), steps=2, repeat=1, max_repeat=1)
    assert r.ranges == (("b", 0, 200), ("c", 0, 20), ("v", 6, 10), ("u", 0, 100_000))
    assert len(r.points) == 5  # all at their maximum, then each component at its minimum
    top = next(s for s in r.samples if s.values == {"b": 200, "c": 20, "v": 10, "u": 100_000})
    assert top.writes >= 200 + 3 * 20  # a bitfield record per validator, pending records, heads ...
    items = {a.item for a in r.storage}
    assert {"Inclusion.AvailabilityBitfields", "Inclusion.PendingAvailability", "Paras.Heads"} <= items
    # the committed weights' proof_size is this benchmark's proof-size fit (counted bytes, so deterministic); with
    # no code (u = 0) no candidate reads Paras.FutureCodeUpgrades, a step the linear fit spreads over c
    for s in r.samples:
        if s.values["u"]:
            proof = inclusion_weights.inclusion(**s.values).proof_size
            assert s.proof_size > 0 and abs(proof - s.proof_size) <= 0.1 * s.proof_size, (s.values, proof)


def test_calls_use_the_generated_weights():
    remark = System.call_defs["remark"]
    assert remark.weight_of((b"x" * 100,)) == importlib.import_module("frame.system_weights").remark(100)
    inner = System.tx.remark(b"")
    sudo = Sudo.call_defs["sudo"].weight_of((inner,))
    assert sudo == sudo_weights.sudo() + remark.weight_of((b"",)) and sudo.any_gt(sudo_weights.sudo())


def test_inclusion_weight_follows_bitfields_candidates_and_votes():
    d = InclusionInherent.call_defs["inclusion"]
    assert d.weight_of(([], [])) == inclusion_weights.inclusion(0, 0, 0, 0)
    context = signing_context(0, bytes(32))
    fields = signed_bitfields(range(4), 5, [0, 2], context)  # bits for cores 0 and 2: up to 2 enactments
    assert d.weight_of((fields, [])) == inclusion_weights.inclusion(4, 2, 0, 0)
    assert d.weight_of((fields, [])).any_gt(d.weight_of((fields[:1], [])))
    assert d.weight_of((fields[:1], [])).any_gt(d.weight_of(([], [])))


def test_genesis_config_builds():
    config = genesis_config(12, (100, 101), (200,))
    assert len(config["session"]["validators"]) == 12
    assert [p[0] for p in config["paras"]["paras"]] == [100, 101, 200]
