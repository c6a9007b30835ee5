"""``parahost metadata`` and ``parahost types``: what the runtime stores, dispatches and emits."""

from __future__ import annotations

import argparse
from typing import Any

from frame.metadata import metadata, registry
from frame.metadata_v14 import metadata_v14
from node.cli_common import add_runtime_option, dumps, emit, example_parser, runtime_from_args

__all__ = ["register"]


def _summary(md: dict[str, Any]) -> str:
    lines = [f"{md['runtime']} (spec version {md['spec_version']})"]
    for p in md["pallets"]:
        lines.append(f"[{p['index']}] {p['name']}")
        for e in (p["storage"] or {}).get("entries", []):
            t = e["type"]
            if "Plain" in t:
                shape = t["Plain"]
            else:
                m = t["Map"]
                keys = ", ".join(f"{h} {k}" for h, k in zip(m["hashers"], m["keys"], strict=True))
                shape = f"map {keys} -> {m['value']}"
            lines.append(f"    storage {e['name']}: {shape} ({e['modifier']})")
        for c in p["calls"]:
            args = ", ".join(f"{a['name']}: {a['type']}" for a in c["args"])
            lines.append(f"    call {c['index']} {c['name']}({args}){' inherent' if c['inherent'] else ''}")
        for ev in p["events"] or []:
            fields = ", ".join(f"{f['name']}: {f['type']}" for f in ev["fields"])
            lines.append(f"    event {ev['index']} {ev['name']}({fields})")
        for er in p["errors"] or []:
            lines.append(f"    error {er['index']} {er['name']}: {(er['docs'] or [''])[0]}")
        for k in p["constants"]:
            lines.append(f"    constant {k['name']}: {k['type']} = {k['value']}")
    return "\n".join(lines) + "\n"


def _substrate_json(data: bytes) -> Any:
    """Substrate's JSON of the V14 metadata: py-scale-codec's decoded ``MetadataVersioned`` value."""
    from scalecodec.base import RuntimeConfigurationObject, ScaleBytes
    from scalecodec.type_registry import load_type_registry_preset

    config = RuntimeConfigurationObject(implements_scale_info=True)
    config.update_type_registry(load_type_registry_preset("core"))
    obj = config.create_scale_object("MetadataVersioned", data=ScaleBytes(bytearray(data)))
    return obj.decode()


def _metadata(args: argparse.Namespace) -> int:
    fmt = args.format or ("parahost" if args.json else "summary")
    runtime = runtime_from_args(args)
    if fmt in ("scale", "json"):
        data = metadata_v14(runtime)
        if args.output:
            with open(args.output, "wb" if fmt == "scale" else "w") as f:
                f.write(data if fmt == "scale" else dumps(_substrate_json(data)))
        else:
            emit("0x" + data.hex() + "\n" if fmt == "scale" else dumps(_substrate_json(data)))
        return 0
    md = metadata(runtime)
    text = dumps(md) if fmt == "parahost" else _summary(md)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        emit(text)
    return 0


def _types(args: argparse.Namespace) -> int:
    emit(dumps(registry(runtime_from_args(args))))
    return 0


def register(sub: Any) -> None:
    """Add metadata and types to the `parahost` subcommands."""
    p = example_parser(
        sub, "metadata", "the runtime's metadata",
        "Print the runtime's (--runtime; default the parachain host) pallets with their indexes, storage items "
        "(key hashers, types, defaults), calls, events, errors and constants: a summary (the default); --format "
        "scale: Substrate's metadata V14 (RuntimeMetadataPrefixed, what state_getMetadata returns) as 0x-hex, or "
        "raw bytes with --output; --format json: Substrate's JSON of that V14 metadata; --format parahost (or "
        "--json): parahost's own JSON.",
        ["parahost metadata", "parahost metadata --format scale --output metadata.scale",
         "parahost metadata --format json > metadata-v14.json", "parahost metadata --json > metadata.json",
         "parahost metadata --runtime example"],
    )  # fmt: skip
    add_runtime_option(p)
    p.add_argument("--format", choices=["summary", "parahost", "scale", "json"],
                   help="summary (default), parahost (parahost's JSON, as --json), scale (V14, 0x-hex) or json "
                        "(Substrate's JSON of V14)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print parahost's metadata JSON (same as --format parahost)")
    p.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout (raw bytes for --format scale)")
    p.set_defaults(func=_metadata)

    p = example_parser(
        sub, "types", "the py-scale-codec type registry of the runtime",
        "Print the py-scale-codec (scalecodec) type registry for everything the runtime stores, dispatches and "
        "emits, as JSON: load it with RuntimeConfigurationObject().update_type_registry(...) to decode our state "
        "and extrinsics with py-scale-codec or py-substrate-interface.",
        ["parahost types > parahost-types.json",
         "python -c \"import json, scalecodec; from scalecodec.base import RuntimeConfigurationObject as R; "
         "r = R(); r.update_type_registry(json.load(open('parahost-types.json')))\"",
         "parahost types --runtime mypkg.runtime:MyRuntime"],
    )  # fmt: skip
    add_runtime_option(p)
    p.set_defaults(func=_types)
