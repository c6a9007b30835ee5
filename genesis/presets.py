"""Chain specs from a runtime's genesis presets (`Runtime.presets`: FRAME's genesis presets, each a function
returning a ``runtimeGenesis.patch``), so ``parahost build-spec --preset local`` prints exactly what differs from
the runtime's defaults.

`preset_spec(runtime, name, options, para)` is the spec of any runtime's preset. The parachain host's presets,
``dev`` and ``local``, live with their runtime (`runtime.parachain_presets`); `preset` and `PRESETS` are thin
wrappers kept for compatibility (they build the parachain host's).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import attrs

from genesis.spec import ChainSpec, ChainSpecError, ConfigGenesis
from primitives.errors import ParahostError
from runtime.parachain_presets import DEV_ENDOWMENT, FIRST_PARA_ID, LOCAL_HOST_CONFIGURATION, ParaTemplate

__all__ = ["DEV_ENDOWMENT", "LOCAL_HOST_CONFIGURATION", "PRESETS", "FIRST_PARA_ID", "ParaTemplate", "PresetOptions",
           "preset", "preset_spec"]

_PROPERTIES = {"ss58Format": 42, "tokenDecimals": 12, "tokenSymbol": "UNIT"}


@attrs.frozen
class PresetOptions:
    """A preset's knobs (None: the preset's default)."""

    validators: int | None = None
    parachains: int | None = None
    parathread_cores: int | None = None


def _parachain_runtime() -> Any:
    from runtime.parachain import ParachainRuntime

    return ParachainRuntime


def _wrapper(name: str) -> Callable[[PresetOptions, ParaTemplate], ChainSpec]:
    def build(options: PresetOptions, para: ParaTemplate) -> ChainSpec:
        return preset_spec(_parachain_runtime(), name, options, lambda: para)

    return build


#: the parachain host's presets as (options, para) -> ChainSpec (compatibility: use `preset_spec`)
PRESETS = {"dev": _wrapper("dev"), "local": _wrapper("local")}


def preset(name: str, para: ParaTemplate, options: PresetOptions | None = None) -> ChainSpec:
    """The chain spec of the parachain host's preset `name` (``dev`` or ``local``) with `options`."""
    if name not in PRESETS:
        raise ChainSpecError(f"unknown preset {name!r} (presets: {', '.join(PRESETS)})")
    return PRESETS[name](options or PresetOptions(), para)


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
