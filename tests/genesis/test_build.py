"""Genesis state from a spec: presets, patch/config/raw giving the same state, the pinned genesis hash, and
every refusal of a bad genesis naming the field."""

import attrs
import pytest

from frame import Chain
from frame.genesis import camel
from frame.trie import EMPTY_ROOT
from genesis.build import build_genesis, full_config, to_raw
from genesis.config import default_config
from genesis.presets import LOCAL_HOST_CONFIGURATION, PresetOptions, preset
from genesis.spec import ChainSpec, ChainSpecError, ConfigGenesis, RawGenesis
from pallets.paras import Paras
from pallets.session import Session
from pallets.sudo import Sudo
from primitives.crypto import dev_keypair
from primitives.parachain import HostConfiguration, ParaId
from runtime.example import ExampleRuntime, dev_genesis
from tests.genesis.support import FIXED_PARA, adder, dev, local, patched, runtime, spec_json

# Pinned genesis hashes. They change only if the genesis state changes: a pallet's genesis writes, a storage
# key or encoding, the presets, the dev keys, or a runtime's identity (its RuntimeVersion at `:code`, System's
# LastRuntimeUpgrade, the pallets' storage versions). Ingredients: `FIXED_PARA` as every para's code and head.
DEV_GENESIS = "3e7b93a104f09b34a116f298c73915337d0cc88fd22b594f309e18f0f2ab2dd8"
LOCAL_6_2_GENESIS = "1b0d7861d82eb54513a6188f0baab30dba316114e9099fa7233491329b349352"
EXAMPLE_GENESIS = "e0d01be1de90e6de76eef43c75b1ac364c84fd269e15c7c70b9f5bc6253ab9fe"


def read(spec, item, *key):
    chain = Chain(runtime(), full_config(spec, runtime()))
    with chain.reading():
        return item.get(*key)


def test_genesis_hashes_are_pinned():
    assert build_genesis(dev(), runtime()).hash.hex() == DEV_GENESIS
    assert build_genesis(local(6, 2), runtime()).hash.hex() == LOCAL_6_2_GENESIS
    example = ChainSpec.from_json(spec_json({"runtimeGenesis": {"patch": dev_genesis()}}))
    assert build_genesis(example, ExampleRuntime).hash.hex() == EXAMPLE_GENESIS


def test_genesis_is_the_same_every_time_and_matches_frame_chain():
    a, b = build_genesis(local(6, 2, adder()), runtime()), build_genesis(local(6, 2, adder()), runtime())
    assert a == b
    header = a.header
    assert header.number == 0 and header.parent_hash == bytes(32) and header.extrinsics_root == EMPTY_ROOT
    assert header.digest.logs == ()
    chain = Chain(runtime(), full_config(local(6, 2, adder()), runtime()))
    assert chain.genesis_hash == a.hash and chain.state_root == a.state_root


def test_dev_preset():
    spec = dev()
    assert (spec.name, spec.id, spec.chain_type) == ("Development", "dev", "Development")
    alice = dev_keypair("Alice").public_key
    assert read(spec, Session.Validators) == (alice,)
    assert read(spec, Sudo.Key) == alice
    assert read(spec, Paras.Parachains) == (ParaId(100),)
    assert read(spec, Paras.Heads, ParaId(100)) == FIXED_PARA.genesis_head
    assert read(spec, Paras.ValidationCode, ParaId(100)) == FIXED_PARA.validation_code


def test_local_preset_and_its_options():
    spec = local(8, 3, parathread_cores=2)
    names = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie", "Validator7", "Validator8"]
    assert read(spec, Session.Validators) == tuple(dev_keypair(n).public_key for n in names)
    assert read(spec, Paras.Parachains) == (100, 101, 102)
    assert read(spec, Sudo.Key) == dev_keypair("Alice").public_key
    from pallets.configuration import Configuration

    config = read(spec, Configuration.Configuration)
    expected = {camel(f.name): getattr(config, f.name) for f in attrs.fields(HostConfiguration)}
    assert expected == {**LOCAL_HOST_CONFIGURATION, "parathreadCores": 2}
    assert read(local(), Session.Validators)[-1] == dev_keypair("Dave").public_key  # default: 4 validators
    assert read(local(1, 0), Paras.Parachains) == ()


@pytest.mark.parametrize("options, message", [
    (PresetOptions(validators=0), "--validators 0: no validators"),
    (PresetOptions(parachains=-1), "--parachains -1: outside 0..1000"),
    (PresetOptions(parathread_cores=5000), "--parathread-cores 5000: outside"),
    (PresetOptions(parathread_cores=101), r"--parathread-cores 101: outside 0..100"),
])  # fmt: skip
def test_preset_options_are_checked(options, message):
    with pytest.raises(ChainSpecError, match=message):
        preset("local", FIXED_PARA, options)
    with pytest.raises(ChainSpecError, match="unknown preset 'staging'"):
        preset("staging", FIXED_PARA)


