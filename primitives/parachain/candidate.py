"""Candidates and what they commit to: receipts, commitments, validation data, PoVs, PVF parameters.

The v0 types of the reference (§7.1, commit da237676) under the guide's names (DESIGN §4.1). The
candidate hash is blake2_256 of the SCALE-encoded `AbridgedCandidateReceipt`; the collator signs
``relay_parent ‖ para_id (u32 LE) ‖ pov_hash`` (68 bytes, reference §7.3). `ValidationParams` and
`ValidationResult` are what a validation function takes and returns (DESIGN §5, reference §9).
"""

from __future__ import annotations

import enum
import struct

from primitives.crypto import verify
from primitives.hashing import blake2_256
from primitives.parachain.ids import (
    ZERO_HASH,
    Balance,
    BlockData,
    BlockNumber,
    CollatorId,
    CollatorSignature,
    Hash,
    HeadData,
    ParaId,
    ValidationCode,
)
from primitives.types import U32, codec_of, index_enum, scale_struct

_PARA_ID = struct.Struct("<I")

# ---------------------------------------------------------------------------------------------
# Proof of validity


@scale_struct
class PoVBlock:
    """A proof of validity: the block data the validation function needs (v0 ``PoVBlock``, v1 ``PoV``)."""

    block_data: BlockData = BlockData()

    def hash(self) -> bytes:
        """blake2_256 of the SCALE encoding: the ``pov_block_hash`` a receipt commits to."""
        return blake2_256(_POV_BLOCK.encode(self))


_POV_BLOCK = codec_of(PoVBlock)
#: The v1 name of `PoVBlock`.
PoV = PoVBlock


def collator_signature_payload(relay_parent: bytes, para_id: int, pov_hash: bytes) -> bytes:
    """The 68 bytes a collator signs: ``relay_parent ‖ para_id as u32 LE ‖ pov_hash`` (reference §7.3)."""
    if len(relay_parent) != 32 or len(pov_hash) != 32:
        raise ValueError("relay_parent and pov_hash must be 32 bytes each")
    return bytes(relay_parent) + _PARA_ID.pack(para_id) + bytes(pov_hash)


# ---------------------------------------------------------------------------------------------
# Messages and validation data


@index_enum
class ParachainDispatchOrigin(enum.IntEnum):
    """Where an upward message is dispatched from (reference §7.1; ``repr(u8)``)."""

    Signed = 0
    Parachain = 1
    Root = 2


@scale_struct
class UpwardMessage:
    """A message from a para to the relay chain: its dispatch origin and opaque data (reference §7.1)."""

    origin: ParachainDispatchOrigin
    data: bytes


@scale_struct
class GlobalValidationSchedule:
    """Validation data common to all paras at a relay parent (reference §7.1)."""

    max_code_size: U32 = 0
    max_head_data_size: U32 = 0
    block_number: BlockNumber = 0


@scale_struct
class LocalValidationData:
    """Validation data of one para at a relay parent (v0, reference §7.1: no code hash)."""

    parent_head: HeadData = HeadData()
    balance: Balance = 0
    code_upgrade_allowed: BlockNumber | None = None


@scale_struct
class OmittedValidationData:
    """The validation data an abridged receipt leaves out (reference §7.1)."""

    global_validation: GlobalValidationSchedule = GlobalValidationSchedule()
    local_validation: LocalValidationData = LocalValidationData()


@scale_struct
class CandidateCommitments:
    """What a candidate commits to besides its head (v0, reference §7.1)."""

    fees: Balance = 0
    upward_messages: tuple[UpwardMessage, ...] = ()
    erasure_root: Hash = ZERO_HASH
    new_validation_code: ValidationCode | None = None
    processed_downward_messages: U32 = 0


# ---------------------------------------------------------------------------------------------
# Receipts


@scale_struct
class CandidateDescriptor:
    """The collator-signed part of a candidate (reference §7.1, E order: signature before pov_hash)."""

    para_id: ParaId = ParaId(0)
    relay_parent: Hash = ZERO_HASH
    collator: CollatorId = CollatorId()
    signature: CollatorSignature = CollatorSignature()
    pov_hash: Hash = ZERO_HASH


