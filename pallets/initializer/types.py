"""What the Initializer hands the parachain pallets at a session change (reference §1)."""

from __future__ import annotations

import attrs

from primitives.parachain import HostConfiguration, ValidatorId


@attrs.frozen
class SessionChangeNotification:
    """A session change, as every parachain pallet sees it (never encoded; passed in memory).

    `validators` is the new session's set, `queued` the next session's; `prev_config` and `new_config` are the
    configuration before and after the Configuration pallet applied its pending change; `random_seed` is the
    session's 32-byte seed (see `pallets.session` for where it comes from and its limits).
    """

    validators: tuple[ValidatorId, ...]
    queued: tuple[ValidatorId, ...]
    prev_config: HostConfiguration
    new_config: HostConfiguration
    random_seed: bytes
    session_index: int

    def __attrs_post_init__(self) -> None:
        if len(self.random_seed) != 32:
            raise ValueError(f"random_seed must be 32 bytes, got {len(self.random_seed)}")


__all__ = ["SessionChangeNotification"]
