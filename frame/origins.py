"""Origin checks a call can declare (FRAME's `EnsureOrigin`), and the `OriginCaller` of a runtime.

A check is a value: `EnsureRoot`, `EnsureSigned`, `EnsureNone`, `EnsureNever`, `EnsureSignedBy(members)`,
`EnsurePalletOrigin(kind, where)`, and any two combined with ``|`` (FRAME's `EitherOf`). Declare one on a call
with ``@call(3, origin=EnsureRoot | EnsureSignedBy(Members))``: it runs before the call's body and a refused
origin raises `BadOrigin` (DispatchError::BadOrigin), so nothing is written. `ensure_origin(origin)` returns
FRAME's `Success` value (the signer for EnsureSigned, the origin value for a pallet origin, None for Root).

A dispatched origin is either a `frame_system::RawOrigin` value (`ROOT`, `Signed(who)`, `NONE`) or a value of
some pallet's own origin enum (the pallet's ``PalletOrigin``, FRAME's ``#[pallet::origin]``). `OriginCaller`
encodes either, as construct_runtime's OriginCaller does: the pallet's index, then the value (RawOrigin under
System's index).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any

from frame import io
from frame.dispatch import BadOrigin, NoneOrigin, Origin, Root, Signed
from frame.storage import StorageValue
from primitives.errors import CodecError
from primitives.scale import Codec


class EnsureOrigin:
    """Base of origin checks. Subclasses implement `ensure_origin`; ``a | b`` accepts what either accepts."""

    def ensure_origin(self, origin: Any) -> Any:
        """Return the check's Success value, or raise BadOrigin."""
        raise NotImplementedError

    def allows(self, origin: Any) -> bool:
        """True if `ensure_origin` would succeed."""
        try:
            self.ensure_origin(origin)
        except BadOrigin:
            return False
        return True

    def __or__(self, other: EnsureOrigin) -> EitherOf:
        return EitherOf(self, other)


class _EnsureRoot(EnsureOrigin):
    """Root only; Success is None."""

    def ensure_origin(self, origin: Any) -> None:
        if type(origin) is not Root:
            raise BadOrigin("the call needs the Root origin")

    def __repr__(self) -> str:
        return "EnsureRoot"


class _EnsureSigned(EnsureOrigin):
    """Any Signed origin; Success is the account."""

    def ensure_origin(self, origin: Any) -> bytes:
        if type(origin) is not Signed:
            raise BadOrigin("the call needs a Signed origin")
        return bytes(origin.who)

    def __repr__(self) -> str:
        return "EnsureSigned"


class _EnsureNone(EnsureOrigin):
    """The None origin only (inherents and unsigned); Success is None."""

    def ensure_origin(self, origin: Any) -> None:
        if type(origin) is not NoneOrigin:
            raise BadOrigin("the call needs the None origin")

    def __repr__(self) -> str:
        return "EnsureNone"


class _EnsureNever(EnsureOrigin):
    """No origin at all (FRAME's EnsureNever)."""

    def ensure_origin(self, origin: Any) -> None:
        raise BadOrigin("no origin may dispatch this call")

    def __repr__(self) -> str:
        return "EnsureNever"


EnsureRoot = _EnsureRoot()
EnsureSigned = _EnsureSigned()
EnsureNone = _EnsureNone()
EnsureNever = _EnsureNever()


class EnsureSignedBy(EnsureOrigin):
    """A Signed origin whose account is a member of `members`; Success is the account.

    `members` is read at dispatch time: a `StorageValue` of a list of accounts, a `StorageMap` keyed by
    account (membership = the key exists), a function returning a collection, or a fixed collection.
    """

    def __init__(self, members: Any) -> None:
        self.members = members

    def is_member(self, who: bytes) -> bool:
        m = self.members
        if hasattr(m, "contains_key"):
            return bool(m.contains_key(who))
        if isinstance(m, StorageValue):
            return who in (m.get() or ())
        if callable(m):
            return who in (m() or ())
        return who in m

    def ensure_origin(self, origin: Any) -> bytes:
        who = EnsureSigned.ensure_origin(origin)
        if not self.is_member(who):
            raise BadOrigin(f"0x{who.hex()} is not a member of {getattr(self.members, 'name', 'the set')}")
        return who

    def __repr__(self) -> str:
        return f"EnsureSignedBy({getattr(self.members, 'name', self.members)!r})"


