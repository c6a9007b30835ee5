"""Availability votes by core from the block's bitfields, without a Python loop over every bit.

The accepted bitfields form a validators x cores bit matrix; each pending core needs its column (bit v set
when validator v's bitfield has the core's bit). The rows are laid end to end as bytes, one row per validator
(absent validators get zeros); a strided slice picks the byte holding a core's bit from every row, a
translation table turns that byte into ``b"1"`` or ``b"0"``, and ``int(..., 2)`` packs the column. Every step
runs in C, so a block of V bitfields and C cores costs O(C) Python steps instead of O(V x C).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from primitives.parachain import SignedAvailabilityBitfield

#: For bit k of a byte: a table mapping each byte value to ASCII "1" if bit k is set, else "0".
_BIT_TO_ASCII = tuple(bytes(0x31 if b >> k & 1 else 0x30 for b in range(256)) for k in range(8))


def votes_by_core(
    accepted: Sequence[SignedAvailabilityBitfield], cores: Iterable[int], n_validators: int, n_bits: int
) -> dict[int, int]:
    """For each of `cores`: an int with bit v set iff validator v's bitfield among `accepted` sets the core's bit.

    `accepted` hold distinct validator indexes below `n_validators` and payloads of `n_bits` bits.
    """
    width = (n_bits + 7) // 8
    if not accepted or n_validators == 0:
        return dict.fromkeys(cores, 0)
    rows = [bytes(width)] * n_validators
    for signed in accepted:
        rows[signed.validator_index] = signed.payload.packed
    matrix = b"".join(rows)
    out: dict[int, int] = {}
    for core in cores:
        column = matrix[core >> 3 :: width].translate(_BIT_TO_ASCII[core & 7])
        out[core] = int(column[::-1], 2)
    return out
