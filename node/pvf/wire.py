"""Messages between the host and its workers over pipes: a JSON header and raw byte blobs, length-prefixed.

A frame is ``u64 LE body length ‖ body``; the body is ``u32 header length ‖ header (JSON, UTF-8) ‖ u32 blob
count ‖ (u64 length ‖ bytes) per blob``. No pickle: neither side runs code the other sent, so a worker that
a hostile PVF somehow subverted still cannot reach into the host. Reads take an optional deadline.
"""

from __future__ import annotations

import json
import os
import select
import struct
import time
from collections.abc import Sequence
from typing import Any

_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")
#: The largest frame read by default (a reply carries at most a memory's worth of result).
MAX_FRAME = 1 << 31
_CHUNK = 1 << 20


class ChannelClosed(Exception):
    """The other end closed the pipe (the worker exited, or the host went away)."""


class DeadlineExceeded(Exception):
    """No complete message before the deadline."""


class ProtocolError(Exception):
    """A frame that is malformed or larger than allowed."""


Message = tuple[dict[str, Any], list[bytes]]


def encode(header: dict[str, Any], blobs: Sequence[bytes] = ()) -> bytes:
    head = json.dumps(header, separators=(",", ":")).encode()
    parts = [_U32.pack(len(head)), head, _U32.pack(len(blobs))]
    for blob in blobs:
        parts += [_U64.pack(len(blob)), bytes(blob)]
    body = b"".join(parts)
    return _U64.pack(len(body)) + body


def decode(body: bytes) -> Message:
    try:
        (n,) = _U32.unpack_from(body, 0)
        header = json.loads(body[4 : 4 + n])
        at = 4 + n
        (count,) = _U32.unpack_from(body, at)
        at += 4
        blobs = []
        for _ in range(count):
            (size,) = _U64.unpack_from(body, at)
            at += 8
            if at + size > len(body):
                raise ProtocolError("blob runs past the frame")
            blobs.append(body[at : at + size])
            at += size
    except (struct.error, ValueError) as e:
        raise ProtocolError(f"malformed frame: {e}") from None
    if at != len(body) or not isinstance(header, dict):
        raise ProtocolError("malformed frame")
    return header, blobs


def send(fd: int, header: dict[str, Any], blobs: Sequence[bytes] = ()) -> None:
    """Write one message to `fd` (blocking); ChannelClosed if the reader is gone."""
    view = memoryview(encode(header, blobs))
    try:
        while view:
            view = view[os.write(fd, view) :]
    except (BrokenPipeError, ConnectionResetError, ValueError, OSError) as e:
        raise ChannelClosed(str(e)) from None


def receive(fd: int, deadline: float | None = None, max_frame: int = MAX_FRAME) -> Message:
    """Read one message from `fd`; `deadline` is a `time.monotonic()` value (None: wait forever)."""
    (length,) = _U64.unpack(_read_exactly(fd, 8, deadline))
    if length > max_frame:
        raise ProtocolError(f"frame of {length} bytes, more than {max_frame}")
    return decode(_read_exactly(fd, length, deadline))


def _read_exactly(fd: int, n: int, deadline: float | None) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise DeadlineExceeded()
        try:
            chunk = os.read(fd, min(n - len(buf), _CHUNK))
        except OSError as e:
            raise ChannelClosed(str(e)) from None
        if not chunk:
            raise ChannelClosed("end of stream")
        buf += chunk
    return bytes(buf)
