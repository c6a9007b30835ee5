"""Chain specs in Substrate's JSON format, the dev and local presets, dev keys, and genesis state building."""

from genesis.build import Genesis, build_genesis, full_config, to_raw
from genesis.config import default_config
from genesis.keys import is_valid_public_key, validator_keypair, validator_keypairs, validator_uri
from genesis.patch import merge
from genesis.presets import LOCAL_HOST_CONFIGURATION, PRESETS, ParaTemplate, PresetOptions, preset
from genesis.spec import ChainSpec, ChainSpecError, ConfigGenesis, RawGenesis

__all__ = [
    "LOCAL_HOST_CONFIGURATION",
    "PRESETS",
    "ChainSpec",
    "ChainSpecError",
    "ConfigGenesis",
    "Genesis",
    "ParaTemplate",
    "PresetOptions",
    "RawGenesis",
    "build_genesis",
    "default_config",
    "full_config",
    "is_valid_public_key",
    "merge",
    "preset",
    "to_raw",
    "validator_keypair",
    "validator_keypairs",
    "validator_uri",
]
