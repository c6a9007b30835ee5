"""A small runtime for the Balances and Timestamp tests: System, Sudo, Timestamp and Balances at index 10 (the
index of the reference's pinned call), with Alice rich, Bob endowed and Dave just above the deposit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from frame import Chain, construct_runtime, io
from frame.block import Header
from frame.state import OverlayedState
from frame.system import System
from pallets.balances import EXISTENTIAL_DEPOSIT, Balances
from pallets.sudo import Sudo
from pallets.timestamp import Timestamp
from primitives.crypto import dev_keypair

ED = EXISTENTIAL_DEPOSIT
ALICE, BOB, CHARLIE, DAVE = (dev_keypair(n) for n in ("Alice", "Bob", "Charlie", "Dave"))
RICH = 10**18
BalancesRuntime = construct_runtime("BalancesTest", [(0, System), (1, Sudo), (2, Timestamp), (10, Balances)])


def genesis(**extra: Any) -> dict[str, Any]:
    return {
        "sudo": {"key": ALICE.ss58_address},
        "balances": {
            "balances": [[ALICE.ss58_address, RICH], [BOB.ss58_address, 100 * ED], [DAVE.ss58_address, 2 * ED + 5]]
        },  # fmt: skip
        **extra,
    }


def new_chain(config: dict[str, Any] | None = None) -> Chain:
    return Chain(BalancesRuntime, genesis() if config is None else config)


@contextmanager
def next_block(chain: Chain) -> Iterator[OverlayedState]:
    """The state of the head's child right after its initialization (events are recorded); thrown away after."""
    state = OverlayedState(chain.backend)
    header = Header(chain.head.hash(), chain.head.number + 1, bytes(32), bytes(32))
    with io.using(state, chain.runtime):
        chain.executive.initialize_block(header)
        yield state


def events(pallet: str | None = None) -> list[Any]:
    """The current block's events (of one pallet, if given)."""
    return [r.event.event for r in System.events() if pallet is None or r.event.pallet == pallet]
