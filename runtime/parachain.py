"""The parachain-host runtime: the guide's pallets composed in the order DESIGN.md and pallets/README.md set.

Session runs before the Initializer, so a session change reaches the Initializer before it initializes the
parachain pallets; InclusionInherent's mandatory inherent carries bitfields and backed candidates each block.
Its `RuntimeVersion` is what genesis records at ``:code`` (`frame.version`): raise spec_version with every
change of its storage or behaviour, and give the pallets whose storage changes a migration (`frame.migrations`).
Its genesis presets (``dev``, ``local``) are `runtime.parachain_presets`, its genesis checks
`runtime.parachain_checks`.
"""

from __future__ import annotations

from typing import Any

from frame import construct_runtime
from frame.system import System
from frame.version import FRAME_APIS, NODE_APIS, RuntimeVersion
from pallets.balances import Balances
from pallets.configuration import Configuration
from pallets.inclusion import Inclusion
from pallets.inclusion_inherent import InclusionInherent
from pallets.initializer import Initializer
from pallets.paras import Paras
from pallets.scheduler import Scheduler
from pallets.session import Session
from pallets.sudo import Sudo
from pallets.timestamp import Timestamp
from pallets.transaction_payment import TransactionPayment
from pallets.validity import Validity
from runtime.parachain_checks import check_genesis
from runtime.parachain_presets import PRESETS


def _benchmark_genesis() -> dict[str, Any]:
    """The benchmark genesis: 6 dev validators, 3 parachains, the default configuration, long sessions."""
    from pallets.scenarios import genesis_config
    from primitives.parachain import HostConfiguration

    return genesis_config(6, (100, 101, 102), (), HostConfiguration(), session_length=1000)


ParachainRuntime = construct_runtime(
    "ParachainHost",
    [
        (0, System),
        (1, Session),
        (2, Sudo),
        (3, Configuration),
        (4, Paras),
        (5, Scheduler),
        (6, Inclusion),
        (7, InclusionInherent),
        (8, Validity),
        (9, Initializer),
        (10, Timestamp),
        (11, Balances),
        (12, TransactionPayment),
    ],
    version=RuntimeVersion(
        spec_name="parachain-host",
        impl_name="parahost",
        authoring_version=1,
        spec_version=1,
        impl_version=1,
        apis=(*FRAME_APIS, *NODE_APIS, ("ParachainHost", 1)),
        transaction_version=1,
        state_version=1,
    ),
    presets=PRESETS,
    genesis_checks=[check_genesis],
    benchmark_genesis=_benchmark_genesis,
    fee_handler=TransactionPayment,
)

__all__ = ["ParachainRuntime"]
