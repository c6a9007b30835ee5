"""Initializer: initializes and finalizes the parachain pallets in one fixed order and forwards session changes.

Implements the guide's "The Initializer Module" (reference §1 for the data; DESIGN §4.3 for the timing): the
session change must reach the Initializer before it initializes the block (the Session pallet runs first);
one that arrives afterwards raises `SessionChangeAfterInitialization`, which makes the block invalid (the
guide's "panic"). Session changes are therefore applied at once, not buffered like the 2020 code did.

It imports no other pallet: it is the session pallet's `SessionHandler`, and what it drives are its dependency
slots (`Configuration`, `Parachains`, `Session`), which construct_runtime wires (pallets/README.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from frame.coupling import MissingDependency, Requires
from frame.pallet import Pallet
from frame.storage import StorageValue
from frame.system import System
from pallets.traits import (
    HostConfigurationManager,
    ParachainHooks,
    SessionChangeNotification,
    SessionInfo,
)
from primitives.errors import ParahostError
from primitives.parachain import ValidatorId


class SessionChangeAfterInitialization(ParahostError):
    """A session change arrived after the Initializer initialized the block: the block is invalid.

    Deliberately not a DispatchFailure: no call may catch it and carry on with a half-applied session.
    """


def hooked_pallets() -> tuple[ParachainHooks, ...]:
    """The parachain pallets the executing runtime wired to the Initializer, in initialization order."""
    return Initializer.Parachains


# ---------------------------------------------------------------------------------------------
# The pallet


class Initializer(Pallet):
    """The guide's Initializer module."""

    # -- Dependencies (wired by construct_runtime; pallets/traits.py)

    Configuration = Requires(HostConfigurationManager, doc="The configuration: applied first at a session change, "
                                                           "and the notification is built from it.")  # fmt: skip
    #: The order (the guide's "Initialization"): unless the runtime wires another, its pallets with the three hooks
    #: in its order, which for the parachain runtime is the guide's: Configuration (the session's configuration:
    #: the others must work under the same one), Paras (registered paras, heads and code; prunes past code),
    #: Scheduler (cores, groups and assignments: needs the paras), Inclusion (candidates pending availability:
    #: needs the schedule), Validity (secondary checks of included candidates). Finalization runs in reverse.
    Parachains = Requires.each(ParachainHooks, doc="The parachain pallets, in initialization order.")
    Session = Requires.optional(SessionInfo, doc="The session pallet: session 0 at genesis, index and seed after.")

    # -- Storage

    HasInitialized = StorageValue(bool, doc="True from the Initializer's on_initialize to its on_finalize. "
                                            "Invariant: absent between blocks (never left in the state).")  # fmt: skip

    # -- Genesis: the genesis validator set is session 0, delivered like any other session change

    @classmethod
    def genesis_build(cls, config: None) -> None:
        """Deliver session 0 from the session pallet, after every other pallet's genesis (the Initializer comes
        last in the runtime), so that the parachain pallets know the validators from block 1 on."""
        session = cls.Session
        if session is None:
            return
        cls.apply_session_change(session.current_index(), session.validators(), session.queued_validators(),
                                 session.random_seed())  # fmt: skip

    # -- Initialization

    @classmethod
    def on_initialize(cls, now: int) -> int:
        weight = 0
        for pallet in cls.Parachains:
            weight += pallet.initializer_initialize(now)
        cls.HasInitialized.put(True)
        return weight

    # -- Session Change: the session pallet's handler (pallets.traits.SessionHandler, FRAME's OneSessionHandler)

    @classmethod
    def on_genesis_session(cls, validators: Sequence[ValidatorId]) -> None:
        """Nothing: the session pallet's genesis runs before Configuration's and Paras', which session 0 needs,
        so `genesis_build` (the runtime's last) delivers it instead."""

    @classmethod
    def on_new_session(cls, changed: bool, validators: Sequence[ValidatorId], queued: Sequence[ValidatorId]) -> None:
        """A new session from the session pallet: apply it, with the index and seed the session pallet keeps."""
        session = cls.Session
        if session is None:
            raise MissingDependency(
                "Initializer.on_new_session: the runtime wires no SessionInfo to Initializer.Session"
            )
        cls.apply_session_change(session.current_index(), validators, queued, session.random_seed())

    @classmethod
    def on_disabled(cls, validator_index: int) -> None:
        """Nothing: disabled validators are not tracked by the parachain pallets."""

    @classmethod
    def apply_session_change(cls, session_index: int, validators: Sequence[ValidatorId],
                             queued: Sequence[ValidatorId], random_seed: bytes) -> None:  # fmt: skip
        """Apply a session change: the Configuration first, then the notification to the others in order.

        Raises SessionChangeAfterInitialization if this block was already initialized.
        """
        if cls.HasInitialized.get():
            raise SessionChangeAfterInitialization(
                f"session {session_index} arrived in block {System.block_number()} after the parachain pallets "
                "were initialized (the Session pallet must come before the Initializer)"
            )
        configuration = cls.Configuration
        prev_config = configuration.config()
        configuration.initializer_on_new_session(validators, queued)
        notification = SessionChangeNotification(
            validators=tuple(validators),
            queued=tuple(queued),
            prev_config=prev_config,
            new_config=configuration.config(),
            random_seed=bytes(random_seed),
            session_index=session_index,
        )
        for pallet in cls.Parachains:
            if pallet is not configuration:
                pallet.initializer_on_new_session(notification)

    # -- Finalization

    @classmethod
    def on_finalize(cls, now: int) -> None:
        for pallet in reversed(cls.Parachains):
            pallet.initializer_finalize()
        cls.HasInitialized.kill()
