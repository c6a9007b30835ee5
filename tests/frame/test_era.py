"""Eras (frame.era): Substrate's encoding, construction and birth/death, pinned with the vectors of
``sp_runtime::generic::era`` tests and checked against py-scale-codec's Era."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scalecodec.base import RuntimeConfigurationObject, ScaleBytes
from scalecodec.type_registry import load_type_registry_preset

from frame.era import ERA, IMMORTAL, Era
from primitives.errors import CodecError


def test_immortal_is_one_zero_byte_born_at_genesis_and_never_dies():
    assert Era.immortal().encode() == b"\x00" and Era.immortal() == IMMORTAL
    assert ERA.decode(b"\x00") == IMMORTAL
    for current in (0, 1, 5, 10**9):
        assert IMMORTAL.birth(current) == 0
        assert IMMORTAL.death(current) == 2**64 - 1


# (period, current) -> (period, phase), from sp_runtime era.rs `era_initialization_works` and
# `quantized_clamped_era_initialization_works`
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((64, 42), (64, 42)),
        ((32768, 20000), (32768, 20000)),
        ((200, 513), (256, 1)),
        ((2, 1), (4, 1)),
        ((4, 5), (4, 1)),
        ((1_000_000, 1_000_001), (65536, 1_000_001 % 65536 // 4 * 4)),
    ],
)
def test_mortal_construction_rounds_clamps_and_quantizes(args, expected):
    assert Era.mortal(*args) == Era(*expected)


def test_mortal_encodings_pinned():
    # era.rs `mortal_codec_works`: [5 + 42 % 16 * 16, 42 / 16]
    assert Era.mortal(64, 42).encode() == bytes((5 + 42 % 16 * 16, 42 // 16)) == bytes.fromhex("a502")
    # era.rs `long_period_mortal_codec_works`: [14 + 2500 % 16 * 16, 2500 / 16]
    assert Era.mortal(32768, 20000).encode() == bytes((14 + 2500 % 16 * 16, 2500 // 16)) == bytes.fromhex("4e9c")
    # the reference's formula, spelled out: min(15, max(1, tz(period) - 1)) | (phase / q) << 4, u16 LE
    assert Era(4, 1).encode() == (1 | 1 << 4).to_bytes(2, "little")
    assert ERA.decode(bytes.fromhex("a502")) == Era(64, 42)
    assert ERA.decode(bytes.fromhex("4e9c")) == Era(32768, 20000)


def test_birth_and_death():
    # era.rs `mortal_birth_death_works`
    e = Era.mortal(4, 6)
    for current in range(6, 10):
        assert e.birth(current) == 6 and e.death(current) == 10
    # the next period: the era now points at a later birth block
    assert e.birth(10) == 10 and e.death(10) == 14
    # `current_less_than_phase`: a birth ahead of the current block (no panic; the block is not kept yet)
    assert Era.mortal(4, 3).birth(1) == 3
    # the reference's formula
    assert Era(64, 42).birth(1000) == (1000 - 42) // 64 * 64 + 42


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "too short"),
        (b"\x01", "two bytes"),
        (bytes.fromhex("4100"), "phase 4"),
        (bytes.fromhex("1000"), "period 2"),
    ],
)
def test_invalid_encodings_are_refused(data, why):
    with pytest.raises(CodecError, match=why):
        ERA.decode(data)


@pytest.mark.parametrize("bad", [(3, 0), (4, 4), (8192, 1), (2**17, 0)])
def test_invalid_eras_cannot_be_built(bad):
    with pytest.raises(ValueError):
        Era(*bad)


def _py_era() -> object:
    rc = RuntimeConfigurationObject()
    rc.update_type_registry(load_type_registry_preset("core"))
    return rc


@given(st.integers(1, 70_000), st.integers(0, 2**32 - 1))
def test_encoding_matches_py_scale_codec(period, current):
    ours = Era.mortal(period, current)
    obj = _py_era().create_scale_object("Era")  # type: ignore[attr-defined]
    assert bytes(obj.encode({"period": period, "current": current}).data) == ours.encode()
    back = _py_era().create_scale_object("Era", data=ScaleBytes(ours.encode()))  # type: ignore[attr-defined]
    back.decode()
    assert back.value == (ours.period, ours.phase)
    assert back.birth(current) == ours.birth(current) and back.death(current) == ours.death(current)
