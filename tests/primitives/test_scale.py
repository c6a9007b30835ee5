"""The SCALE codec against published vectors, and every way it rejects bad bytes.

Vectors: parity-scale-codec's tests and py-scale-codec's README (shared/reference/substrate-frame.md §6.1,
§7.3) and the availability payload of shared/reference/polkadot-2020.md §7.4.
"""

from __future__ import annotations

import tracemalloc

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from primitives import scale
from primitives.bitvec import BitVec
from primitives.errors import CodecError
from primitives.types import DECLARED, codec_of
from tests.strategies import strategy_for

COMPACT = codec_of(scale.CompactCodec(scale.u128))

# parity-scale-codec src/compact.rs `compact_integers_encoded_as_expected` (§7.3) and py-scale-codec's README
COMPACT_VECTORS = [
    (0, "00"),
    (1, "04"),
    (42, "a8"),
    (63, "fc"),
    (64, "0101"),
    (69, "1501"),
    (16383, "fdff"),
    (16384, "02000100"),
    (2**30 - 1, "feffffff"),
    (2**30, "0300000040"),
    (2**32 - 1, "03ffffffff"),
    (2**32, "070000000001"),
    (2**40, "0b000000000001"),
    (2**48, "0f00000000000001"),
    (2**56 - 1, "0fffffffffffffff"),
    (2**56, "130000000000000001"),
    (2**64 - 1, "13ffffffffffffffff"),
    (100000000000000, "0b00407a10f35a"),
]


@pytest.mark.parametrize(("value", "hex_"), COMPACT_VECTORS)
def test_compact_vectors(value, hex_):
    assert scale.encode_compact(value).hex() == hex_
    assert COMPACT.encode(value).hex() == hex_
    assert COMPACT.decode(bytes.fromhex(hex_)) == value


def test_compact_u128_max_is_17_bytes():
    # parity-scale-codec `compact_128_encoding_works`
    encoded = COMPACT.encode(2**128 - 1)
    assert len(encoded) == 17 and encoded[0] == ((16 - 4) << 2) | 3
    assert COMPACT.decode(encoded) == 2**128 - 1
    with pytest.raises(CodecError, match=r"Compact<u128>: .* out of range"):
        COMPACT.encode(2**128)


def test_collection_and_string_vectors():
    assert codec_of(list[scale.u16]).encode([4, 8, 15, 16, 23, 42]).hex() == "18040008000f00100017002a00"
    assert scale.string.encode("Test").hex() == "1054657374"
    assert scale.bytes_codec.encode(b"Hello world") == bytes([0x2C]) + b"Hello world"
    assert scale.FixedBytesCodec(4).encode(b"babe").hex() == "62616265"
    # parity-scale-codec `vec_of_string_encoded_as_expected`: 4 strings, the first is "Hamlet"
    strings = ["Hamlet", "Война и мир", "三国演义", "أبو عبد الله محمد بن موسى الخوارزمي"]
    encoded = codec_of(list[str]).encode(strings)
    assert encoded.hex().startswith("1018" + b"Hamlet".hex())
    assert codec_of(list[str]).decode(encoded) == strings


def test_option_bool_is_rusts_one_byte_form():
    # parity-scale-codec `vec_of_option_bool_encoded_as_expected` (OptionBool); py-scale-codec would give 2 bytes
    codec = codec_of(list[bool | None])
    assert codec.encode([True, False, None]).hex() == "0c010200"
    assert codec.decode(bytes.fromhex("0c010200")) == [True, False, None]
    assert scale.OptionCodec(scale.u32).encode(7).hex() == "0107000000"


@attrs.frozen
class _Int:
    value: int


@attrs.frozen
class _Bool:
    value: bool


def _int_or_bool() -> scale.EnumCodec:
    """py-scale-codec README's example enum { Int(u8), Bool(bool) }, built without declaring it."""
    codec = scale.EnumCodec("IntOrBool")
    codec.add(scale.Variant(0, "Int", _Int, [("value", scale.u8)]))
    codec.add(scale.Variant(1, "Bool", _Bool, [("value", scale.boolean)]))
    return codec


def test_enum_vectors():
    codec = _int_or_bool()
    assert codec.encode(_Int(42)).hex() == "002a"
    assert codec.encode(_Bool(True)).hex() == "0101"
    assert codec.decode(bytes.fromhex("0101")) == _Bool(True)


