"""Issue 15's simulation at scale: the gossip grid reaches every validator in two hops with about 2V messages an
item; the process-wide sharing (signature verdicts, block executions, runtime API answers, genesis) cannot change
a run's outcome; a run works with descriptors numbered above 1024; the open-file limit is raised."""

from __future__ import annotations

import resource
import subprocess
import sys
import textwrap

from node.network.clock import run
from node.network.grid import GRID_MIN, Grid
from node.network.local import LocalNetwork, raise_fd_limit
from node.network.net import Network
from primitives.crypto import dev_keypair, shared_verdicts, verify
from tests.node._network_support import local_spec, pvf  # noqa: F401 (fixture)


def keys(n: int) -> list[bytes]:
    return [i.to_bytes(4, "little") * 8 for i in range(n)]


def spread(grid: Grid, origin: bytes) -> dict[bytes, int]:
    """How many copies of `origin`'s item each validator receives along the grid's two hops."""
    got: dict[bytes, int] = {}
    for first in grid.neighbours(origin):
        got[first] = got.get(first, 0) + 1
        for second in grid.relay(first, origin, origin):
            got[second] = got.get(second, 0) + 1
    return got


def test_the_grid_reaches_every_validator_in_two_hops_with_about_2v_messages():
    for n in (GRID_MIN, 30, 100, 101, 300):
        validators = keys(n)
        grid = Grid(validators)
        for origin in (validators[0], validators[n // 2], validators[-1]):
            got = spread(grid, origin)
            assert set(got) == set(validators) - {origin}, n  # everyone but the originator
            sent = sum(got.values())
            assert sent <= 2 * n + 2 * grid.width, (n, sent)  # not the n^2 of flooding
            assert max(got.values()) <= 2  # at most two copies each
        assert all(grid.relay(v, validators[0], validators[1]) == [] for v in validators)  # second hop: stop


def test_flooding_on_the_grid_reaches_every_peer_and_collators_attach_to_a_column():
    net = Network(seed=1)
    validators = keys(36)
    got: dict[str, int] = {}

    def deliver(name: str):
        def arrive(message) -> bool:
            got[name] = got.get(name, 0) + 1
            return True

        return arrive

    for i, v in enumerate(validators):
        net.join(f"v{i}", deliver(f"v{i}"), validator=v)
    for c in range(4):
        net.join(f"c{c}", deliver(f"c{c}"))
    net.use_grid(validators)
    assert net.grid is not None
    assert all(len(net.flood_targets(f"v{i}")) < 20 for i in range(36))  # row, column, attached collators
    # flooding from every validator along its grid neighbours reaches everyone, collators included
    reached, frontier = {"v0"}, ["v0"]
    while frontier:
        peer = frontier.pop()
        for other in net.flood_targets(peer):
            if other not in reached:
                reached.add(other)
                frontier.append(other)
    assert reached == {f"v{i}" for i in range(36)} | {f"c{c}" for c in range(4)}
    small = Network()
    small.use_grid(keys(GRID_MIN - 1))
    assert small.grid is None  # a full mesh below GRID_MIN


def test_shared_verdicts_answer_as_verification_does():
    key = dev_keypair("Alice")
    sig = key.sign(b"message")
    with shared_verdicts() as cache:
        assert verify(sig, b"message", key.public_key) is True
        assert verify(sig, b"other", key.public_key) is False
        assert verify(sig, b"message", key.public_key) is True  # from the cache
        assert len(cache) == 2
    assert verify(sig, b"other", key.public_key) is False


def outcome(tmp_path, where: str, pvf, share: bool, validators: int, blocks: int) -> list[tuple]:  # noqa: F811
    net = LocalNetwork(local_spec(validators, 2), tmp_path / where, seed=4, pvf=pvf, share=share)
    result = run(net.run(blocks), virtual=True)
    heads = sorted((p, s.head_number, s.included, s.timed_out) for p, s in result.paras.items())
    return [(r.number, r.author, r.backed, r.included, r.timed_out) for r in result.blocks] + heads


def test_sharing_work_between_nodes_does_not_change_the_outcome(tmp_path, pvf):  # noqa: F811
    with_sharing = outcome(tmp_path, "shared", pvf, True, 5, 8)
    assert with_sharing == outcome(tmp_path, "alone", pvf, False, 5, 8)
    assert [h for h in with_sharing[-2:]] and all(h[2] >= 5 for h in with_sharing[-2:])  # both paras progressed


def test_sharing_does_not_change_the_outcome_on_the_grid(tmp_path, pvf):  # noqa: F811
    shared = outcome(tmp_path, "shared", pvf, True, GRID_MIN, 4)
    assert shared == outcome(tmp_path, "alone", pvf, False, GRID_MIN, 4)
    assert all(h[2] >= 2 for h in shared[-2:])  # every para included on the grid too


def test_the_open_file_limit_is_raised_to_the_hard_limit():
    soft = raise_fd_limit()
    now, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert soft == now
    if hard != resource.RLIM_INFINITY:
        assert now == hard


def test_a_network_runs_with_descriptors_numbered_above_1024(tmp_path):
    """A process holding 1100 descriptors (as a simulation of hundreds of nodes does) still runs a network: its
    SQLite files, the PVF pool's pipes and the event loop all get descriptors above 1024."""
    script = textwrap.dedent(f"""
        import os, resource
        from node.network.local import raise_fd_limit
        raise_fd_limit()
        held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
        assert max(held) > 1024
        from node.network.clock import run
        from node.network.local import LocalNetwork
        from tests.node._network_support import local_spec
        result = run(LocalNetwork(local_spec(4, 2), {str(tmp_path)!r}, seed=1).run(4), virtual=True)
        assert result.best_number == 4, result.best_number
        assert all(s.included >= 1 for s in result.paras.values()), result.paras
        print("ok", max(held))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("ok ")
