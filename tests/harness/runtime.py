"""A small test runtime: System, Sudo, the README's Counter, and Clock (a pallet with a mandatory inherent)."""

from __future__ import annotations

from typing import Any

from frame import NONE, Chain, Origin, Pallet, PalletError, StorageValue, call, construct_runtime, ensure_none
from frame.system import System
from pallets.example import Counter
from pallets.sudo import Sudo
from primitives.crypto import dev_keypair
from primitives.types import U64

ALICE, BOB, CHARLIE, DAVE = (dev_keypair(n) for n in ("Alice", "Bob", "Charlie", "Dave"))


class ClockError(PalletError):
    """Clock's errors."""


class TimeWentBack(ClockError, index=0):
    """The new time is not after the previous one."""


class Clock(Pallet):
    """Like pallet_timestamp: every block must set the time with an inherent, and time only moves forward."""

    Error = ClockError
    inherent_required = True
    Now = StorageValue(U64, default=0, doc="The current time.")

    @call(0, inherent=True)
    def set(cls, origin: Origin, now: U64) -> None:
        """Set the time (inherent)."""
        ensure_none(origin)
        if now <= cls.Now.get():
            raise TimeWentBack(f"{now} <= {cls.Now.get()}")
        cls.Now.put(now)


TestRuntime = construct_runtime("Test", [System, Sudo, Counter, (7, Clock)])


def genesis() -> dict[str, Any]:
    accounts = ["0x" + k.public_key.hex() for k in (ALICE, BOB, CHARLIE)]
    return {"system": {"accounts": accounts}, "sudo": {"key": accounts[0]}}


def new_chain(backend: Any = None) -> Chain:
    return Chain(TestRuntime, genesis(), backend)


def tick(chain: Chain) -> Any:
    """The Clock inherent for the next block."""
    return Clock.tx.set((chain.head.number + 1) * 6000)


__all__ = ["ALICE", "BOB", "CHARLIE", "DAVE", "NONE", "Clock", "TestRuntime", "TimeWentBack", "genesis", "new_chain",
           "tick"]  # fmt: skip
