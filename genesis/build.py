"""From a chain spec to the genesis state, the genesis header and hash, and the raw spec.

A human-readable spec becomes a full genesis config (a patch merged onto the runtime's default config, or the
config as given), each pallet's part is parsed by its declared `GenesisConfig` (`frame.genesis`), keys that
must sign are checked to be sr25519 public keys, and every pallet's genesis build runs in runtime order on an
empty state (after the runtime's genesis checks: each pallet's ``genesis_check(config)`` and the runtime's
`genesis_checks`), then the runtime's identity is written (``:code``, System.LastRuntimeUpgrade and the pallets'
storage versions; `frame.upgrade`, `frame.version`). A raw spec *is* the state; its ``:code`` must say it is
the runtime's (or an older version of it). Either way the genesis header
is Substrate's: number 0, zero parent, the state root (trie V1), the empty extrinsics root and an empty digest;
its blake2-256 is the genesis hash.
"""

from __future__ import annotations

from typing import Any

import attrs

from frame import io
from frame.backend import MemoryBackend
from frame.block import Header
from frame.genesis import GenesisConfigError, camel, genesis_header, pallet_configs, run_genesis_checks
from frame.pallet import Pallet
from frame.runtime import Runtime
from frame.state import OverlayedState
from frame.upgrade import write_genesis_identity
from frame.version import NotAParahostRuntime, RuntimeIdentityError, check_runtime_matches, runtime_identity
from genesis.config import default_config
from genesis.keys import is_valid_public_key
from genesis.patch import merge
from genesis.spec import ChainSpec, ChainSpecError, ConfigGenesis, RawGenesis
from primitives.errors import ParahostError
from primitives.parachain import CollatorId, ValidatorId

__all__ = ["Genesis", "build_genesis", "check_raw_identity", "full_config", "run_genesis_checks", "to_raw"]

#: 32-byte fields that are an account rather than a signing key, except these, which must be able to sign
_SIGNING_ACCOUNTS = {("sudo", "key")}


@attrs.frozen
class Genesis:
    """What a spec builds: the storage (ascending keys), its state root and the genesis header."""

    storage: dict[bytes, bytes]
    header: Header

    @property
    def state_root(self) -> bytes:
        return self.header.state_root

    @property
    def hash(self) -> bytes:
        return self.header.hash()

    def backend(self) -> MemoryBackend:
        """A fresh in-memory backend holding the genesis state."""
        return MemoryBackend(self.storage)


def full_config(spec: ChainSpec, runtime: Runtime) -> dict[str, Any]:
    """The whole genesis config JSON of a human-readable spec (the patch merged onto the defaults)."""
    g = spec.genesis
    if not isinstance(g, ConfigGenesis):
        raise ChainSpecError(f"{spec.source}: a raw spec has no genesis config, only storage")
    if g.kind == "patch":
        return merge(default_config(runtime), g.value)
    if g.kind == "config":
        _check_complete(spec, runtime, g.value)
    return g.value


def _check_complete(spec: ChainSpec, runtime: Runtime, config: dict[str, Any]) -> None:
    """`runtimeGenesis.config` is a full config: every pallet with a genesis config, every field."""
    for p in runtime.pallet_classes:
        if p.GenesisConfig is None:
            continue
        key = camel(p.name)
        where = f"{spec.source}: genesis.runtimeGenesis.config"
        if key not in config:
            raise ChainSpecError(f"{where}: missing pallet {key} (a full config gives every pallet and field; "
                                 "use runtimeGenesis.patch to give only some)")  # fmt: skip
        given = config[key] if isinstance(config[key], dict) else {}
        for f in attrs.fields(p.GenesisConfig):
            if camel(f.name) not in given and f.name not in given:
                raise ChainSpecError(f"{where}.{key}: missing field {camel(f.name)} (a full config gives every "
                                     "field; use runtimeGenesis.patch to give only some)")  # fmt: skip


