"""Origins, dispatch errors and the exceptions a call raises.

`DispatchError` has FRAME's shape and variant indexes (sp_runtime::DispatchError); a call signals failure by
raising a `DispatchFailure` (a pallet error, `BadOrigin`, ...), which dispatch turns into the SCALE value
recorded in `System.ExtrinsicFailed`.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

import attrs

from primitives import scale
from primitives.errors import ParahostError
from primitives.types import U8, Bytes4, Bytes32, ScaleEnum, scale_struct, scale_variant

# ---------------------------------------------------------------------------------------------
# Origins (frame_system::RawOrigin)


class Origin(ScaleEnum):
    """Who dispatches a call: Root, a Signed account, or None (inherents and unsigned)."""


@scale_variant(0)
class Root(Origin):
    """The root origin: governance or sudo."""


@scale_variant(1)
class Signed(Origin):
    """A signed origin: the 32-byte account that signed the extrinsic."""

    who: Bytes32


@scale_variant(2, name="None")
class NoneOrigin(Origin):
    """The none origin: inherents and unsigned extrinsics."""


ROOT = Root()
NONE = NoneOrigin()


# ---------------------------------------------------------------------------------------------
# DispatchError as SCALE (sp_runtime::DispatchError, variant indexes as encoded)


class DispatchError(ScaleEnum):
    """Why a dispatch failed, as recorded on chain."""


@scale_variant(0, name="Other")
class OtherError(DispatchError):
    """Some other error; the message is not encoded."""


@scale_variant(1, name="CannotLookup")
class CannotLookupError(DispatchError):
    """Failed to look up some data."""


@scale_variant(2, name="BadOrigin")
class BadOriginError(DispatchError):
    """The call's origin is not allowed to dispatch it."""


@scale_struct
class ModuleErrorInfo:
    """Which pallet, and which of its errors (first byte: the error's index)."""

    index: U8
    error: Bytes4


@scale_variant(3, name="Module")
class ModuleError(DispatchError):
    """A pallet's own error: pallet index and error index."""

    value: ModuleErrorInfo


@scale_variant(4, name="ConsumerRemaining")
class ConsumerRemainingError(DispatchError):
    """At least one consumer is remaining so the account cannot be destroyed."""


@scale_variant(5, name="NoProviders")
class NoProvidersError(DispatchError):
    """There are no providers so the account cannot be created."""


@scale_variant(6, name="TooManyConsumers")
class TooManyConsumersError(DispatchError):
    """There are too many consumers so the account cannot be created."""


@scale_variant(10, name="Exhausted")
class ExhaustedError(DispatchError):
    """Resources exhausted (e.g. the storage transaction depth limit)."""


@scale_variant(11, name="Corruption")
class CorruptionError(DispatchError):
    """The state is corrupt: a stored value did not decode."""


@scale_variant(12, name="Unavailable")
class UnavailableError(DispatchError):
    """Some resource is unavailable."""


@scale_variant(13, name="RootNotAllowed")
class RootNotAllowedError(DispatchError):
    """Root origin is not allowed."""


#: `Result<(), DispatchError>` as events carry it: Ok(()) or Err(DispatchError).
DispatchResult = Annotated[Any, scale.ResultCodec(scale.TupleCodec([]), DispatchError.SCALE)]


def as_result(error: DispatchError | None) -> scale.Ok | scale.Err:
    """A dispatch outcome (None for success) as a DispatchResult value."""
    return scale.Ok(()) if error is None else scale.Err(error)


@attrs.frozen
class PostDispatchInfo:
    """What a successful call may return (FRAME's ``PostDispatchInfo``): its actual weight (None: the declared
    weight stands; an int is ref_time) and whether the signer pays the fee (False: FRAME's ``Pays::No``, the fee
    withdrawn before dispatch is refunded, the tip kept). A call may also return just a weight."""

    actual_weight: Any = None
    pays_fee: bool = True


#: FRAME's ``Ok(Pays::No.into())``: the declared weight, no fee.
PAYS_NO = PostDispatchInfo(pays_fee=False)


# ---------------------------------------------------------------------------------------------
# Exceptions raised inside calls


