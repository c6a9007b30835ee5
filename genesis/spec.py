"""The chain-spec model: Substrate's JSON chain-spec format (``sc-chain-spec``), read strictly.

Top-level fields, as Substrate writes them: ``name``, ``id``, ``chainType`` (``"Development"``, ``"Local"``,
``"Live"`` or ``{"Custom": "..."}``; default ``"Live"``), ``bootNodes`` (multiaddrs with ``/p2p/<peer id>``),
``telemetryEndpoints`` (``[[multiaddr, verbosity 0-9], ...]`` or null), ``protocolId``, ``forkId``,
``properties`` (free JSON object or null), ``codeSubstitutes`` (``{"<block number>": "0x..."}``, kept and
written back; parahost runtimes are Python, so nothing uses them) and ``genesis``, one of:

* ``{"runtimeGenesis": {"patch": {...}}}``: merged onto the runtime's default config (`genesis.patch`);
* ``{"runtimeGenesis": {"config": {...}}}``: a full config, every pallet and field given;
* ``{"runtime": {...}}``: the older per-pallet config; fields not given take their defaults;
* ``{"raw": {"top": {"0x<key>": "0x<value>"}, "childrenDefault": {}}}``: the literal genesis storage.

Like serde's ``deny_unknown_fields``, any other field is refused by name (so is the deprecated
``consensusEngine`` unless null). Substrate's ``runtimeGenesis.code`` (a Wasm runtime) has no meaning for a
Python runtime and is refused with that reason. Every refusal is a `ChainSpecError` naming the file and field.

The JSON reader is bounded, so that a hostile file gets a refusal and not a crash: at most `MAX_SPEC_BYTES`
of text, arrays and objects nested at most `MAX_DEPTH` deep (serde_json's limit, 128), and numbers of at most
`MAX_NUMBER_CHARS` characters (a u128 has 39 digits). Going over one raises `ChainSpecLimitError`.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import attrs

from primitives.errors import ParahostError

__all__ = ["ChainSpec", "ChainSpecError", "ChainSpecLimitError", "ConfigGenesis", "RawGenesis", "CHAIN_TYPES",
           "MAX_DEPTH", "MAX_NUMBER_CHARS", "MAX_SPEC_BYTES"]  # fmt: skip

CHAIN_TYPES = ("Development", "Local", "Live")
_FIELDS = ("name", "id", "chainType", "bootNodes", "telemetryEndpoints", "protocolId", "forkId", "properties",
           "consensusEngine", "codeSubstitutes", "genesis")  # fmt: skip
_GENESIS_KINDS = ("runtimeGenesis", "runtime", "raw", "stateRootHash")
_HEX = re.compile(r"0x(?:[0-9a-fA-F]{2})*")

#: the largest chain-spec file read (a raw spec of a big chain is a few MiB)
MAX_SPEC_BYTES = 256 * 1024 * 1024
#: the deepest nesting of arrays and objects (serde_json's recursion limit)
MAX_DEPTH = 128
#: the longest number (digits, sign, point and exponent); u128::MAX has 39 digits
MAX_NUMBER_CHARS = 100

#: a JSON string (its escapes included), and the brackets left outside strings
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"?', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


class ChainSpecError(ParahostError):
    """A chain spec that cannot be used: unreadable, not JSON, or a field that is wrong (the message names it)."""


class ChainSpecLimitError(ChainSpecError):
    """A chain spec over one of the reader's bounds: too big a file, too deep a nesting or too long a number."""


@attrs.frozen
class ConfigGenesis:
    """A human-readable genesis: `kind` is ``patch``, ``config`` (both under ``runtimeGenesis``) or
    ``runtime``; `value` the JSON object, pallets in lowerCamelCase."""

    kind: str
    value: dict[str, Any]

    @property
    def where(self) -> str:
        return "genesis.runtime" if self.kind == "runtime" else f"genesis.runtimeGenesis.{self.kind}"

    def to_json(self) -> dict[str, Any]:
        if self.kind == "runtime":
            return {"runtime": self.value}
        return {"runtimeGenesis": {self.kind: self.value}}


