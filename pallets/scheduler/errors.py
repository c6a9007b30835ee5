"""The Scheduler's errors (ours: the 2020 code had none and ignored bad claims silently; see the package
docstring)."""

from frame.dispatch import PalletError


class Error(PalletError):
    """The Scheduler's errors."""


class NotParathread(Error, index=0):
    """The claimed para is not a registered parathread."""


class QueueFull(Error, index=1):
    """The parathread claim queue holds parathread_cores * scheduling_lookahead claims already."""


class AlreadyClaimed(Error, index=2):
    """The parathread already has a claim queued, scheduled or occupying a core."""


class CoreNotScheduled(Error, index=3):
    """A core was reported occupied that was not scheduled in this block."""
