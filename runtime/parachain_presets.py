"""The parachain host's genesis presets, ``dev`` and ``local`` (FRAME's genesis presets: `Runtime.presets`), each a
function of its options returning a genesis patch (merged onto the runtime's default config).

Keys are Substrate's dev keys (SS58, prefix 42): //Alice, //Bob, //Charlie, //Dave, //Eve, //Ferdie, then
//Validator7, //Validator8 ...; every para starts from the same `ParaTemplate` (the node passes the adder's code and
genesis head: the runtime does not depend on the test parachains).

``dev``: one validator (//Alice), who is also the sudo key; one parachain, id 100; sessions of 10 blocks.
``local``: N validators (default 4: //Alice, //Bob, //Charlie, //Dave; then //Eve, //Ferdie, //Validator7 ...),
M parachains (default 2) with ids 100, 101, ...; //Alice holds sudo; sessions of 20 blocks.
Both use `LOCAL_HOST_CONFIGURATION` (with ``parathreadCores`` from the options), make every validator an
existing account (so each can sign extrinsics) and endow //Alice ... //Ferdie and every validator with
`DEV_ENDOWMENT` (Balances), as Substrate's dev chain does. A bad option raises `PresetError` naming it.
"""

from __future__ import annotations

from typing import Any

import attrs

from primitives.crypto import DEV_ACCOUNTS, dev_keypair
from primitives.errors import ParahostError
from primitives.parachain.config import MAX_PARATHREAD_CORES

__all__ = ["DEV_ENDOWMENT", "FIRST_PARA_ID", "LOCAL_HOST_CONFIGURATION", "PRESETS", "ParaTemplate", "PresetError",
           "dev", "local"]  # fmt: skip

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

_MAX_VALIDATORS = 1000
_MAX_PARAS = 1000


class PresetError(ParahostError):
    """A preset option out of its range (the message names the option)."""


@attrs.frozen
class ParaTemplate:
    """What each preset para starts from: its genesis head data and validation code (Wasm)."""

    genesis_head: bytes
    validation_code: bytes


def _validator_address(i: int) -> str:
    """The SS58 address of the i-th validator (1-based): //Alice ... //Ferdie, then //Validator7 ..."""
    return dev_keypair(DEV_ACCOUNTS[i - 1] if i <= len(DEV_ACCOUNTS) else f"Validator{i}").ss58_address


def _count(value: int, what: str, low: int, high: int) -> int:
    if what == "validators" and value < 1:
        raise PresetError(f"--validators {value}: no validators: a chain needs at least one")
    if not low <= value <= high:
        raise PresetError(f"--{what} {value}: outside {low}..{high}")
    return value


def _patch(validators: int, parachains: int, parathread_cores: int, session_length: int,
           para: ParaTemplate | None) -> dict[str, Any]:  # fmt: skip
    if para is None and parachains:
        raise PresetError(f"{parachains} parachain(s) need a ParaTemplate (their code and genesis head): pass para=")
    keys = [_validator_address(i) for i in range(1, validators + 1)]
    endowed = list(dict.fromkeys([_validator_address(i) for i in range(1, len(DEV_ACCOUNTS) + 1)] + keys))
    paras = []
    if para is not None:
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


def dev(validators: int | None = None, parachains: int | None = None, parathread_cores: int | None = None,
        para: ParaTemplate | None = None) -> dict[str, Any]:  # fmt: skip
    """The ``dev`` preset's patch (see the module docstring)."""
    return _patch(
        _count(1 if validators is None else validators, "validators", 1, _MAX_VALIDATORS),
        _count(1 if parachains is None else parachains, "parachains", 0, _MAX_PARAS),
        _count(parathread_cores or 0, "parathread-cores", 0, MAX_PARATHREAD_CORES),
        10,
        para,
    )


def local(validators: int | None = None, parachains: int | None = None, parathread_cores: int | None = None,
          para: ParaTemplate | None = None) -> dict[str, Any]:  # fmt: skip
    """The ``local`` preset's patch (see the module docstring)."""
    return _patch(
        _count(4 if validators is None else validators, "validators", 1, _MAX_VALIDATORS),
        _count(2 if parachains is None else parachains, "parachains", 0, _MAX_PARAS),
        _count(parathread_cores or 0, "parathread-cores", 0, MAX_PARATHREAD_CORES),
        20,
        para,
    )


PRESETS = {"dev": dev, "local": local}