@scale_struct
class AbridgedCandidateReceipt:
    """A candidate receipt without its validation data: what is backed and what the hash is of (§7.1).

    ``hash()`` (blake2_256 of the SCALE encoding) is the candidate hash used in statements and backing.
    """

    parachain_index: ParaId = ParaId(0)
    relay_parent: Hash = ZERO_HASH
    head_data: HeadData = HeadData()
    collator: CollatorId = CollatorId()
    signature: CollatorSignature = CollatorSignature()
    pov_block_hash: Hash = ZERO_HASH
    commitments: CandidateCommitments = CandidateCommitments()

    def hash(self) -> bytes:
        """The candidate hash: blake2_256(SCALE(self))."""
        return blake2_256(_ABRIDGED.encode(self))

    def collator_payload(self) -> bytes:
        """The 68 bytes the collator signed (`collator_signature_payload`)."""
        return collator_signature_payload(self.relay_parent, self.parachain_index, self.pov_block_hash)

    def check_collator_signature(self) -> bool:
        """Whether `signature` is `collator`'s signature of `collator_payload()`."""
        return verify(self.signature, self.collator_payload(), self.collator)

    def to_descriptor(self) -> CandidateDescriptor:
        return CandidateDescriptor(
            self.parachain_index, self.relay_parent, self.collator, self.signature, self.pov_block_hash
        )

    def complete(self, omitted: OmittedValidationData) -> CandidateReceipt:
        """The full receipt, the inverse of `CandidateReceipt.abridge`."""
        return CandidateReceipt(
            self.parachain_index,
            self.relay_parent,
            self.head_data,
            self.collator,
            self.signature,
            self.pov_block_hash,
            omitted.global_validation,
            omitted.local_validation,
            self.commitments,
        )

    def sort_key(self) -> tuple[int, bytes]:
        """Rust's ``Ord`` for receipts: by para id, then head data bytes."""
        return (self.parachain_index, self.head_data)


_ABRIDGED = codec_of(AbridgedCandidateReceipt)


@scale_struct
class CandidateReceipt:
    """The full v0 candidate receipt, with its global and local validation data (reference §7.1)."""

    parachain_index: ParaId = ParaId(0)
    relay_parent: Hash = ZERO_HASH
    head_data: HeadData = HeadData()
    collator: CollatorId = CollatorId()
    signature: CollatorSignature = CollatorSignature()
    pov_block_hash: Hash = ZERO_HASH
    global_validation: GlobalValidationSchedule = GlobalValidationSchedule()
    local_validation: LocalValidationData = LocalValidationData()
    commitments: CandidateCommitments = CandidateCommitments()

    def abridge(self) -> tuple[AbridgedCandidateReceipt, OmittedValidationData]:
        """Split into the abridged receipt and the validation data it omits."""
        abridged = AbridgedCandidateReceipt(
            self.parachain_index,
            self.relay_parent,
            self.head_data,
            self.collator,
            self.signature,
            self.pov_block_hash,
            self.commitments,
        )
        return abridged, OmittedValidationData(self.global_validation, self.local_validation)

    def hash(self) -> bytes:
        """The candidate hash, which is that of the abridged receipt."""
        return self.abridge()[0].hash()


@scale_struct
class AvailableData:
    """What availability keeps of a candidate: the PoV and the omitted validation data (reference §7.1)."""

    pov_block: PoVBlock
    omitted_validation: OmittedValidationData


@scale_struct
class ErasureChunk:
    """One validator's piece of an `AvailableData`: the chunk, its index and its proof under the erasure root
    (the trie nodes from the root to the chunk's leaf; reference §7.1)."""

    chunk: bytes
    index: U32
    proof: tuple[bytes, ...]


# ---------------------------------------------------------------------------------------------
# Validation function parameters and result (DESIGN §5)


@scale_struct
class ValidationParams:
    """What the host passes to ``validate_block`` (reference §9, ``parachain/src/primitives.rs``)."""

    block_data: BlockData
    parent_head: HeadData
    max_code_size: U32
    max_head_data_size: U32
    relay_chain_height: BlockNumber
    code_upgrade_allowed: BlockNumber | None


@scale_struct
class ValidationResult:
    """What ``validate_block`` returns (reference §9): the new head and the candidate's outputs."""

    head_data: HeadData
    new_validation_code: ValidationCode | None = None
    upward_messages: tuple[UpwardMessage, ...] = ()
    processed_downward_messages: U32 = 0