def test_human_to_raw_and_back_give_the_same_state():
    rt = runtime()
    human = local(6, 2)
    raw = to_raw(human, rt)
    assert isinstance(raw.genesis, RawGenesis) and raw.name == human.name and raw.properties == human.properties
    reloaded = ChainSpec.loads(raw.dumps())
    assert reloaded == raw and to_raw(reloaded, rt) is reloaded
    assert build_genesis(reloaded, rt) == build_genesis(human, rt)
    assert ChainSpec.loads(human.dumps()) == human
    # the same genesis as a full config, and as the older `runtime` form
    full = full_config(human, rt)
    for kind in ("config", "runtime"):
        other = attrs.evolve(human, genesis=ConfigGenesis(kind, full))
        assert build_genesis(ChainSpec.loads(other.dumps()), rt).hash == build_genesis(human, rt).hash


def test_patch_merges_onto_the_default_config():
    rt = runtime()
    assert default_config(rt)["configuration"]["config"]["maxCodeSize"] == HostConfiguration().max_code_size
    spec = ChainSpec.from_json(patched(local(), {"configuration": {"config": {"maxCodeSize": 4096}}}))
    merged = full_config(spec, rt)
    assert merged["configuration"]["config"]["maxCodeSize"] == 4096
    assert merged["configuration"]["config"]["acceptancePeriod"] == HostConfiguration().acceptance_period  # default
    assert merged["system"] == {"accounts": local().genesis.value["system"]["accounts"]}  # type: ignore[union-attr]
    # null removes the key: the field takes its default
    data = patched(local(), {"sudo": {"key": None}})
    assert read(ChainSpec.from_json(data), Sudo.Key) is None


def test_a_full_config_must_give_every_pallet_and_field():
    rt = runtime()
    full = full_config(local(), rt)
    del full["paras"]
    with pytest.raises(ChainSpecError, match="genesis.runtimeGenesis.config: missing pallet paras"):
        build_genesis(ChainSpec.from_json(spec_json({"runtimeGenesis": {"config": full}})), rt)
    full = full_config(local(), rt)
    del full["session"]["sessionLength"]
    with pytest.raises(ChainSpecError, match="config.session: missing field sessionLength"):
        build_genesis(ChainSpec.from_json(spec_json({"runtimeGenesis": {"config": full}})), rt)


BIG = "0x" + "00" * ((1 << 20) + 1)


