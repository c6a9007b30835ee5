"""Genesis config from JSON-like data, and the genesis state and header of a runtime.

The JSON has one object per pallet, keyed by the pallet's name in lowerCamelCase (``system``, ``sudo``,
``inclusionInherent``), with fields in camelCase or snake_case. Values are converted by the field's declared
type: integers, ``0x`` hex for byte strings (or SS58 for 32-byte accounts), lists, ``null`` for None, and
nested objects for structs. Anything unknown or ill-typed is refused with a `GenesisConfigError` that names
the pallet and field.
"""

from __future__ import annotations

import re
import typing
from typing import Any

import attrs

from frame import io
from frame.block import Digest, Header
from frame.pallet import Pallet
from frame.runtime import Runtime
from frame.state import OverlayedState
from frame.trie import ordered_trie_root
from frame.upgrade import write_genesis_identity
from primitives import scale
from primitives.errors import CodecError, ParahostError
from primitives.types import codec_of


class GenesisConfigError(ParahostError):
    """The genesis config is wrong; the message names the pallet and field."""


def camel(name: str) -> str:
    """snake_case or UpperCamelCase to lowerCamelCase (`InclusionInherent` -> `inclusionInherent`)."""
    if "_" in name:
        head, *rest = name.split("_")
        return head + "".join(w[:1].upper() + w[1:] for w in rest)
    return name[:1].lower() + name[1:]


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _bytes_from(value: Any, where: str, size: int | None) -> bytes:
    if isinstance(value, str) and not value.startswith("0x") and size == 32:
        from primitives.crypto import InvalidSs58, ss58_decode

        try:
            return ss58_decode(value)
        except InvalidSs58 as e:
            raise GenesisConfigError(f"{where}: {value!r} is neither 0x-hex nor an SS58 address ({e})") from None
    if not isinstance(value, str) or not value.startswith("0x"):
        raise GenesisConfigError(f"{where}: expected 0x-prefixed hex, got {value!r:.60}")
    try:
        raw = bytes.fromhex(value[2:])
    except ValueError:
        raise GenesisConfigError(f"{where}: bad hex {value!r:.60}") from None
    if size is not None and len(raw) != size:
        raise GenesisConfigError(f"{where}: expected {size} bytes, got {len(raw)}")
    return raw


def convert(value: Any, tp: Any, where: str) -> Any:
    """Convert a JSON value to the Python value of annotation `tp`."""
    if attrs.has(tp) and not hasattr(tp, "SCALE"):
        return from_json(tp, value, where)
    codec = codec_of(tp)
    return _convert_codec(value, codec, where)


