"""Every declared type against py-scale-codec, the reference codec (DESIGN §3).

For each codec in `DECLARED`, random values must encode to identical bytes in both codecs, and
py-scale-codec's decoding of our bytes must convert back to the value. The registry must survive a JSON
round trip. Types are declared on import, so the packages that declare SCALE types are imported first.

Nothing is excluded. What py-scale-codec cannot say in its JSON registry, and how it is handled:
- ``BitVec``: py-scale-codec 1.2.12 encodes with the bit count of the highest set bit and decodes an empty
  vector as ``"0b0"``; `runtime_config()` registers `Lsb0BitVec` (`test_stock_bitvec_is_lossy` pins why).
- ``Option<bool>``: py-scale-codec's Option is two bytes for it; Rust's is one. Registered by name as a
  three-valued enum, so it is expressible.
- ``Result<T, E>`` (no such py-scale-codec type) and tuples (its parser splits nested ones wrongly):
  registered by name as an enum and as tuples.
- Uninhabited enums (no variants) have no values to round-trip: both codecs must reject every byte.
"""

from __future__ import annotations

import enum
import importlib
import json
import pkgutil

import pytest
from hypothesis import HealthCheck, given, settings
from scalecodec.base import RuntimeConfigurationObject, ScaleBytes
from scalecodec.type_registry import load_type_registry_preset

from primitives import scale
from primitives.bitvec import BitVec
from primitives.parachain import AbridgedCandidateReceipt, ParaId
from primitives.registry import (
    Lsb0BitVec,
    all_codecs,
    from_scalecodec_value,
    runtime_config,
    scalecodec_decode,
    scalecodec_encode,
    to_scalecodec_value,
    type_registry,
)
from primitives.types import DECLARED, codec_of
from tests.strategies import strategy_for

#: The packages whose modules declare SCALE types (the layers below the node).
DECLARING_PACKAGES = ("primitives", "frame", "pallets", "runtime", "runtime_api")


def _import_declaring_modules() -> None:
    for name in DECLARING_PACKAGES:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, name + "."):
            importlib.import_module(module.name)


_import_declaring_modules()

#: Declared types left out of the round trip, with the reason. Nothing: see the module docstring.
EXCLUDED: dict[str, str] = {}
NAMES = sorted(n for n in DECLARED if n not in EXCLUDED)


@pytest.fixture(scope="module")
def config() -> RuntimeConfigurationObject:
    return runtime_config()


def test_nothing_is_left_out():
    assert EXCLUDED == {}
    assert set(NAMES) | set(EXCLUDED) == set(DECLARED)
    assert "AbridgedCandidateReceipt" in NAMES and "HostConfiguration" in NAMES


def _uninhabited(codec: scale.Codec) -> bool:
    return isinstance(codec, scale.EnumCodec) and not codec.variants


@pytest.mark.parametrize("name", NAMES)
def test_round_trip_against_py_scale_codec(name, config):
    codec = DECLARED[name]
    if _uninhabited(codec):
        for tag in (b"\x00", b"\x01"):
            with pytest.raises(scale.CodecError):
                codec.decode(tag)
            with pytest.raises((ValueError, IndexError, KeyError, TypeError)):
                scalecodec_decode(config, codec, tag)
        return

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(strategy_for(codec))
    def check(value):
        ours = codec.encode(value)
        assert scalecodec_encode(config, codec, value) == ours
        assert scalecodec_decode(config, codec, ours) == value
        assert codec.decode(ours) == value

    check()


def test_registry_exports_as_json_and_reloads():
    registry = type_registry()
    text = json.dumps(registry, sort_keys=True)
    reloaded = json.loads(text)
    assert reloaded == registry
    assert set(DECLARED) <= set(registry["types"])  # every declared type is named
    fresh = RuntimeConfigurationObject()
    fresh.update_type_registry(load_type_registry_preset("core"))
    fresh.update_type_registry(reloaded)
    receipt = AbridgedCandidateReceipt(parachain_index=ParaId(100), head_data=b"\x01\x02")
    obj = fresh.create_scale_object(
        "AbridgedCandidateReceipt", data=ScaleBytes(bytearray(codec_of(AbridgedCandidateReceipt).encode(receipt)))
    )
    decoded = obj.decode()
    assert decoded["parachain_index"] == 100
    assert decoded["commitments"]["new_validation_code"] is None
    assert from_scalecodec_value(codec_of(AbridgedCandidateReceipt), obj) == receipt
    assert text == json.dumps(type_registry(), sort_keys=True)  # deterministic


