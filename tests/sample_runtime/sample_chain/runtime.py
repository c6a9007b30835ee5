"""The sample runtime (System, Sudo, Notes), its genesis presets, and version 2 with the Notes migration."""

from __future__ import annotations

from typing import Any

from frame import construct_runtime
from frame.system import System
from frame.version import FRAME_APIS, RuntimeVersion
from pallets.sudo import Sudo
from primitives.crypto import dev_keypair
from sample_chain.notes import Notes, NotesV2


def dev() -> dict[str, Any]:
    """Alice and Bob exist, Alice holds sudo and has a note on topic 1."""
    alice, bob = ("0x" + dev_keypair(n).public_key.hex() for n in ("Alice", "Bob"))
    return {"system": {"accounts": [alice, bob]}, "sudo": {"key": alice},
            "notes": {"notes": [[alice, 1, "0x" + b"hello".hex()]], "greetingTopic": 1}}  # fmt: skip


def local(notes: int = 3) -> dict[str, Any]:
    """Alice, Bob and Charlie exist; Alice holds sudo; `notes` notes of Bob's."""
    keys = ["0x" + dev_keypair(n).public_key.hex() for n in ("Alice", "Bob", "Charlie")]
    return {"system": {"accounts": keys}, "sudo": {"key": keys[0]},
            "notes": {"notes": [[keys[1], t, "0x" + f"note {t}".encode().hex()] for t in range(notes)]}}  # fmt: skip


SampleRuntime = construct_runtime(
    "Sample",
    [System, Sudo, Notes],
    version=RuntimeVersion("sample-chain", "sample", spec_version=1, apis=FRAME_APIS),
    presets={"dev": dev, "local": local},
)

SampleRuntimeV2 = construct_runtime(
    "Sample",
    [System, Sudo, NotesV2],
    version=RuntimeVersion("sample-chain", "sample", spec_version=2, apis=FRAME_APIS),
    presets={"dev": dev, "local": local},
)

__all__ = ["SampleRuntime", "SampleRuntimeV2", "dev", "local"]
