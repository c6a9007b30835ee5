"""Types of the Session pallet: its genesis config, events and the session seed."""

from __future__ import annotations

import attrs

from primitives.hashing import blake2_256
from primitives.parachain import BlockNumber, SessionIndex, ValidatorId
from primitives.scale import u32
from primitives.types import U32, ScaleEnum, scale_variant

#: Domain separator of the session seed.
SEED_DOMAIN = b"paras-session-seed"


def session_seed(session_index: int, parent_hash: bytes) -> bytes:
    """The random seed of a session: ``blake2_256(b"paras-session-seed" ++ SCALE(u32 index) ++ parent_hash)``.

    `parent_hash` is the hash of the block before the session's first block (at genesis, System's placeholder
    parent hash). See the `pallets.session` docstring for what this seed is worth.
    """
    return blake2_256(SEED_DOMAIN + u32.encode(session_index) + parent_hash)


@attrs.frozen
class GenesisConfig:
    """Session 0: how many blocks a session lasts (at least 1) and its validators (0x-hex keys or SS58).
    The next session's set starts equal to it."""

    session_length: BlockNumber
    validators: tuple[ValidatorId, ...]


SessionGenesisConfig = GenesisConfig


class Event(ScaleEnum):
    """Session's events."""


@scale_variant(0)
class NewSession(Event):
    """A new session began (pallet_session's event)."""

    session_index: SessionIndex


@scale_variant(1)
class NextValidatorsQueued(Event):
    """Root set the validators of a future session: queued at the next session change, active from the one after."""

    count: U32


__all__ = ["SEED_DOMAIN", "Event", "GenesisConfig", "NewSession", "NextValidatorsQueued", "SessionGenesisConfig",
           "session_seed"]  # fmt: skip