def test_registry_spellings():
    types = type_registry()["types"]
    assert types["ParaId"] == "u32"
    assert types["HeadData"] == "Bytes"
    assert types["ValidatorSignature"] == "H512"
    assert types["CompactStatement"] == {
        "type": "enum",
        "type_mapping": [["__Unused0", "Null"], ["Seconded", "H256"], ["Valid", "H256"], ["Invalid", "H256"]],
    }
    assert types["ParachainDispatchOrigin"] == {"type": "enum", "value_list": ["Signed", "Parachain", "Root"]}
    assert types["AssignmentKind"]["type_mapping"] == [
        ["Parachain", "Null"],
        ["Parathread", "AssignmentKindParathread"],
    ]
    assert types["AssignmentKindParathread"] == {
        "type": "struct",
        "type_mapping": [["collator", "CollatorId"], ["retries", "u32"]],
    }
    assert types["GlobalValidationSchedule"] == {
        "type": "struct",
        "type_mapping": [["max_code_size", "u32"], ["max_head_data_size", "u32"], ["block_number", "u32"]],
    }


def test_shapes_outside_the_parachain_types():
    """Shapes no parachain type happens to use, checked the same way through a private registry."""

    class Gap(enum.IntEnum):
        A = 1
        B = 3

    gap_enum = scale.IndexEnumCodec("GapEnum", list(Gap))
    assert gap_enum.registry_definition() == {"type": "enum", "value_list": {"A": 1, "B": 3}}
    tup = scale.TupleCodec([scale.TupleCodec([scale.u32, scale.u8]), scale.ResultCodec(scale.u16, scale.boolean)])
    opt_bool = scale.OptionCodec(scale.boolean)
    one = scale.TupleCodec([scale.bytes_codec])
    vec_u8 = scale.VecCodec(scale.u8)
    cases = [
        (tup, ((1, 2), scale.Ok(3))),
        (tup, ((2**32 - 1, 0), scale.Err(False))),
        (opt_bool, None),
        (opt_bool, True),
        (opt_bool, False),
        (one, (b"0x12",)),
        (vec_u8, [0, 1, 255]),
        (scale.string, "0xab"),
        (scale.CompactCodec(scale.u128), 2**128 - 1),
        (gap_enum, Gap.B),
    ]
    config = RuntimeConfigurationObject()
    config.update_type_registry(load_type_registry_preset("core"))
    definitions = {c.name: c.registry_definition() for c in all_codecs([tup, opt_bool, gap_enum, one])}
    config.update_type_registry({"types": {n: d for n, d in definitions.items() if d is not None}})
    for codec, value in cases:
        ours = codec.encode(value)
        assert scalecodec_encode(config, codec, value) == ours, codec
        assert codec.decode(ours) == value
        assert scalecodec_decode(config, codec, ours) == value, codec
    with pytest.raises(KeyError):  # explicit indexes: the gap is rejected
        scalecodec_decode(config, gap_enum, b"\x02")


def test_bytes_value_ambiguity_and_the_exact_object_path(config):
    # py-scale-codec decodes UTF-8 byte strings as text, so b"0x12" and b"\x12" look alike in `.value`
    codec = scale.bytes_codec
    obj = config.create_scale_object("Bytes", data=ScaleBytes(bytearray(codec.encode(b"0x12"))))
    assert obj.decode() == "0x12"
    assert from_scalecodec_value(codec, obj.value) == b"\x12"  # the documented guess
    assert from_scalecodec_value(codec, obj) == b"0x12"  # exact from the object
    assert from_scalecodec_value(codec, "plain text") == b"plain text"
    assert to_scalecodec_value(codec, b"0x12") == "0x30783132"


def test_stock_bitvec_is_lossy():
    """Why `runtime_config` registers `Lsb0BitVec`: stock py-scale-codec loses trailing zero bits."""
    stock = RuntimeConfigurationObject()
    stock.update_type_registry(load_type_registry_preset("core"))
    assert bytes(stock.create_scale_object("BitVec").encode("0b001").data) == bytes.fromhex("0401")  # 1 bit, not 3
    assert bytes(stock.create_scale_object("BitVec").encode("0b000").data) == b"\x00"  # 0 bits
    empty = stock.create_scale_object("BitVec", data=ScaleBytes(bytearray(b"\x00")))
    assert empty.decode() == "0b0"  # one bit, not zero
    ours = runtime_config()
    assert ours.get_decoder_class("BitVec") is Lsb0BitVec
    bits = BitVec([1, 0, 0])
    assert to_scalecodec_value(scale.bitvec, bits) == "0b001"
    assert scalecodec_encode(ours, scale.bitvec, bits) == bytes.fromhex("0c01")
    assert scalecodec_decode(ours, scale.bitvec, b"\x00") == BitVec()


def test_registry_refuses_names_that_clash_by_case(monkeypatch):
    monkeypatch.setitem(DECLARED, "paraid", scale.NewtypeCodec("paraid", scale.u64, int))
    with pytest.raises(ValueError, match="clash"):
        type_registry()
