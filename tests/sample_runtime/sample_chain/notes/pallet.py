"""Notes: a double map (author, topic) -> note, a signed call to write, a Root call to clear an author's notes, a
genesis config, and (NotesV2, storage version 1) a migration that counts the notes into a new item."""

from __future__ import annotations

from typing import Any

import attrs

from frame import AccountId, Hasher, Origin, Pallet, PalletError, StorageDoubleMap, StorageValue, call
from frame.dispatch import ensure_root, ensure_signed
from frame.genesis import GenesisConfigError
from frame.migrations import VersionedMigration
from primitives.types import U32

#: the longest note, in bytes
MAX_NOTE = 64


class Error(PalletError):
    """Notes' errors."""


class NoteTooLong(Error, index=0):
    """A note is longer than MAX_NOTE bytes."""


@attrs.frozen
class NotesGenesisConfig:
    """The notes at genesis: [author, topic, note] triples, and the greeting topic."""

    notes: list[tuple[AccountId, U32, bytes]] = attrs.field(factory=list)
    greeting_topic: U32 = 0


def _write(cls: Any, who: bytes, topic: int, note: bytes) -> None:
    if len(note) > MAX_NOTE:
        raise NoteTooLong(f"{len(note)} bytes > {MAX_NOTE}")
    cls.ByAuthor.insert(who, topic, note)


class Notes(Pallet):
    """Notes by author and topic."""

    Error = Error
    GenesisConfig = NotesGenesisConfig
    ByAuthor = StorageDoubleMap(Hasher.Blake2_128Concat, AccountId, Hasher.Twox64Concat, U32, bytes, unbounded=True,
                                doc="Each author's note on each topic.")  # fmt: skip
    GreetingTopic = StorageValue(U32, default=0, doc="The topic new notes greet on.")

    @call(0, weight=lambda topic, note: 20_000_000 + len(note) * 1_000)
    def write(cls, origin: Origin, topic: U32, note: bytes) -> None:
        """Write the signer's note on `topic`."""
        _write(cls, ensure_signed(origin), topic, note)

    @call(1, weight=50_000_000)
    def clear(cls, origin: Origin, author: AccountId) -> None:
        """Root: remove every note of `author`."""
        ensure_root(origin)
        cls.ByAuthor.clear_prefix(author)

    @classmethod
    def genesis_check(cls, config: NotesGenesisConfig) -> None:
        """Every genesis note fits (checked before anything is built, naming the entry)."""
        for i, (_, _, note) in enumerate(config.notes):
            if len(note) > MAX_NOTE:
                raise GenesisConfigError(f"notes.notes[{i}][2]: {len(note)} bytes, more than {MAX_NOTE} (NoteTooLong)")

    @classmethod
    def genesis_build(cls, config: NotesGenesisConfig) -> None:
        for who, topic, note in config.notes:
            _write(cls, who, topic, note)
        cls.GreetingTopic.put(config.greeting_topic)


def _count_notes(pallet: Any) -> int:
    pallet.Count.put(sum(1 for _ in pallet.ByAuthor.iter()))
    return 0


class NotesV2(Notes):
    """Version 1 of Notes' storage: Count holds how many notes there are (the migration fills it)."""

    name = "Notes"
    storage_version = 1
    Count = StorageValue(U32, default=0, doc="How many notes there are (kept by the migration from version 0).")
    migrations = [VersionedMigration(from_=0, to=1, fn=_count_notes, name="count_notes")]