class DispatchFailure(ParahostError):
    """A call failed. Dispatch rolls back its writes and records `to_dispatch_error()`."""

    #: the DispatchError variant this failure is recorded as
    variant: ClassVar[type[DispatchError]] = OtherError

    def to_dispatch_error(self, runtime: Any = None) -> DispatchError:
        return self.variant()


class BadOrigin(DispatchFailure):
    """The call's origin is not allowed to dispatch it."""

    variant = BadOriginError


class Corruption(DispatchFailure):
    """A stored value did not decode as its declared type."""

    variant = CorruptionError


class CannotLookup(DispatchFailure):
    """An address did not resolve to an account (sp_runtime's lookup error)."""

    variant = CannotLookupError


class ConsumerRemaining(DispatchFailure):
    """The account's last provider cannot go while consumers remain."""

    variant = ConsumerRemainingError


class NoProviders(DispatchFailure):
    """A consumer reference needs a provider reference first."""

    variant = NoProvidersError


class TooManyConsumers(DispatchFailure):
    """The account has the most consumer references it may have."""

    variant = TooManyConsumersError


class Exhausted(DispatchFailure):
    """A resource limit was hit."""

    variant = ExhaustedError


class PalletError(DispatchFailure):
    """Base of a pallet's error enum.

    Declare one base per pallet and one subclass per error with an explicit index and a one-line doc::

        class Error(PalletError): ...
        class NoneValue(Error, index=0):
            \"\"\"The value was never set.\"\"\"
    """

    index: ClassVar[int] = -1
    #: the direct subclass of PalletError that groups one pallet's errors
    enum_base: ClassVar[type[PalletError]]
    #: index -> error class, kept on the enum base
    members: ClassVar[dict[int, type[PalletError]]]

    def __init_subclass__(cls, index: int | None = None, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if PalletError in cls.__bases__:
            cls.enum_base = cls
            cls.members = {}
            return
        if index is None or not 0 <= index <= 255:
            raise TypeError(f"pallet error {cls.__name__} needs an explicit index=0..255")
        if index in cls.enum_base.members:
            raise TypeError(f"pallet error index {index} used twice ({cls.__name__})")
        if not (cls.__doc__ or "").strip():
            raise TypeError(f"pallet error {cls.__name__} needs a one-line docstring")
        cls.index = index
        cls.enum_base.members[index] = cls

    def __init__(self, detail: str = "") -> None:
        doc = (type(self).__doc__ or "").strip().splitlines()[0] if type(self).__doc__ else ""
        super().__init__(f"{type(self).__name__}: {doc}" + (f" ({detail})" if detail else ""))
        self.detail = detail

    def to_dispatch_error(self, runtime: Any = None) -> DispatchError:
        pallet_index = runtime.pallet_index_of_error(type(self).enum_base) if runtime is not None else 255
        return ModuleError(ModuleErrorInfo(pallet_index, bytes((self.index, 0, 0, 0))))


# ---------------------------------------------------------------------------------------------
# Origin guards (frame_system::ensure_*)


def ensure_root(origin: Origin) -> None:
    """Raise BadOrigin unless the origin is Root."""
    if type(origin) is not Root:
        raise BadOrigin("the call needs the Root origin")


def ensure_signed(origin: Origin) -> bytes:
    """Return the signer's account, or raise BadOrigin."""
    if type(origin) is not Signed:
        raise BadOrigin("the call needs a Signed origin")
    return origin.who


def lookup(address: Any) -> bytes:
    """The account a `MultiAddress` names (FRAME's AccountIdLookup without an indices pallet): ``Id`` only,
    else CannotLookup. Raw 32 bytes are taken as they are."""
    from primitives.multiaddress import Id

    if isinstance(address, Id):
        return address.value
    if isinstance(address, (bytes, bytearray)) and len(address) == 32:
        return bytes(address)
    raise CannotLookup(f"{address!r:.80} does not name an account (only MultiAddress::Id resolves)")


def ensure_none(origin: Origin) -> None:
    """Raise BadOrigin unless the origin is None (inherents, unsigned)."""
    if type(origin) is not NoneOrigin:
        raise BadOrigin("the call needs the None origin")
