"""frame_system's errors, with FRAME's indexes (`frame_system::Error`)."""

from __future__ import annotations

from frame.dispatch import PalletError


class Error(PalletError):
    """System's errors."""


class InvalidSpecName(Error, index=0):
    """The name of the new runtime's specification does not match the current one."""


class SpecVersionNeedsToIncrease(Error, index=1):
    """The new runtime's spec version must be greater than the current one."""


class FailedToExtractRuntimeVersion(Error, index=2):
    """The runtime version could not be read from the new runtime's code."""


class NonDefaultComposite(Error, index=3):
    """Suicide was called while the account has non-default composite data."""


class NonZeroRefCount(Error, index=4):
    """An account cannot be removed while something still references it."""


class CallFiltered(Error, index=5):
    """The origin filter refused the call (the runtime's BaseCallFilter or a filter added to the origin)."""


__all__ = ["CallFiltered", "Error", "FailedToExtractRuntimeVersion", "InvalidSpecName", "NonDefaultComposite",
           "NonZeroRefCount", "SpecVersionNeedsToIncrease"]  # fmt: skip
