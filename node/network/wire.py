"""What travels between peers: the protocols and their payloads (frozen; passed as objects in process).

=============  ==========================  =====================================================================
protocol       speaker                     payloads
=============  ==========================  =====================================================================
``block``      Chain                       `BlockAnnounce` (gossip); request `BlockRequestPayload` -> Block | None
``tx``         Chain                       `TransactionGossip`
``statement``  Statement Distribution      `StatementGossip` (validators only)
``bitfield``   Bitfield Distribution       `BitfieldGossip` (validators only)
``pov``        PoV Distribution            `PoVGossip` (to a backing group); request `PoVRequestPayload` -> PoV | None
``chunk``      Availability Distribution   request `ChunkRequestPayload` -> ErasureChunk | None
``av-data``    Availability Distribution   request `AvailableDataRequestPayload` -> AvailableData | None
``collation``  Collator Protocol           `CollationOffer` (collator to the validators of its para's group)
=============  ==========================  =====================================================================
"""

from __future__ import annotations

from dataclasses import dataclass

from frame.block import Block
from primitives.parachain import AbridgedCandidateReceipt, PoV, SignedAvailabilityBitfield, SignedStatement

BLOCK = "block"
TX = "tx"
STATEMENT = "statement"
BITFIELD = "bitfield"
POV = "pov"
CHUNK = "chunk"
AVAILABLE_DATA = "av-data"
COLLATION = "collation"


@dataclass(frozen=True, slots=True)
class BlockAnnounce:
    """A new block (header and body)."""

    block: Block


@dataclass(frozen=True, slots=True)
class BlockRequestPayload:
    """Ask for a block by hash (answered with the Block, or None)."""

    hash: bytes


@dataclass(frozen=True, slots=True)
class TransactionGossip:
    """A signed extrinsic (its inner bytes) for block authors to include."""

    extrinsic: bytes


@dataclass(frozen=True, slots=True)
class StatementGossip:
    """A validator's signed backing statement under `relay_parent`."""

    relay_parent: bytes
    statement: SignedStatement


@dataclass(frozen=True, slots=True)
class BitfieldGossip:
    """A validator's signed availability bitfield under `relay_parent`."""

    relay_parent: bytes
    bitfield: SignedAvailabilityBitfield


@dataclass(frozen=True, slots=True)
class PoVGossip:
    """The proof of validity of a seconded candidate (sent by its seconder to the rest of its backing group)."""

    relay_parent: bytes
    candidate: AbridgedCandidateReceipt
    pov: PoV


@dataclass(frozen=True, slots=True)
class PoVRequestPayload:
    """Ask for the proof of validity with this hash (answered with the PoV, or None)."""

    pov_hash: bytes


@dataclass(frozen=True, slots=True)
class CollationOffer:
    """A collation for `relay_parent`: the collator-signed receipt and its proof of validity."""

    relay_parent: bytes
    candidate: AbridgedCandidateReceipt
    pov: PoV


@dataclass(frozen=True, slots=True)
class ChunkRequestPayload:
    """Ask for chunk `index` of candidate `candidate_hash` (answered with the ErasureChunk, or None)."""

    candidate_hash: bytes
    index: int


@dataclass(frozen=True, slots=True)
class AvailableDataRequestPayload:
    """Ask a backer for the full AvailableData of `candidate_hash` (answered with it, or None)."""

    candidate_hash: bytes
