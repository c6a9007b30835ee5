"""Metadata V14/V15 (frame.metadata_v14) read back by py-scale-codec, as py-substrate-interface reads it: the
bytes decode as ``MetadataVersioned``, `add_portable_registry` takes the types, and with them py-scale-codec
decodes real ``System.Events``, encodes and decodes calls and builds the same storage keys as we do."""

from __future__ import annotations

import json
from typing import Any

import pytest
from scalecodec.base import RuntimeConfigurationObject, ScaleBytes
from scalecodec.type_registry import load_type_registry_preset

from frame import Chain, construct_runtime, io
from frame.metadata_v14 import (
    api_metadata,
    api_metadata_at_version,
    api_metadata_versions,
    metadata_at_version,
    metadata_v14,
    metadata_v15,
)
from frame.runtime import Runtime
from frame.system import System
from node.cli import main
from pallets.example import Counter
from pallets.sudo import Sudo
from primitives import scale
from primitives.crypto import dev_keypair
from primitives.hashing import Hasher, twox_128
from primitives.registry import to_scalecodec_value
from runtime.example import ExampleRuntime, dev_genesis
from runtime.parachain import ParachainRuntime

#: the README's runtime, built the README's way
README_RUNTIME = construct_runtime("Example", [System, Sudo, Counter])
RUNTIMES = [ParachainRuntime, ExampleRuntime, README_RUNTIME]
IDS = ["parachain", "example", "readme"]


def config() -> RuntimeConfigurationObject:
    """py-substrate-interface's configuration for a V14 chain: the core and legacy presets."""
    rc = RuntimeConfigurationObject(implements_scale_info=True)
    rc.update_type_registry(load_type_registry_preset("core"))
    rc.update_type_registry(load_type_registry_preset("legacy"))
    return rc


def decoded(runtime: Runtime) -> tuple[RuntimeConfigurationObject, Any]:
    rc = config()
    md = rc.create_scale_object("MetadataVersioned", data=ScaleBytes(bytearray(metadata_v14(runtime))))
    md.decode()
    rc.add_portable_registry(md)
    return rc, md


def raw(obj: Any) -> bytes:
    """The bytes of a decoded ``Bytes`` (its ``.value`` is text when the bytes are UTF-8)."""
    return bytes(obj.value_object)


def types_of(md: Any) -> list[dict[str, Any]]:
    return [t["type"] for t in md.value[1]["V14"]["types"]["types"]]


@pytest.mark.parametrize("runtime", RUNTIMES, ids=IDS)
def test_prefix_version_and_pallets(runtime: Runtime) -> None:
    data = metadata_v14(runtime)
    assert data[:5] == b"meta\x0e"
    rc, md = decoded(runtime)
    v14 = md.value[1]["V14"]
    assert md.value[0] == "0x6d657461"
    assert [(p["name"], p["index"]) for p in v14["pallets"]] == [(p.name, i) for i, p in runtime.pallets]
    assert v14["extrinsic"]["version"] == 4
    assert [e["identifier"] for e in v14["extrinsic"]["signed_extensions"]] == [
        "CheckNonZeroSender", "CheckSpecVersion", "CheckTxVersion", "CheckGenesis", "CheckMortality", "CheckNonce",
        "CheckWeight", "ChargeTransactionPayment",
    ]  # fmt: skip
    types = types_of(md)
    ids = [t["id"] for t in v14["types"]["types"]]
    assert ids == list(range(len(ids)))
    assert types[v14["runtime_type"]]["path"][-1] == "Runtime"


