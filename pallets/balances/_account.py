"""The one routine every balance change goes through: FRAME's ``try_mutate_account`` (reference §1.3).

It applies a change to an account's `AccountData` in System.Account and keeps the reference counts, the
existential deposit and the issuance right: gaining `free >= ED` adds a provider (creating the account:
System.NewAccount), holding reserved or frozen funds adds a consumer, losing `free >= ED` drops the provider
last (which may reap the account: System.KilledAccount, the whole entry and nonce gone). An account left with
`free < ED` and nothing reserved loses its data: a non-zero free balance is dust, lost (DustLost) and taken off
TotalIssuance. A new account that ends up with data is Endowed. All of it or nothing: a failure rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from frame import io
from frame.account import AccountData
from frame.system import System
from pallets.balances.events import DustLost, Endowed
from primitives.types import evolve

NO_BALANCE = AccountData()


@contextmanager
def transactional() -> Iterator[None]:
    """Keep the writes of the block inside only if it completes (a pallet function is atomic even outside
    a dispatch, as FRAME's ``#[transactional]``)."""
    st = io.state()
    st.start_transaction()
    try:
        yield
    except BaseException:
        st.rollback_transaction()
        raise
    st.commit_transaction()


def mutate_account(pallet: Any, who: bytes, change: Callable[[AccountData], AccountData]) -> AccountData:
    """Apply `change` to `who`'s balance as the module docstring says; returns the data as stored (the default
    if the data was dropped). Raises what `change` raises, or ConsumerRemaining / NoProviders."""
    ed = pallet.ExistentialDeposit
    with transactional():
        old = System.account_data(who)
        is_new = old == NO_BALANCE
        did_provide = old.free >= ed and not is_new
        did_consume = not is_new and (old.reserved != 0 or old.frozen != 0)
        new = change(old)
        does_provide = new.free >= ed
        does_consume = new.reserved != 0 or new.frozen != 0
        if does_provide and not did_provide:
            System.inc_providers(who)
        if did_consume and not does_consume:
            System.dec_consumers(who)
        if does_consume and not did_consume:
            System.inc_consumers(who)
        dust = 0
        if new.free < ed and new.reserved == 0:
            dust, new = new.free, NO_BALANCE
        if System.Account.contains_key(who):  # write the data before a last provider goes (it may reap)
            System.Account.insert(who, evolve(System.Account.get(who), data=new))
        if did_provide and not does_provide:
            System.dec_providers(who)
        if is_new and new != NO_BALANCE:
            pallet.deposit_event(Endowed(who, new.free))
        if dust:
            pallet.TotalIssuance.put(pallet.TotalIssuance.get() - dust)
            pallet.deposit_event(DustLost(who, dust))
    return new
