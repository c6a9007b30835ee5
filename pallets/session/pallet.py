"""Session: sessions of a fixed number of blocks, the validator set of each, and a seed per session.

Ours (it stands in for pallet_session; the guide assumes "a periodic session change event"): a session starts at
every block whose number is a multiple of `SessionLength` (block 0 is session 0), or at the block after Root
forces one. Sessions are buffered by one: the next session's validators (`NextValidators`) are known throughout
the current one, and a set that Root queues becomes the next set at the following session change. At a session
change this pallet tells its `Handlers` (`pallets.traits.SessionHandler`, FRAME's ``OneSessionHandler``: the
runtime's pallets that implement it, or those the runtime wires); it comes before the Initializer, one of them, so
the parachain pallets see the change before they initialize the block (DESIGN §4.3).

The random seed: ``blake2_256(b"paras-session-seed" ++ SCALE(u32 session index) ++ parent hash)``, taken in the
session's first block from the hash of the block before it. It is deterministic and differs per session and per
fork, which is what the Scheduler needs to shuffle validator groups reproducibly. It is NOT unbiased randomness:
whoever authors the block before a session change can grind it (choose which parent to build on, which
extrinsics to include, or not to author at all) and everyone knows it one block ahead. A production chain would
take it from a VRF-based beacon (BABE's epoch randomness) instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from frame.coupling import Requires
from frame.dispatch import Origin, PalletError, ensure_root
from frame.pallet import Pallet, call
from frame.storage import StorageValue
from frame.system import System
from pallets.session import weights
from pallets.session.types import (
    Event,
    GenesisConfig,
    NewSession,
    NextValidatorsQueued,
    SessionGenesisConfig,
    session_seed,
)
from pallets.traits import SessionHandler
from primitives.parachain import BlockNumber, SessionIndex, ValidatorId
from primitives.types import H256

# ---------------------------------------------------------------------------------------------
# Errors


class Error(PalletError):
    """Session's errors."""


class EmptyValidatorSet(Error, index=0):
    """A validator set must not be empty."""


class DuplicateValidator(Error, index=1):
    """A validator set names the same key twice."""


class ZeroSessionLength(Error, index=2):
    """The session length must be at least one block."""


def check_validator_set(validators: Sequence[ValidatorId]) -> None:
    """Raise EmptyValidatorSet or DuplicateValidator unless the set is usable."""
    if not validators:
        raise EmptyValidatorSet()
    seen: set[bytes] = set()
    for i, v in enumerate(validators):
        if v in seen:
            raise DuplicateValidator(f"0x{bytes(v).hex()} at position {i}")
        seen.add(v)


# ---------------------------------------------------------------------------------------------
# The pallet


class Session(Pallet):
    """Sessions and their validator sets."""

    Error = Error
    Event = Event
    GenesisConfig = GenesisConfig

    # -- Dependencies (wired by construct_runtime; pallets/traits.py)

    Handlers = Requires.each(SessionHandler, doc="Told of every session, in this order (FRAME's SessionHandler).")

    # -- Storage

    #: as Polkadot's #[pallet::without_storage_info]:
    #: the validator sets are Vecs as long as the configured validator count
    without_storage_info = True
    Validators = StorageValue(tuple[ValidatorId, ...], default=tuple,
                              doc="The current session's validators. Invariant: non-empty, no duplicates.")  # fmt: skip
    NextValidators = StorageValue(tuple[ValidatorId, ...], default=tuple,
                                  doc="The next session's validators (queued one session ahead). "
                                      "Invariant: non-empty, no duplicates.")  # fmt: skip
    PendingValidators = StorageValue(tuple[ValidatorId, ...],
                                     doc="A set Root queued: it becomes NextValidators at the next session change. "
                                         "Invariant: non-empty, no duplicates.")  # fmt: skip
    CurrentIndex = StorageValue(SessionIndex, default=0, doc="The current session's index (0 at genesis).")
    SessionLength = StorageValue(BlockNumber, default=1,
                                 doc="Blocks per session: one starts at each multiple. Invariant: >= 1.")  # fmt: skip
    RandomSeed = StorageValue(H256, default=bytes(32), doc="The current session's seed (see the module docstring).")
    ForceNewSession = StorageValue(bool, doc="Set by Root: the next block starts a new session. Taken there.")

    # -- Genesis

    @classmethod
    def genesis_build(cls, config: SessionGenesisConfig) -> None:
        """Session 0, told to the handlers. (The Initializer delivers it to the parachain pallets at the end of
        genesis instead: their genesis comes after this one.)"""
        if config.session_length < 1:
            raise ZeroSessionLength("genesis sessionLength is 0")
        check_validator_set(config.validators)
        cls.SessionLength.put(config.session_length)
        cls.Validators.put(tuple(config.validators))
        cls.NextValidators.put(tuple(config.validators))
        cls.CurrentIndex.put(0)
        cls.RandomSeed.put(session_seed(0, System.parent_hash()))
        for handler in cls.Handlers:
            handler.on_genesis_session(tuple(config.validators))

    # -- Block initialization: the session change, before the Initializer runs

    @classmethod
    def on_initialize(cls, now: int) -> int:
        forced = cls.ForceNewSession.exists()
        if forced:
            cls.ForceNewSession.kill()
        if now > 0 and (forced or now % cls.SessionLength.get() == 0):
            cls.rotate_session()
        return 0

    @classmethod
    def rotate_session(cls) -> None:
        """Start the next session: the queued set becomes current, the pending set (if any) becomes queued, then
        the handlers hear of it."""
        index = cls.CurrentIndex.get() + 1
        validators = cls.NextValidators.get()
        changed = validators != cls.Validators.get()
        pending = cls.PendingValidators.take()
        queued = pending if pending is not None else validators
        seed = session_seed(index, System.parent_hash())
        cls.Validators.put(validators)
        cls.NextValidators.put(queued)
        cls.CurrentIndex.put(index)
        cls.RandomSeed.put(seed)
        cls.deposit_event(NewSession(index))
        for handler in cls.Handlers:
            handler.on_new_session(changed, validators, queued)

    # -- Routines

    @classmethod
    def validators(cls) -> list[ValidatorId]:
        return list(cls.Validators.get())

    @classmethod
    def queued_validators(cls) -> list[ValidatorId]:
        return list(cls.NextValidators.get())

    @classmethod
    def current_index(cls) -> int:
        return cls.CurrentIndex.get()

    @classmethod
    def random_seed(cls) -> bytes:
        return cls.RandomSeed.get()

    @classmethod
    def session_length(cls) -> int:
        return cls.SessionLength.get()

    # -- Entry points

    @call(0, weight=lambda validators: weights.set_next_validators(len(validators)))
    def set_next_validators(cls, origin: Origin, validators: tuple[ValidatorId, ...]) -> None:
        """Queue a validator set: it becomes the next set at the next session change (active one session later).
        A later call before that change replaces it."""
        ensure_root(origin)
        check_validator_set(validators)
        cls.PendingValidators.put(tuple(validators))
        cls.deposit_event(NextValidatorsQueued(len(validators)))

    @call(1, weight=lambda: weights.force_new_session())
    def force_new_session(cls, origin: Origin) -> None:
        """Start a new session at the next block, whatever the session length says."""
        ensure_root(origin)
        cls.ForceNewSession.put(True)