def test_result_encoding():
    codec = scale.ResultCodec(scale.u32, scale.u8)
    assert codec.encode(scale.Ok(5)).hex() == "0005000000"
    assert codec.encode(scale.Err(3)).hex() == "0103"
    assert codec.decode(bytes.fromhex("0103")) == scale.Err(3)


def test_bitvec_availability_payload_vector():
    # polkadot-2020.md §7.4: 3 bits [1, 0, 0], session 5, parent [69; 32] -> 0c 01 05000000 4545..45 (38 bytes)
    from primitives.parachain import SigningContext

    bits = scale.bitvec.encode(BitVec([1, 0, 0]))
    payload = bits + codec_of(SigningContext).encode(SigningContext(5, bytes([69]) * 32))
    assert payload.hex() == "0c01" + "05000000" + "45" * 32
    assert len(payload) == 38
    assert scale.bitvec.decode(bits) == BitVec([1, 0, 0])
    # bit i is byte i // 8, bit position i % 8 (Lsb0)
    assert scale.bitvec.encode(BitVec([0] * 9 + [1])).hex() == "28" + "0002"


# ---------------------------------------------------------------------------------------------
# Rejections: each names the type and the offset


def _rejects(codec: scale.Codec, hex_: str, type_name: str, message: str, offset: int | None) -> CodecError:
    with pytest.raises(CodecError) as info:
        codec.decode(bytes.fromhex(hex_))
    err = info.value
    assert err.type_name == type_name
    assert err.offset == offset
    assert message in str(err)
    assert str(err).startswith(f"{type_name}: ")
    if offset is not None:
        assert str(err).endswith(f"at offset {offset}")
    return err


def test_truncated_input():
    _rejects(scale.u32, "010203", "u32", "input too short", 0)
    _rejects(scale.u128, "01" * 15, "u128", "input too short", 0)
    _rejects(scale.FixedBytesCodec(32, "H256"), "00" * 31, "H256", "input too short", 0)
    _rejects(scale.bytes_codec, "1000", "Bytes", "does not fit", 0)
    _rejects(scale.boolean, "", "bool", "input too short", 0)
    _rejects(COMPACT, "01", "Compact<u128>", "input too short", 0)
    # inside a struct: the field's type and the absolute offset
    from primitives.parachain import AbridgedCandidateReceipt

    receipt = codec_of(AbridgedCandidateReceipt)
    encoded = receipt.encode(AbridgedCandidateReceipt())
    _rejects(receipt, encoded[:40].hex(), "CollatorId", "input too short", 37)


def test_trailing_bytes():
    err = _rejects(scale.u32, "0100000000", "u32", "1 trailing byte(s)", 4)
    assert "after the value" in str(err)


def test_invalid_tags():
    _rejects(scale.boolean, "02", "bool", "invalid bool byte 0x02", 0)
    _rejects(codec_of(list[bool]), "0801ff", "bool", "invalid bool byte 0xff", 2)
    _rejects(scale.OptionCodec(scale.u32), "02", "Option<u32>", "invalid Option tag 0x02", 0)
    _rejects(codec_of(bool | None), "03", "Option<bool>", "invalid Option<bool> byte 0x03", 0)
    _rejects(scale.ResultCodec(scale.u32, scale.u8), "02", "Result<u32, u8>", "invalid Result tag 0x02", 0)
    _rejects(_int_or_bool(), "02", "IntOrBool", "invalid variant index 2", 0)
    from primitives.parachain import CompactStatement, ParachainDispatchOrigin

    _rejects(codec_of(CompactStatement), "00" + "00" * 32, "CompactStatement", "invalid variant index 0", 0)
    _rejects(codec_of(ParachainDispatchOrigin), "03", "ParachainDispatchOrigin", "invalid variant index 3", 0)
    _rejects(scale.string, "08ff00", "String", "invalid UTF-8", 1)


@pytest.mark.parametrize(
    ("hex_", "value"),
    [
        ("0100", 0),  # two-byte mode for a value below 64
        ("fd00", 63),
        ("02000000", 0),  # four-byte mode for a value below 2^14
        ("feff0000", 16383),
        ("03ffffff3f", 2**30 - 1),  # big-integer mode for a value below 2^30
        ("07ffffffff00", 2**32 - 1),  # big-integer mode with a zero top byte
        ("13ffffffffffffff00", 2**56 - 1),  # eight bytes for a seven-byte value
    ],
)
def test_non_canonical_compact(hex_, value):
    _rejects(COMPACT, hex_, "Compact<u128>", f"non-canonical compact encoding of {value} ", 0)


