"""Types of the Paras pallet: its genesis config; the storage types come from `primitives.parachain`.

`ParaPastCodeMeta` carries the reference's helpers as methods (`note_replacement`, `code_at`,
`most_recent_change`, `prune_up_to`): pure functions of the value, which the pallet's routines use.
"""

from __future__ import annotations

import attrs

from primitives.parachain import ParaGenesisArgs, ParaId, ParaPastCodeMeta, ReplacementTimes, UseCodeAt


@attrs.frozen
class GenesisConfig:
    """The paras that exist from genesis: ``[[id, {genesisHead, validationCode, parachain}], ...]``."""

    paras: tuple[tuple[ParaId, ParaGenesisArgs], ...] = ()


ParasGenesisConfig = GenesisConfig

__all__ = ["GenesisConfig", "ParaGenesisArgs", "ParaPastCodeMeta", "ParasGenesisConfig", "ReplacementTimes",
           "UseCodeAt"]  # fmt: skip
