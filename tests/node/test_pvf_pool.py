"""The worker pool: hostile code costs only its worker, timeouts kill and replace, failures retry once."""

import asyncio
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from node.pvf import InternalError, InvalidReason, Limits, PvfError, PvfHost, Valid
from parachains import adder
from parachains.adder.collator import AdderCollator
from parachains.hostile import HOSTILE
from primitives.crypto import dev_keypair
from tests.node._pvf_support import params

TIMEOUT = 1.0
FAILING_WORKER = (sys.executable, str(Path(__file__).with_name("_failing_worker.py")))


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """Fuel low enough that `loop` runs out long before the (generous) timeout, however slow the machine."""
    with PvfHost(Limits(fuel=20_000_000, timeout=30.0), workers=2, cache_dir=tmp_path_factory.mktemp("c")) as h:
        yield h


@pytest.fixture
def unmetered(tmp_path):
    """No fuel: only the wall-clock timeout stops a loop."""
    with PvfHost(Limits(fuel=None, timeout=TIMEOUT), workers=2, cache_dir=tmp_path) as h:
        yield h


def assert_adder_valid(host: PvfHost) -> None:
    outcome = host.validate(adder.wasm(), params())
    assert isinstance(outcome, Valid)
    assert bytes(outcome.result.head_data) == adder.execute(adder.GENESIS_HEAD.encode(), params().block_data)


def test_adder_on_the_genesis_head(host):
    outcome = host.validate(adder.wasm(), params())
    assert isinstance(outcome, Valid)
    head = adder.AdderHead.decode(outcome.result.head_data)
    assert head.number == 1
    assert head.parent_hash == adder.GENESIS_HEAD.hash()
    assert head.post_state == adder.hash_state(512)
    assert outcome.result.new_validation_code is None and outcome.result.upward_messages == ()
    assert outcome.fuel_used is not None and outcome.fuel_used > 0


def test_adder_chain_of_ten_blocks(host):
    collator = AdderCollator(dev_keypair("Alice"))
    for n in range(1, 11):
        collation = collator.collate(relay_parent=bytes([n]) * 32, add=n * 7)
        outcome = host.validate(adder.wasm(), collation.validation_params(relay_chain_height=n))
        assert isinstance(outcome, Valid)
        assert outcome.result.head_data == collation.head_data == collation.receipt.head_data
    assert collator.head.number == 10


def test_adder_bad_state_is_invalid(host):
    outcome = host.validate(adder.wasm(), params(block=adder.AdderBlock(1, 512).encode()))
    assert outcome.reason is InvalidReason.Trap and "execution failure" in outcome.detail


@pytest.mark.parametrize("name", list(HOSTILE))
def test_each_hostile_parachain_gets_its_outcome_and_the_pool_carries_on(host, name):
    hostile = HOSTILE[name]
    outcome = host.validate(hostile.wasm(), params())
    assert outcome.reason.value == hostile.expected, outcome
    assert_adder_valid(host)


def test_no_hostile_parachain_killed_a_worker(host):
    assert host.stats.timeouts == host.stats.workers_killed == host.stats.retries == 0


def test_a_timeout_kills_the_worker_and_replaces_it(unmetered):
    unmetered.start()
    before = set(unmetered.worker_pids())
    outcome = unmetered.validate(HOSTILE["loop"].wasm(), params())
    assert outcome.reason is InvalidReason.Timeout
    assert unmetered.stats.timeouts == unmetered.stats.workers_killed == 1
    assert_adder_valid(unmetered)
    unmetered.start()  # waits for the replacement
    after = set(unmetered.worker_pids())
    assert len(after) == 2 and len(before - after) == 1  # exactly one worker is new
    assert unmetered.stats.workers_spawned == 3


