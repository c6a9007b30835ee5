"""Read-only state views over a persistent trie, and the SCALE form of a block's change sets."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping

from frame.backend import BackendError
from frame.trie import Trie
from primitives import scale

__all__ = ["ChangeSet", "TrieBackend", "decode_changes", "encode_changes"]

#: key -> new value, None for a deletion
ChangeSet = dict[bytes, bytes | None]

_CHANGES = scale.VecCodec(scale.TupleCodec([scale.bytes_codec, scale.OptionCodec(scale.bytes_codec)]))


def encode_changes(changes: Mapping[bytes, bytes | None]) -> bytes:
    """SCALE ``Vec<(Vec<u8>, Option<Vec<u8>>)>``, keys ascending."""
    return _CHANGES.encode(sorted(changes.items()))


def decode_changes(data: bytes) -> ChangeSet:
    return dict(_CHANGES.decode(data))


class TrieBackend:
    """The state of one block as a read-only `frame.backend.Backend`: a persistent `Trie` (which holds the
    values, so point reads need no database) plus, built on the first ordered read, its sorted key list.
    A runtime may execute on it (writes go to the overlay above); `commit` is refused."""

    def __init__(self, trie: Trie) -> None:
        self._trie = trie
        self._keys: list[bytes] | None = None
        self._values: list[bytes] = []

    def _sorted(self) -> list[bytes]:
        if self._keys is None:
            items = list(self._trie.items())  # ascending
            self._keys = [k for k, _ in items]
            self._values = [v for _, v in items]
        return self._keys

    def get(self, key: bytes) -> bytes | None:
        return self._trie.get(key)

    def iter_from(self, start: bytes, prefix: bytes = b"") -> Iterator[tuple[bytes, bytes]]:
        keys = self._sorted()
        values = self._values
        for i in range(bisect.bisect_left(keys, start), len(keys)):
            if not keys[i].startswith(prefix):
                return
            yield keys[i], values[i]

    def next_key(self, key: bytes) -> bytes | None:
        keys = self._sorted()
        i = bisect.bisect_right(keys, key)
        return keys[i] if i < len(keys) else None

    def items(self) -> Iterator[tuple[bytes, bytes]]:
        return self.iter_from(b"")

    @property
    def root(self) -> bytes:
        return self._trie.root

    @property
    def trie(self) -> Trie:
        return self._trie

    def commit(self, changes: Mapping[bytes, bytes | None]) -> bytes:
        raise BackendError("the state of an imported block is read-only")

    def __len__(self) -> int:
        return len(self._trie)

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"TrieBackend({len(self._trie)} items, root=0x{self.root.hex()})"
