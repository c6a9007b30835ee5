"""``parahost metadata`` and ``parahost types``: what the runtime stores, dispatches and emits."""

from __future__ import annotations

import argparse
from typing import Any

from frame.metadata import metadata, registry
from node.cli_common import dumps, emit, example_parser, parachain_runtime

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


def _metadata(args: argparse.Namespace) -> int:
    md = metadata(parachain_runtime())
    emit(dumps(md) if args.json else _summary(md))
    return 0


def _types(args: argparse.Namespace) -> int:
    emit(dumps(registry(parachain_runtime())))
    return 0


def register(sub: Any) -> None:
    """Add metadata and types to the `parahost` subcommands."""
    p = example_parser(
        sub, "metadata", "the parachain-host runtime's metadata",
        "Print the runtime's pallets with their indexes, storage items (key hashers, types, defaults), calls, "
        "events, errors and constants: a summary, or with --json the whole metadata.",
        ["parahost metadata", "parahost metadata --json > metadata.json"],
    )
    p.add_argument("--json", action="store_true", help="print the metadata as JSON")
    p.set_defaults(func=_metadata)

    p = example_parser(
        sub, "types", "the py-scale-codec type registry of the runtime",
        "Print the py-scale-codec (scalecodec) type registry for everything the runtime stores, dispatches and "
        "emits, as JSON: load it with RuntimeConfigurationObject().update_type_registry(...) to decode our state "
        "and extrinsics with py-scale-codec or py-substrate-interface.",
        ["parahost types > parahost-types.json",
         "python -c \"import json, scalecodec; from scalecodec.base import RuntimeConfigurationObject as R; "
         "r = R(); r.update_type_registry(json.load(open('parahost-types.json')))\""],
    )  # fmt: skip
    p.set_defaults(func=_types)