class EnsurePalletOrigin(EnsureOrigin):
    """A pallet's own origin: a value of class `kind` (the pallet's origin enum or one of its variants) for
    which `where(value)` is true (default: any). Success is the origin value."""

    def __init__(self, kind: type, where: Callable[[Any], bool] | None = None) -> None:
        self.kind = kind
        self.where = where

    def ensure_origin(self, origin: Any) -> Any:
        if not isinstance(origin, self.kind) or (self.where is not None and not self.where(origin)):
            raise BadOrigin(f"the call needs a {self.kind.__name__} origin, got {origin!r:.80}")
        return origin

    def __repr__(self) -> str:
        return f"EnsurePalletOrigin({self.kind.__name__})"


class EitherOf(EnsureOrigin):
    """`left`'s check, else `right`'s (FRAME's EitherOf / EitherOfDiverse); Success is the one that passed."""

    def __init__(self, left: EnsureOrigin, right: EnsureOrigin) -> None:
        self.left, self.right = left, right

    def ensure_origin(self, origin: Any) -> Any:
        try:
            return self.left.ensure_origin(origin)
        except BadOrigin:
            return self.right.ensure_origin(origin)

    def __repr__(self) -> str:
        return f"{self.left!r} | {self.right!r}"


class MapSuccess(EnsureOrigin):
    """`inner`'s check with its Success passed through `f` (FRAME's MapSuccess)."""

    def __init__(self, inner: EnsureOrigin, f: Callable[[Any], Any]) -> None:
        self.inner, self.f = inner, f

    def ensure_origin(self, origin: Any) -> Any:
        return self.f(self.inner.ensure_origin(origin))


def checked(guard: EnsureOrigin, fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn(cls, origin, *args)` that first runs `guard` on the origin (used by ``@call(origin=...)``)."""
    if not isinstance(guard, EnsureOrigin):
        raise TypeError(f"call {fn.__name__}: origin={guard!r} is not an EnsureOrigin check")

    @functools.wraps(fn)
    def run(cls: Any, origin: Any, *args: Any, **kw: Any) -> Any:
        guard.ensure_origin(origin)
        return fn(cls, origin, *args, **kw)

    return run


# ---------------------------------------------------------------------------------------------
# OriginCaller: what construct_runtime makes of RawOrigin and the pallets' origins


class OriginCallerCodec(Codec):
    """The current runtime's OriginCaller: pallet index ++ origin (RawOrigin under System's index)."""

    name = "OriginCaller"
    min_size = 2

    def encode(self, value: Any) -> bytes:
        rt = io.runtime()
        if isinstance(value, Origin):
            return bytes((rt.index_of(rt.system),)) + Origin.SCALE.encode(value)
        for index, p in rt.pallets:
            kind = getattr(p, "PalletOrigin", None)
            if kind is not None and isinstance(value, kind):
                return bytes((index,)) + kind.SCALE.encode(value)
        raise CodecError("OriginCaller", f"{value!r:.80} is no origin of runtime {rt.name}")

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        if offset >= len(data):
            raise CodecError("OriginCaller", "input too short", offset)
        rt = io.runtime()
        p = rt.by_index.get(data[offset])
        if p is rt.system:
            return Origin.SCALE.decode_from(data, offset + 1)
        kind = getattr(p, "PalletOrigin", None)
        if kind is None:
            raise CodecError("OriginCaller", f"no pallet with an origin at index {data[offset]}", offset)
        return kind.SCALE.decode_from(data, offset + 1)


#: Annotation for a call argument that is an origin of the runtime (as Utility.dispatch_as takes).
OriginCaller = Annotated[Any, OriginCallerCodec()]

__all__ = [
    "EitherOf", "EnsureNever", "EnsureNone", "EnsureOrigin", "EnsurePalletOrigin", "EnsureRoot", "EnsureSigned",
    "EnsureSignedBy", "MapSuccess", "OriginCaller", "OriginCallerCodec", "checked",
]  # fmt: skip
