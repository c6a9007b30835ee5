"""Every message the node's subsystems exchange through the overseer, and the overseer's signals.

The guide's "Subsystems" chapter and its "Data Structures and Types" (Overseer Signal, Block Import Event,
Candidate Backing subsystem Message), extended with the messages of the other subsystems of the inclusion
pipeline. Each message is a frozen class with a docstring; a message that expects an answer carries its reply
channel (an `asyncio.Future`, or a queue for a watcher) as its last field. A message is routed to the
subsystem that handles its base class (`CandidateBackingMessage` -> Candidate Backing, ...); `PeerMessage`
and `PeerRequest` go to the subsystem that speaks their network protocol.
"""

from __future__ import annotations

import asyncio
import enum
from dataclasses import dataclass
from typing import Any

from frame.block import Header
from frame.pallet import Call
from primitives.parachain import (
    AbridgedCandidateReceipt,
    AvailableData,
    BackedCandidate,
    ErasureChunk,
    PoV,
    SignedAvailabilityBitfield,
    SignedStatement,
    ValidationResult,
)

# ---------------------------------------------------------------------------------------------
# Overseer signals (the guide's `OverseerSignal`) and the overseer's own input


class OverseerSignal:
    """A signal from the overseer to every subsystem: a change in what to work on."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class StartWork(OverseerSignal):
    """Start work on top of the relay-chain block `relay_parent` (it became an active leaf)."""

    relay_parent: bytes


@dataclass(frozen=True, slots=True)
class StopWork(OverseerSignal):
    """Stop work on top of `relay_parent` (it is no longer an active leaf)."""

    relay_parent: bytes


@dataclass(frozen=True, slots=True)
class BlockImportEvent:
    """A block was added to the block database (the guide's "Block Import Event"); sent to the overseer."""

    hash: bytes
    header: Header
    new_best: bool


# ---------------------------------------------------------------------------------------------
# Network (routed by protocol to the subsystem that speaks it)


@dataclass(frozen=True, slots=True)
class PeerMessage:
    """A gossip message from `peer` on `protocol` (see `node.network.wire` for the payloads)."""

    protocol: str
    peer: str
    payload: Any


@dataclass(frozen=True, slots=True)
class PeerRequest:
    """A request from `peer` on `protocol`; answer by setting `reply` (None: nothing to give)."""

    protocol: str
    peer: str
    payload: Any
    reply: asyncio.Future[Any]


# ---------------------------------------------------------------------------------------------
# Runtime API


class RuntimeApiQuery(enum.Enum):
    """The runtime API queries (`runtime_api.RuntimeApi`), plus the account nonce of `arg`."""

    Validators = "validators"
    ValidatorGroups = "validator_groups"
    AvailabilityCores = "availability_cores"
    GlobalValidationSchedule = "global_validation_schedule"
    LocalValidationData = "local_validation_data"
    SessionIndexForChild = "session_index_for_child"
    ValidationCode = "validation_code"
    CandidatePendingAvailability = "candidate_pending_availability"
    CandidateEvents = "candidate_events"
    AccountNonce = "account_nonce"


class RuntimeApiMessage:
    """Messages to the Runtime API subsystem."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class RuntimeApiRequest(RuntimeApiMessage):
    """Run `query` (with `arg`: a para id, a (para id, OccupiedCoreAssumption) pair, or an account, else None) on
    the state of block `relay_parent`.

    The reply is the query's result, or a `RuntimeApiUnavailable` exception (unknown or pruned block)."""

    relay_parent: bytes
    query: RuntimeApiQuery
    arg: Any
    reply: asyncio.Future[Any]


# ---------------------------------------------------------------------------------------------
# Chain (the block database: imports, authoring, transactions)


class ChainMessage:
    """Messages to the Chain subsystem."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class AuthorBlock(ChainMessage):
    """Build a block on `parent` for `slot` by validator `author` with this inclusion-inherent data and the
    pooled transactions, import it and announce it. Replies the import event, or None if it could not."""

    parent: bytes
    slot: int
    author: int
    bitfields: tuple[SignedAvailabilityBitfield, ...]
    candidates: tuple[BackedCandidate, ...]
    reply: asyncio.Future[BlockImportEvent | None]


@dataclass(frozen=True, slots=True)
class SubmitExtrinsic(ChainMessage):
    """Sign `call` with the node's account key, pool it and gossip it. `key` names what it does, so that
    one report of the same thing is included once (None: no de-duplication)."""

    call: Call
    key: Any


@dataclass(frozen=True, slots=True)
class HeaderRequest(ChainMessage):
    """The header of a known block (None if unknown)."""

    hash: bytes
    reply: asyncio.Future[Header | None]


# ---------------------------------------------------------------------------------------------
# Candidate Backing (the guide's `CandidateBackingSubsystemMessage`, plus statements to import)


class CandidateBackingMessage:
    """Messages to the Candidate Backing subsystem; each names the relay parent whose job it is for."""

    __slots__ = ()
    relay_parent: bytes


@dataclass(frozen=True, slots=True)
class Second(CandidateBackingMessage):
    """Validate `candidate` (whose proof of validity is `pov`) and, if it is valid, second it."""

    relay_parent: bytes
    candidate: AbridgedCandidateReceipt
    pov: PoV


@dataclass(frozen=True, slots=True)
class ImportStatement(CandidateBackingMessage):
    """A statement by another validator, checked by Statement Distribution: import it into the table."""

    relay_parent: bytes
    statement: SignedStatement


@dataclass(frozen=True, slots=True)
class RegisterBackingWatcher(CandidateBackingMessage):
    """Put every candidate backed under `relay_parent` into `watcher`: those backed now, then each new one."""

    relay_parent: bytes
    watcher: asyncio.Queue[BackedCandidate]


@dataclass(frozen=True, slots=True)
class GetBackedCandidates(CandidateBackingMessage):
    """The candidates backed under `relay_parent` so far."""

    relay_parent: bytes
    reply: asyncio.Future[list[BackedCandidate]]


# ---------------------------------------------------------------------------------------------
# Candidate Validation


@dataclass(frozen=True, slots=True)
class CandidateValid:
    """The candidate is valid; `result` is what its validation function returned."""

    result: ValidationResult


@dataclass(frozen=True, slots=True)
class CandidateInvalid:
    """The candidate is invalid, for `reason` (a PVF reason or a mismatch with the receipt)."""

    reason: str


@dataclass(frozen=True, slots=True)
class ValidationFailed:
    """The candidate could not be validated here (no code, an internal error): it says nothing about it."""

    reason: str


CandidateValidity = CandidateValid | CandidateInvalid | ValidationFailed


class CandidateValidationMessage:
    """Messages to the Candidate Validation subsystem."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class ValidateFromChainState(CandidateValidationMessage):
    """Validate `candidate` with `pov` against the para's code and head at `relay_parent`."""

    relay_parent: bytes
    candidate: AbridgedCandidateReceipt
    pov: PoV
    reply: asyncio.Future[CandidateValidity]


# ---------------------------------------------------------------------------------------------
# Statement Distribution, PoV Distribution, Availability Store


class StatementDistributionMessage:
    """Messages to the Statement Distribution subsystem."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class ShareStatement(StatementDistributionMessage):
    """Gossip our own signed statement under `relay_parent`."""

    relay_parent: bytes
    statement: SignedStatement


class PoVDistributionMessage:
    """Messages to the PoV Distribution subsystem."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class FetchPoV(PoVDistributionMessage):
    """The proof of validity of `candidate`, from a peer if we do not have it (the guide's "fetch pov")."""

    relay_parent: bytes
    candidate: AbridgedCandidateReceipt
    reply: asyncio.Future[PoV]


@dataclass(frozen=True, slots=True)
class DistributePoV(PoVDistributionMessage):
    """Send `pov`, the proof of validity of `candidate`, to the validators `to` (public keys: the other
    members of its backing group, who validate it; everyone else gets only its own chunk)."""

    relay_parent: bytes
    candidate: AbridgedCandidateReceipt
    pov: PoV
    to: tuple[bytes, ...] = ()


class AvailabilityStoreMessage:
    """Messages to the Availability Store subsystem."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class StoreAvailableData(AvailabilityStoreMessage):
    """A backer's `data` for `candidate_hash`: re-encode it into `n_validators` chunks, check their erasure root
    against `expected_erasure_root`, and keep the data and every chunk. The reply is None, or the
    `node.availability.InvalidErasureRoot` (as its exception) when the roots differ; then nothing is kept."""

    candidate_hash: bytes
    n_validators: int
    data: AvailableData
    expected_erasure_root: bytes
    reply: asyncio.Future[None] | None = None


@dataclass(frozen=True, slots=True)
class StoreChunk(AvailabilityStoreMessage):
    """Keep `chunk` (its proof already checked against `erasure_root`) of `candidate_hash`."""

    candidate_hash: bytes
    n_validators: int
    erasure_root: bytes
    chunk: ErasureChunk
    reply: asyncio.Future[None] | None = None


@dataclass(frozen=True, slots=True)
class QueryAvailableData(AvailabilityStoreMessage):
    """The full data kept for `candidate_hash` (None if only chunks, or nothing, are kept)."""

    candidate_hash: bytes
    reply: asyncio.Future[AvailableData | None]


@dataclass(frozen=True, slots=True)
class QueryChunk(AvailabilityStoreMessage):
    """Chunk `index` of `candidate_hash`, with its proof (None if not kept)."""

    candidate_hash: bytes
    index: int
    reply: asyncio.Future[ErasureChunk | None]


@dataclass(frozen=True, slots=True)
class QueryChunkAvailability(AvailabilityStoreMessage):
    """Whether chunk `index` of `candidate_hash` is kept."""

    candidate_hash: bytes
    index: int
    reply: asyncio.Future[bool]


@dataclass(frozen=True, slots=True)
class QueryChunkSize(AvailabilityStoreMessage):
    """The size of the chunks of `candidate_hash` (None if none is kept)."""

    candidate_hash: bytes
    reply: asyncio.Future[int | None]


# ---------------------------------------------------------------------------------------------
# Availability Recovery


@dataclass(frozen=True, slots=True)
class RecoveryInvalid:
    """The recovered data re-encodes to another erasure root than the receipt's: the candidate is invalid
    (what approval checking and disputes will act on)."""

    candidate_hash: bytes
    reason: str


@dataclass(frozen=True, slots=True)
class RecoveryUnavailable:
    """Not enough of the data could be had (too few chunks answered, and no backer gave it)."""

    candidate_hash: bytes
    reason: str


RecoveryResult = AvailableData | RecoveryInvalid | RecoveryUnavailable


class AvailabilityRecoveryMessage:
    """Messages to the Availability Recovery subsystem."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class RecoverAvailableData(AvailabilityRecoveryMessage):
    """Recover the `AvailableData` of `candidate` (from the store, its backers `backing_group` (validator
    indexes), the systematic chunks or any chunks); the validator set is the one at its relay parent."""

    candidate: AbridgedCandidateReceipt
    backing_group: tuple[int, ...] | None
    reply: asyncio.Future[RecoveryResult]


# ---------------------------------------------------------------------------------------------
# Bitfields, Provisioner, Collator Protocol


class BitfieldDistributionMessage:
    """Messages to the Bitfield Distribution subsystem."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class DistributeBitfield(BitfieldDistributionMessage):
    """Gossip our own signed availability bitfield under `relay_parent`."""

    relay_parent: bytes
    bitfield: SignedAvailabilityBitfield


@dataclass(frozen=True, slots=True)
class InherentData:
    """What a block on a relay parent can carry in its inclusion inherent."""

    bitfields: tuple[SignedAvailabilityBitfield, ...]
    candidates: tuple[BackedCandidate, ...]


class ProvisionerMessage:
    """Messages to the Provisioner subsystem."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class ProvisionableBitfield(ProvisionerMessage):
    """A checked availability bitfield signed under `relay_parent`."""

    relay_parent: bytes
    bitfield: SignedAvailabilityBitfield


@dataclass(frozen=True, slots=True)
class RequestInherentData(ProvisionerMessage):
    """The bitfields and backed candidates for a block whose parent is `relay_parent`."""

    relay_parent: bytes
    reply: asyncio.Future[InherentData]


class CollatorProtocolMessage:
    """Messages to the Collator Protocol subsystem."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class CollationSeconded(CollatorProtocolMessage):
    """The collation `candidate_hash` under `relay_parent` was seconded by this node."""

    relay_parent: bytes
    candidate_hash: bytes


@dataclass(frozen=True, slots=True)
class CollationRejected(CollatorProtocolMessage):
    """The collation `candidate_hash` under `relay_parent` was not seconded (invalid, or not ours to second):
    offer another one if there is one."""

    relay_parent: bytes
    candidate_hash: bytes
    reason: str
