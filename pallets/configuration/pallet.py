"""Configuration: the parachain host's configuration, changed by governance and applied only at a session change.

Implements the guide's "The Configuration Module" (reference §2): the active `Configuration` and a
`PendingConfiguration` that the session change makes active, so that the configuration is constant throughout a
session. Unlike the 2020 code, inconsistent values are refused with named errors (DESIGN §4.8), and so are values
over the documented upper bounds of the fields that drive per-block work (`primitives.parachain.config`:
`MAX_CODE_SIZE`, `MAX_HEAD_DATA_SIZE`, `MAX_PARATHREAD_CORES`, `MAX_PARATHREAD_RETRIES`,
`MAX_SCHEDULING_LOOKAHEAD`), at genesis and in every setter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from frame.dispatch import Origin, PalletError, ensure_root
from frame.pallet import Pallet, call
from frame.storage import StorageValue
from frame.system import System
from pallets.configuration import weights
from pallets.configuration.types import ConfigurationGenesisConfig, GenesisConfig
from primitives.parachain import BlockNumber, GlobalValidationSchedule, HostConfiguration, ValidatorId
from primitives.parachain.config import (
    MAX_CODE_SIZE,
    MAX_HEAD_DATA_SIZE,
    MAX_PARATHREAD_CORES,
    MAX_PARATHREAD_RETRIES,
    MAX_SCHEDULING_LOOKAHEAD,
)
from primitives.types import U32, evolve

#: The weight of a setter (reference: 1_000, Operational).
SETTER_WEIGHT = 1_000

# ---------------------------------------------------------------------------------------------
# Errors


class Error(PalletError):
    """Configuration's errors."""


class ZeroMaxCodeSize(Error, index=0):
    """max_code_size must be at least 1: a limit of 0 accepts no validation code."""


class ZeroMaxHeadDataSize(Error, index=1):
    """max_head_data_size must be at least 1: a limit of 0 accepts no head data."""


class ZeroChainAvailabilityPeriod(Error, index=2):
    """chain_availability_period must be at least 1: 0 would time out every parachain candidate at once."""


class ZeroThreadAvailabilityPeriod(Error, index=3):
    """thread_availability_period must be at least 1: 0 would time out every parathread candidate at once."""


class ZeroSchedulingLookahead(Error, index=4):
    """scheduling_lookahead must be at least 1: with 0 no parathread claim could ever be queued."""


class MaxCodeSizeOverBound(Error, index=5):
    """max_code_size is over MAX_CODE_SIZE (3 MiB): blocks of candidates carrying such code would be too heavy."""


class MaxHeadDataSizeOverBound(Error, index=6):
    """max_head_data_size is over MAX_HEAD_DATA_SIZE (1 MiB): every candidate may carry a head that large."""


class ParathreadCoresOverBound(Error, index=7):
    """parathread_cores is over MAX_PARATHREAD_CORES (100): every block scans and schedules every core."""


class ParathreadRetriesOverBound(Error, index=8):
    """parathread_retries is over MAX_PARATHREAD_RETRIES (10): a dead claim would hold its queue slot too long."""


class SchedulingLookaheadOverBound(Error, index=9):
    """scheduling_lookahead is over MAX_SCHEDULING_LOOKAHEAD (10): the claim queue grows with it."""


#: Each bounded field with its bound and the error a value over it raises, in field order.
OVER_BOUND_ERRORS: dict[str, tuple[int, type[Error]]] = {
    "max_code_size": (MAX_CODE_SIZE, MaxCodeSizeOverBound),
    "max_head_data_size": (MAX_HEAD_DATA_SIZE, MaxHeadDataSizeOverBound),
    "parathread_cores": (MAX_PARATHREAD_CORES, ParathreadCoresOverBound),
    "parathread_retries": (MAX_PARATHREAD_RETRIES, ParathreadRetriesOverBound),
    "scheduling_lookahead": (MAX_SCHEDULING_LOOKAHEAD, SchedulingLookaheadOverBound),
}


