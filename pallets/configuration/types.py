"""Types of the Configuration pallet: its genesis config and the consistency rules of a configuration.

`HostConfiguration` itself lives in `primitives.parachain` (the guide's "Host Configuration").
"""

from __future__ import annotations

import attrs

from primitives.parachain import HostConfiguration


@attrs.frozen
class GenesisConfig:
    """The configuration the chain starts with (checked by the same rules as the setters)."""

    config: HostConfiguration = attrs.field(factory=HostConfiguration)


ConfigurationGenesisConfig = GenesisConfig

__all__ = ["ConfigurationGenesisConfig", "GenesisConfig", "HostConfiguration"]
