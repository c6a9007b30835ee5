"""The parachain host's configuration (the guide's "Host Configuration"; reference §2).

Field order and widths are the guide's (which the 2020 code matches): block-number fields are ``u32``
like the sizes and counts, so the struct is eleven little-endian ``u32`` (44 bytes).

Defaults: Rust's ``derive(Default)`` makes every field 0, which is not a usable chain (an availability
period of 0 times out every candidate at once; a size limit of 0 accepts no head or code). The defaults
here are a small configuration that the Configuration pallet's consistency checks accept (DESIGN §4.8)
and that a dev chain can run with: no rotation, no parathread cores, availability periods of one block.
Chain specs set their own values.

Bounds: every field whose size drives per-block work (cores scanned and scheduled each block, the claim queue
read and written by every claim and every block, the code and head bytes a backed candidate carries) has an
upper bound below, which the Configuration pallet checks at genesis and in every setter
(`pallets.configuration.check_consistency`). They are chosen so that the busiest block a configuration at the
bounds allows stays within the block weight limit (`frame.weights.DEFAULT_BLOCK_WEIGHTS`; pinned by
``tests/pallets/test_configuration_bounds.py``). The block-number fields (upgrade frequency and delay, acceptance
period, rotation frequency, availability periods) only say *when* things happen, not how much happens in a block,
and are not bounded.
"""

from __future__ import annotations

from primitives.parachain.ids import BlockNumber
from primitives.types import U32, scale_struct

MiB = 1024 * 1024

#: The largest `max_code_size`: 3 MiB, Polkadot's hard limit (``MAX_CODE_SIZE`` in its primitives). Every backed
#: candidate may carry new code of this size, and the inclusion inherent's weight grows with it per candidate
#: (about 5 ns a byte): 100 cores of 3 MiB upgrades weigh about 1.5 s of the 2 s block.
MAX_CODE_SIZE = 3 * MiB
#: The largest `max_head_data_size`: 1 MiB, Polkadot's hard limit (``MAX_HEAD_DATA_SIZE``; its live chains use
#: 32 KiB). Every backed candidate carries a head of up to this size, stored in Paras.Heads when enacted.
MAX_HEAD_DATA_SIZE = 1 * MiB
#: The most `parathread_cores`: 100 (Polkadot ran about 100 cores in all). Every block scans and schedules every
#: core, writes the core list, and the availability bitfields carry a bit per core; at 100,000 cores a block took
#: about 6 s and at u32::MAX none could be built.
MAX_PARATHREAD_CORES = 100
#: The most `parathread_retries`: 10. A claim is scheduled at most retries + 1 times before it is dropped; the bound
#: keeps a claim whose collator is gone from holding a queue slot for more than a few dozen blocks.
MAX_PARATHREAD_RETRIES = 10
#: The largest `scheduling_lookahead`: 10. The parathread claim queue holds up to parathread_cores *
#: scheduling_lookahead claims (at the bounds 1,000), and every claim and every block reads and rewrites it whole.
MAX_SCHEDULING_LOOKAHEAD = 10
#: The most claims the parathread claim queue accepts under any configuration within the bounds.
MAX_PARATHREAD_QUEUE = MAX_PARATHREAD_CORES * MAX_SCHEDULING_LOOKAHEAD

#: Each bounded field and its upper bound, in field order.
HOST_CONFIGURATION_BOUNDS: dict[str, int] = {
    "max_code_size": MAX_CODE_SIZE,
    "max_head_data_size": MAX_HEAD_DATA_SIZE,
    "parathread_cores": MAX_PARATHREAD_CORES,
    "parathread_retries": MAX_PARATHREAD_RETRIES,
    "scheduling_lookahead": MAX_SCHEDULING_LOOKAHEAD,
}


@scale_struct
class HostConfiguration:
    """The parachain host's configuration, changed only by governance at session boundaries."""

    #: The minimum number of blocks between two validation code upgrades of a para.
    validation_upgrade_frequency: BlockNumber = 0
    #: The delay, in blocks, before a validation code upgrade is applied.
    validation_upgrade_delay: BlockNumber = 0
    #: Blocks after availability during which secondary checks may happen (old code is kept this long).
    acceptance_period: BlockNumber = 0
    #: The maximum validation code size, in bytes (at most `MAX_CODE_SIZE`).
    max_code_size: U32 = MAX_CODE_SIZE
    #: The maximum head data size, in bytes (at most `MAX_HEAD_DATA_SIZE`).
    max_head_data_size: U32 = 32 * 1024
    #: The number of execution cores dedicated to parathreads (at most `MAX_PARATHREAD_CORES`).
    parathread_cores: U32 = 0
    #: How many times a parathread claim may be retried (at most `MAX_PARATHREAD_RETRIES`).
    parathread_retries: U32 = 0
    #: How often, in blocks, validator groups rotate across cores; 0 means never (DESIGN §4.6).
    parachain_rotation_frequency: BlockNumber = 0
    #: Blocks a parachain candidate has to become available after backing. At least 1.
    chain_availability_period: BlockNumber = 1
    #: Blocks a parathread candidate has to become available after backing. At least 1.
    thread_availability_period: BlockNumber = 1
    #: How many blocks ahead parachains and parathreads are scheduled (at most `MAX_SCHEDULING_LOOKAHEAD`).
    scheduling_lookahead: U32 = 1
