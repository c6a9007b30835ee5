"""Genesis config from JSON-like data: conversion by declared type, and refusals that name the field."""

import pytest

from frame import Chain
from frame.genesis import GenesisConfigError, camel, pallet_configs, snake
from frame.system import HASH69, System
from frame.trie import ordered_trie_root
from pallets.sudo import Sudo
from tests.harness.runtime import ALICE, BOB, TestRuntime, genesis


def test_genesis_state_and_header():
    chain = Chain(TestRuntime, genesis())
    g = chain.genesis
    assert g.number == 0 and g.parent_hash == bytes(32)
    assert g.extrinsics_root == ordered_trie_root([])
    assert g.state_root == chain.state_root
    with chain.reading() as st:
        assert System.BlockHash.get(0) == HASH69 and System.ParentHash.get() == HASH69
        assert st.get(b":extrinsic_index") == bytes(4)
        assert System.Account.contains_key(BOB.public_key)
    # the same config always gives the same genesis
    assert Chain(TestRuntime, genesis()).genesis_hash == chain.genesis_hash
    assert Chain(TestRuntime, {}).genesis_hash != chain.genesis_hash


def test_ss58_and_snake_case_are_accepted():
    cfg = {"system": {"accounts": [ALICE.ss58_address]}, "sudo": {"key": ALICE.ss58_address}}
    parsed = dict(pallet_configs(TestRuntime, cfg))
    assert parsed[Sudo].key == ALICE.public_key
    assert camel("InclusionInherent") == "inclusionInherent" and camel("max_code_size") == "maxCodeSize"
    assert snake("maxCodeSize") == "max_code_size"


@pytest.mark.parametrize(
    "cfg, message",
    [
        ({"balances": {}}, "unknown pallet"),
        ({"sudo": {"kee": "0x00"}}, r"sudo: unknown field 'kee'"),
        ({"sudo": {"key": "0x1234"}}, r"sudo\.key: expected 32 bytes"),
        ({"sudo": {"key": "0xzz"}}, r"sudo\.key: bad hex"),
        ({"sudo": {"key": 5}}, r"sudo\.key: expected 0x-prefixed hex"),
        ({"sudo": {"key": "5NotAnAddress"}}, r"sudo\.key: .* neither 0x-hex nor an SS58 address"),
        ({"system": {"accounts": "0x00"}}, r"system\.accounts: expected a list"),
        ({"system": {"accounts": ["0x" + "00" * 31]}}, r"system\.accounts\[0\]: expected 32 bytes"),
        ({"system": []}, r"system: expected an object"),
        ({"counter": {"x": 1}}, r"counter: pallet Counter takes no genesis config"),
    ],
)
def test_bad_genesis_is_refused_by_field(cfg, message):
    with pytest.raises(GenesisConfigError, match=message):
        Chain(TestRuntime, cfg)


def test_typed_fields_convert_and_refuse():
    import attrs

    from frame import Pallet, StorageValue, construct_runtime
    from primitives.types import U8, U64

    @attrs.frozen
    class Config:
        required: U8
        small: U8 = 0
        flag: bool = False
        maybe: U64 | None = None
        pair: tuple[U8, bytes] = (0, b"")

    class Typed(Pallet):
        GenesisConfig = Config
        Small = StorageValue(U8)

        @classmethod
        def genesis_build(cls, config):
            cls.Small.put(config.small)

    rt = construct_runtime("Typed", [System, Typed])
    ok = dict(pallet_configs(rt, {"typed": {"small": 7, "flag": True, "maybe": None, "pair": [1, "0xff"],
                                            "required": 1}}))[Typed]  # fmt: skip
    assert ok == Config(1, 7, True, None, (1, b"\xff"))
    for bad, message in [
        ({"small": 256, "required": 1}, r"typed\.small: 256 does not fit in u8"),
        ({"small": True, "required": 1}, r"typed\.small: expected an integer"),
        ({"flag": 1, "required": 1}, r"typed\.flag: expected true or false"),
        ({"pair": [1], "required": 1}, r"typed\.pair: expected a list of 2"),
        ({}, r"typed: missing field\(s\) required"),
    ]:
        with pytest.raises(GenesisConfigError, match=message):
            pallet_configs(rt, {"typed": bad})
