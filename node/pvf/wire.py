"""Messages between the host and its workers over pipes: a JSON header and raw byte blobs, length-prefixed.

A frame is ``u64 LE body length ‖ body``; the body is ``u32 header length ‖ header (JSON, UTF-8) ‖ u32 blob
count ‖ (u64 length ‖ bytes) per blob``. No pickle: neither side runs code the other sent, so a worker that
a hostile PVF somehow subverted still cannot reach into the host. Reads take an optional deadline.

Waiting uses ``poll`` (via `selectors`), never ``select()``, which cannot watch a descriptor numbered 1024 or
more: a process with many files open (a simulation of hundreds of nodes) gets pipes numbered that high. A
`Reader` keeps what it read past one frame for the next, so a frame usually costs a single ``read``; a
message is written with a single ``write``.
"""

from __future__ import annotations

import json
import os
import selectors
import struct
import time
from collections.abc import Sequence
from typing import Any

_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")
#: The largest frame read by default (a reply carries at most a memory's worth of result).
MAX_FRAME = 1 << 31
_CHUNK = 1 << 20
#: What a `Reader` asks for at least (small enough that Python's buffer for it is no ``mmap``).
_READ_AHEAD = 1 << 16


class ChannelClosed(Exception):
    """The other end closed the pipe (the worker exited, or the host went away)."""


class DeadlineExceeded(Exception):
    """No complete message before the deadline."""


class ProtocolError(Exception):
    """A frame that is malformed or larger than allowed."""


Message = tuple[dict[str, Any], list[bytes]]


def encode_header(header: dict[str, Any]) -> bytes:
    """The JSON bytes of `header` (a sender that sends the same header often can encode it once)."""
    return json.dumps(header, separators=(",", ":")).encode()


def encode(header: dict[str, Any] | bytes, blobs: Sequence[bytes] = ()) -> bytes:
    """One frame: `header` is a dict or its `encode_header` bytes."""
    head = header if isinstance(header, bytes) else encode_header(header)
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


def send(fd: int, header: dict[str, Any] | bytes, blobs: Sequence[bytes] = ()) -> None:
    """Write one message to `fd` (blocking); ChannelClosed if the reader is gone."""
    view = memoryview(encode(header, blobs))
    try:
        while view:
            view = view[os.write(fd, view) :]
    except (BrokenPipeError, ConnectionResetError, ValueError, OSError) as e:
        raise ChannelClosed(str(e)) from None


def receive(fd: int, deadline: float | None = None, max_frame: int = MAX_FRAME) -> Message:
    """Read one message from `fd`; `deadline` is a `time.monotonic()` value (None: wait forever).

    Reads no byte past the message (for a descriptor read by one `Reader` throughout, use that instead).
    """
    (length,) = _U64.unpack(_read_exactly(fd, 8, deadline))
    if length > max_frame:
        raise ProtocolError(f"frame of {length} bytes, more than {max_frame}")
    return decode(_read_exactly(fd, length, deadline))


def _selector() -> selectors.BaseSelector:
    """A poll-based selector (no limit on descriptor numbers), or the platform's best without poll."""
    return selectors.PollSelector() if hasattr(selectors, "PollSelector") else selectors.DefaultSelector()


def _wait(fd: int, deadline: float) -> None:
    """Wait until `fd` is readable (any descriptor number), or raise DeadlineExceeded."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded()
    with _selector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        if not selector.select(left):
            raise DeadlineExceeded()


def _read_exactly(fd: int, n: int, deadline: float | None) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        if deadline is not None:
            _wait(fd, deadline)
        try:
            chunk = os.read(fd, min(n - len(buf), _CHUNK))
        except OSError as e:
            raise ChannelClosed(str(e)) from None
        if not chunk:
            raise ChannelClosed("end of stream")
        buf += chunk
    return bytes(buf)


class Reader:
    """Frames from one descriptor, read ahead: the bytes past one frame are kept for the next."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()
        self.selector: selectors.BaseSelector | None = None

    def receive(self, deadline: float | None = None, max_frame: int = MAX_FRAME) -> Message:
        """The next message; as `receive`."""
        self._fill(8, deadline)
        (length,) = _U64.unpack_from(self.buffer)
        if length > max_frame:
            raise ProtocolError(f"frame of {length} bytes, more than {max_frame}")
        self._fill(8 + length, deadline)
        body = bytes(self.buffer[8 : 8 + length])
        del self.buffer[: 8 + length]
        return decode(body)

    def _fill(self, n: int, deadline: float | None) -> None:
        while len(self.buffer) < n:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0 or not self._poller().select(left):
                    raise DeadlineExceeded()
            try:
                chunk = os.read(self.fd, min(max(n - len(self.buffer), _READ_AHEAD), _CHUNK))
            except OSError as e:
                raise ChannelClosed(str(e)) from None
            if not chunk:
                raise ChannelClosed("end of stream")
            self.buffer += chunk

    def _poller(self) -> selectors.BaseSelector:
        if self.selector is None:
            self.selector = _selector()
            self.selector.register(self.fd, selectors.EVENT_READ)
        return self.selector

    def close(self) -> None:
        """Forget the descriptor (it is not closed here)."""
        if self.selector is not None:
            self.selector.close()
            self.selector = None