def test_compact_that_does_not_fit_its_type():
    _rejects(codec_of(scale.CompactCodec(scale.u32)), "0700000000" + "01", "Compact<u32>", "does not fit in u32", 0)


def test_huge_length_is_rejected_without_allocating():
    # 5 bytes claiming 2^32 - 1 items: refused from the remaining length, before anything is allocated
    tracemalloc.start()
    try:
        for codec, name in [
            (codec_of(list[scale.u32]), "Vec<u32>"),
            (codec_of(list[bytes]), "Vec<Bytes>"),
            (scale.bytes_codec, "Bytes"),
            (scale.string, "String"),
        ]:
            _rejects(codec, "03ffffffff", name, "length 4294967295 does not fit in the 0 remaining byte(s)", 0)
        # the largest compact (67 bytes of length) is refused the same way
        _rejects(codec_of(list[scale.u8]), "ff" + "ff" * 67, "Vec<u8>", "does not fit", 0)
        # a bit vector's length counts bits
        _rejects(scale.bitvec, "03ffffffff", "BitVec", "4294967295 bits do not fit in the 0 remaining byte(s)", 0)
        # inside a struct, through the generated decoder's inline paths
        from primitives.parachain import BackedCandidate, CandidateCommitments

        _rejects(codec_of(CandidateCommitments), "00" * 16 + "03ffffffff", "Vec<UpwardMessage>", "does not fit", 16)
        receipt_prefix = "00" * (4 + 32 + 1 + 32 + 64 + 32 + 16 + 1 + 32 + 1 + 4)
        _rejects(
            codec_of(BackedCandidate), receipt_prefix + "03ffffffff", "Vec<ValidityAttestation>", "does not fit", 219
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20  # nothing close to the claimed sizes was allocated


def test_bitvec_bits_set_past_the_end():
    # 3 bits, but bit 3 of the byte is set
    _rejects(scale.bitvec, "0c09", "BitVec", "bits set past the end of the vector", 1)
    _rejects(scale.bitvec, "24ff03", "BitVec", "bits set past the end of the vector", 2)
    assert scale.bitvec.decode(bytes.fromhex("2cff03")) == BitVec([1] * 10 + [0])


def test_encode_rejections_name_the_type():
    with pytest.raises(CodecError, match=r"^u8: 256 is not a u8"):
        scale.u8.encode(256)
    with pytest.raises(CodecError, match=r"^\[u8; 4\]: needs exactly 4 bytes"):
        scale.FixedBytesCodec(4).encode(b"abc")
    with pytest.raises(CodecError, match=r"^BitVec: list is not a BitVec"):
        scale.bitvec.encode([True])
    with pytest.raises(CodecError, match=r"^IntOrBool: .* is not a variant of IntOrBool"):
        _int_or_bool().encode(_Int)


# ---------------------------------------------------------------------------------------------
# Mutated encodings: every declared parachain type either rejects with a CodecError or decodes to a value
# that encodes back to exactly the input (decoding accepts only canonical encodings).


def _parachain_codecs() -> dict[str, scale.Codec]:
    import primitives.parachain as parachain

    declared = {getattr(parachain, n).SCALE for n in parachain.__all__ if hasattr(getattr(parachain, n), "SCALE")}
    return {n: c for n, c in DECLARED.items() if c in declared}


_PARACHAIN_CODECS = _parachain_codecs()


@pytest.mark.parametrize("name", sorted(_PARACHAIN_CODECS))
def test_mutated_bytes_reject_cleanly_or_round_trip(name):
    codec = _PARACHAIN_CODECS[name]

    @settings(max_examples=60)
    @given(strategy_for(codec), st.data())
    def check(value, data):
        encoded = codec.encode(value)
        kind = data.draw(st.sampled_from(["truncate", "flip", "insert", "append"]))
        position = data.draw(st.integers(0, max(len(encoded) - 1, 0)))
        byte = data.draw(st.integers(0, 255))
        if kind == "truncate":
            mutated = encoded[:position]
        elif kind == "flip" and encoded:
            mutated = encoded[:position] + bytes([byte]) + encoded[position + 1 :]
        elif kind == "insert":
            mutated = encoded[:position] + bytes([byte]) + encoded[position:]
        else:
            mutated = encoded + bytes([byte])
        try:
            decoded = codec.decode(mutated)
        except CodecError as err:
            assert err.type_name and (err.offset is None or 0 <= err.offset <= len(mutated))
        else:
            assert codec.encode(decoded) == mutated

    check()
