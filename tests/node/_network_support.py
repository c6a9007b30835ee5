"""Shared by the network tests: chain specs, one PVF host per test module, reading a node's storage."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest

from frame import io
from frame.state import OverlayedState
from genesis.presets import PresetOptions, preset
from genesis.spec import ChainSpec
from node.cli_common import adder_template
from node.db import BlockDb
from node.pvf import PvfHost
from runtime.parachain import ParachainRuntime

T = TypeVar("T")


def local_spec(validators: int, parachains: int) -> ChainSpec:
    return preset("local", adder_template(), PresetOptions(validators=validators, parachains=parachains))


@pytest.fixture(scope="module")
def pvf() -> Iterator[PvfHost]:
    """One PVF worker pool for every network of a test module (compiled code kept in memory)."""
    host = PvfHost(workers=1, cache_dir=None)
    yield host
    host.close()


def read(db: BlockDb, f: Callable[[], T], at: bytes | None = None) -> T:
    """`f()` with the storage of block `at` (default: the best block) installed."""
    state = OverlayedState(db.state_at(db.best_hash if at is None else at), read_only=True)
    with io.using(state, ParachainRuntime):
        return f()


def events(db: BlockDb, at: bytes) -> list[Any]:
    """The runtime events of block `at`."""
    return read(db, lambda: [r.event for r in ParachainRuntime.system.events()], at)
