"""``parahost db check``: verify a whole block database, read-only, and list what is damaged.

Checked: SQLite's own ``PRAGMA integrity_check``; the schema and ``meta``; every block (its header hashes to
the key it is stored under, agrees with its number and parent columns, and its body matches the extrinsics
root); every link (each block's parent is stored one number below; the best chain runs without a gap from
the genesis block to the best block, each entry the child of the one before; the finalized block is on it);
the best block's state root (the stored state re-hashed); and each kept change set (it decodes, and undoing
the best chain block by block gives each parent's state root). Nothing is written.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from typing import Any

import attrs

from frame.backend import MemoryBackend
from frame.block import Header
from frame.trie import Trie, ordered_trie_root
from node.db.store import DB_FILE, BlockDbError, Store
from node.db.views import ChangeSet, decode_changes
from primitives.errors import CodecError
from primitives.hashing import blake2_256
from primitives.scale import bytes_codec
from primitives.types import codec_of

__all__ = ["CheckReport", "Problem", "check_db"]

_HEADER = codec_of(Header)
_BODY = codec_of(tuple[bytes, ...])
_MAX_SQLITE_LINES = 20


@attrs.frozen
class Problem:
    """One thing found damaged: what, and the block it concerns (if any)."""

    what: str
    number: int | None = None
    block: bytes | None = None

    def __str__(self) -> str:
        if self.block is not None:
            number = f"#{self.number} " if self.number is not None else ""
            return f"block {number}0x{self.block.hex()}: {self.what}"
        return f"#{self.number}: {self.what}" if self.number is not None else self.what

    def to_json(self) -> dict[str, Any]:
        block = None if self.block is None else "0x" + self.block.hex()
        return {"what": self.what, "number": self.number, "block": block}


@attrs.define
class CheckReport:
    """What `check_db` found: the file, how many blocks it read, the best block number, and the problems."""

    path: str
    blocks: int = 0
    best: int | None = None
    problems: list[Problem] = attrs.Factory(list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {"file": self.path, "ok": self.ok, "blocks": self.blocks, "best": self.best,
                "problems": [p.to_json() for p in self.problems]}  # fmt: skip


@attrs.define
class _Row:
    number: int
    parent: bytes
    header: Header | None


def check_db(db_dir: str | os.PathLike[str]) -> CheckReport:
    """Verify every block, root and link of the database in `db_dir` (read-only). BlockDbError if there is
    no database file; damage, however bad, is reported in the result, not raised."""
    path = os.path.join(os.fspath(db_dir), DB_FILE)
    if not os.path.exists(path):
        raise BlockDbError(f"{os.fspath(db_dir)}: no block database here (expected {DB_FILE})")
    report = CheckReport(path)
    store = Store(path, read_only=True)
    try:
        _check(store, report)
    finally:
        store.close()
    return report


def _check(store: Store, report: CheckReport) -> None:
    problems = report.problems

    def attempt(step: Callable[[], Any]) -> Any:
        try:
            return step()
        except BlockDbError as e:
            problems.append(Problem(str(e).removeprefix(f"{store.path}: ")))
        except sqlite3.Error as e:  # pragma: no cover - Store turns these into BlockDbError
            problems.append(Problem(f"SQLite: {e}"))
        return None

    try:
        if store.identify():
            problems.append(Problem(f"holds no block database ({os.path.getsize(store.path)} bytes, no tables)"))
            return
    except BlockDbError as e:
        problems.append(Problem(str(e).removeprefix(f"{store.path}: ")))
        return
    lines = attempt(lambda: store.query("PRAGMA integrity_check", doing="check its integrity"))
    if lines is not None and [r[0] for r in lines] != ["ok"]:
        for (line,) in lines[:_MAX_SQLITE_LINES]:
            problems.append(Problem(f"SQLite integrity check: {line}"))
    meta = attempt(store.meta)
    rows = _check_blocks(store, report, attempt)
    if meta is None or rows is None:
        return
    _check_links(report, meta, rows, attempt(lambda: store.query("SELECT number, hash FROM canonical ORDER BY number",
                                                                 doing="read the table `canonical`")))  # fmt: skip
    best_row = rows.get(meta["best"])
    if best_row is None or best_row.header is None:
        return
    items = attempt(store.state_items)
    if items is None:
        return
    state = MemoryBackend(items)
    if state.root != best_row.header.state_root:
        problems.append(Problem(f"the stored state hashes to 0x{state.root.hex()}, but the header says "
                                f"0x{best_row.header.state_root.hex()}", best_row.number, meta["best"]))  # fmt: skip
        return
    _check_journal(store, report, meta["best"], rows, state.trie, attempt)


def _check_blocks(store: Store, report: CheckReport,
                  attempt: Callable[[Callable[[], Any]], Any]) -> dict[bytes, _Row] | None:  # fmt: skip
    found = attempt(lambda: store.query("SELECT hash, number, parent, header, body FROM blocks",
                                        doing="read the table `blocks`"))  # fmt: skip
    if found is None:
        return None
    rows: dict[bytes, _Row] = {}
    for block_hash, number, parent, raw_header, raw_body in found:
        block_hash, parent = bytes(block_hash), bytes(parent)
        report.blocks += 1
        header = None

        def bad(what: str, number: int = number, block_hash: bytes = block_hash) -> None:
            report.problems.append(Problem(what, number, block_hash))

        if blake2_256(bytes(raw_header)) != block_hash:
            bad(f"the stored header hashes to 0x{blake2_256(bytes(raw_header)).hex()}, not to its hash")
        else:
            try:
                header = _HEADER.decode(bytes(raw_header))
            except CodecError as e:
                bad(f"the header does not decode ({e})")
        if header is not None and (header.number != number or header.parent_hash != parent):
            bad(f"the number or parent column disagrees with the header (#{header.number})")
        try:
            body = _BODY.decode(bytes(raw_body))
        except CodecError as e:
            bad(f"the body does not decode ({e})")
        else:
            root = ordered_trie_root([bytes_codec.encode(x) for x in body])
            if header is not None and root != header.extrinsics_root:
                bad("the body does not match the header's extrinsics root")
        rows[block_hash] = _Row(number, parent, header)
    return rows


def _check_links(report: CheckReport, meta: dict[str, Any], rows: dict[bytes, _Row],
                 canonical: list[tuple[int, bytes]] | None) -> None:  # fmt: skip
    problems = report.problems
    genesis, best, finalized = bytes(meta["genesis"]), bytes(meta["best"]), bytes(meta["finalized"])
    for name, pointer in (("genesis", genesis), ("best", best), ("finalized", finalized)):
        if pointer not in rows:
            problems.append(Problem(f"the {name} block is not stored", None, pointer))
    if genesis in rows and rows[genesis].number != 0:
        problems.append(Problem("the genesis block is not #0", rows[genesis].number, genesis))
    for block_hash, row in rows.items():
        if row.number == 0:
            if block_hash != genesis:
                problems.append(Problem("a block #0 other than the genesis block", 0, block_hash))
            continue
        parent = rows.get(row.parent)
        if parent is None:
            problems.append(Problem(f"its parent 0x{row.parent.hex()} is not stored", row.number, block_hash))
        elif parent.number != row.number - 1:
            problems.append(Problem(f"its parent is #{parent.number}, not #{row.number - 1}", row.number, block_hash))
    if canonical is None:
        return
    chain = {int(n): bytes(h) for n, h in canonical}
    if best in rows:
        report.best = rows[best].number
        top = rows[best].number
        for n in range(top + 1):
            h = chain.get(n)
            if h is None:
                problems.append(Problem("the best chain has no entry here", n))
            elif h not in rows:
                problems.append(Problem("the best chain's entry is not stored", n, h))
            elif rows[h].number != n:
                problems.append(Problem(f"the best chain's entry is block #{rows[h].number}", n, h))
            elif n > 0 and chain.get(n - 1) is not None and rows[h].parent != chain[n - 1]:
                problems.append(Problem("the best chain's entry is not the child of the entry below it", n, h))
        if chain.get(top) != best:
            problems.append(Problem("the best block is not the top of the best chain", top, best))
        for n, h in sorted(chain.items()):
            if n > top:
                problems.append(Problem("the best chain has an entry above the best block", n, h))
    if chain.get(0) != genesis:
        problems.append(Problem("the best chain does not start at the genesis block", 0, chain.get(0)))
    if finalized in rows and chain.get(rows[finalized].number) != finalized:
        problems.append(Problem("the finalized block is not on the best chain", rows[finalized].number, finalized))


def _check_journal(store: Store, report: CheckReport, best: bytes, rows: dict[bytes, _Row], trie: Trie,
                   attempt: Callable[[Callable[[], Any]], Any]) -> None:  # fmt: skip
    found = attempt(lambda: store.query("SELECT hash, number, forward, undo FROM journal",
                                        doing="read the table `journal`"))  # fmt: skip
    if found is None:
        return
    undo_sets: dict[bytes, ChangeSet] = {}
    for block_hash, number, forward, undo in found:
        block_hash = bytes(block_hash)
        row = rows.get(block_hash)
        if row is None:
            report.problems.append(Problem("a change set of a block that is not stored", number, block_hash))
            continue
        if row.number != number:
            report.problems.append(Problem(f"its change set is filed under #{number}", row.number, block_hash))
        try:
            decode_changes(bytes(forward))
            undo_sets[block_hash] = decode_changes(bytes(undo))
        except CodecError as e:
            report.problems.append(Problem(f"its change sets do not decode ({e})", row.number, block_hash))
    # undo the best chain block by block: each step must give the parent's state root
    h = best
    while h in undo_sets:
        row = rows[h]
        trie = trie.updated(undo_sets[h])
        parent = rows.get(row.parent)
        if parent is None or parent.header is None:
            break
        if trie.root != parent.header.state_root:
            report.problems.append(Problem(f"undoing its change set gives state root 0x{trie.root.hex()}, not its "
                                           f"parent's 0x{parent.header.state_root.hex()}", row.number, h))  # fmt: skip
            break
        h = row.parent
