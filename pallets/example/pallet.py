"""Counter: the example pallet of the README (storage, a call, an error, an event and a hook)."""

from frame import AccountId, Hasher, Origin, Pallet, PalletError, StorageMap, StorageValue, call, ensure_signed
from primitives.types import U32, ScaleEnum, scale_variant


class Error(PalletError):
    """Counter's errors."""


class TooLarge(Error, index=0):
    """The value is over 1000."""


class Event(ScaleEnum):
    """Counter's events."""


@scale_variant(0)
class ValueStored(Event):
    """An account stored a value."""

    who: AccountId
    value: U32


class Counter(Pallet):
    """Stores one number per account and counts blocks."""

    Error, Event = Error, Event
    Values = StorageMap(Hasher.Blake2_128Concat, AccountId, U32, doc="Each account's number.")
    Blocks = StorageValue(U32, default=0, doc="How many blocks this pallet has seen.")

    @call(0)
    def store(cls, origin: Origin, value: U32) -> None:
        """Store `value` for the signer."""
        who = ensure_signed(origin)
        if value > 1000:
            raise TooLarge(f"{value} > 1000")
        cls.Values.insert(who, value)
        cls.deposit_event(ValueStored(who, value))

    @classmethod
    def on_initialize(cls, now: int) -> int:
        cls.Blocks.mutate(lambda n: n + 1)
        return 0
