"""What the parachain-host pallets need from each other (FRAME's ``frame_support::traits``), as protocols.

A pallet declares a dependency with `frame.Requires(Protocol)` and reads it as ``cls.Slot``; `construct_runtime`
wires each slot to the runtime's pallet that implements the protocol (see `frame.coupling` and pallets/README.md).
Each protocol lists only what its consumer calls; a pallet implements it by having those routines, it never
declares so. No pallet imports another pallet's module: they meet here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import attrs

from primitives.parachain import (
    AbridgedCandidateReceipt,
    BackedCandidate,
    CoreAssignment,
    CoreIndex,
    CoreOccupied,
    FreedReason,
    GroupIndex,
    GroupRotationInfo,
    HeadData,
    HostConfiguration,
    ParaId,
    SignedAvailabilityBitfield,
    SigningContext,
    ValidationCode,
    ValidatorId,
    ValidatorIndex,
    ValidityAttestation,
)

__all__ = [
    "AvailabilityCores", "CandidateInclusion", "CandidateIncludedHandler", "CoreScheduler", "FeeCurrency",
    "HostConfigurationManager",
    "HostConfigurationSource", "ParaRegistry", "ParaUpdates", "ParachainHooks", "SessionChangeNotification",
    "SessionHandler", "SessionInfo",
]  # fmt: skip


@attrs.frozen
class SessionChangeNotification:
    """A session change, as every parachain pallet sees it (never encoded; passed in memory).

    `validators` is the new session's set, `queued` the next session's; `prev_config` and `new_config` are the
    configuration before and after the Configuration pallet applied its pending change; `random_seed` is the
    session's 32-byte seed (see `pallets.session` for where it comes from and its limits).
    """

    validators: tuple[ValidatorId, ...]
    queued: tuple[ValidatorId, ...]
    prev_config: HostConfiguration
    new_config: HostConfiguration
    random_seed: bytes
    session_index: int

    def __attrs_post_init__(self) -> None:
        if len(self.random_seed) != 32:
            raise ValueError(f"random_seed must be 32 bytes, got {len(self.random_seed)}")


# ---------------------------------------------------------------------------------------------
# Sessions (FRAME's OneSessionHandler, and what the Initializer reads from the session pallet)


class SessionHandler(Protocol):
    """Told of sessions by the session pallet, in the order the runtime lists its handlers (FRAME's
    ``OneSessionHandler``)."""

    def on_genesis_session(self, validators: Sequence[ValidatorId]) -> None:
        """Session 0's validators, from the session pallet's genesis."""

    def on_new_session(self, changed: bool, validators: Sequence[ValidatorId], queued: Sequence[ValidatorId]) -> None:
        """A new session started: its validators (`changed`: they differ from the last session's) and the next's."""

    def on_disabled(self, validator_index: int) -> None:
        """A validator of the current session was disabled."""


class SessionInfo(Protocol):
    """The current session, as the session pallet keeps it."""

    def current_index(self) -> int: ...
    def validators(self) -> list[ValidatorId]: ...
    def queued_validators(self) -> list[ValidatorId]: ...
    def random_seed(self) -> bytes: ...


# ---------------------------------------------------------------------------------------------
# Configuration


class HostConfigurationSource(Protocol):
    """The active host configuration."""

    def config(self) -> HostConfiguration: ...


class HostConfigurationManager(HostConfigurationSource, Protocol):
    """The configuration the Initializer drives: it applies the pending configuration at a session change."""

    def initializer_on_new_session(self, validators: Sequence[ValidatorId] = (),
                                   queued: Sequence[ValidatorId] = ()) -> None: ...  # fmt: skip


class ParachainHooks(Protocol):
    """The three hooks a parachain pallet offers the Initializer (pallets/README.md, "Conventions")."""

    def initializer_initialize(self, now: int) -> int: ...
    def initializer_finalize(self) -> None: ...
    def initializer_on_new_session(self, notification: SessionChangeNotification) -> None: ...


# ---------------------------------------------------------------------------------------------
# Paras


class ParaRegistry(Protocol):
    """The registered paras."""

    def parachains(self) -> list[ParaId]: ...
    def is_parathread(self, para: int) -> bool: ...


class ParaUpdates(ParaRegistry, Protocol):
    """What enacting a candidate changes: the para's head and, maybe, its code."""

    def last_code_upgrade(self, para: int, include_future: bool) -> int | None: ...
    def schedule_code_upgrade(self, para: ParaId, code: ValidationCode, expected_at: int) -> None: ...
    def note_new_head(self, para: ParaId, head: HeadData, execution_context: int) -> None: ...


# ---------------------------------------------------------------------------------------------
# Scheduler


class AvailabilityCores(Protocol):
    """What occupies each core."""

    def availability_cores(self) -> list[CoreOccupied | None]: ...


class CoreScheduler(AvailabilityCores, Protocol):
    """What the inclusion inherent asks of the scheduler: freeing, scheduling and occupying cores."""

    def core_para(self, core: CoreIndex) -> ParaId | None: ...
    def scheduled(self) -> list[CoreAssignment]: ...
    def schedule(self, just_freed: Sequence[tuple[CoreIndex, FreedReason]]) -> None: ...
    def occupied(self, now_occupied: Sequence[CoreIndex]) -> None: ...
    def availability_timeout_predicate(self) -> Callable[[CoreIndex, int], bool] | None: ...
    def validator_groups(self) -> list[list[ValidatorIndex]]: ...
    def group_rotation_info(self) -> GroupRotationInfo: ...


# ---------------------------------------------------------------------------------------------
# Inclusion


class CandidateInclusion(Protocol):
    """What the inclusion inherent hands to Inclusion: bitfields, timeouts and backed candidates."""

    def validators(self) -> list[ValidatorId]: ...
    def signing_context(self) -> SigningContext: ...
    def process_bitfields(self, signed_bitfields: Sequence[SignedAvailabilityBitfield],
                          core_lookup: Callable[[CoreIndex], ParaId | None]) -> list[CoreIndex]: ...  # fmt: skip
    def process_candidates(self, candidates: Sequence[BackedCandidate], scheduled: Sequence[CoreAssignment],
                           group_validators: Callable[[GroupIndex], Sequence[ValidatorIndex] | None]
                           ) -> list[CoreIndex]: ...  # fmt: skip
    def collect_pending(self, predicate: Callable[[CoreIndex, int], bool]) -> list[CoreIndex]: ...


class CandidateIncludedHandler(Protocol):
    """Told by Inclusion of every candidate it enacts, with the votes that backed it (Validity keeps them)."""

    def candidate_included(self, receipt: AbridgedCandidateReceipt,
                           backing: Sequence[tuple[ValidatorIndex, ValidityAttestation]]) -> None: ...  # fmt: skip


class FeeCurrency(Protocol):
    """What TransactionPayment needs of a currency (FRAME's ``fungible`` as ``OnChargeTransaction`` uses it):
    take a fee (``withdraw``, keeping the payer alive; a named DispatchFailure if it cannot) and give refunds and
    fees back (``deposit_creating``; a named DispatchFailure below the existential deposit)."""

    def withdraw(self, who: bytes, amount: int, keep_alive: bool = True) -> None: ...
    def deposit_creating(self, who: bytes, amount: int) -> None: ...