@pytest.mark.parametrize("runtime", RUNTIMES, ids=IDS)
def test_type_paths_the_clients_special_case(runtime: Runtime) -> None:
    _, md = decoded(runtime)
    types = types_of(md)
    paths = {"::".join(t["path"]): t for t in types if t["path"]}
    crate = {"ParachainHost": "parachain_host_runtime", "Example": "example_runtime"}[runtime.name]
    for path in ("sp_core::crypto::AccountId32", "sp_runtime::generic::digest::Digest", "frame_system::AccountInfo",
                 "frame_system::EventRecord", "frame_system::Phase", "sp_runtime::DispatchError",
                 "sp_runtime::ModuleError", "sp_runtime::multiaddress::MultiAddress", "sp_runtime::MultiSignature",
                 "sp_weights::weight_v2::Weight", "primitive_types::H256", "frame_support::dispatch::DispatchInfo",
                 "sp_runtime::generic::era::Era", "frame_system::pallet::Call", "frame_system::pallet::Event",
                 "frame_system::pallet::Error", "pallet_sudo::pallet::Call", f"{crate}::RuntimeCall",
                 f"{crate}::RuntimeEvent", f"{crate}::RuntimeError",
                 "sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic"):  # fmt: skip
        assert path in paths, path
    xt = paths["sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic"]
    assert [p["name"] for p in xt["params"]] == ["Address", "Call", "Signature", "Extra"]
    assert types[xt["params"][1]["type"]]["path"] == [crate, "RuntimeCall"]
    record = paths["frame_system::EventRecord"]
    assert types[record["params"][0]["type"]]["path"] == [crate, "RuntimeEvent"]
    assert [f["name"] for f in record["def"]["composite"]["fields"]] == ["phase", "event", "topics"]
    phase = paths["frame_system::Phase"]["def"]["variant"]["variants"]
    assert [(v["name"], v["index"]) for v in phase] == [("ApplyExtrinsic", 0), ("Finalization", 1),
                                                        ("Initialization", 2)]  # fmt: skip
    module = next(v for v in paths["sp_runtime::DispatchError"]["def"]["variant"]["variants"] if v["name"] == "Module")
    assert module["index"] == 3
    assert [f["name"] for f in paths["sp_runtime::ModuleError"]["def"]["composite"]["fields"]] == ["index", "error"]
    # no path the clients would mistake for a built-in: one segment only for Option/Result, and two-segment
    # paths ending Call/Event only for the outer enums
    for t in types:
        if len(t["path"]) == 1:
            assert t["path"][0] in ("Option", "Result")
        if len(t["path"]) == 2 and t["path"][1].endswith(("Call", "Event")):
            assert t["path"][0] == crate
    for path, t in paths.items():
        if path.startswith(("Option", "Result")):
            assert len(t["params"]) == {"Option": 1, "Result": 2}[t["path"][0]]


@pytest.mark.parametrize("runtime", RUNTIMES, ids=IDS)
def test_calls_events_errors_and_constants(runtime: Runtime) -> None:
    _, md = decoded(runtime)
    types = types_of(md)
    for (_, p), pm in zip(runtime.pallets, md.value[1]["V14"]["pallets"], strict=True):
        if p.call_defs:
            variants = types[pm["calls"]["ty"]]["def"]["variant"]["variants"]
            assert {v["index"]: v["name"] for v in variants} == {d.index: d.name for d in p.call_defs.values()}
            for v in variants:
                d = p.calls_by_index[v["index"]]
                assert [f["name"] for f in v["fields"]] == [n for n, _ in d.args]
                assert all(f["typeName"] for f in v["fields"])  # pjs needs names, py type names
        else:
            assert pm["calls"] is None
        if p.Event is not None:
            variants = types[pm["event"]["ty"]]["def"]["variant"]["variants"]
            assert {v["index"]: v["name"] for v in variants} == {i: v.name for i, v in p.Event.SCALE.variants.items()}
        if p.Error is not None:
            variants = types[pm["error"]["ty"]]["def"]["variant"]["variants"]
            assert {v["index"]: v["name"] for v in variants} == {i: e.__name__ for i, e in p.Error.members.items()}
            assert all(v["docs"] for v in variants)
        assert [c["name"] for c in pm["constants"]] == list(p.constants)
        for c in md.get_metadata_pallet(p.name)["constants"]:
            name = c["name"].value
            assert raw(c["value"]) == p.constants[name].codec.encode(getattr(p, name))
    system = md.get_metadata_pallet("System")
    ss58 = next(c for c in system["constants"] if c["name"] == "SS58Prefix")
    assert types[ss58["type"].value]["def"] == {"primitive": "u16"}
    assert raw(ss58["value"]) == (42).to_bytes(2, "little")