def _check_bound(config: HostConfiguration, field: str) -> None:
    bound, error = OVER_BOUND_ERRORS[field]
    value = getattr(config, field)
    if value > bound:
        raise error(f"{value} is over the bound {bound}")


def check_consistency(config: HostConfiguration) -> None:
    """Raise the named error of the first inconsistent field (in field order: a field's 0 before its bound);
    return if the config is usable."""
    if config.max_code_size == 0:
        raise ZeroMaxCodeSize()
    _check_bound(config, "max_code_size")
    if config.max_head_data_size == 0:
        raise ZeroMaxHeadDataSize()
    _check_bound(config, "max_head_data_size")
    _check_bound(config, "parathread_cores")
    _check_bound(config, "parathread_retries")
    if config.chain_availability_period == 0:
        raise ZeroChainAvailabilityPeriod()
    if config.thread_availability_period == 0:
        raise ZeroThreadAvailabilityPeriod()
    if config.scheduling_lookahead == 0:
        raise ZeroSchedulingLookahead()
    _check_bound(config, "scheduling_lookahead")


# ---------------------------------------------------------------------------------------------
# The pallet


class Configuration(Pallet):
    """The guide's Configuration module."""

    Error = Error
    GenesisConfig = GenesisConfig

    # -- Storage

    Configuration = StorageValue(HostConfiguration, default=HostConfiguration,
                                 doc="The configuration in force. Invariant: consistent; changes only at a "
                                     "session change.")  # fmt: skip
    PendingConfiguration = StorageValue(HostConfiguration,
                                        doc="The configuration to apply at the next session change, if any. "
                                            "Invariant: consistent.")  # fmt: skip

    # -- Genesis

    @classmethod
    def genesis_build(cls, config: ConfigurationGenesisConfig) -> None:
        check_consistency(config.config)
        cls.Configuration.put(config.config)

    # -- Initialization

    @classmethod
    def initializer_initialize(cls, now: int) -> int:
        """Nothing to do at the start of a block; returns the weight used."""
        return 0

    # -- Session Change

    @classmethod
    def initializer_on_new_session(cls, validators: Sequence[ValidatorId] = (),
                                   queued: Sequence[ValidatorId] = ()) -> None:  # fmt: skip
        """Make the pending configuration, if any, the active one. (The validator sets do not matter here; the
        Initializer calls this before it builds the notification, which carries the configuration before and after.)"""
        pending = cls.PendingConfiguration.take()
        if pending is not None:
            cls.Configuration.put(pending)

    # -- Routines

    @classmethod
    def config(cls) -> HostConfiguration:
        """The configuration in force (the guide's `configuration()`)."""
        return cls.Configuration.get()

    @classmethod
    def pending_config(cls) -> HostConfiguration | None:
        """The configuration that the next session change will apply, if any."""
        return cls.PendingConfiguration.get()

    @classmethod
    def update_configuration(cls, f: Callable[[HostConfiguration], HostConfiguration]) -> None:
        """Change the pending configuration: ``f`` maps the base (the pending configuration, or the active one if
        nothing is pending) to the new value. Only if the value changes is it checked and written; a change to the
        value already pending writes nothing."""
        pending = cls.PendingConfiguration.get()
        base = pending if pending is not None else cls.Configuration.get()
        new = f(base)
        if new == base:
            return
        check_consistency(new)
        cls.PendingConfiguration.put(new)

    @classmethod
    def global_validation_schedule(cls) -> GlobalValidationSchedule:
        """What every para is validated under at the parent block: the size limits and the relay-parent number."""
        config = cls.config()
        return GlobalValidationSchedule(config.max_code_size, config.max_head_data_size,
                                        max(System.block_number() - 1, 0))  # fmt: skip

    # -- Entry points: one Root-only setter per field, in field order

    @call(0, weight=lambda new: weights.set_validation_upgrade_frequency())
    def set_validation_upgrade_frequency(cls, origin: Origin, new: BlockNumber) -> None:
        """Set the minimum number of blocks between two validation code upgrades of a para."""
        ensure_root(origin)
        cls.update_configuration(lambda c: evolve(c, validation_upgrade_frequency=new))

    @call(1, weight=lambda new: weights.set_validation_upgrade_delay())
    def set_validation_upgrade_delay(cls, origin: Origin, new: BlockNumber) -> None:
        """Set the delay, in blocks, before a validation code upgrade is applied."""
        ensure_root(origin)
        cls.update_configuration(lambda c: evolve(c, validation_upgrade_delay=new))

    @call(2, weight=lambda new: weights.set_acceptance_period())
    def set_acceptance_period(cls, origin: Origin, new: BlockNumber) -> None:
        """Set the acceptance period, in blocks (how long past code is kept for secondary checks)."""
        ensure_root(origin)
        cls.update_configuration(lambda c: evolve(c, acceptance_period=new))

    @call(3, weight=lambda new: weights.set_max_code_size())
    def set_max_code_size(cls, origin: Origin, new: U32) -> None:
        """Set the maximum validation code size, in bytes (at least 1, at most MAX_CODE_SIZE)."""
        ensure_root(origin)
        cls.update_configuration(lambda c: evolve(c, max_code_size=new))

    @call(4, weight=lambda new: weights.set_max_head_data_size())
    def set_max_head_data_size(cls, origin: Origin, new: U32) -> None:
        """Set the maximum head data size, in bytes (at least 1, at most MAX_HEAD_DATA_SIZE)."""
        ensure_root(origin)
        cls.update_configuration(lambda c: evolve(c, max_head_data_size=new))

    @call(5, weight=lambda new: weights.set_parathread_cores())
    def set_parathread_cores(cls, origin: Origin, new: U32) -> None:
        """Set the number of execution cores dedicated to parathreads (at most MAX_PARATHREAD_CORES)."""
        ensure_root(origin)
        cls.update_configuration(lambda c: evolve(c, parathread_cores=new))

    @call(6, weight=lambda new: weights.set_parathread_retries())
    def set_parathread_retries(cls, origin: Origin, new: U32) -> None:
        """Set how many times a parathread claim may be retried (at most MAX_PARATHREAD_RETRIES)."""
        ensure_root(origin)
        cls.update_configuration(lambda c: evolve(c, parathread_retries=new))

    @call(7, weight=lambda new: weights.set_parachain_rotation_frequency())
    def set_parachain_rotation_frequency(cls, origin: Origin, new: BlockNumber) -> None:
        """Set how often, in blocks, validator groups rotate across cores (0: never)."""
        ensure_root(origin)
        cls.update_configuration(lambda c: evolve(c, parachain_rotation_frequency=new))

    @call(8, weight=lambda new: weights.set_chain_availability_period())
    def set_chain_availability_period(cls, origin: Origin, new: BlockNumber) -> None:
        """Set the availability period, in blocks, of parachain candidates (at least 1)."""
        ensure_root(origin)
        cls.update_configuration(lambda c: evolve(c, chain_availability_period=new))

    @call(9, weight=lambda new: weights.set_thread_availability_period())
    def set_thread_availability_period(cls, origin: Origin, new: BlockNumber) -> None:
        """Set the availability period, in blocks, of parathread candidates (at least 1)."""
        ensure_root(origin)
        cls.update_configuration(lambda c: evolve(c, thread_availability_period=new))

    @call(10, weight=lambda new: weights.set_scheduling_lookahead())
    def set_scheduling_lookahead(cls, origin: Origin, new: U32) -> None:
        """Set how many blocks ahead parachains and parathreads are scheduled (at least 1, at most
        MAX_SCHEDULING_LOOKAHEAD)."""
        ensure_root(origin)
        cls.update_configuration(lambda c: evolve(c, scheduling_lookahead=new))

    # -- Finalization

    @classmethod
    def initializer_finalize(cls) -> None:
        """Nothing to do at the end of a block."""
