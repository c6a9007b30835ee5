"""A runtime's genesis config as JSON: the inverse of `frame.genesis`'s parsing, and the default config.

JSON shapes are the ones `frame.genesis.from_json` reads: pallets in lowerCamelCase, fields in camelCase,
integers as JSON numbers, byte strings as ``0x`` hex, ``Option`` as ``null`` or the value, ``Vec`` and tuples
as arrays, structs as objects. `default_config` is every pallet's `GenesisConfig` defaults (Substrate's
``get_preset(None)``: what a ``runtimeGenesis.patch`` is merged onto); a field without a default is left
out, so a patch must give it.
"""

from __future__ import annotations

import typing
from typing import Any

import attrs

from frame.genesis import camel
from frame.runtime import Runtime
from primitives import scale
from primitives.types import codec_of

__all__ = ["config_json", "default_config", "value_json"]


def value_json(tp: Any, value: Any) -> Any:
    """The JSON form of `value`, of declared type `tp` (an annotation, an attrs class or a codec)."""
    if not isinstance(tp, scale.Codec) and attrs.has(tp) and not hasattr(tp, "SCALE"):
        return config_json(value)
    return _codec_json(tp if isinstance(tp, scale.Codec) else codec_of(tp), value)


def _codec_json(codec: scale.Codec, value: Any) -> Any:
    if isinstance(codec, scale.NewtypeCodec):
        return _codec_json(codec.inner, value)
    if isinstance(codec, scale.IntCodec | scale.CompactCodec):
        return int(value)
    if codec is scale.boolean or codec is scale.string:
        return value
    if isinstance(codec, scale.FixedBytesCodec | scale.BytesCodec):
        return "0x" + bytes(value).hex()
    if isinstance(codec, scale.OptionCodec):
        return None if value is None else _codec_json(codec.inner, value)
    if isinstance(codec, scale.VecCodec):
        return [_codec_json(codec.item, v) for v in value]
    if isinstance(codec, scale.TupleCodec):
        return [_codec_json(c, v) for c, v in zip(codec.items, value, strict=True)]
    if isinstance(codec, scale.StructCodec):
        return {camel(n): _codec_json(c, getattr(value, n)) for n, c in codec.fields}
    raise TypeError(f"values of type {codec.name} have no genesis JSON form")


def config_json(config: Any) -> dict[str, Any]:
    """The JSON object of an attrs genesis config value, fields in camelCase."""
    hints = typing.get_type_hints(type(config), include_extras=True)
    return {camel(f.name): value_json(hints[f.name], getattr(config, f.name)) for f in attrs.fields(type(config))}


def _defaults_json(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls, include_extras=True)
    out: dict[str, Any] = {}
    for f in attrs.fields(cls):
        if f.default is attrs.NOTHING:
            continue
        default = f.default.factory() if isinstance(f.default, attrs.Factory) else f.default  # type: ignore[arg-type]
        out[camel(f.name)] = value_json(hints[f.name], default)
    return out


def default_config(runtime: Runtime) -> dict[str, Any]:
    """Every pallet's default genesis config, keyed by pallet in lowerCamelCase (pallets without one are left
    out)."""
    return {camel(p.name): _defaults_json(p.GenesisConfig) for p in runtime.pallet_classes if p.GenesisConfig}
