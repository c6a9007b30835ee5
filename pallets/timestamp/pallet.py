"""Timestamp: the time of the block, in milliseconds since the Unix epoch (pallet_timestamp, reference §3).

Every block carries one ``set(now)`` inherent (call 0, ``Compact<u64>``, None origin, mandatory) at least
`MinimumPeriod` (half the slot duration) after the previous block's; `on_finalize` refuses a block without it.
Block authors make the inherent from the inherent data under ``b"timstap0"`` (a u64 of milliseconds):
`create_inherent`; importers may check it against their own clock: `check_inherent`. Other pallets read the
time with `Timestamp.now()` and can be told of each new time through `on_timestamp_set`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from frame.dispatch import Origin, PalletError, ensure_none
from frame.pallet import Call, Pallet, call, constant
from frame.storage import StorageValue
from frame.weights import Weight
from pallets.timestamp import weights
from primitives.types import U64, Compact64, codec_of

#: The inherent data identifier (``*b"timstap0"``); its data is the time as a u64 of milliseconds.
INHERENT_IDENTIFIER = b"timstap0"
#: The slot duration of both built-in runtimes (6-second blocks); MinimumPeriod is half of it.
SLOT_DURATION = 6_000
#: How far into the future (ms) an imported block's time may be compared with the importer's clock.
MAX_TIMESTAMP_DRIFT_MILLIS = 30_000

_U64 = codec_of(U64)

# ---------------------------------------------------------------------------------------------
# Errors (pallet_timestamp panics instead; here each rejection has a name)


class Error(PalletError):
    """Timestamp's errors."""


class TooEarly(Error, index=0):
    """The time is earlier than the previous block's plus MinimumPeriod."""


class TimestampAlreadySet(Error, index=1):
    """The timestamp was already set in this block (it must be set exactly once)."""


class TooFarInFuture(Error, index=2):
    """The block's time is too far ahead of the importer's clock (inherent check)."""


class MissingTimestamp(Error, index=3):
    """The block ended without the timestamp inherent."""


# ---------------------------------------------------------------------------------------------
# The pallet


class Timestamp(Pallet):
    """pallet_timestamp."""

    Error = Error
    inherent_required = True
    inherent_identifier = INHERENT_IDENTIFIER

    MinimumPeriod = constant(U64, SLOT_DURATION // 2,
                             "The least time (ms) between two blocks' timestamps: half the slot duration.")  # fmt: skip

    #: FRAME's ``OnTimestampSet``: functions of the new time (ms), called by `set` in this order. A runtime
    #: configures it on a subclass (``on_timestamp_set = (Aura.on_timestamp_set,)``).
    on_timestamp_set: ClassVar[tuple[Callable[[int], None], ...]] = ()

    # -- Storage

    Now = StorageValue(U64, default=0, doc="The current block's time (ms); 0 at genesis. Invariant: never decreases.")
    DidUpdate = StorageValue(bool, default=False,
                             doc="Whether `set` ran in this block. Invariant: false between blocks.")  # fmt: skip

    # -- Routines

    @classmethod
    def now(cls) -> int:
        """The current block's time in milliseconds (the previous block's until `set` has run)."""
        return int(cls.Now.get())

    # -- Initialization

    @classmethod
    def on_initialize(cls, now: int) -> Weight:
        """Returns on_finalize's weight (FRAME's)."""
        return weights.on_finalize()

    # -- Entry points

    @call(0, weight=lambda now: weights.set(), inherent=True)
    def set(cls, origin: Origin, now: Compact64) -> None:
        """Set the block's time (ms): the mandatory inherent, once per block, at least MinimumPeriod after the
        previous block's."""
        ensure_none(origin)
        if cls.DidUpdate.get():
            raise TimestampAlreadySet(f"the time is already {cls.Now.get()} in this block")
        prev = cls.Now.get()
        if prev != 0 and now < prev + cls.MinimumPeriod:
            raise TooEarly(f"{now} < {prev} + {cls.MinimumPeriod}")
        cls.Now.put(now)
        cls.DidUpdate.put(True)
        for hook in cls.on_timestamp_set:
            hook(now)

    # -- Finalization

    @classmethod
    def on_finalize(cls, now: int) -> None:
        """Take DidUpdate: a block without the timestamp inherent is invalid."""
        if not cls.DidUpdate.take():
            raise MissingTimestamp(f"block {now} has no timestamp inherent")

    # -- Inherent provider (FRAME's ProvideInherent)

    @classmethod
    def create_inherent(cls, data: dict[bytes, Any]) -> Call | None:
        """``set(max(data, previous + MinimumPeriod))`` from the inherent data, or None without data."""
        if INHERENT_IDENTIFIER not in data:
            return None
        wanted = _moment(data[INHERENT_IDENTIFIER])
        return cls.tx.set(max(wanted, cls.Now.get() + cls.MinimumPeriod))

    @classmethod
    def default_inherent_data(cls) -> int:
        """The previous block's time plus the slot duration (deterministic chains in tests and the demo)."""
        return int(cls.Now.get()) + SLOT_DURATION

    @classmethod
    def check_inherent(cls, call: Call, data: dict[bytes, Any]) -> None:
        """TooFarInFuture if the block's time is over MAX_TIMESTAMP_DRIFT_MILLIS past the importer's clock,
        TooEarly if it is less than the previous block's plus MinimumPeriod."""
        if call.name != "set" or INHERENT_IDENTIFIER not in data:
            return
        t, clock = call.args[0], _moment(data[INHERENT_IDENTIFIER])
        if t > clock + MAX_TIMESTAMP_DRIFT_MILLIS:
            raise TooFarInFuture(f"{t} > {clock} + {MAX_TIMESTAMP_DRIFT_MILLIS}")
        prev = cls.Now.get()
        if prev != 0 and t < prev + cls.MinimumPeriod:
            raise TooEarly(f"{t} < {prev} + {cls.MinimumPeriod}")


def _moment(value: Any) -> int:
    """Inherent data: an int of milliseconds, or its SCALE u64 (8 bytes)."""
    if isinstance(value, (bytes, bytearray)):
        return int(_U64.decode(bytes(value)))
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 64:
        return value
    raise ValueError(f"timestamp inherent data {value!r:.40} is not a u64 of milliseconds")
