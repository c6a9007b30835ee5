"""The whole-block benchmark on a small block: the scenario is the busiest block, the signature floor counts every
check, the breakdown covers the categories, and the command line prints what it promises. No timing is asserted."""

from __future__ import annotations

import builtins
import json

import pytest

from frame.benchmarking.block_bench import measure_block, recorded_signatures
from frame.benchmarking.profile import CATEGORIES, Profiler
from node import cli, cli_benchmark
from runtime.benchmarks import full_block


@pytest.fixture(scope="module")
def small():
    return full_block(12, 3)


def test_full_block_is_the_busiest(small):
    chain, block = small
    from frame import extrinsic as xt
    from frame.executive import Executive

    decoded, _ = xt.decode(chain.runtime, block.extrinsics[0])
    bitfields, candidates = decoded.call.args
    assert len(bitfields) == 12 and len(candidates) == 3
    assert all(len(b.validity_votes) == 4 for b in candidates)  # every member of each group of 4
    assert all(b.payload.count_ones() == 3 for b in bitfields)  # every core's candidate becomes available
    assert isinstance(chain.executive, Executive)
    checks = recorded_signatures(lambda: chain.executive.execute_block(chain.backend, chain.head, block))
    assert len(checks) == 12 + 12 + 3  # bitfields, backing votes, collators


def test_measure_block(small):
    chain, block = small
    report = measure_block(chain.executive, chain.backend, chain.head, block, repeat=2)
    assert report.signatures == 27 and len(report.runs_s) == 2 and len(report.floor_runs_s) == 2
    assert report.floor_s > 0 and report.ratio == report.median_s / report.floor_s
    assert set(report.breakdown) == set(CATEGORIES)
    assert sum(report.breakdown.values()) == pytest.approx(report.median_s)
    data = report.to_json()
    assert {"median_s", "floor_s", "ratio", "signatures", "breakdown"} <= set(data)
    assert chain.head.number == 1  # nothing was committed


def test_profiler_restores_everything():
    from frame.state import OverlayedState
    from primitives import crypto

    before = (OverlayedState.get, crypto.sr25519, OverlayedState.storage_root)
    with Profiler() as p:
        assert OverlayedState.get is not before[0]
    assert (OverlayedState.get, crypto.sr25519, OverlayedState.storage_root) == before
    assert set(p.totals) == set(CATEGORIES)


def test_full_block_needs_a_validator_per_core():
    with pytest.raises(ValueError):
        full_block(2, 3)


def test_cli_block_json(capsys):
    assert cli.main(["benchmark", "block", "--validators", "8", "--cores", "2", "--repeat", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["signatures"] == 8 + 8 + 2 and data["validators"] == 8
    assert {"median_s", "floor_s", "ratio", "breakdown"} <= set(data)


def test_cli_block_table(capsys):
    assert cli.main(["benchmark", "block", "-V", "6", "-C", "2", "-r", "1", "-q"]) == 0
    out = capsys.readouterr().out
    assert "14 signature checks" in out and "ratio" in out and "trie root" in out


def test_plot_without_matplotlib_says_how_to_get_it(monkeypatch, capsys, tmp_path):
    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kw):
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError("No module named 'matplotlib'")
        return real_import(name, *args, **kw)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    with pytest.raises(cli_benchmark.PlotUnavailable, match=r"pip install 'parahost\[plot\]'"):
        cli_benchmark.plot_scaling(str(tmp_path / "x.png"), [], [], 1, 1)
    code = cli.main(["benchmark", "block", "-V", "6", "-C", "2", "--plot", str(tmp_path / "p.png")])
    assert code == 1
    assert "parahost[plot]" in capsys.readouterr().err
    assert not (tmp_path / "p.png").exists()


def test_cli_overhead_and_pallet(capsys, tmp_path):
    assert cli.main(["benchmark", "overhead", "--repeat", "1", "--extrinsics", "5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"empty_block_s", "extrinsic_base_s", "db_read_s", "db_write_s"} <= set(data)
    assert data["extrinsics"] == 5 and data["fee_handler"] == "TransactionPayment"  # the base includes the fee's work
    out = tmp_path / "weights.py"
    args = ["benchmark", "pallet", "--pallet", "session", "--extrinsic", "force_new_session", "-s", "2", "-r", "1",
            "-q", "--output", str(out)]  # fmt: skip
    assert cli.main(args) == 0
    assert 'Extrinsic: "force_new_session"' in capsys.readouterr().out
    module: dict = {}
    exec(compile(out.read_text(), str(out), "exec"), module)
    assert module["force_new_session"]().ref_time > 0  # a two-dimensional Weight
    assert cli.main(["benchmark", "pallet", "--pallet", "nope"]) == 1
    assert cli.main(["benchmark", "pallet", "--list"]) == 0
    assert "InclusionInherent: inclusion" in capsys.readouterr().out


def test_the_overhead_signer_is_endowed_only_where_needed():
    """benchmark overhead's chain: Alice endowed when the genesis leaves her nothing (the parachain host's benchmark
    genesis), the genesis as it is when it endows her (the example runtime) or when there is no Balances."""
    from frame.runtime import construct_runtime
    from frame.system import System
    from pallets.balances import Balances
    from primitives.crypto import dev_keypair
    from runtime.benchmarks import funded_chain
    from runtime.example import DEV_ENDOWMENT, ExampleRuntime
    from runtime.parachain import ParachainRuntime

    alice = dev_keypair("Alice").public_key

    def free_and_issuance(chain):
        with chain.reading():
            return System.account_data(alice).free, Balances.total_issuance()

    assert free_and_issuance(funded_chain(ParachainRuntime, alice)) == (DEV_ENDOWMENT, DEV_ENDOWMENT)
    assert free_and_issuance(funded_chain(ExampleRuntime, alice)) == (DEV_ENDOWMENT, 6 * DEV_ENDOWMENT)
    bare = construct_runtime("Bare", [System])
    with funded_chain(bare, alice).reading():
        assert System.account_data(alice).free == 0
