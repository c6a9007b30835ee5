"""The chain-spec model: Substrate's fields, strict reading, every refusal naming the file and field."""

import json

import pytest

from genesis.spec import ChainSpec, ChainSpecError, ConfigGenesis, RawGenesis
from tests.genesis.support import spec_json

PATCH = {"runtimeGenesis": {"patch": {"sudo": {"key": None}}}}


def test_all_substrate_fields_round_trip():
    data = spec_json(
        {"raw": {"top": {"0x3a636f6465": "0x00", "0x01": "0x"}, "childrenDefault": {}}},
        bootNodes=["/ip4/127.0.0.1/tcp/30333/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp"],
        telemetryEndpoints=[["/dns/telemetry.example/tcp/443/x-parity-wss/%2Fsubmit%2F", 0]],
        protocolId="dot", forkId="f1", properties={"ss58Format": 42, "tokenSymbol": "UNIT"},
        codeSubstitutes={"7": "0x0061736d"},
    )  # fmt: skip
    spec = ChainSpec.from_json(data)
    assert spec.chain_type == "Local" and spec.protocol_id == "dot" and spec.fork_id == "f1"
    assert spec.code_substitutes == {"7": b"\x00asm"}
    assert isinstance(spec.genesis, RawGenesis) and spec.genesis.top == {b"\x01": b"", b":code": b"\x00"}
    again = ChainSpec.loads(spec.dumps())
    assert again == spec and again.dumps() == spec.dumps()
    assert list(json.loads(spec.dumps())) == ["name", "id", "chainType", "bootNodes", "telemetryEndpoints",
                                              "protocolId", "forkId", "properties", "codeSubstitutes", "genesis"]


def test_defaults_and_genesis_kinds():
    spec = ChainSpec.from_json({"name": "n", "id": "i", "genesis": PATCH})
    assert spec.chain_type == "Live" and spec.boot_nodes == () and spec.properties is None
    assert spec.genesis == ConfigGenesis("patch", {"sudo": {"key": None}})
    assert ChainSpec.from_json(spec_json({"runtimeGenesis": {"config": {}}})).genesis.kind == "config"
    assert ChainSpec.from_json(spec_json({"runtime": {"sudo": {}}})).genesis.to_json() == {"runtime": {"sudo": {}}}
    assert ChainSpec.from_json(spec_json(PATCH, chainType={"Custom": "Mine"})).chain_type == {"Custom": "Mine"}
    assert "forkId" not in spec.to_json()


@pytest.mark.parametrize(
    "data, message",
    [
        ([1], "a chain spec is a JSON object"),
        (spec_json(PATCH, bootnodes=[]), "bootnodes: unknown field"),
        ({"id": "i", "genesis": PATCH}, "name: missing field"),
        (spec_json(PATCH, name=""), "name: expected a non-empty string"),
        (spec_json(PATCH, chainType="Testnet"), "chainType: expected one of Development, Local, Live"),
        (spec_json(PATCH, bootNodes=["127.0.0.1:30333"]), r"bootNodes\[0\]: expected a multiaddr"),
        (spec_json(PATCH, telemetryEndpoints=[["/dns/x", 10]]), r"telemetryEndpoints\[0\]: expected \[multiaddr"),
        (spec_json(PATCH, properties=[1]), "properties: expected a JSON object"),
        (spec_json(PATCH, consensusEngine="babe"), "consensusEngine: deprecated"),
        (spec_json(PATCH, codeSubstitutes={"x": "0x00"}), "codeSubstitutes.x: keys are block numbers"),
        (spec_json(PATCH, codeSubstitutes={"1": "0x0"}), "codeSubstitutes.1: expected 0x-prefixed hex"),
        (spec_json({}), "genesis: expected an object with exactly one of"),
        (spec_json({"raw": {"top": {}}, "runtime": {}}), "genesis: expected an object with exactly one of"),
        (spec_json({"genesisConfig": {}}), "genesis.genesisConfig: unknown genesis kind"),
        (spec_json({"stateRootHash": "0x00"}), "genesis.stateRootHash: a spec with only the state root"),
        (spec_json({"runtimeGenesis": {"code": "0x00", "patch": {}}}), "genesis.runtimeGenesis.code: parahost "
                                                                       "runtimes are Python"),
        (spec_json({"runtimeGenesis": {"patch": {}, "config": {}}}), "exactly one of patch or config"),
        (spec_json({"runtimeGenesis": {"presetName": "x"}}), "genesis.runtimeGenesis.presetName: unknown field"),
        (spec_json({"runtimeGenesis": {"patch": [1]}}), "genesis.runtimeGenesis.patch: expected an object"),
        (spec_json({"raw": {"top": {"0x0g": "0x00"}}}), "genesis.raw.top key 0x0g: expected 0x-prefixed hex"),
        (spec_json({"raw": {"top": {"0x00": "0x123"}}}), "genesis.raw.top.0x00: expected 0x-prefixed hex"),
        (spec_json({"raw": {"top": {"00": "0x00"}}}), "genesis.raw.top key 00: expected 0x-prefixed hex"),
        (spec_json({"raw": {"top": {"0xab": "0x", "0xAB": "0x"}}}), "the same key is given twice"),
        (spec_json({"raw": {"top": {}, "childrenDefault": {"0x01": {}}}}), "childrenDefault: child tries"),
        (spec_json({"raw": {"top": {}, "children": {}}}), "genesis.raw.children: unknown field"),
    ],
)  # fmt: skip
def test_bad_specs_are_refused_naming_the_field(data, message):
    with pytest.raises(ChainSpecError, match=message) as e:
        ChainSpec.from_json(data, "my.json")
    assert str(e.value).startswith("my.json")


def test_duplicate_json_keys_are_refused():
    with pytest.raises(ChainSpecError, match='spec.json: the key "name" appears twice'):
        ChainSpec.loads('{"name": "a", "name": "b", "id": "i", "genesis": {}}', "spec.json")


def test_unreadable_empty_truncated_and_binary_files(tmp_path):
    with pytest.raises(ChainSpecError, match="missing.json: cannot read the chain spec: No such file"):
        ChainSpec.load(tmp_path / "missing.json")
    with pytest.raises(ChainSpecError, match="cannot read the chain spec"):
        ChainSpec.load(tmp_path)  # a directory
    empty = tmp_path / "empty.json"
    empty.write_text("  \n")
    with pytest.raises(ChainSpecError, match="empty.json: the chain-spec file is empty"):
        ChainSpec.load(empty)
    whole = json.dumps(spec_json({"raw": {"top": {"0x01": "0x02"}}}), indent=2)
    for cut in (len(whole) // 3, len(whole) - 2):
        truncated = tmp_path / "truncated.json"
        truncated.write_text(whole[:cut])
        with pytest.raises(ChainSpecError, match="truncated.json: not valid JSON .*is the file truncated"):
            ChainSpec.load(truncated)
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ChainSpecError, match="binary.json: not"):
        ChainSpec.load(binary)
    garbage = tmp_path / "garbage.json"
    garbage.write_text('{"name": x}')
    with pytest.raises(ChainSpecError, match=r"garbage.json: not valid JSON \(Expecting value: line 1 column 10\)$"):
        ChainSpec.load(garbage)