def _convert_codec(value: Any, codec: scale.Codec, where: str) -> Any:
    if isinstance(codec, scale.NewtypeCodec):
        return codec.wrap(_convert_codec(value, codec.inner, where))
    if isinstance(codec, (scale.IntCodec, scale.CompactCodec)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise GenesisConfigError(f"{where}: expected an integer ({codec.name}), got {value!r:.60}")
        try:
            codec.encode(value)
        except CodecError:
            raise GenesisConfigError(f"{where}: {value} does not fit in {codec.name}") from None
        return value
    if codec is scale.boolean:
        if not isinstance(value, bool):
            raise GenesisConfigError(f"{where}: expected true or false, got {value!r:.60}")
        return value
    if codec is scale.string:
        if not isinstance(value, str):
            raise GenesisConfigError(f"{where}: expected a string, got {value!r:.60}")
        return value
    if isinstance(codec, scale.FixedBytesCodec):
        return _bytes_from(value, where, codec.size)
    if isinstance(codec, scale.BytesCodec):
        return _bytes_from(value, where, None)
    if isinstance(codec, scale.OptionCodec):
        return None if value is None else _convert_codec(value, codec.inner, where)
    if isinstance(codec, scale.VecCodec):
        if not isinstance(value, list):
            raise GenesisConfigError(f"{where}: expected a list, got {value!r:.60}")
        items = [_convert_codec(v, codec.item, f"{where}[{i}]") for i, v in enumerate(value)]
        return tuple(items) if codec.as_tuple else items
    if isinstance(codec, scale.TupleCodec):
        if not isinstance(value, list) or len(value) != len(codec.items):
            raise GenesisConfigError(f"{where}: expected a list of {len(codec.items)}, got {value!r:.60}")
        pairs = enumerate(zip(value, codec.items, strict=True))
        return tuple(_convert_codec(v, c, f"{where}[{i}]") for i, (v, c) in pairs)
    if isinstance(codec, scale.StructCodec):
        return from_json(codec.build, value, where)
    raise GenesisConfigError(f"{where}: values of type {codec.name} cannot be given in JSON")


def from_json(cls: Any, data: Any, where: str) -> Any:
    """Build an attrs class from a JSON object, field by field."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise GenesisConfigError(f"{where}: expected an object, got {data!r:.60}")
    hints = typing.get_type_hints(cls, include_extras=True)
    fields = {f.name: f for f in attrs.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        name = key if key in fields else snake(key)
        if name not in fields:
            known = ", ".join(camel(n) for n in fields) or "none"
            raise GenesisConfigError(f"{where}: unknown field {key!r} (known: {known})")
        if name in kwargs:
            raise GenesisConfigError(f"{where}: field {camel(name)} is given twice (as {camel(name)} and {name})")
        kwargs[name] = convert(value, hints[name], f"{where}.{camel(name)}")
    missing = [n for n, f in fields.items() if n not in kwargs and f.default is attrs.NOTHING]
    if missing:
        raise GenesisConfigError(f"{where}: missing field(s) {', '.join(camel(n) for n in missing)}")
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as e:
        raise GenesisConfigError(f"{where}: {e}") from None


def pallet_configs(runtime: Runtime, config: dict[str, Any] | None) -> list[tuple[type[Pallet], Any]]:
    """Each pallet with its parsed GenesisConfig (defaults where the JSON says nothing)."""
    config = dict(config or {})
    out = []
    for p in runtime.pallet_classes:
        key = camel(p.name)
        data = config.pop(key, None)
        if p.GenesisConfig is None:
            if data:
                raise GenesisConfigError(f"{key}: pallet {p.name} takes no genesis config")
            out.append((p, None))
        else:
            out.append((p, from_json(p.GenesisConfig, data, key)))
    if config:
        raise GenesisConfigError(
            f"unknown pallet(s) {', '.join(sorted(config))} (runtime {runtime.name} has "
            f"{', '.join(camel(p.name) for p in runtime.pallet_classes)})"
        )
    return out


def run_genesis_checks(runtime: Runtime, parsed: list[tuple[type[Pallet], Any]]) -> None:
    """The runtime's genesis consistency checks, as FRAME's genesis build runs its pallets': each pallet's
    ``genesis_check(config)`` hook (pallets with a config), then the runtime's `genesis_checks`."""
    for p, cfg in parsed:
        hook = getattr(p, "genesis_check", None)
        if hook is not None and cfg is not None:
            try:
                hook(cfg)
            except GenesisConfigError:
                raise
            except ParahostError as e:
                raise GenesisConfigError(f"{camel(p.name)}: {e}") from None
    for check in runtime.genesis_checks:
        check(parsed)


def build_genesis(runtime: Runtime, config: dict[str, Any] | None, state: OverlayedState) -> None:
    """Apply every pallet's genesis config to `state`, in runtime order, then write the runtime's identity
    (``:code``, System.LastRuntimeUpgrade, the pallets' storage versions: `frame.upgrade`)."""
    parsed = pallet_configs(runtime, config)
    with io.using(state, runtime):
        for p, cfg in parsed:
            if cfg is not None or p.GenesisConfig is None:
                p.genesis_build(cfg)
        write_genesis_identity(runtime)


def genesis_header(state_root: bytes) -> Header:
    """Block 0: no parent, the genesis state root, the empty extrinsics root, an empty digest."""
    return Header(bytes(32), 0, state_root, ordered_trie_root([]), Digest())
