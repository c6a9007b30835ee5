"""The root error of parahost and the codec's error."""

from __future__ import annotations


class ParahostError(Exception):
    """Root of every error parahost raises on purpose."""


class CodecError(ParahostError):
    """Bytes that do not decode as the declared type, or a value that does not encode.

    The message names the type and, when decoding, the byte offset where it went wrong.
    """

    def __init__(self, type_name: str, message: str, offset: int | None = None) -> None:
        self.type_name = type_name
        self.offset = offset
        where = f" at offset {offset}" if offset is not None else ""
        super().__init__(f"{type_name}: {message}{where}")