def test_two_timeouts_in_parallel_each_cost_one_worker(unmetered):
    unmetered.start()
    before = set(unmetered.worker_pids())
    assert len(before) == 2
    outcomes = []
    threads = [
        threading.Thread(target=lambda: outcomes.append(unmetered.validate(HOSTILE["loop"].wasm(), params())))
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [o.reason for o in outcomes] == [InvalidReason.Timeout] * 2
    # both ran at once, one per worker: both workers were killed and the pool replaced both
    assert unmetered.stats.timeouts == unmetered.stats.workers_killed == 2
    valid = []
    checks = [
        threading.Thread(target=lambda: valid.append(unmetered.validate(adder.wasm(), params()))) for _ in range(2)
    ]
    for t in checks:
        t.start()
    for t in checks:
        t.join()
    assert all(o.valid for o in valid) and len(valid) == 2
    unmetered.start()  # waits for both replacements (already running: starts nothing)
    after = set(unmetered.worker_pids())
    assert len(after) == 2 and not after & before
    assert unmetered.stats.workers_spawned == 4


def test_an_idle_worker_that_died_is_replaced_silently(tmp_path):
    with PvfHost(workers=1, cache_dir=tmp_path) as host:
        host.start()
        (pid,) = host.worker_pids()
        os.kill(pid, signal.SIGKILL)
        while pid in host.worker_pids():  # until the host sees it gone (it reaps it)
            time.sleep(0.01)
        assert_adder_valid(host)
        assert host.stats.retries == 0 and host.worker_pids() != [pid]


@pytest.mark.parametrize("mode", ["exit", "error"])
def test_a_worker_failing_once_is_retried(tmp_path, monkeypatch, mode):
    monkeypatch.setenv("FAILING_WORKER_COUNTER", str(tmp_path / "count"))
    monkeypatch.setenv("FAILING_WORKER_FAILURES", "1")
    monkeypatch.setenv("FAILING_WORKER_MODE", mode)
    with PvfHost(workers=1, cache_dir=tmp_path, worker_argv=FAILING_WORKER) as host:
        assert_adder_valid(host)
        assert host.stats.retries == 1 and host.stats.internal_errors == 0


@pytest.mark.parametrize("mode", ["exit", "error"])
def test_a_worker_failing_twice_is_an_internal_error_not_invalid(tmp_path, monkeypatch, mode):
    monkeypatch.setenv("FAILING_WORKER_COUNTER", str(tmp_path / "count"))
    monkeypatch.setenv("FAILING_WORKER_FAILURES", "2")
    monkeypatch.setenv("FAILING_WORKER_MODE", mode)
    with PvfHost(workers=1, cache_dir=tmp_path, worker_argv=FAILING_WORKER) as host:
        with pytest.raises(InternalError, match="failed twice"):
            host.validate(adder.wasm(), params())
        assert host.stats.internal_errors == 1
        assert_adder_valid(host)  # the failures are spent: the host works again


def test_a_worker_that_cannot_start_is_an_internal_error(tmp_path):
    with PvfHost(workers=1, cache_dir=tmp_path, worker_argv=(sys.executable, "-c", "pass")) as host:
        with pytest.raises(InternalError, match="did not start"):
            host.validate(adder.wasm(), params())


def test_limits_checked_before_any_worker_runs(tmp_path):
    limits = Limits(max_code_size=len(adder.wasm()) - 1, max_params_size=50)
    with PvfHost(limits, workers=1, cache_dir=tmp_path) as host:
        assert host.validate(adder.wasm(), params()).reason is InvalidReason.CodeTooLarge
        assert host.prepare(adder.wasm()).reason is InvalidReason.CodeTooLarge
        assert host.validate(b"\0asm\1\0\0\0", params(block=bytes(100))).reason is InvalidReason.ParamsTooLarge
        assert host.stats.workers_spawned == 0


def test_validate_async(host):
    async def both():
        return await asyncio.gather(*(host.validate_async(adder.wasm(), params()) for _ in range(3)))

    assert all(o.valid for o in asyncio.run(both()))


def test_a_closed_host_refuses(tmp_path):
    host = PvfHost(workers=1, cache_dir=tmp_path)
    host.close()
    with pytest.raises(PvfError, match="closed"):
        host.validate(adder.wasm(), params())


def test_a_preparation_timeout_kills_the_worker_and_is_remembered(tmp_path):
    with PvfHost(Limits(prepare_timeout=1e-9), workers=1, cache_dir=tmp_path) as host:
        outcome = host.validate(adder.wasm(), params())
        assert outcome.reason is InvalidReason.Timeout and "preparation" in outcome.detail
        assert host.stats.timeouts == host.stats.workers_killed == 1 and host.stats.compiled == 0
        assert host.validate(adder.wasm(), params()) == outcome  # refused again, without compiling again
        assert host.prepare(adder.wasm()) == outcome
        assert host.stats.prepare_requests == host.stats.timeouts == 1
    with PvfHost(Limits(prepare_timeout=1e-9), workers=1, cache_dir=tmp_path) as host:  # restarted: on disk
        assert host.validate(adder.wasm(), params()) == outcome and host.stats.prepare_requests == 0
        host.limits = Limits()  # only a longer prepare timeout earns another attempt
        assert_adder_valid(host)
        assert host.stats.compiled == host.stats.prepare_requests == 1
