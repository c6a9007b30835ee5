"""The Sudo pallet: one key that may dispatch any call with the Root origin."""

from pallets.sudo.pallet import Event, GenesisConfig, KeyChanged, KeyRemoved, RequireSudo, Sudid, Sudo, SudoAsDone

__all__ = ["Event", "GenesisConfig", "KeyChanged", "KeyRemoved", "RequireSudo", "Sudid", "Sudo", "SudoAsDone"]
