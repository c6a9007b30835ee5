"""A collator for the adder: builds the next block on its last head and a collator-signed candidate.

The next block follows Polkadot's ``adder-collator``: ``{state: last.state + last.add, add: head.number % 100}``
starting from ``{state: 0, add: 0}`` on the genesis head, unless the caller says what to add. A collation
carries the block data, its PoV, the new head, the commitments and an `AbridgedCandidateReceipt` whose
signature is the collator's over ``relay_parent ‖ para_id (u32 LE) ‖ pov_hash`` (68 bytes, reference §7.3).
"""

from __future__ import annotations

from dataclasses import dataclass

from parachains.adder import ADDER_PARA_ID, GENESIS_BLOCK, GENESIS_HEAD, U64_MASK, AdderBlock, AdderHead, execute
from primitives.crypto import Keypair
from primitives.parachain import (
    ZERO_HASH,
    AbridgedCandidateReceipt,
    BlockData,
    CandidateCommitments,
    CollatorId,
    CollatorSignature,
    HeadData,
    ParaId,
    PoV,
    ValidationParams,
    collator_signature_payload,
)


@dataclass(frozen=True, slots=True)
class Collation:
    """One adder parablock, ready for a validator: what it is, what it proves, and the signed receipt."""

    block: AdderBlock
    parent_head: HeadData
    block_data: BlockData
    pov: PoV
    head_data: HeadData
    commitments: CandidateCommitments
    receipt: AbridgedCandidateReceipt

    def validation_params(
        self,
        relay_chain_height: int = 0,
        max_code_size: int = 1 << 20,
        max_head_data_size: int = 1 << 15,
        code_upgrade_allowed: int | None = None,
    ) -> ValidationParams:
        """The parameters a validator would pass to the adder's ``validate_block`` for this block."""
        return ValidationParams(
            self.block_data,
            self.parent_head,
            max_code_size,
            max_head_data_size,
            relay_chain_height,
            code_upgrade_allowed,
        )


class AdderCollator:
    """Produces a chain of adder collations, each on the previous one's head."""

    def __init__(
        self,
        key: Keypair,
        para_id: int = ADDER_PARA_ID,
        head: AdderHead = GENESIS_HEAD,
        last_block: AdderBlock = GENESIS_BLOCK,
    ) -> None:
        self.key = key
        self.para_id = ParaId(para_id)
        self.head = head
        self.last_block = last_block

    def next_block(self, add: int | None = None) -> AdderBlock:
        """The block to build on `head`: its state is the last block's result; `add` defaults to number % 100."""
        state = (self.last_block.state + self.last_block.add) & U64_MASK
        return AdderBlock(state, self.head.number % 100 if add is None else add & U64_MASK)

    def collate(self, relay_parent: bytes, add: int | None = None, erasure_root: bytes = ZERO_HASH) -> Collation:
        """Build, sign and adopt the next block (`erasure_root` is whatever availability computed; zeros here)."""
        block = self.next_block(add)
        parent_head = HeadData(self.head.encode())
        block_data = BlockData(block.encode())
        head_data = HeadData(execute(parent_head, block_data))
        pov = PoV(block_data)
        pov_hash = pov.hash()
        commitments = CandidateCommitments(erasure_root=erasure_root)
        signature = self.key.sign(collator_signature_payload(relay_parent, self.para_id, pov_hash))
        receipt = AbridgedCandidateReceipt(
            parachain_index=self.para_id,
            relay_parent=relay_parent,
            head_data=head_data,
            collator=CollatorId(self.key.public_key),
            signature=CollatorSignature(signature),
            pov_block_hash=pov_hash,
            commitments=commitments,
        )
        self.head, self.last_block = AdderHead.decode(head_data), block
        return Collation(block, parent_head, block_data, pov, head_data, commitments, receipt)
