"""Shared by the genesis, block-database and CLI tests: the runtime, a fixed para template, spec helpers."""

from __future__ import annotations

import copy
from typing import Any

from genesis.presets import ParaTemplate, PresetOptions, preset
from genesis.spec import ChainSpec
from node.cli_common import adder_template
from runtime.parachain import ParachainRuntime

#: placeholder para code and head (not the adder), so pinned hashes do not move when the adder's WAT does
FIXED_PARA = ParaTemplate(genesis_head=b"\x07" * 72, validation_code=b"\x00asm\x01\x00\x00\x00")


def runtime() -> Any:
    return ParachainRuntime


def adder() -> ParaTemplate:
    return adder_template()


def local(validators: int = 4, parachains: int = 2, para: ParaTemplate = FIXED_PARA, **kw: Any) -> ChainSpec:
    return preset("local", para, PresetOptions(validators, parachains, **kw))


def dev(para: ParaTemplate = FIXED_PARA) -> ChainSpec:
    return preset("dev", para)


def spec_json(genesis: dict[str, Any], **top: Any) -> dict[str, Any]:
    """A minimal chain-spec JSON object around `genesis`."""
    return {"name": "Test", "id": "test", "chainType": "Local", **top, "genesis": genesis}


def patched(spec: ChainSpec, patch: dict[str, Any]) -> dict[str, Any]:
    """`spec`'s JSON with `patch` merged into its runtimeGenesis.patch (plain dict update per pallet)."""
    data = copy.deepcopy(spec.to_json())
    target = data["genesis"]["runtimeGenesis"]["patch"]
    for pallet, fields in patch.items():
        target.setdefault(pallet, {}).update(fields)
    return data
