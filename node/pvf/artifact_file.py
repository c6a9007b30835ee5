"""The on-disk form of a compiled artifact: a checked header, then wasmtime's serialized module.

====================  ========  ===================================================================
field                 bytes     meaning
====================  ========  ===================================================================
magic                 8         ``PHPVFART``
format version        2         u16 LE, `FORMAT_VERSION`
wasmtime version      1 + n     length byte, then the wasmtime-py version in UTF-8
engine fingerprint    32        `node.pvf.engine.engine_fingerprint` (version, arch, engine settings)
code hash             32        blake2_256 of the validation code the artifact was compiled from
payload length        8         u64 LE
checksum              32        blake2_256 of the payload
payload               length    ``wasmtime.Module.serialize()``
====================  ========  ===================================================================

wasmtime runs a serialized module's machine code as it is, so a file is only handed to wasmtime after every
field checks out; anything else raises `ArtifactFileError` saying what was wrong (the cache then deletes the
file and compiles again). The checksum catches corruption, not tampering: the cache directory must be
writable only by the node.
"""

from __future__ import annotations

import struct

from node.pvf.engine import engine_fingerprint, wasmtime_version
from node.pvf.outcome import PvfError
from primitives.hashing import blake2_256

MAGIC = b"PHPVFART"
FORMAT_VERSION = 1
_U16 = struct.Struct("<H")
_U64 = struct.Struct("<Q")


class ArtifactFileError(PvfError):
    """An artifact file that is corrupt, truncated, or from another format, wasmtime, engine or code."""


def encode(code_hash: bytes, payload: bytes) -> bytes:
    """The file contents for `payload`, compiled from the code whose blake2_256 is `code_hash`."""
    version = wasmtime_version().encode()
    return b"".join(
        (
            MAGIC,
            _U16.pack(FORMAT_VERSION),
            bytes((len(version),)),
            version,
            engine_fingerprint(),
            code_hash,
            _U64.pack(len(payload)),
            blake2_256(payload),
            payload,
        )
    )


def decode(data: bytes, code_hash: bytes) -> bytes:
    """The payload of an artifact file for `code_hash`, after checking every header field."""
    if len(data) < len(MAGIC) + 3 or data[: len(MAGIC)] != MAGIC:
        raise ArtifactFileError("not a parahost artifact file (bad magic)")
    at = len(MAGIC)
    (fmt,) = _U16.unpack_from(data, at)
    if fmt != FORMAT_VERSION:
        raise ArtifactFileError(f"format version {fmt}, this host reads {FORMAT_VERSION}")
    n = data[at + 2]
    at += 3
    version = data[at : at + n].decode(errors="replace")
    at += n
    if version != wasmtime_version():
        raise ArtifactFileError(f"compiled by wasmtime {version}, this host runs {wasmtime_version()}")
    fixed = 32 + 32 + 8 + 32
    if len(data) < at + fixed:
        raise ArtifactFileError(f"truncated header ({len(data)} bytes)")
    if data[at : at + 32] != engine_fingerprint():
        raise ArtifactFileError("compiled under another engine configuration or architecture")
    if data[at + 32 : at + 64] != code_hash:
        raise ArtifactFileError(f"compiled from code 0x{data[at + 32 : at + 64].hex()}, not 0x{code_hash.hex()}")
    (length,) = _U64.unpack_from(data, at + 64)
    checksum = data[at + 72 : at + 104]
    payload = data[at + fixed :]
    if len(payload) != length:
        raise ArtifactFileError(f"payload is {len(payload)} bytes, the header says {length}")
    if blake2_256(payload) != checksum:
        raise ArtifactFileError("payload checksum mismatch (corrupt)")
    return payload
