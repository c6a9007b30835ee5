"""What travels between peers: the protocols and their payloads (frozen; passed as objects in process).

=============  ==========================  =====================================================================
protocol       speaker                     payloads
=============  ==========================  =====================================================================
``block``      Chain                       `BlockAnnounce` (gossip); request `BlockRequestPayload` -> Block | None
``tx``         Chain                       `TransactionGossip`
``statement``  Statement Distribution      `StatementGossip` (validators only)
``bitfield``   Bitfield Distribution       `BitfieldGossip` (validators only)
``pov``        PoV Distribution            `PoVGossip` (validators only); request `PoVRequestPayload` -> PoV | None
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
    """The proof of validity of a seconded candidate (full replication: sent to every validator)."""

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
