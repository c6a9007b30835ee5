"""The parachain host's configuration (the guide's "Host Configuration"; reference §2).

Field order and widths are the guide's (which the 2020 code matches): block-number fields are ``u32``
like the sizes and counts, so the struct is eleven little-endian ``u32`` (44 bytes).

Defaults: Rust's ``derive(Default)`` makes every field 0, which is not a usable chain (an availability
period of 0 times out every candidate at once; a size limit of 0 accepts no head or code). The defaults
here are a small configuration that the Configuration pallet's consistency checks accept (DESIGN §4.8)
and that a dev chain can run with: no rotation, no parathread cores, availability periods of one block.
Chain specs set their own values.
"""

from __future__ import annotations

from primitives.parachain.ids import BlockNumber
from primitives.types import U32, scale_struct


@scale_struct
class HostConfiguration:
    """The parachain host's configuration, changed only by governance at session boundaries."""

    #: The minimum number of blocks between two validation code upgrades of a para.
    validation_upgrade_frequency: BlockNumber = 0
    #: The delay, in blocks, before a validation code upgrade is applied.
    validation_upgrade_delay: BlockNumber = 0
    #: Blocks after availability during which secondary checks may happen (old code is kept this long).
    acceptance_period: BlockNumber = 0
    #: The maximum validation code size, in bytes.
    max_code_size: U32 = 16 * 1024 * 1024
    #: The maximum head data size, in bytes.
    max_head_data_size: U32 = 32 * 1024
    #: The number of execution cores dedicated to parathreads.
    parathread_cores: U32 = 0
    #: How many times a parathread claim may be retried.
    parathread_retries: U32 = 0
    #: How often, in blocks, validator groups rotate across cores; 0 means never (DESIGN §4.6).
    parachain_rotation_frequency: BlockNumber = 0
    #: Blocks a parachain candidate has to become available after backing. At least 1.
    chain_availability_period: BlockNumber = 1
    #: Blocks a parathread candidate has to become available after backing. At least 1.
    thread_availability_period: BlockNumber = 1
    #: How many blocks ahead parachains and parathreads are scheduled.
    scheduling_lookahead: U32 = 1
