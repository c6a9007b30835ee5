"""Initializer: initializes and finalizes the parachain pallets in one fixed order and forwards session changes.

Implements the guide's "The Initializer Module" (reference §1 for the data; DESIGN §4.3 for the timing): the
session change must reach the Initializer before it initializes the block (the Session pallet runs first);
one that arrives afterwards raises `SessionChangeAfterInitialization`, which makes the block invalid (the
guide's "panic"). Session changes are therefore applied at once, not buffered like the 2020 code did.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

from frame import io
from frame.pallet import Pallet
from frame.storage import StorageValue
from frame.system import System
from pallets.configuration import Configuration
from pallets.initializer.types import SessionChangeNotification
from primitives.errors import ParahostError
from primitives.parachain import ValidatorId


class SessionChangeAfterInitialization(ParahostError):
    """A session change arrived after the Initializer initialized the block: the block is invalid.

    Deliberately not a DispatchFailure: no call may catch it and carry on with a half-applied session.
    """


# ---------------------------------------------------------------------------------------------
# The order (the guide's "Initialization"): finalization runs in reverse; session changes go in this order.

_order: tuple[type[Pallet], ...] | None = None
_per_runtime: weakref.WeakKeyDictionary[Any, tuple[type[Pallet], ...]] = weakref.WeakKeyDictionary()


def parachain_pallets() -> tuple[type[Pallet], ...]:
    """The parachain pallets in initialization order. (Imported on first use, not at the top of this module:
    those pallets may import this package's types.)"""
    global _order
    if _order is None:
        from pallets.inclusion import Inclusion
        from pallets.paras import Paras
        from pallets.scheduler import Scheduler
        from pallets.validity import Validity

        _order = (
            Configuration,  # 1. the session's configuration: all the others must work under the same one
            Paras,  # 2. registered paras, their heads and code (prunes past code)
            Scheduler,  # 3. cores, validator groups and assignments (needs the registered paras)
            Inclusion,  # 4. candidates pending availability (needs the schedule)
            Validity,  # 5. secondary checks of included candidates
        )
    return _order


def hooked_pallets() -> tuple[type[Pallet], ...]:
    """The parachain pallets that the current runtime composes, in initialization order. Configuration is always
    first (the Initializer builds every notification from it)."""
    rt = io.ext.runtime
    if rt is None:
        return parachain_pallets()
    hooked = _per_runtime.get(rt)
    if hooked is None:
        present = set(rt.pallet_classes)
        hooked = tuple(p for p in parachain_pallets() if p is Configuration or p in present)
        _per_runtime[rt] = hooked
    return hooked


# ---------------------------------------------------------------------------------------------
# The pallet


class Initializer(Pallet):
    """The guide's Initializer module."""

    # -- Storage

    HasInitialized = StorageValue(bool, doc="True from the Initializer's on_initialize to its on_finalize. "
                                            "Invariant: absent between blocks (never left in the state).")  # fmt: skip

    # -- Genesis: the genesis validator set is session 0, delivered like any other session change

    @classmethod
    def genesis_build(cls, config: None) -> None:
        """Deliver session 0 from the Session pallet, after every other pallet's genesis (the Initializer comes
        last in the runtime), so that the parachain pallets know the validators from block 1 on."""
        from pallets.session import Session  # Session calls the Initializer: imported here to avoid the cycle

        if Session not in io.runtime().pallet_classes:
            return
        cls.on_new_session(Session.current_index(), Session.validators(), Session.queued_validators(),
                           Session.random_seed())  # fmt: skip

    # -- Initialization

    @classmethod
    def on_initialize(cls, now: int) -> int:
        weight = 0
        for pallet in hooked_pallets():
            weight += pallet.initializer_initialize(now)  # type: ignore[attr-defined]
        cls.HasInitialized.put(True)
        return weight

    # -- Session Change

    @classmethod
    def on_new_session(cls, session_index: int, validators: Sequence[ValidatorId], queued: Sequence[ValidatorId],
                       random_seed: bytes) -> None:  # fmt: skip
        """Apply a session change: the Configuration first, then the notification to the others in order.

        Raises SessionChangeAfterInitialization if this block was already initialized.
        """
        if cls.HasInitialized.get():
            raise SessionChangeAfterInitialization(
                f"session {session_index} arrived in block {System.block_number()} after the parachain pallets "
                "were initialized (the Session pallet must come before the Initializer)"
            )
        prev_config = Configuration.config()
        Configuration.initializer_on_new_session(validators, queued)
        notification = SessionChangeNotification(
            validators=tuple(validators),
            queued=tuple(queued),
            prev_config=prev_config,
            new_config=Configuration.config(),
            random_seed=bytes(random_seed),
            session_index=session_index,
        )
        for pallet in hooked_pallets():
            if pallet is not Configuration:
                pallet.initializer_on_new_session(notification)  # type: ignore[attr-defined]

    # -- Finalization

    @classmethod
    def on_finalize(cls, now: int) -> None:
        for pallet in reversed(hooked_pallets()):
            pallet.initializer_finalize()  # type: ignore[attr-defined]
        cls.HasInitialized.kill()