@attrs.frozen
class RawGenesis:
    """The literal genesis storage (``genesis.raw.top``), keys ascending."""

    top: dict[bytes, bytes]

    def to_json(self) -> dict[str, Any]:
        top = {"0x" + k.hex(): "0x" + v.hex() for k, v in sorted(self.top.items())}
        return {"raw": {"top": top, "childrenDefault": {}}}


@attrs.frozen
class ChainSpec:
    """A chain spec (field meanings in the module docstring)."""

    name: str
    id: str
    genesis: ConfigGenesis | RawGenesis
    chain_type: str | dict[str, str] = "Live"
    boot_nodes: tuple[str, ...] = ()
    telemetry_endpoints: tuple[tuple[str, int], ...] | None = None
    protocol_id: str | None = None
    fork_id: str | None = None
    properties: dict[str, Any] | None = None
    code_substitutes: dict[str, bytes] = attrs.field(factory=dict)
    #: where the spec came from (a file name, or "preset local"): error messages start with it
    source: str = attrs.field(default="chain spec", eq=False, repr=False)

    @property
    def is_raw(self) -> bool:
        return isinstance(self.genesis, RawGenesis)

    # -- writing

    def to_json(self) -> dict[str, Any]:
        """The JSON object, fields in Substrate's order (``forkId`` only when set)."""
        telemetry = None if self.telemetry_endpoints is None else [list(t) for t in self.telemetry_endpoints]
        out: dict[str, Any] = {
            "name": self.name,
            "id": self.id,
            "chainType": self.chain_type,
            "bootNodes": list(self.boot_nodes),
            "telemetryEndpoints": telemetry,
            "protocolId": self.protocol_id,
        }
        if self.fork_id is not None:
            out["forkId"] = self.fork_id
        out["properties"] = self.properties
        out["codeSubstitutes"] = {n: "0x" + c.hex() for n, c in sorted(self.code_substitutes.items(), key=_num)}
        out["genesis"] = self.genesis.to_json()
        return out

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2) + "\n"

    # -- reading

    @classmethod
    def loads(cls, text: str | bytes, source: str = "chain spec") -> ChainSpec:
        """Parse a chain spec from JSON text; `source` (a file name) prefixes every error message."""
        if len(text) > MAX_SPEC_BYTES:
            raise ChainSpecLimitError(f"{source}: the chain spec is over {MAX_SPEC_BYTES} bytes")
        if isinstance(text, bytes):
            try:
                text = text.decode(json.detect_encoding(text), "surrogatepass")
            except UnicodeDecodeError as e:
                raise ChainSpecError(f"{source}: not UTF-8 text ({e.reason} at byte {e.start})") from None
        _check_depth(text, source)
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_int, parse_float=_float)
        except _NumberTooLong as e:
            raise ChainSpecLimitError(f"{source}: a number of {e} characters: numbers in a chain spec have at most "
                                      f"{MAX_NUMBER_CHARS}") from None  # fmt: skip
        except _DuplicateKey as e:
            raise ChainSpecError(f"{source}: the key {e} appears twice in one object") from None
        except json.JSONDecodeError as e:
            early = e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated string")
            hint = "; the text ends before the JSON does: is the file truncated?" if early else ""
            where = f"line {e.lineno} column {e.colno}"
            raise ChainSpecError(f"{source}: not valid JSON ({e.msg}: {where}){hint}") from None
        except UnicodeDecodeError as e:
            raise ChainSpecError(f"{source}: not UTF-8 text ({e.reason} at byte {e.start})") from None
        return cls.from_json(data, source)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ChainSpec:
        """Read a chain-spec file."""
        name = os.fspath(path)
        try:
            with open(name, "rb") as f:
                text = f.read(MAX_SPEC_BYTES + 1)
        except OSError as e:
            raise ChainSpecError(f"{name}: cannot read the chain spec: {e.strerror or e}") from None
        if not text.strip():
            raise ChainSpecError(f"{name}: the chain-spec file is empty")
        return cls.loads(text, name)

    @classmethod
    def from_json(cls, data: Any, source: str = "chain spec") -> ChainSpec:
        """Check and convert a parsed JSON chain spec."""
        return _Reader(source).spec(data)


