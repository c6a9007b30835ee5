"""Balances' genesis config (chain-spec form ``"balances": {"balances": [[account, amount], ...]}``) and its
build: each amount at least ExistentialDeposit, no account twice, TotalIssuance the sum, each account given a
provider and its free balance (no events: genesis records none). ``devAccounts: [n, amount, template]`` also
endows n accounts derived from ``template`` (default ``//Sender/{}``), as FRAME's ``dev_accounts``.
"""

from __future__ import annotations

from typing import Any

import attrs

from frame.account import AccountData
from frame.genesis import GenesisConfigError
from frame.system import AccountId, System
from primitives.types import U32, U128, evolve

DEV_ACCOUNT_TEMPLATE = "//Sender/{}"


@attrs.frozen
class GenesisConfig:
    """The endowed accounts (0x-hex or SS58) with their free balances, and optional derived dev accounts."""

    balances: tuple[tuple[AccountId, U128], ...] = ()
    dev_accounts: tuple[U32, U128, str | None] | None = None


BalancesGenesisConfig = GenesisConfig


def endowed(config: GenesisConfig) -> list[tuple[bytes, int]]:
    """The accounts and amounts `config` endows, dev accounts last."""
    out = [(bytes(who), int(amount)) for who, amount in config.balances]
    if config.dev_accounts is not None:
        from primitives.crypto import Keypair

        n, amount, template = config.dev_accounts
        template = template or DEV_ACCOUNT_TEMPLATE
        if "{}" not in template:
            raise GenesisConfigError(f"balances.devAccounts: template {template!r} has no {{}} for the index")
        out += [(bytes(Keypair.create_from_uri(template.replace("{}", str(i))).public_key), amount) for i in range(n)]
    return out


def build(pallet: Any, config: GenesisConfig) -> None:
    accounts = endowed(config)
    seen: set[bytes] = set()
    for who, amount in accounts:
        if amount < pallet.ExistentialDeposit:
            raise GenesisConfigError(
                f"balances.balances: 0x{who.hex()} gets {amount} < ExistentialDeposit {pallet.ExistentialDeposit}"
            )
        if who in seen:
            raise GenesisConfigError(f"balances.balances: 0x{who.hex()} is given twice")
        seen.add(who)
    pallet.TotalIssuance.put(sum(amount for _, amount in accounts))
    for who, amount in accounts:
        System.inc_providers(who)
        info = System.Account.get(who)
        System.Account.insert(who, evolve(info, data=AccountData(free=amount)))