def _check_keys(value: Any, where: str) -> None:
    """Every validator and collator key inside a parsed config value must be an sr25519 public key."""
    if isinstance(value, ValidatorId | CollatorId):
        if not is_valid_public_key(bytes(value)):
            raise GenesisConfigError(f"{where}: 0x{bytes(value).hex()} is not a valid sr25519 public key")
    elif attrs.has(type(value)):
        for f in attrs.fields(type(value)):
            _check_keys(getattr(value, f.name), f"{where}.{camel(f.name)}")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            _check_keys(v, f"{where}[{i}]")


def _check_signing_accounts(parsed: list[tuple[type[Pallet], Any]]) -> None:
    for p, cfg in parsed:
        for pallet, field in _SIGNING_ACCOUNTS:
            if camel(p.name) == pallet and cfg is not None:
                key = getattr(cfg, field, None)
                if key is not None and not is_valid_public_key(bytes(key)):
                    raise GenesisConfigError(f"{pallet}.{field}: 0x{bytes(key).hex()} is not a valid sr25519 "
                                             "public key (not a Ristretto point)")  # fmt: skip


def check_raw_identity(spec: ChainSpec, runtime: Runtime, top: dict[bytes, bytes]) -> None:
    """Refuse a raw spec whose state is not `runtime`'s: no ``:code`` (NotAParahostRuntime), another runtime's
    (WrongRuntime) or a newer spec_version's (RuntimeDowngrade); the message names the runtime it is for."""
    try:
        identity = runtime_identity(top)
    except NotAParahostRuntime as e:
        raise NotAParahostRuntime(f"{spec.source}: {e}") from None
    if identity is None:
        raise NotAParahostRuntime(f"{spec.source}: genesis.raw.top: not a parahost runtime's state (no :code): it "
                                  f"cannot be run by runtime {runtime.version.spec_name}")  # fmt: skip
    try:
        check_runtime_matches(runtime, identity)
    except RuntimeIdentityError as e:
        raise type(e)(f"{spec.source}: raw spec: {e}") from None


def _state_from_config(runtime: Runtime, config: dict[str, Any]) -> dict[bytes, bytes]:
    parsed = pallet_configs(runtime, config)
    for p, cfg in parsed:
        _check_keys(cfg, camel(p.name))
    _check_signing_accounts(parsed)
    run_genesis_checks(runtime, parsed)
    state = OverlayedState(MemoryBackend())
    with io.using(state, runtime):
        for p, cfg in parsed:
            try:
                p.genesis_build(cfg)
            except ParahostError as e:
                raise GenesisConfigError(f"{camel(p.name)}: {e}") from None
            except (ValueError, TypeError, KeyError) as e:
                raise GenesisConfigError(f"{camel(p.name)}: the genesis build failed: {type(e).__name__}: {e}") from e
        write_genesis_identity(runtime)
    return {k: v for k, v in sorted(state.changes().items()) if v is not None}


def build_genesis(spec: ChainSpec, runtime: Runtime) -> Genesis:
    """The genesis state and header of `spec` for `runtime`. Raises ChainSpecError naming the runtime and the
    field; a raw spec must be `runtime`'s (`check_raw_identity`)."""
    g = spec.genesis
    if isinstance(g, RawGenesis):
        check_raw_identity(spec, runtime, g.top)
        storage = dict(g.top)
    else:
        config = full_config(spec, runtime)
        try:
            storage = _state_from_config(runtime, config)
        except GenesisConfigError as e:
            raise ChainSpecError(f"{spec.source}: for runtime {runtime.version.spec_name}: in {g.where}: {e}") from None
    root = MemoryBackend(storage).root
    return Genesis(storage, genesis_header(root))


def to_raw(spec: ChainSpec, runtime: Runtime, genesis: Genesis | None = None) -> ChainSpec:
    """The same spec with its genesis as raw storage (a raw spec is returned as it is). `genesis`, if given,
    is `build_genesis(spec, runtime)` already computed."""
    if spec.is_raw:
        return spec
    storage = (genesis or build_genesis(spec, runtime)).storage
    return attrs.evolve(spec, genesis=RawGenesis(dict(storage)))
