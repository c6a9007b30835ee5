"""A small runtime for the TransactionPayment tests: System, Timestamp, Balances, TransactionPayment and Meter, whose
`work` call declares a large weight and returns the smaller actual weight it is given (FRAME's PostDispatchInfo)."""

from __future__ import annotations

from typing import Any

from frame import Chain, Pallet, call, construct_runtime, ensure_signed, io
from frame.dispatch import Origin
from frame.state import OverlayedState
from frame.system import System
from pallets.balances import Balances
from pallets.timestamp import Timestamp
from pallets.transaction_payment import TransactionPayment
from primitives.crypto import dev_keypair
from primitives.types import U64

ALICE, BOB, CHARLIE = (dev_keypair(n) for n in ("Alice", "Bob", "Charlie"))
RICH, POOR = 10**18, 2 * 10**9  # POOR: two existential deposits, less than any fee plus ED
DECLARED = 10**9


class Meter(Pallet):
    """Declares DECLARED ps for `work`; reports `actual` as the weight used."""

    @call(0, weight=DECLARED)
    def work(cls, origin: Origin, actual: U64) -> int:
        """Do nothing; the actual weight is `actual`."""
        ensure_signed(origin)
        return actual


PaymentRuntime = construct_runtime("PaymentTest", [System, Timestamp, Balances, TransactionPayment, Meter],
                                   fee_handler=TransactionPayment)  # fmt: skip


def genesis(multiplier: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"balances": {"balances": [[ALICE.ss58_address, RICH], [CHARLIE.ss58_address, POOR]]}}
    if multiplier is not None:
        out["transactionPayment"] = {"multiplier": multiplier}
    return out


def new_chain(multiplier: int | None = None) -> Chain:
    return Chain(PaymentRuntime, genesis(multiplier))


def read(chain: Chain, f: Any) -> Any:
    """`f()` on the head's state."""
    with io.using(OverlayedState(chain.backend, read_only=True), chain.runtime):
        return f()


def events(chain: Chain) -> list[tuple[str, Any]]:
    """The head block's events as (pallet, event)."""
    return read(chain, lambda: [(r.event.pallet, r.event.event) for r in System.events()])


def free(chain: Chain, who: Any) -> int:
    return int(read(chain, lambda: System.account_data(who.public_key).free))
