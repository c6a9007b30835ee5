"""The Timestamp pallet: the block's time, set by the mandatory ``set(now)`` inherent (pallet_timestamp)."""

from pallets.timestamp.pallet import (
    INHERENT_IDENTIFIER,
    MAX_TIMESTAMP_DRIFT_MILLIS,
    SLOT_DURATION,
    Error,
    MissingTimestamp,
    Timestamp,
    TimestampAlreadySet,
    TooEarly,
    TooFarInFuture,
)

__all__ = ["INHERENT_IDENTIFIER", "MAX_TIMESTAMP_DRIFT_MILLIS", "SLOT_DURATION", "Error", "MissingTimestamp",
           "Timestamp", "TimestampAlreadySet", "TooEarly", "TooFarInFuture"]  # fmt: skip
