"""The parachain host's chain-spec presets, ``dev`` and ``local``, as Substrate-style genesis patches.

A preset is a ``runtimeGenesis.patch`` (merged onto the runtime's default config), so ``parahost build-spec
--preset local`` prints exactly what differs from the defaults. Keys are the dev keys of `genesis.keys`
(SS58, prefix 42); every para starts from the same `ParaTemplate` (the node passes the adder's code and
genesis head: `genesis` does not depend on the test parachains).

``dev``: one validator (//Alice), who is also the sudo key; one parachain, id 100; sessions of 10 blocks.
``local``: N validators (default 4: //Alice, //Bob, //Charlie, //Dave; then //Eve, //Ferdie, //Validator7 ...),
M parachains (default 2) with ids 100, 101, ...; //Alice holds sudo; sessions of 20 blocks.
Both use `LOCAL_HOST_CONFIGURATION` (with ``parathreadCores`` from the options), make every validator an
existing account (so each can sign extrinsics) and endow //Alice ... //Ferdie and every validator with
`DEV_ENDOWMENT` (Balances), as Substrate's dev chain does.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import attrs

from genesis.keys import validator_keypairs
from genesis.spec import ChainSpec, ChainSpecError, ConfigGenesis
from primitives.crypto import DEV_ACCOUNTS
from primitives.errors import ParahostError
from primitives.parachain.config import MAX_PARATHREAD_CORES

__all__ = ["DEV_ENDOWMENT", "LOCAL_HOST_CONFIGURATION", "PRESETS", "FIRST_PARA_ID", "ParaTemplate", "PresetOptions",
           "preset", "preset_spec"]

#: What each dev account and validator holds at genesis (Substrate's dev chain: 1 << 60).
DEV_ENDOWMENT = 1 << 60

#: The first preset para's id (Polkadot's adder collator uses 100); the next ones count up from it.
FIRST_PARA_ID = 100

#: The host configuration of both presets, chosen for a local network of a few validators with 6-second
#: blocks. `parathreadCores` is replaced by the preset option.
LOCAL_HOST_CONFIGURATION: dict[str, int] = {
    # a para may upgrade its code at most once per 10 relay blocks (one minute)
    "validationUpgradeFrequency": 10,
    # an announced code upgrade applies to parablocks whose relay parent is 5 blocks after the announcement
    "validationUpgradeDelay": 5,
    # replaced code is kept (and past candidates' backing votes by Validity) for 20 blocks after enactment
    "acceptancePeriod": 20,
    # validation code up to 1 MiB (the adder is about 1 KiB)
    "maxCodeSize": 1 << 20,
    # head data up to 32 KiB (the adder's head is 72 bytes)
    "maxHeadDataSize": 32 << 10,
    # no execution cores for parathreads unless --parathread-cores says so
    "parathreadCores": 0,
    # a parathread claim that times out is retried up to 3 times
    "parathreadRetries": 3,
    # validator groups move to the next core every 10 blocks (no effect with a single group)
    "parachainRotationFrequency": 10,
    # a backed parachain candidate has 4 blocks to become available before its core is freed
    "chainAvailabilityPeriod": 4,
    # the same for parathread candidates
    "threadAvailabilityPeriod": 4,
    # cores are scheduled one block ahead
    "schedulingLookahead": 1,
}

_PROPERTIES = {"ss58Format": 42, "tokenDecimals": 12, "tokenSymbol": "UNIT"}
_MAX_VALIDATORS = 1000
_MAX_PARAS = 1000


@attrs.frozen
class ParaTemplate:
    """What each preset para starts from: its genesis head data and validation code (Wasm)."""

    genesis_head: bytes
    validation_code: bytes


@attrs.frozen
class PresetOptions:
    """A preset's knobs (None: the preset's default)."""

    validators: int | None = None
    parachains: int | None = None
    parathread_cores: int | None = None


def _count(value: int, what: str, low: int, high: int) -> int:
    if what == "validators" and value < 1:
        raise ChainSpecError(f"--validators {value}: no validators: a chain needs at least one")
    if not low <= value <= high:
        raise ChainSpecError(f"--{what} {value}: outside {low}..{high}")
    return value


def _patch(validators: int, parachains: int, parathread_cores: int, session_length: int,
           para: ParaTemplate) -> dict[str, Any]:  # fmt: skip
    keys = [kp.ss58_address for kp in validator_keypairs(validators)]
    endowed = list(dict.fromkeys([kp.ss58_address for kp in validator_keypairs(len(DEV_ACCOUNTS))] + keys))
    code, head = "0x" + para.validation_code.hex(), "0x" + para.genesis_head.hex()
    paras = [[FIRST_PARA_ID + i, {"genesisHead": head, "validationCode": code, "parachain": True}]
             for i in range(parachains)]  # fmt: skip
    return {
        "system": {"accounts": keys},
        "session": {"sessionLength": session_length, "validators": keys},
        "sudo": {"key": keys[0]},
        "configuration": {"config": {**LOCAL_HOST_CONFIGURATION, "parathreadCores": parathread_cores}},
        "paras": {"paras": paras},
        "balances": {"balances": [[who, DEV_ENDOWMENT] for who in endowed]},
    }


def _dev(options: PresetOptions, para: ParaTemplate) -> ChainSpec:
    patch = _patch(
        _count(1 if options.validators is None else options.validators, "validators", 1, _MAX_VALIDATORS),
        _count(1 if options.parachains is None else options.parachains, "parachains", 0, _MAX_PARAS),
        _count(options.parathread_cores or 0, "parathread-cores", 0, MAX_PARATHREAD_CORES),
        10,
        para,
    )
    return ChainSpec(name="Development", id="dev", chain_type="Development", protocol_id="parahost",
                     properties=dict(_PROPERTIES), genesis=ConfigGenesis("patch", patch),
                     source="preset dev")  # fmt: skip


def _local(options: PresetOptions, para: ParaTemplate) -> ChainSpec:
    patch = _patch(
        _count(4 if options.validators is None else options.validators, "validators", 1, _MAX_VALIDATORS),
        _count(2 if options.parachains is None else options.parachains, "parachains", 0, _MAX_PARAS),
        _count(options.parathread_cores or 0, "parathread-cores", 0, MAX_PARATHREAD_CORES),
        20,
        para,
    )
    return ChainSpec(name="Local Testnet", id="local_testnet", chain_type="Local", protocol_id="parahost",
                     properties=dict(_PROPERTIES), genesis=ConfigGenesis("patch", patch),
                     source="preset local")  # fmt: skip


PRESETS = {"dev": _dev, "local": _local}


def preset(name: str, para: ParaTemplate, options: PresetOptions | None = None) -> ChainSpec:
    """The chain spec of preset `name` (``dev`` or ``local``) with `options`."""
    build = PRESETS.get(name)
    if build is None:
        raise ChainSpecError(f"unknown preset {name!r} (presets: {', '.join(PRESETS)})")
    return build(options or PresetOptions(), para)


#: the chain-spec name, id and chainType of the usual preset names (others: the preset's name, Development)
_SPEC_NAMES = {"dev": ("Development", "dev", "Development"), "local": ("Local Testnet", "local_testnet", "Local")}


def preset_spec(runtime: Any, name: str, options: PresetOptions | None = None,
                para: Callable[[], ParaTemplate] | None = None) -> ChainSpec:  # fmt: skip
    """The chain spec of `runtime`'s genesis preset `name` (`Runtime.presets`, FRAME's ``get_preset``): its patch
    as ``runtimeGenesis.patch``. The options given (not None) are passed by name, and so is ``para=para()`` to a
    preset that takes it; an option the preset does not take is refused by name (ChainSpecError)."""
    spec_name = runtime.version.spec_name
    build = runtime.presets.get(name)
    if build is None:
        if not runtime.presets and spec_name == "parachain-host" and name in PRESETS and para is not None:
            return preset(name, para(), options)
        have = ", ".join(sorted(runtime.presets)) or "none"
        raise ChainSpecError(f"--preset {name}: runtime {spec_name} has no such preset (its presets: {have})")
    kwargs: dict[str, Any] = {k: v for k, v in attrs.asdict(options or PresetOptions()).items() if v is not None}
    params = inspect.signature(build).parameters
    any_keyword = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    for key in kwargs:
        if key not in params and not any_keyword:
            raise ChainSpecError(f"--{key.replace('_', '-')}: preset {name} of runtime {spec_name} takes no such "
                                 "option")  # fmt: skip
    if "para" in params and para is not None:
        kwargs["para"] = para()
    try:
        patch = build(**kwargs)
    except (ValueError, ParahostError) as e:
        raise ChainSpecError(str(e)) from None
    if not isinstance(patch, dict):
        raise ChainSpecError(f"preset {name} of runtime {spec_name} returned a {type(patch).__name__}, not a genesis "
                             "patch (a dict of pallet configs)")  # fmt: skip
    title, ident, chain_type = _SPEC_NAMES.get(name, (name, name, "Development"))
    return ChainSpec(name=title, id=ident, chain_type=chain_type, protocol_id="parahost", properties=dict(_PROPERTIES),
                     genesis=ConfigGenesis("patch", patch), source=f"preset {name}")  # fmt: skip
