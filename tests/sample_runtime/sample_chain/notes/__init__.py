"""The Notes pallet: notes by (author, topic), written by their authors, cleared by Root."""

from sample_chain.notes.pallet import Notes, NotesGenesisConfig, NotesV2, NoteTooLong

__all__ = ["NoteTooLong", "Notes", "NotesGenesisConfig", "NotesV2"]
