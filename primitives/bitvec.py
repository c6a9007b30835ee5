"""An immutable bit vector with Polkadot's `BitVec<Lsb0, u8>` layout.

Bit i lives in byte i // 8 at bit position i % 8 (least significant bit first). The value keeps the
packed bytes, so encoding is a copy and counting set bits is one popcount.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

#: The set bit positions of each byte value, ascending.
_BYTE_ONES = tuple(tuple(i for i in range(8) if b >> i & 1) for b in range(256))


class BitVec:
    """A fixed-length sequence of bits, stored packed (Lsb0 within each byte)."""

    __slots__ = ("_len", "_bytes", "_int")

    def __init__(self, bits: Iterable[bool | int] = ()) -> None:
        acc = 0
        n = 0
        for n, bit in enumerate(bits, 1):
            if bit:
                acc |= 1 << (n - 1)
        self._len = n
        self._int = acc
        self._bytes = acc.to_bytes((n + 7) // 8, "little")

    @classmethod
    def from_packed(cls, data: bytes, length: int) -> BitVec:
        """Build from packed bytes; bits past `length` in the last byte are cleared."""
        if len(data) != (length + 7) // 8:
            raise ValueError(f"BitVec of {length} bits needs {(length + 7) // 8} bytes, got {len(data)}")
        acc = int.from_bytes(data, "little")
        if acc >> length:
            acc &= (1 << length) - 1
            data = acc.to_bytes(len(data), "little")
        self = cls.__new__(cls)
        self._len = length
        self._int = acc
        self._bytes = bytes(data)
        return self

    @classmethod
    def zeros(cls, length: int) -> BitVec:
        return cls.from_packed(bytes((length + 7) // 8), length)

    @classmethod
    def from_indices(cls, length: int, indices: Iterable[int]) -> BitVec:
        """A vector of `length` bits with exactly the given indices set."""
        acc = 0
        for i in indices:
            if not 0 <= i < length:
                raise IndexError(f"bit {i} out of range for length {length}")
            acc |= 1 << i
        return cls.from_packed(acc.to_bytes((length + 7) // 8, "little"), length)

    @property
    def packed(self) -> bytes:
        """The packed bytes, ceil(len / 8) of them."""
        return self._bytes

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, index: int) -> bool:
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError(f"bit {index} out of range for length {self._len}")
        return bool(self._int >> index & 1)

    def __iter__(self) -> Iterator[bool]:
        acc = self._int
        for i in range(self._len):
            yield bool(acc >> i & 1)

    def count_ones(self) -> int:
        return self._int.bit_count()

    def ones(self) -> list[int]:
        """Indices of the set bits, ascending (a byte at a time: a table gives each byte's set bits)."""
        out: list[int] = []
        for j, byte in enumerate(self._bytes):
            if byte:
                base = j << 3
                out.extend([base + i for i in _BYTE_ONES[byte]])
        return out

    def with_bit(self, index: int, value: bool) -> BitVec:
        if not 0 <= index < self._len:
            raise IndexError(f"bit {index} out of range for length {self._len}")
        acc = self._int | (1 << index) if value else self._int & ~(1 << index)
        return BitVec.from_packed(acc.to_bytes(len(self._bytes), "little"), self._len)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BitVec) and self._len == other._len and self._int == other._int

    def __hash__(self) -> int:
        return hash((self._len, self._int))

    def __repr__(self) -> str:
        return "BitVec(0b" + "".join("1" if b else "0" for b in self) + ")"
