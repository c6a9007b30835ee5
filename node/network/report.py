"""What a local network run reports: one `BlockRecord` per block the observer imported, a `ParaSummary` per
parachain over the best chain, and the `RunResult` at the end (with each validator's availability-store bytes
against what full replication of every candidate's data would have cost it, and the chunk-recovery count).
`block_record` and `run_result` build them from the observer's database; `LocalNetwork` calls them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from frame.runtime import Runtime
from node.db import BlockDb
from node.messages import BlockImportEvent
from node.network.net import NetworkStats
from node.network.node import ValidatorNode
from node.subsystems._slots import slot_of
from parachains.adder import AdderHead
from primitives.errors import ParahostError
from primitives.parachain import (
    AbridgedCandidateReceipt,
    CandidateBacked,
    CandidateIncluded,
    CandidateTimedOut,
    OccupiedCoreAssumption,
)
from runtime_api import RuntimeApi

__all__ = ["BlockRecord", "ParaSummary", "RunResult", "block_record", "run_result"]


@dataclass(frozen=True, slots=True)
class BlockRecord:
    """A relay block as the observer imported it, and what happened to candidates in it (para ids)."""

    number: int
    hash: bytes
    parent: bytes
    slot: int
    author: str
    best: bool
    backed: tuple[int, ...]
    included: tuple[int, ...]
    timed_out: tuple[int, ...]


@dataclass(slots=True)
class ParaSummary:
    """One parachain over the best chain: its head's number, and its candidates backed, included, timed out."""

    head_number: int = 0
    backed: int = 0
    included: int = 0
    timed_out: int = 0


@dataclass
class RunResult:
    """Where a run ended: the observer's best block, each parachain, the best chain's records and counters."""

    best_number: int
    best_hash: bytes
    state_root: bytes
    paras: dict[int, ParaSummary]
    blocks: list[BlockRecord]
    stats: dict[str, dict[str, int]] = field(default_factory=dict)
    network: NetworkStats = field(default_factory=NetworkStats)
    #: bytes each validator's availability store holds (chunks with proofs, and the full data it backed)
    stored: dict[str, int] = field(default_factory=dict)
    #: what each validator would hold under full replication: every candidate's whole AvailableData
    full_replication: int = 0
    #: (recovered, tried): included candidates whose data the observer recovered without their backers
    recovery: tuple[int, int] = (0, 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "best": {"number": self.best_number, "hash": "0x" + self.best_hash.hex(),
                     "state_root": "0x" + self.state_root.hex()},
            "paras": {str(p): {"head_number": s.head_number, "included": s.included, "timed_out": s.timed_out}
                      for p, s in sorted(self.paras.items())},
            "availability": {"stored_bytes": dict(sorted(self.stored.items())),
                             "full_replication_bytes": self.full_replication,
                             "recovered": self.recovery[0], "recovery_tried": self.recovery[1]},
        }  # fmt: skip


def block_record(runtime: Runtime, db: BlockDb, event: BlockImportEvent,
                 names: Sequence[str]) -> tuple[BlockRecord, list[AbridgedCandidateReceipt]]:  # fmt: skip
    """The record of the block `event` imported into `db` (authors named by validator index from `names`), and
    the receipts of the candidates included in it."""
    header = event.header
    events = RuntimeApi(runtime, db.state_at(event.hash), header).candidate_events()
    slot, author = slot_of(header)

    def paras(kind: type) -> tuple[int, ...]:
        return tuple(int(e.receipt.parachain_index) for e in events if isinstance(e, kind))

    record = BlockRecord(header.number, event.hash, header.parent_hash, slot,
                         names[author] if author is not None else "?", event.new_best,
                         paras(CandidateBacked), paras(CandidateIncluded), paras(CandidateTimedOut))  # fmt: skip
    return record, [e.receipt for e in events if isinstance(e, CandidateIncluded)]


def run_result(runtime: Runtime, db: BlockDb, para_ids: Sequence[int], chain: list[BlockRecord],
               nodes: Mapping[str, ValidatorNode], network: NetworkStats,
               recovery: tuple[int, int]) -> RunResult:  # fmt: skip
    """The report of a run whose observer's database is `db` and best chain `chain`, over the validators `nodes`."""
    best = db.best_header()
    api = RuntimeApi(runtime, db.state_at(db.best_hash), best)
    paras = {}
    for p in para_ids:
        local = api.local_validation_data(p, OccupiedCoreAssumption.TimedOut)  # the head last included
        try:
            number = AdderHead.decode(bytes(local.parent_head)).number if local is not None else 0
        except ParahostError:
            number = 0
        paras[p] = ParaSummary(number, sum(p in r.backed for r in chain), sum(p in r.included for r in chain),
                               sum(p in r.timed_out for r in chain))  # fmt: skip
    stats = {name: node.stats.as_dict() for name, node in nodes.items()}
    stored = {name: node.av_store.store.stored_bytes() if node.av_store is not None and node.running
              else node.stats.availability_bytes for name, node in nodes.items()}  # fmt: skip
    sizes: dict[bytes, int] = {}
    for node in nodes.values():
        if node.av_store is not None and node.running:
            sizes.update(node.av_store.store.data_sizes())
    return RunResult(best.number, db.best_hash, best.state_root, paras, chain, stats, network,
                     stored, sum(sizes.values()), recovery)  # fmt: skip
