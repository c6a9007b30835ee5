"""Validation calls reuse what cannot change (linker, module, resolved imports, a worker's next instance) and
nothing else: each call has a store, instance, memory and globals of its own. The pool's pipes work at any
descriptor number."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from node.pvf import Invalid, InvalidReason, Limits, PvfError, PvfHost, Valid
from node.pvf.abi import PARAMS
from node.pvf.execute import call, execute, instantiate
from node.pvf.outcome import Rejected
from node.pvf.prepare import prepare
from node.pvf.worker import WorkerState
from tests.node._pvf_support import params, pvf, span

PROJECT = Path(__file__).resolve().parents[2]

#: Counts its calls in a mutable global and in memory at 100, and returns both (u32 LE each) as its head data
#: in a ValidationResult: ``compact(8) ‖ global ‖ memory ‖ no code ‖ no messages ‖ processed 0``.
COUNTER = pvf(
    f"""(global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.store (i32.const 100) (i32.add (i32.load (i32.const 100)) (i32.const 1)))
    (i32.store8 (i32.const 512) (i32.const 32))
    (i32.store (i32.const 513) (global.get $calls))
    (i32.store (i32.const 517) (i32.load (i32.const 100)))
    (i64.const {span(512, 15)})""",
    extra="(global $calls (mut i32) (i32.const 0))",
)
#: The head data of a first call.
FIRST = (1).to_bytes(4, "little") * 2


def test_each_in_process_call_sees_fresh_memory_and_globals():
    limits = Limits()
    module = prepare(COUNTER, limits).module
    encoded = PARAMS.encode(params())
    results = [execute(module, encoded, limits).result for _ in range(3)]
    assert results == [b"\x20" + FIRST + bytes(6)] * 3


def test_each_pool_call_sees_fresh_memory_and_globals(tmp_path):
    with PvfHost(workers=1, cache_dir=tmp_path) as host:
        outcomes = [host.validate(COUNTER, params()) for _ in range(4)]
        assert host.stats.workers_spawned == 1  # one worker answered them all, its next instance made in advance
    for outcome in outcomes:
        assert isinstance(outcome, Valid) and bytes(outcome.result.head_data) == FIRST


def test_fuel_is_the_same_for_an_instance_made_in_advance(tmp_path):
    """A worker's instance made ahead of the request burns what a fresh one does (fuel stays deterministic)."""
    with PvfHost(workers=1, cache_dir=tmp_path) as host:
        used = [host.validate(COUNTER, params()) for _ in range(3)]
    limits = Limits()
    here = execute(prepare(COUNTER, limits).module, PARAMS.encode(params()), limits).fuel_used
    assert all(isinstance(o, Valid) and o.fuel_used == here for o in used)


def test_an_instance_is_good_for_one_call():
    limits = Limits()
    instance = instantiate(prepare(COUNTER, limits).module, limits)
    call(instance, PARAMS.encode(params()))
    with pytest.raises(PvfError):
        call(instance, PARAMS.encode(params()))


def test_a_worker_uses_its_instance_made_in_advance_only_for_the_same_code_and_limits():
    limits, other = Limits(), Limits(fuel=1_000_000)
    module = prepare(COUNTER, limits).module
    state = WorkerState()
    first = state.instance("a", module, limits)
    state.after_reply()  # first was not called: still, a new one is made for the next request
    assert state.ready is not None and state.ready[1] is not first
    made = state.ready[1]
    assert state.instance("b", module, limits) is not made  # other code
    state.after_reply()
    assert state.ready is not None
    made = state.ready[1]
    assert state.instance("b", module, other) is not made  # other limits
    state.after_reply()
    assert state.ready is not None
    made = state.ready[1]
    assert state.instance("b", module, other) is made


def test_an_instantiation_failure_is_still_named_after_a_good_call(tmp_path):
    small = Limits(max_memory=4 * 65536)
    too_big = pvf(f"(i64.const {span(0, 0)})", pages=5)
    with PvfHost(small, workers=1, cache_dir=tmp_path) as host:
        assert isinstance(host.validate(COUNTER, params()), Valid)
        refused = host.validate(too_big, params())
        assert isinstance(refused, Invalid) and refused.reason is InvalidReason.MemoryLimit
        assert isinstance(host.validate(COUNTER, params()), Valid)
    with pytest.raises(Rejected) as e:
        instantiate(prepare(too_big, small).module, small)
    assert e.value.outcome.reason is InvalidReason.MemoryLimit


_MANY_FILES = textwrap.dedent(
    """
    import os, resource, sys
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = 4096 if hard == resource.RLIM_INFINITY else min(4096, hard)
    if want < 1300:
        print("skip: the descriptor limit is", hard)
        sys.exit(0)
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    from node.pvf import PvfHost, Valid
    from parachains import adder
    from tests.node._pvf_support import params
    with PvfHost(workers=1, cache_dir=None) as host:
        host.start()
        worker = host._slots[0].worker
        fds = (worker.stdin.fileno(), worker.stdout.fileno())
        outcomes = [host.validate(adder.wasm(), params()) for _ in range(2)]
    print("pipes", min(fds), "valid", all(isinstance(o, Valid) for o in outcomes))
    """
)


def test_the_pool_works_with_descriptors_above_1024():
    """select() cannot watch descriptor 1024 or above; the pool's pipes are numbered above 1100 here."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(PROJECT), os.environ.get("PYTHONPATH")) if p))
    done = subprocess.run(
        [sys.executable, "-c", _MANY_FILES], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    if done.stdout.startswith("skip"):
        pytest.skip(done.stdout.strip())
    words = done.stdout.split()
    assert words[0] == "pipes" and int(words[1]) > 1024 and words[2:] == ["valid", "True"], done.stdout
