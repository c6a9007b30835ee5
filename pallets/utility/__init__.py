"""The Utility pallet: batch, batch_all, force_batch, as_derivative, and dispatch_as."""

from pallets.utility.pallet import (
    BatchCompleted,
    BatchCompletedWithErrors,
    BatchInterrupted,
    DispatchedAs,
    Error,
    Event,
    ItemCompleted,
    ItemFailed,
    TooManyCalls,
    Utility,
    derivative_account_id,
)

__all__ = ["BatchCompleted", "BatchCompletedWithErrors", "BatchInterrupted", "DispatchedAs", "Error", "Event",
           "ItemCompleted", "ItemFailed", "TooManyCalls", "Utility", "derivative_account_id"]  # fmt: skip