def _sample(codec: scale.Codec) -> Any:
    """A value of a key type, for the key-construction check."""
    if isinstance(codec, scale.IntCodec):
        return 7
    if isinstance(codec, scale.NewtypeCodec):
        return codec.wrap(_sample(codec.inner))
    if isinstance(codec, scale.FixedBytesCodec):
        return bytes(range(codec.size))
    if isinstance(codec, scale.BytesCodec):
        return b"\x01\x02"
    if isinstance(codec, scale.TupleCodec):
        return tuple(_sample(c) for c in codec.items)
    if isinstance(codec, scale.StructCodec):
        return codec.build(*(_sample(c) for _, c in codec.fields))
    if isinstance(codec, scale.IndexEnumCodec):
        return next(iter(codec.members.values()))
    raise NotImplementedError(codec.name)


@pytest.mark.parametrize("runtime", RUNTIMES, ids=IDS)
def test_storage_entries_and_keys(runtime: Runtime) -> None:
    """Every entry's modifier, default and hashers; every map's key as py-substrate-interface builds it from the
    metadata (twox128(prefix) ++ twox128(name) ++ hasher(SCALE(key))...) equals ours."""
    rc, md = decoded(runtime)
    checked = 0
    for _, p in runtime.pallets:
        pm = md.get_metadata_pallet(p.name)
        if not p.storage:
            assert pm.value["storage"] is None
            continue
        assert pm.value["storage"]["prefix"] == p.name
        for item in p.storage.values():
            sf = pm.get_storage_function(item.name)
            assert sf.value["modifier"] == ("Default" if item.value_query else "Optional")
            assert raw(sf["default"]) == item.default_bytes()
            if item.kind == "Plain":
                assert "Plain" in sf.value["type"]
                continue
            m: Any = item  # a map of one or more keys
            hashers = sf.get_param_hashers()
            assert hashers == [h.name for h in m.hashers]
            try:
                keys = [_sample(c) for c in m.key_codecs]
            except NotImplementedError:
                continue
            key = twox_128(pm.value["storage"]["prefix"].encode()) + twox_128(item.name.encode())
            params = sf.get_params_type_string()
            for type_string, hasher, codec, value in zip(params, hashers, m.key_codecs, keys, strict=True):
                encoded = bytes(rc.create_scale_object(type_string).encode(to_scalecodec_value(codec, value)).data)
                key += Hasher[hasher].hash(encoded)
            assert key == m.key(*keys)
            checked += 1
    assert checked >= 3


