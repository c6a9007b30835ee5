"""Sudo: a root key from genesis that can dispatch any call as Root (pallet_sudo's calls, events and errors)."""

from __future__ import annotations

import attrs

from frame import io
from frame.dispatch import (
    PAYS_NO,
    ROOT,
    DispatchResult,
    Origin,
    PalletError,
    PostDispatchInfo,
    Signed,
    as_result,
    ensure_root,
    ensure_signed,
)
from frame.pallet import Pallet, call
from frame.runtime import RuntimeCall
from frame.storage import StorageValue
from frame.system import AccountId, System
from pallets.sudo import weights
from primitives.types import ScaleEnum, scale_variant

# ---------------------------------------------------------------------------------------------
# Errors and events


class Error(PalletError):
    """Sudo's errors."""


class RequireSudo(Error, index=0):
    """The sender is not the sudo key."""


class Event(ScaleEnum):
    """Sudo's events."""


@scale_variant(0)
class Sudid(Event):
    """A sudo call was dispatched, with its result."""

    sudo_result: DispatchResult


@scale_variant(1)
class KeyChanged(Event):
    """The sudo key changed from `old` (None at genesis) to `new`."""

    old: AccountId | None
    new: AccountId


@scale_variant(2)
class KeyRemoved(Event):
    """The sudo key was removed: no more sudo."""


@scale_variant(3)
class SudoAsDone(Event):
    """A call was dispatched as another account, with its result."""

    sudo_result: DispatchResult


@attrs.frozen
class GenesisConfig:
    """The sudo key (a 32-byte account, 0x-hex or SS58), or None for no sudo."""

    key: AccountId | None = None


SudoGenesisConfig = GenesisConfig

# ---------------------------------------------------------------------------------------------
# The pallet


class Sudo(Pallet):
    """pallet_sudo."""

    Error = Error
    Event = Event
    GenesisConfig = GenesisConfig

    Key = StorageValue(AccountId, doc="The sudo key, if any.")

    @classmethod
    def genesis_build(cls, config: SudoGenesisConfig) -> None:
        if config.key is not None:
            cls.Key.put(config.key)
            System.inc_providers(config.key)

    @classmethod
    def ensure_sudo(cls, origin: Origin) -> bytes:
        who = ensure_signed(origin)
        if cls.Key.get() != who:
            raise RequireSudo(f"0x{who.hex()} is not the sudo key")
        return who

    @call(0, weight=lambda call: weights.sudo() + call.definition.weight_of(call.args))
    def sudo(cls, origin: Origin, call: RuntimeCall) -> PostDispatchInfo:
        """Dispatch `call` with the Root origin. The sudo call itself succeeds; Sudid carries the inner result.
        The sudo key pays no fee for it (Pays::No, as FRAME's: the fee withdrawn is refunded)."""
        cls.ensure_sudo(origin)
        result = io.runtime().dispatch(call, ROOT)
        cls.deposit_event(Sudid(as_result(result)))
        return PAYS_NO

    @call(2, weight=lambda new: weights.set_key())
    def set_key(cls, origin: Origin, new: AccountId) -> PostDispatchInfo:
        """Make `new` the sudo key (the current key or Root may do this; Pays::No)."""
        if type(origin) is not Signed:
            ensure_root(origin)
        else:
            cls.ensure_sudo(origin)
        old = cls.Key.get()
        cls.Key.put(new)
        System.inc_providers(new)
        cls.deposit_event(KeyChanged(old, new))
        return PAYS_NO

    @call(3, weight=lambda who, call: weights.sudo_as() + call.definition.weight_of(call.args))
    def sudo_as(cls, origin: Origin, who: AccountId, call: RuntimeCall) -> PostDispatchInfo:
        """Dispatch `call` with a Signed origin of `who` (Pays::No)."""
        cls.ensure_sudo(origin)
        result = io.runtime().dispatch(call, Signed(who))
        cls.deposit_event(SudoAsDone(as_result(result)))
        return PAYS_NO

    @call(4, weight=lambda: weights.remove_key())
    def remove_key(cls, origin: Origin) -> PostDispatchInfo:
        """Remove the sudo key for good (Pays::No)."""
        cls.ensure_sudo(origin)
        cls.Key.kill()
        cls.deposit_event(KeyRemoved())
        return PAYS_NO

