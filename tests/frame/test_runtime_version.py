"""RuntimeVersion: Substrate's encoding (pinned bytes, py-scale-codec), the `:code` descriptor written at
genesis, and the refusals of a state that belongs to another runtime or to a newer version of this one."""

import pytest
from scalecodec.base import RuntimeConfigurationObject, ScaleBytes
from scalecodec.type_registry import load_type_registry_preset

from frame import Chain, construct_runtime
from frame.backend import MemoryBackend
from frame.runtime import RuntimeDefinitionError
from frame.system import LastRuntimeUpgradeInfo, System
from frame.version import (
    CODE_KEY,
    CODE_PREFIX,
    NotAParahostRuntime,
    RuntimeDowngrade,
    RuntimeVersion,
    WrongRuntime,
    api_id,
    check_runtime_matches,
    code_descriptor,
    parse_code,
    runtime_identity,
)
from pallets.example import Counter
from runtime.example import ExampleRuntime, dev_genesis
from runtime.parachain import ParachainRuntime

NODE_TEMPLATE = RuntimeVersion("node-template", "node-template", 1, 100, 1, (("Core", 4), ("Metadata", 1)), 1, 1)
# spec_name, impl_name (Strings), authoring 1, spec 100, impl 1 (u32s), 2 apis (id, u32), transaction 1, state 1 (u8)
NODE_TEMPLATE_HEX = (
    "346e6f64652d74656d706c617465" "346e6f64652d74656d706c617465" "01000000" "64000000" "01000000"
    "08" "df6acb689907609b04000000" "37e397fc7c91f5e401000000" "01000000" "01"
)  # fmt: skip


def test_api_ids_are_blake2_64_of_the_names_pinned_in_the_reference():
    # reference/frame-runtime-dev.md section 9
    assert api_id("Core").hex() == "df6acb689907609b"
    assert api_id("Metadata").hex() == "37e397fc7c91f5e4"
    assert api_id("BlockBuilder").hex() == "40fe3ad401f8959a"
    assert api_id("GenesisBuilder").hex() == "fbc577b9d747efd6"
    assert api_id("TryRuntime").hex() == "e0837fce09f4829a"


def test_encoding_is_substrates_and_round_trips():
    assert NODE_TEMPLATE.encode().hex() == NODE_TEMPLATE_HEX
    assert RuntimeVersion.decode(NODE_TEMPLATE.encode()) == NODE_TEMPLATE
    assert NODE_TEMPLATE.api_version("Core") == 4 and NODE_TEMPLATE.api_version("BlockBuilder") is None


def test_py_scale_codec_decodes_it():
    rc = RuntimeConfigurationObject()
    rc.update_type_registry(load_type_registry_preset("core"))
    rc.update_type_registry({"types": {
        "ApiId": "[u8; 8]", "RuntimeVersionApi": "(ApiId, u32)",
        "RuntimeVersion": {"type": "struct", "type_mapping": [
            ["spec_name", "Text"], ["impl_name", "Text"], ["authoring_version", "u32"], ["spec_version", "u32"],
            ["impl_version", "u32"], ["apis", "Vec<RuntimeVersionApi>"], ["transaction_version", "u32"],
            ["state_version", "u8"]]},
    }})  # fmt: skip
    for version in (NODE_TEMPLATE, ParachainRuntime.version):
        got = rc.create_scale_object("RuntimeVersion", ScaleBytes(version.encode())).decode()
        assert got["spec_name"] == version.spec_name and got["spec_version"] == version.spec_version
        assert [(bytes.fromhex(i[2:]), v) for i, v in got["apis"]] == list(version.apis)
        assert (got["transaction_version"], got["state_version"]) == (version.transaction_version, 1)


def test_old_core_versions_decode_without_the_later_fields():
    # Substrate's rule: Core < 3 has no transaction_version (1), Core < 4 no state_version (0)
    old = RuntimeVersion("old", "old", 1, 7, 1, (("Core", 2),), 1, 0)
    head = old.encode()[:-5]  # what a Core 2 runtime encodes
    assert RuntimeVersion.decode(head) == old


def test_built_in_runtimes_declare_their_versions():
    v = ParachainRuntime.version
    assert (v.spec_name, v.impl_name, v.spec_version, v.state_version) == ("parachain-host", "parahost", 1, 1)
    assert v.api_version("ParachainHost") == 1 and v.api_version("Core") == 4
    assert ExampleRuntime.version.spec_name == "example" and ExampleRuntime.spec_version == 1


def test_genesis_writes_the_descriptor_at_code():
    chain = Chain(ExampleRuntime, dev_genesis())
    code = chain.backend.get(CODE_KEY)
    assert code == CODE_PREFIX + ExampleRuntime.version.encode() == code_descriptor(ExampleRuntime.version)
    assert code.startswith(b"parahost-runtime:")
    assert runtime_identity(chain.backend) == ExampleRuntime.version
    with chain.reading():
        assert System.LastRuntimeUpgrade.get() == LastRuntimeUpgradeInfo(1, "example")


def test_a_state_of_another_runtime_is_refused_by_name():
    with pytest.raises(WrongRuntime, match="for runtime 'example'.*not 'parachain-host'"):
        check_runtime_matches(ParachainRuntime, ExampleRuntime.version)
    genesis = Chain(ExampleRuntime, dev_genesis()).backend
    with pytest.raises(WrongRuntime, match="'example'"):
        Chain(ParachainRuntime, backend=MemoryBackend(genesis.items()))


def test_a_newer_state_is_refused_as_a_downgrade():
    newer = RuntimeVersion("example", "parahost", spec_version=5)
    with pytest.raises(RuntimeDowngrade, match="spec version 5, newer than this runtime's 1"):
        check_runtime_matches(ExampleRuntime, newer)
    backend = MemoryBackend({CODE_KEY: code_descriptor(newer)})
    with pytest.raises(RuntimeDowngrade):
        Chain(ExampleRuntime, backend=backend)
    check_runtime_matches(ExampleRuntime, None)  # no identity: nothing to refuse
    check_runtime_matches(RuntimeVersion("example", spec_version=6), newer)  # an upgrade is fine


def test_a_genesis_state_can_be_started_from_and_is_the_same_chain():
    a = Chain(ExampleRuntime, dev_genesis())
    b = Chain(ExampleRuntime, backend=MemoryBackend(a.backend.items()))
    assert b.genesis_hash == a.genesis_hash


def test_code_that_is_not_our_descriptor_is_refused():
    with pytest.raises(NotAParahostRuntime, match="Wasm"):
        parse_code(b"\0asm\x01\0\0\0")
    with pytest.raises(NotAParahostRuntime, match="does not decode"):
        parse_code(CODE_PREFIX + b"\x01")


def test_a_runtime_without_core_4_is_refused():
    with pytest.raises(RuntimeDefinitionError, match="Core at version 4"):
        construct_runtime("X", [System, Counter], version=RuntimeVersion("x", apis=(("Core", 3),)))