def test_events_calls_and_errors_decode_with_the_metadata() -> None:
    """A block with a succeeding and a failing extrinsic: py-scale-codec decodes its System.Events with our
    metadata; it encodes (nested) calls to our bytes and decodes ours; the module error resolves by name."""
    runtime = ExampleRuntime
    rc, md = decoded(runtime)
    chain = Chain(runtime, dev_genesis())
    alice, bob = dev_keypair("Alice"), dev_keypair("Bob")
    built = chain.build_block(extrinsics=[chain.sign(Counter.tx.store(42), alice),
                                          chain.sign(Counter.tx.store(4242), bob)])  # fmt: skip
    chain.import_block(built.block)
    with chain.reading() as st:
        raw = st.get(System.Events.key())
    assert raw is not None
    sf = md.get_metadata_pallet("System").get_storage_function("Events")
    events = rc.create_scale_object(sf.get_value_type_string(), data=ScaleBytes(bytearray(raw)), metadata=md)
    events.decode()
    got = [(e.value["phase"], e.value["extrinsic_idx"], e.value["module_id"], e.value["event_id"]) for e in events]
    fee = [("Balances", "Withdraw"), ("TransactionPayment", "TransactionFeePaid")]  # each signed extrinsic's fee
    assert got == [("ApplyExtrinsic", 0, "System", "ExtrinsicSuccess"),  # the Timestamp.set inherent
                   ("ApplyExtrinsic", 1, *fee[0]), ("ApplyExtrinsic", 1, "Counter", "ValueStored"),
                   ("ApplyExtrinsic", 1, *fee[1]), ("ApplyExtrinsic", 1, "System", "ExtrinsicSuccess"),
                   ("ApplyExtrinsic", 2, *fee[0]), ("ApplyExtrinsic", 2, *fee[1]),
                   ("ApplyExtrinsic", 2, "System", "ExtrinsicFailed")]  # fmt: skip
    stored = events[2].value["attributes"]
    assert stored["value"] == 42 and stored["who"] in (alice.ss58_address, "0x" + alice.public_key.hex())
    paid = events[3].value["attributes"]
    assert paid["who"] in (alice.ss58_address, "0x" + alice.public_key.hex()) and paid["actual_fee"] > 0
    failed = events[7].value["attributes"]
    assert failed["dispatch_error"] == {"Module": {"index": 2, "error": "0x00000000"}}
    assert failed["dispatch_info"]["class"] == "Normal" and failed["dispatch_info"]["pays_fee"] == "Yes"
    assert md.get_module_error(2, 0).name == "TooLarge"

    with io.using_runtime(runtime):
        ours = runtime.encode_call(Sudo.tx.sudo(Counter.tx.store(7)))
    call = rc.create_scale_object("Call", metadata=md)
    theirs = call.encode({"call_module": "Sudo", "call_function": "sudo", "call_args": {
        "call": {"call_module": "Counter", "call_function": "store", "call_args": {"value": 7}}}})  # fmt: skip
    assert bytes(theirs.data) == ours
    back = rc.create_scale_object("Call", data=ScaleBytes(bytearray(ours)), metadata=md)
    back.decode()
    assert (back.value["call_module"], back.value["call_function"]) == ("Sudo", "sudo")
    inner = back.value["call_args"][0]["value"]
    assert (inner["call_module"], inner["call_function"], inner["call_args"][0]["value"]) == ("Counter", "store", 7)


V15_TYPES = {
    "MetadataPrefixedV15": {"type": "struct", "type_mapping": [["magic", "[u8; 4]"], ["version", "u8"],
                                                                ["metadata", "MetadataV15Test"]]},
    "MetadataV15Test": {"type": "struct", "type_mapping": [
        ["types", "PortableRegistry"], ["pallets", "Vec<PalletMetadataV15Test>"], ["extrinsic", "ExtrinsicV15Test"],
        ["ty", "SiLookupTypeId"], ["apis", "Vec<ApiV15Test>"], ["outer_enums", "OuterV15Test"],
        ["custom", "Vec<(Text, CustomV15Test)>"]]},
    "PalletMetadataV15Test": {"type": "struct", "type_mapping": [
        ["name", "Text"], ["storage", "Option<StorageMetadataV14>"], ["calls", "Option<PalletCallMetadataV14>"],
        ["event", "Option<PalletEventMetadataV14>"], ["constants", "Vec<PalletConstantMetadataV14>"],
        ["error", "Option<PalletErrorMetadataV14>"], ["index", "u8"], ["docs", "Vec<Text>"]]},
    "ExtrinsicV15Test": {"type": "struct", "type_mapping": [
        ["version", "u8"], ["address_ty", "SiLookupTypeId"], ["call_ty", "SiLookupTypeId"],
        ["signature_ty", "SiLookupTypeId"], ["extra_ty", "SiLookupTypeId"],
        ["signed_extensions", "Vec<SignedExtensionMetadataV14>"]]},
    "ApiV15Test": {"type": "struct", "type_mapping": [["name", "Text"], ["methods", "Vec<ApiMethodV15Test>"],
                                                      ["docs", "Vec<Text>"]]},
    "ApiMethodV15Test": {"type": "struct", "type_mapping": [
        ["name", "Text"], ["inputs", "Vec<(Text, SiLookupTypeId)>"], ["output", "SiLookupTypeId"],
        ["docs", "Vec<Text>"]]},
    "OuterV15Test": {"type": "struct", "type_mapping": [["call_enum_ty", "SiLookupTypeId"],
                                                        ["event_enum_ty", "SiLookupTypeId"],
                                                        ["error_enum_ty", "SiLookupTypeId"]]},
    "CustomV15Test": {"type": "struct", "type_mapping": [["ty", "SiLookupTypeId"], ["value", "Bytes"]]},
}  # fmt: skip