@pytest.mark.parametrize("patch, message", [
    ({"staking": {}}, r"unknown pallet\(s\) staking"),
    ({"sudo": {"keys": 1}}, "sudo: unknown field 'keys'"),
    ({"session": {"sessionLength": "20"}}, r"session.sessionLength: expected an integer \(u32\)"),
    ({"session": {"sessionLength": 2**32}}, "session.sessionLength: 4294967296 does not fit in u32"),
    ({"configuration": {"config": {"maxCodeSize": True}}}, "configuration.config.maxCodeSize: expected an integer"),
    ({"system": {"accounts": "0x00"}}, "system.accounts: expected a list"),
    ({"sudo": {"key": "0xd43593c7zz"}}, "sudo.key: bad hex"),
    ({"sudo": {"key": "0xd435"}}, "sudo.key: expected 32 bytes, got 2"),
    ({"sudo": {"key": "5NotAnAddress"}}, "sudo.key: '5NotAnAddress' is neither 0x-hex nor an SS58 address"),
    ({"sudo": {"key": "0x" + "ff" * 32}}, "sudo.key: 0xff.* is not a valid sr25519 public key"),
    ({"sudo": {"key": "0x" + "00" * 32}}, "sudo.key: 0x0+ is not a valid sr25519 public key"),
    ({"session": {"validators": ["0x" + "ff" * 32]}}, r"session.validators\[0\]: 0xff.* is not a valid sr25519"),
    ({"session": {"validators": []}}, "session.validators: no validators: a chain needs at least one"),
    ({"session": {"validators": [dev_keypair("Bob").ss58_address] * 2}}, r"session.validators\[1\]: .* is already "
                                                                          r"session.validators\[0\] \(Duplicate"),
    ({"session": {"sessionLength": 0}}, "session.sessionLength: must be at least 1 block"),
    ({"configuration": {"config": {"maxHeadDataSize": 0}}}, r"configuration.config.maxHeadDataSize: "
                                                            r"ZeroMaxHeadDataSize"),
    ({"configuration": {"config": {"schedulingLookahead": 0}}}, "configuration.config.schedulingLookahead: Zero"),
    ({"configuration": {"config": {"parathreadCores": 1_000_000_000}}}, r"configuration.config.parathreadCores: "
                                                                     r"1000000000 is over the bound 100 "
                                                                     r"\(ParathreadCoresOverBound\)"),
    ({"configuration": {"config": {"parathreadCores": 101}}}, r"parathreadCores: 101 is over the bound 100"),
    ({"configuration": {"config": {"parathreadRetries": 11}}}, r"configuration.config.parathreadRetries: 11 is over "
                                                               r"the bound 10 \(ParathreadRetriesOverBound\)"),
    ({"configuration": {"config": {"schedulingLookahead": 2**32 - 1}}}, r"configuration.config.schedulingLookahead: "
                                                                        r"4294967295 is over the bound 10 "
                                                                        r"\(SchedulingLookaheadOverBound\)"),
    ({"configuration": {"config": {"maxCodeSize": (3 << 20) + 1}}}, r"configuration.config.maxCodeSize: 3145729 is "
                                                                    r"over the bound 3145728 \(MaxCodeSizeOverBound\)"),
    ({"configuration": {"config": {"maxHeadDataSize": (1 << 20) + 1}}}, r"configuration.config.maxHeadDataSize: "
                                                                        r"1048577 is over the bound 1048576 "
                                                                        r"\(MaxHeadDataSizeOverBound\)"),
    ({"paras": {"paras": [[100, {"genesisHead": "0x00", "validationCode": "0x01", "parachain": True}],
                          [101, {"genesisHead": "0x00", "validationCode": "0x01", "parachain": True}],
                          [100, {"genesisHead": "0x00", "validationCode": "0x01", "parachain": False}]]}},
     r"paras.paras\[2\]\[0\]: para id 100 is already paras.paras\[0\] \(DuplicateGenesisPara\)"),
    ({"paras": {"paras": [[100, {"genesisHead": "0x00", "validationCode": BIG, "parachain": True}]]}},
     r"paras.paras\[0\]\[1\].validationCode: para 100's code is 1048577 bytes, more than "
     r"configuration.config.maxCodeSize \(1048576\) \(CodeTooLarge\)"),
    ({"paras": {"paras": [[100, {"genesisHead": "0x" + "00" * 40000, "validationCode": "0x01", "parachain": True}]]}},
     r"paras.paras\[0\]\[1\].genesisHead: para 100's head is 40000 bytes, more than "
     r"configuration.config.maxHeadDataSize \(32768\)"),
    ({"paras": {"paras": [[100, {"genesisHead": "0x00", "validationCode": "0x", "parachain": True}]]}},
     r"paras.paras\[0\]\[1\].validationCode: para 100 has empty code"),
    ({"paras": {"paras": [[100, {"genesisHead": "0x00", "parachain": True}]]}},
     r"paras.paras\[0\]\[1\]: missing field\(s\) validationCode"),
    ({"paras": {"paras": [[100]]}}, r"paras.paras\[0\]: expected a list of 2"),
    ({"paras": {"paras": [[-1, {"genesisHead": "0x", "validationCode": "0x01", "parachain": True}]]}},
     r"paras.paras\[0\]\[0\]: -1 does not fit in u32"),
])  # fmt: skip
def test_bad_genesis_configs_are_refused_naming_the_field(patch, message):
    spec = ChainSpec.from_json(patched(local(), patch), "bad.json")
    with pytest.raises(ChainSpecError, match=message) as e:
        build_genesis(spec, runtime())
    assert str(e.value).startswith("bad.json: for runtime parachain-host: in genesis.runtimeGenesis.patch: ")


def test_the_pallets_refuse_the_same_things_themselves():
    """The spec checks run first; without them the pallets' genesis builds still refuse, by name."""
    from pallets.paras import DuplicateGenesisPara
    from pallets.session import EmptyValidatorSet

    rt = runtime()
    config = full_config(ChainSpec.from_json(patched(local(), {"session": {"validators": []}})), rt)
    with pytest.raises(EmptyValidatorSet):
        Chain(rt, config)
    para = {"genesisHead": "0x00", "validationCode": "0x01", "parachain": True}
    config = full_config(ChainSpec.from_json(patched(local(), {"paras": {"paras": [[7, para], [7, para]]}})), rt)
    with pytest.raises(DuplicateGenesisPara):
        Chain(rt, config)


def test_a_field_given_in_both_spellings_is_refused():
    # a snake_case key in a patch does not replace the default's camelCase one: both would reach the pallet
    spec = ChainSpec.from_json(patched(local(), {"configuration": {"config": {"max_code_size": 4096}}}), "bad.json")
    with pytest.raises(ChainSpecError, match="configuration.config: field maxCodeSize is given twice"):
        build_genesis(spec, runtime())
