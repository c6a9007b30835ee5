"""The Paras pallet's errors (refusals of its root calls and of its genesis config)."""

from frame.dispatch import PalletError


class Error(PalletError):
    """Paras' errors."""


class AlreadyRegistered(Error, index=0):
    """The para is already registered."""


class AlreadyScheduled(Error, index=1):
    """The para is already scheduled for registration at the next session."""


class EmptyValidationCode(Error, index=2):
    """A para's validation code must not be empty."""


class CodeTooLarge(Error, index=3):
    """The validation code is larger than the configured max_code_size."""


class HeadDataTooLarge(Error, index=4):
    """The head data is larger than the configured max_head_data_size."""


class NotRegistered(Error, index=5):
    """The para is neither registered nor scheduled for registration."""


class AlreadyOutgoing(Error, index=6):
    """The para is already scheduled for cleanup at the next session."""


class DuplicateGenesisPara(Error, index=7):
    """The genesis config names the same para id twice."""