class _DuplicateKey(Exception):
    pass


class _NumberTooLong(Exception):
    pass


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _NumberTooLong(len(text))
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _NumberTooLong(len(text))
    return float(text)


def _check_depth(text: str, source: str) -> None:
    """Refuse arrays and objects nested deeper than MAX_DEPTH (before `json` recurses into them)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for m in _BRACKETS.finditer(_STRING.sub("", text)):
        if m.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ChainSpecLimitError(f"{source}: arrays and objects nested more than {MAX_DEPTH} deep")
        else:
            depth -= 1


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _DuplicateKey(json.dumps(k)[:60])
        out[k] = v
    return out


def _num(item: tuple[str, Any]) -> int:
    return int(item[0])


class _Reader:
    """Field-by-field checks; every error names `source` and the field's JSON path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, what: str) -> ChainSpecError:
        return ChainSpecError(f"{self.source}: {where}: {what}")

    def string(self, value: Any, where: str, *, optional: bool = False) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value:
            raise self.fail(where, f"expected a non-empty string, got {json.dumps(value)[:60]}")
        return value

    def spec(self, data: Any) -> ChainSpec:
        if not isinstance(data, dict):
            raise ChainSpecError(f"{self.source}: a chain spec is a JSON object, got {type(data).__name__}")
        unknown = [k for k in data if k not in _FIELDS]
        if unknown:
            raise self.fail(unknown[0], f"unknown field (chain-spec fields: {', '.join(_FIELDS)})")
        for required in ("name", "id", "genesis"):
            if required not in data:
                raise self.fail(required, "missing field")
        if data.get("consensusEngine") is not None:
            raise self.fail("consensusEngine", "deprecated; only null is accepted")
        return ChainSpec(
            source=self.source,
            name=self.string(data["name"], "name"),
            id=self.string(data["id"], "id"),
            genesis=self.genesis(data["genesis"]),
            chain_type=self.chain_type(data.get("chainType", "Live")),
            boot_nodes=self.boot_nodes(data.get("bootNodes", [])),
            telemetry_endpoints=self.telemetry(data.get("telemetryEndpoints")),
            protocol_id=self.string(data.get("protocolId"), "protocolId", optional=True),
            fork_id=self.string(data.get("forkId"), "forkId", optional=True),
            properties=self.properties(data.get("properties")),
            code_substitutes=self.code_substitutes(data.get("codeSubstitutes", {})),
        )

    def chain_type(self, value: Any) -> str | dict[str, str]:
        if value in CHAIN_TYPES:
            return str(value)
        if isinstance(value, dict) and list(value) == ["Custom"] and isinstance(value["Custom"], str):
            return {"Custom": value["Custom"]}
        raise self.fail("chainType", f'expected one of {", ".join(CHAIN_TYPES)} or {{"Custom": "..."}}, got '
                                     f"{json.dumps(value)[:60]}")  # fmt: skip

    def boot_nodes(self, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail("bootNodes", "expected a list of multiaddrs")
        for i, addr in enumerate(value):
            if not isinstance(addr, str) or not addr.startswith("/") or "/p2p/" not in addr:
                raise self.fail(f"bootNodes[{i}]", f"expected a multiaddr ending in /p2p/<peer id>, got "
                                                   f"{json.dumps(addr)[:60]}")  # fmt: skip
        return tuple(value)

    def telemetry(self, value: Any) -> tuple[tuple[str, int], ...] | None:
        if value is None:
            return None
        if not isinstance(value, list):
            raise self.fail("telemetryEndpoints", "expected a list of [multiaddr, verbosity] or null")
        out = []
        for i, entry in enumerate(value):
            ok = isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
            if not ok or type(entry[1]) is not int or not 0 <= entry[1] <= 9:
                raise self.fail(f"telemetryEndpoints[{i}]", f"expected [multiaddr, verbosity 0-9], got "
                                                            f"{json.dumps(entry)[:60]}")  # fmt: skip
            out.append((entry[0], entry[1]))
        return tuple(out)

    def properties(self, value: Any) -> dict[str, Any] | None:
        if value is not None and not isinstance(value, dict):
            raise self.fail("properties", "expected a JSON object or null")
        return value

    def hex(self, value: Any, where: str) -> bytes:
        if not isinstance(value, str) or not _HEX.fullmatch(value):
            raise self.fail(where, f"expected 0x-prefixed hex (an even number of digits), got {json.dumps(value)[:60]}")
        return bytes.fromhex(value[2:])

    def code_substitutes(self, value: Any) -> dict[str, bytes]:
        if not isinstance(value, dict):
            raise self.fail("codeSubstitutes", 'expected an object {"<block number>": "0x<code>"}')
        for k in value:
            if not k.isdigit() or int(k) >= 2**32:
                raise self.fail(f"codeSubstitutes.{k}", "keys are block numbers (decimal u32)")
        return {str(int(k)): self.hex(v, f"codeSubstitutes.{k}") for k, v in value.items()}

    def genesis(self, value: Any) -> ConfigGenesis | RawGenesis:
        if not isinstance(value, dict) or len(value) != 1:
            got = ", ".join(value) if isinstance(value, dict) and value else json.dumps(value)[:60]
            raise self.fail("genesis", f"expected an object with exactly one of {', '.join(_GENESIS_KINDS)}; got {got}")
        ((kind, body),) = value.items()
        if kind not in _GENESIS_KINDS:
            raise self.fail(f"genesis.{kind}", f"unknown genesis kind (one of {', '.join(_GENESIS_KINDS)})")
        if kind == "stateRootHash":
            raise self.fail("genesis.stateRootHash", "a spec with only the state root cannot build a genesis state")
        if kind == "raw":
            return self.raw(body)
        if kind == "runtime":
            return ConfigGenesis("runtime", self.object(body, "genesis.runtime"))
        if not isinstance(body, dict):
            raise self.fail("genesis.runtimeGenesis", "expected an object with patch or config")
        if "code" in body:
            raise self.fail("genesis.runtimeGenesis.code", "parahost runtimes are Python, not Wasm: there is no "
                                                           "runtime code to give; remove the field")  # fmt: skip
        unknown = [k for k in body if k not in ("patch", "config")]
        if unknown:
            raise self.fail(f"genesis.runtimeGenesis.{unknown[0]}", "unknown field (patch or config)")
        if len(body) != 1:
            raise self.fail("genesis.runtimeGenesis", "expected exactly one of patch or config")
        ((sub, config),) = body.items()
        return ConfigGenesis(sub, self.object(config, f"genesis.runtimeGenesis.{sub}"))

    def object(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected an object of pallet configs, got {json.dumps(value)[:60]}")
        return value

    def raw(self, body: Any) -> RawGenesis:
        if not isinstance(body, dict):
            raise self.fail("genesis.raw", "expected an object with top and childrenDefault")
        unknown = [k for k in body if k not in ("top", "childrenDefault")]
        if unknown:
            raise self.fail(f"genesis.raw.{unknown[0]}", "unknown field (top, childrenDefault)")
        top = body.get("top")
        if not isinstance(top, dict):
            raise self.fail("genesis.raw.top", "expected an object {\"0x<key>\": \"0x<value>\"}")
        children = body.get("childrenDefault", {})
        if children:
            raise self.fail("genesis.raw.childrenDefault", "child tries are not supported: expected {}")
        items: dict[bytes, bytes] = {}
        for k, v in top.items():
            key = self.hex(k, f"genesis.raw.top key {k[:40]}")
            if key in items:
                raise self.fail(f"genesis.raw.top.{k[:40]}", "the same key is given twice (hex digits differ in case)")
            items[key] = self.hex(v, f"genesis.raw.top.{k[:40]}")
        return RawGenesis(dict(sorted(items.items())))