@pytest.mark.parametrize("runtime", [ParachainRuntime, ExampleRuntime], ids=lambda r: r.name)
def test_v15_through_metadata_at_version(runtime: Runtime) -> None:
    """py-scale-codec 1.2.12 has no V15 definitions: the test declares frame-metadata's V15 layout."""
    data = metadata_v15(runtime)
    assert data[:5] == b"meta\x0f" and metadata_at_version(runtime, 15) == data
    rc = config()
    rc.update_type_registry({"types": V15_TYPES})
    obj = rc.create_scale_object("MetadataPrefixedV15", data=ScaleBytes(bytearray(data)))
    v15 = obj.decode()["metadata"]
    types = [t["type"] for t in v15["types"]["types"]]
    crate = types[v15["outer_enums"]["call_enum_ty"]]["path"][0]
    assert [types[v15["outer_enums"][k]]["path"] for k in ("call_enum_ty", "event_enum_ty", "error_enum_ty")] == [
        [crate, "RuntimeCall"], [crate, "RuntimeEvent"], [crate, "RuntimeError"]]  # fmt: skip
    ext = v15["extrinsic"]
    assert types[ext["address_ty"]]["path"] == ["sp_runtime", "multiaddress", "MultiAddress"]
    assert types[ext["signature_ty"]]["path"] == ["sp_runtime", "MultiSignature"]
    assert len(types[ext["extra_ty"]]["def"]["tuple"]) == len(ext["signed_extensions"]) == 8
    assert [p["name"] for p in v15["pallets"]] == [p.name for _, p in runtime.pallets]
    assert all(p["docs"] for p in v15["pallets"])
    assert [(a["name"], [m["name"] for m in a["methods"]]) for a in v15["apis"]] == [
        ("Metadata", ["metadata", "metadata_at_version", "metadata_versions"])]  # fmt: skip
    assert v15["custom"] == []


def test_metadata_runtime_api_results() -> None:
    runtime = ExampleRuntime
    assert scale.bytes_codec.decode(api_metadata(runtime)) == metadata_v14(runtime)
    assert api_metadata_at_version(runtime, 15) == b"\x01" + scale.bytes_codec.encode(metadata_v15(runtime))
    assert api_metadata_at_version(runtime, 13) == b"\x00" and metadata_at_version(runtime, 16) is None
    assert scale.VecCodec(scale.u32).decode(api_metadata_versions()) == [14, 15]


def test_cli_metadata_formats(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    expected = metadata_v14(ParachainRuntime)
    assert main(["metadata", "--format", "scale"]) == 0
    assert capsys.readouterr().out.strip() == "0x" + expected.hex()
    assert main(["metadata", "--format", "scale", "--output", str(tmp_path / "md.scale")]) == 0
    assert (tmp_path / "md.scale").read_bytes() == expected
    assert main(["metadata", "--format", "json"]) == 0
    substrate = json.loads(capsys.readouterr().out)
    assert substrate[0] == "0x6d657461" and "V14" in substrate[1]
    assert [p["name"] for p in substrate[1]["V14"]["pallets"]] == [p.name for _, p in ParachainRuntime.pallets]
    assert main(["metadata", "--format", "parahost"]) == 0
    ours = capsys.readouterr().out
    assert main(["metadata", "--json"]) == 0
    assert capsys.readouterr().out == ours and json.loads(ours)["runtime"] == "ParachainHost"
