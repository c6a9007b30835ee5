"""A runtime for the origin, call-filter and Utility tests: System, Sudo, Counter, Utility and Club.

Club is a small collective: a roster of members, calls guarded by declared origin checks, and its own origin
(`Members{yes, total}`, like pallet_collective's) that `Club.close` dispatches a call with. The base call filter
refuses System.set_storage and the unlucky number 13 as the only argument of a Counter or Club call.
"""

from __future__ import annotations

from typing import Any

from frame import AccountId, Chain, Origin, Pallet, PalletError, StorageValue, call, construct_runtime, io
from frame.call_filter import EverythingBut
from frame.origins import EnsurePalletOrigin, EnsureRoot, EnsureSigned, EnsureSignedBy
from frame.runtime import RuntimeCall
from frame.system import System
from pallets.example import Counter
from pallets.sudo import Sudo
from pallets.utility import Utility
from primitives.crypto import dev_keypair
from primitives.types import U32, ScaleEnum, scale_variant

ALICE, BOB, CHARLIE, DAVE = (dev_keypair(n) for n in ("Alice", "Bob", "Charlie", "Dave"))


class ClubOrigin(ScaleEnum):
    """Club's origins."""


@scale_variant(0)
class Members(ClubOrigin):
    """`yes` of the club's `total` members agreed."""

    yes: U32
    total: U32


@scale_variant(1)
class Member(ClubOrigin):
    """One member, acting for the club."""

    who: AccountId


def proportion_at_least(n: int, d: int) -> EnsurePalletOrigin:
    """At least n/d of the club agreed (pallet_collective's EnsureProportionAtLeast)."""
    return EnsurePalletOrigin(Members, lambda o: o.yes * d >= n * o.total)


class ClubError(PalletError):
    """Club's errors."""


class Closed(ClubError, index=0):
    """The club refuses this on purpose."""


class Club(Pallet):
    """A club with a roster, declared origin checks and its own origin."""

    Error = ClubError
    PalletOrigin = ClubOrigin

    Roster = StorageValue(list[AccountId], default=list, unbounded=True, doc="The members.")
    Motto = StorageValue(bytes, default=b"", unbounded=True, doc="Set by Root or a member.")
    Treasure = StorageValue(U32, default=0, doc="Set by a majority of the club.")

    @call(0, origin=EnsureRoot)
    def add_member(cls, origin: Origin, who: AccountId) -> None:
        """Add `who` to the roster (Root)."""
        cls.Roster.mutate(lambda r: [*r, who])

    @call(1, origin=EnsureRoot | EnsureSignedBy(Roster))
    def set_motto(cls, origin: Origin, motto: bytes) -> None:
        """Set the motto (Root or a member)."""
        cls.Motto.put(motto)

    @call(2, origin=proportion_at_least(1, 2))
    def set_treasure(cls, origin: Origin, value: U32) -> None:
        """Set the treasure (half the club or more)."""
        cls.Treasure.put(value)

    @call(3, origin=EnsureSignedBy(Roster))
    def close(cls, origin: Origin, yes: U32, call: RuntimeCall) -> None:
        """Dispatch `call` as `Members{yes, len(roster)}` (a member closes a motion; the vote is taken on trust)."""
        io.runtime().dispatch(call, Members(yes, len(cls.Roster.get())))

    @call(4, origin=EnsureSigned)
    def refuse(cls, origin: Origin) -> None:
        """Write, then fail with Closed."""
        cls.Motto.put(b"written before failing")
        raise Closed("refused")


def unlucky(c: Any) -> bool:
    return (c.pallet is System and c.name == "set_storage") or (c.pallet in (Counter, Club) and c.args == (13,))


UtilityRuntime = construct_runtime(
    "UtilityTest", [System, Sudo, Counter, (5, Utility), (9, Club)], base_call_filter=EverythingBut(unlucky)
)


def genesis() -> dict[str, Any]:
    accounts = ["0x" + k.public_key.hex() for k in (ALICE, BOB, CHARLIE)]
    return {"system": {"accounts": accounts}, "sudo": {"key": accounts[0]}}


def new_chain() -> Chain:
    return Chain(UtilityRuntime, genesis())


def run(chain: Chain, call: Any, signer: Any = ALICE) -> list[Any]:
    """Execute `call` signed by `signer` in a new block; the block's events (without the phase)."""
    chain.produce_block([], [chain.sign(call, signer)])
    with chain.reading():
        return [r.event.event for r in System.events()]


__all__ = ["ALICE", "BOB", "CHARLIE", "DAVE", "Club", "ClubOrigin", "Member", "Members", "UtilityRuntime",
           "genesis", "new_chain", "run", "unlucky"]  # fmt: skip
