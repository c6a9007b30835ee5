"""Adder collators as network participants: a node that follows the relay chain and, on every leaf where
its para is scheduled, builds the next adder block on the para's head there and offers it to the validators
assigned to the para (the Collator Protocol's collator side).

`AdderCollation` is the collation builder. It remembers the adder state behind every head it built (the
genesis head's is 0), so it can build on whichever of its heads the relay chain holds, on any fork; a head it
does not know (one it did not build) gets no collation. A collator node keeps that memory in its directory
(``adder-states.json``, the latest `KEEP` heads), so a restarted collator carries on. With ``invalid=True``
it produces blocks whose starting state does not match the parent head (the adder's validation function
rejects them): a collator that produces invalid blocks; with ``bad_erasure_root=True`` its receipts commit to
an erasure root that is not their data's (backers refuse them). Otherwise the collator side fills in the
erasure root.

A collator node runs Chain (it imports relay blocks, with its own block database but no account), the
Runtime API and the collator side of the Collator Protocol. Its key is ``//Collator<para id>``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from node.db import BlockDb
from node.network.net import Endpoint
from node.network.node import Node, NodeEnv
from node.overseer import Subsystem
from node.subsystems.collator_protocol import CollatorSideSubsystem
from node.subsystems.runtime_api import RuntimeApiSubsystem
from parachains.adder import GENESIS_HEAD, AdderBlock, AdderError, AdderHead
from parachains.adder.collator import AdderCollator
from primitives.crypto import Keypair
from primitives.hashing import blake2_256
from primitives.parachain import (
    AbridgedCandidateReceipt,
    BlockData,
    CollatorSignature,
    GlobalValidationSchedule,
    LocalValidationData,
    PoV,
    collator_signature_payload,
)
from primitives.types import evolve

__all__ = ["KEEP", "AdderCollation", "CollatorNode", "collator_key"]

#: How many heads a collator remembers the adder state of.
KEEP = 256


def collator_key(para_id: int) -> Keypair:
    """The key of the collator of `para_id`: ``//Collator<para_id>``."""
    return Keypair.create_from_uri(f"//Collator{para_id}")


class AdderCollation:
    """Builds adder collations for `para_id`, signed by `key` (see the module docstring)."""

    def __init__(self, key: Keypair, para_id: int, *, invalid: bool = False, bad_erasure_root: bool = False,
                 path: str | os.PathLike[str] | None = None) -> None:  # fmt: skip
        self.key = key
        self.para_id = para_id
        self.invalid = invalid
        self.bad_erasure_root = bad_erasure_root
        self.path = None if path is None else Path(path)
        self.states: dict[bytes, int] = {GENESIS_HEAD.hash(): 0}
        if self.path is not None and self.path.exists():
            try:
                saved = json.loads(self.path.read_text())
                self.states.update({bytes.fromhex(h): int(s) for h, s in saved.items()})
            except (ValueError, AttributeError, OSError):
                pass  # a damaged file: build on the genesis head only

    def _remember(self, head: bytes, state: int) -> None:
        self.states[head] = state
        while len(self.states) > KEEP:
            del self.states[next(iter(self.states))]
        if self.path is not None:
            self.path.write_text(json.dumps({h.hex(): s for h, s in self.states.items()}))

    def __call__(self, relay_parent: bytes, local: LocalValidationData,
                 schedule: GlobalValidationSchedule) -> tuple[AbridgedCandidateReceipt, PoV] | None:  # fmt: skip
        try:
            parent = AdderHead.decode(bytes(local.parent_head))
        except AdderError:
            return None
        state = self.states.get(parent.hash())
        if state is None:
            return None
        collation = AdderCollator(self.key, self.para_id, parent, AdderBlock(state, 0)).collate(relay_parent)
        receipt, pov = collation.receipt, collation.pov
        if self.invalid:  # start from the wrong state: the validation function refuses it
            pov = PoV(BlockData(AdderBlock(state + 1, collation.block.add).encode()))
            payload = collator_signature_payload(relay_parent, self.para_id, pov.hash())
            receipt = evolve(receipt, pov_block_hash=pov.hash(), signature=CollatorSignature(self.key.sign(payload)))
        else:
            self._remember(AdderHead.decode(bytes(collation.head_data)).hash(), state + collation.block.add)
        if self.bad_erasure_root:
            wrong = blake2_256(b"not the erasure root of " + relay_parent)
            receipt = evolve(receipt, commitments=evolve(receipt.commitments, erasure_root=wrong))
        return receipt, pov


class CollatorNode(Node):
    """An adder collator for `para_id` on the network (with `collation`, default an honest `AdderCollation`)."""

    def __init__(self, para_id: int, db_dir: str | os.PathLike[str], env: NodeEnv, *,
                 collation: AdderCollation | None = None) -> None:  # fmt: skip
        key = collator_key(para_id)
        super().__init__(f"collator-{para_id}", db_dir, env, key=key)
        self.para_id = para_id
        self.collation = collation or AdderCollation(key, para_id, path=Path(db_dir) / "adder-states.json")
        self.side: CollatorSideSubsystem | None = None

    def make_subsystems(self, db: BlockDb, endpoint: Endpoint) -> list[Subsystem]:
        self.side = CollatorSideSubsystem(self.para_id, self.collation, endpoint,
                                          resend_after=self.env.timings.resend_after)  # fmt: skip
        return [self._chain(db, endpoint, None), RuntimeApiSubsystem(db, self.env.runtime), self.side]
