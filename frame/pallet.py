"""Declaring a pallet: storage, calls, errors, events, constants, genesis config and hooks.

A pallet is a class. Storage items and constants are class attributes; calls are methods decorated with
``@call(index)``; ``Error`` is the pallet's `PalletError` enum, ``Event`` its `ScaleEnum` of events and
``GenesisConfig`` an attrs class built from the chain spec. Hooks are classmethods. Pallets hold no state:
everything lives in storage, reached through `frame.io`.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable
from typing import Any, ClassVar

import attrs

from frame import io
from frame.dispatch import Origin, PalletError
from frame.migrations import VersionedMigration, collect
from frame.origins import checked
from frame.storage import StorageItem
from frame.storage_info import check_storage_bounds
from frame.weights import ZERO, Weight, to_weight
from primitives._codegen import compile_fields
from primitives.errors import CodecError
from primitives.multiaddress import MultiAddress, multi_address
from primitives.scale import Codec, Decoder, Encoder, IntCodec, NewtypeCodec
from primitives.types import ScaleEnum, codec_of, declare_as

# ---------------------------------------------------------------------------------------------
# Calls


class CallArgumentError(CodecError):
    """A call argument that does not fit its declared type. The message names the call, the argument, its
    value and the type: ``Counter.store: argument value = 4294967296 does not fit in u32 (0..4294967295)``.
    Raised when the call is built (``Pallet.tx.<call>(...)``) and when it is encoded."""

    def __init__(self, call: str, arg: str, value: Any, codec: Codec, cause: CodecError) -> None:
        self.call, self.arg, self.value = call, arg, value
        base = codec
        while isinstance(base, NewtypeCodec):  # ParaId over u32 ...
            base = base.inner
        shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
        if isinstance(base, IntCodec):
            kind = codec.name if codec.name == base.name else f"{codec.name} ({base.name})"
            if isinstance(value, int) and not isinstance(value, bool):
                what = f"does not fit in {kind} ({base.lo}..{base.hi})"
            else:
                what = f"is not an integer for {kind} ({base.lo}..{base.hi})"
        else:
            what = f"is not a {codec.name} ({cause})"
        super().__init__(call, f"argument {arg} = {shown} {what}")


def check_call_args(call_name: str, names: list[tuple[str, Codec]], values: tuple[Any, ...] | list[Any]) -> None:
    """Raise `CallArgumentError` for the first value that its argument's codec does not encode."""
    for (arg, codec), value in zip(names, values, strict=True):
        try:
            codec.encode(value)
        except CodecError as e:
            raise CallArgumentError(call_name, arg, value, codec, e) from None
        except io.NoExternalities:
            # a runtime-dependent argument (a nested call: its encoding needs the runtime's pallet indexes);
            # the nested call was checked when it was built, and encoding checks the rest
            continue


@attrs.frozen
class Call:
    """A call to dispatch: which pallet, which of its calls, and the arguments (in declaration order)."""

    pallet: type[Pallet]
    name: str
    args: tuple[Any, ...] = ()

    @property
    def definition(self) -> CallDef:
        return self.pallet.call_defs[self.name]

    def __repr__(self) -> str:
        return f"{self.pallet.name}.{self.name}{self.args!r}"


class CallDef:
    """A declared call: its index, name, argument codecs, docs, weight and dispatch class."""

    def __init__(self, fn: Callable[..., Any], index: int, weight: Any, inherent: bool) -> None:
        if not 0 <= index <= 255:
            raise TypeError(f"call {fn.__name__}: index {index} is not a byte")
        self.fn = fn
        self.index = index
        self.name = fn.__name__
        self.weight = weight
        self.inherent = inherent
        self.doc = inspect.getdoc(fn) or ""
        self.pallet: type[Pallet] | None = None
        #: the declared origin check (`@call(origin=...)`), if any
        self.origin: Any = None
        self._compiled: tuple[Encoder, Decoder] | None = None
        self._args: list[tuple[str, Codec]] | None = None

    @property
    def args(self) -> list[tuple[str, Codec]]:
        """(name, codec) of each argument after the origin, resolved from the annotations."""
        if self._args is None:
            hints = typing.get_type_hints(self.fn, include_extras=True)
            params = list(inspect.signature(self.fn).parameters)[2:]  # cls, origin
            self._args = [(p, codec_of(hints[p])) for p in params]
        return self._args

    def _codec(self) -> tuple[Encoder, Decoder]:
        if self._compiled is None:
            owner = self.pallet.name if self.pallet else "?"
            self._compiled = compile_fields(f"{owner}.{self.name}", self.args, lambda *a: a)
        return self._compiled

    def encode_args(self, args: tuple[Any, ...]) -> bytes:
        if len(args) != len(self.args):
            raise TypeError(f"{self.name} takes {len(self.args)} argument(s), got {len(args)}")
        enc = self._codec()[0]
        try:
            return enc(_ArgView(self.args, args))
        except CodecError:
            # say which argument does not fit which type (the generated encoder packs several at once)
            check_call_args(f"{self.pallet.name if self.pallet else '?'}.{self.name}", self.args, args)
            raise

    def decode_args(self, data: bytes, offset: int) -> tuple[tuple[Any, ...], int]:
        return self._codec()[1](data, offset)

    def weight_of(self, args: tuple[Any, ...]) -> Weight:
        """The declared weight at these arguments; a plain int declares ``Weight(int, 0)`` (`to_weight`)."""
        w = self.weight
        return to_weight(w(*args) if callable(w) else w)

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if owner is None:  # pragma: no cover - pallets are used as classes
            owner = type(obj)
        fn = self.fn

        def bound(origin: Origin, *args: Any, **kw: Any) -> Any:
            return fn(owner, origin, *args, **kw)

        bound.__name__ = self.name
        bound.__doc__ = self.doc
        return bound


class _ArgView:
    """Lets generated field encoders read positional args as attributes."""

    __slots__ = ("__dict__",)

    def __init__(self, names: list[tuple[str, Codec]], values: tuple[Any, ...]) -> None:
        self.__dict__.update(zip((n for n, _ in names), values, strict=True))


def call(
    index: int, weight: Any = 0, inherent: bool = False, origin: Any = None
) -> Callable[[Callable[..., Any]], Any]:
    """Declare a call with an explicit call index.

    The function takes ``(cls, origin, *args)``; argument annotations give their SCALE types. It checks the
    origin first (`ensure_root` / `ensure_signed` / `ensure_none`), raises the pallet's errors by name, and
    returns nothing. `weight` is a `frame.weights.Weight` (an int is ``Weight(int, 0)``) or a function of the
    arguments returning one. `inherent=True` marks a call that
    block authors put in as an inherent (None origin, mandatory: if it fails the block is invalid).
    `origin` is an optional `frame.origins` check (``EnsureRoot | EnsureSignedBy(Members)``) run before the body.
    """

    def wrap(fn: Callable[..., Any]) -> Any:
        d = CallDef(fn if origin is None else checked(origin, fn), index, weight, inherent)
        d.origin = origin
        return d

    return wrap


def _coerce(codec: Codec, value: Any) -> Any:
    """Convenience when building a call: an account (32 bytes, SS58, 0x-hex, a keypair) where a MultiAddress
    is expected becomes ``MultiAddress::Id``."""
    if codec is MultiAddress.SCALE and not isinstance(value, MultiAddress):
        try:
            return multi_address(value)
        except ValueError:
            return value  # check_call_args names the argument and the type
    return value


class _Tx:
    """`Pallet.tx.<call>(*args)` builds a `Call` value, like polkadot.js's api.tx."""

    def __init__(self, pallet: type[Pallet]) -> None:
        self._pallet = pallet

    def __getattr__(self, name: str) -> Callable[..., Call]:
        defs = self._pallet.call_defs
        if name not in defs:
            raise AttributeError(f"{self._pallet.name} has no call {name!r}")
        d = defs[name]

        def make(*args: Any, **kw: Any) -> Call:
            names = [n for n, _ in d.args]
            values = list(args)
            for n in names[len(values) :]:
                if n not in kw:
                    raise TypeError(f"{self._pallet.name}.{name}: missing argument {n!r}")
                values.append(kw.pop(n))
            if kw or len(values) != len(names):
                raise TypeError(f"{self._pallet.name}.{name} takes {names}")
            values = [_coerce(c, v) for (_, c), v in zip(d.args, values, strict=True)]
            check_call_args(f"{self._pallet.name}.{name}", d.args, values)
            return Call(self._pallet, name, tuple(values))

        return make


# ---------------------------------------------------------------------------------------------
# Constants


class Constant:
    """A pallet constant: a typed value exposed in metadata. Reading it from the class gives the value."""

    def __init__(self, type_: Any, value: Any, doc: str = "") -> None:
        self.codec: Codec = codec_of(type_)
        self.value = value
        self.doc = doc
        self.codec.encode(value)  # fail at declaration if the value does not fit the type

    def __get__(self, obj: Any, owner: type) -> Any:
        return self.value


def constant(type_: Any, value: Any, doc: str = "") -> Any:
    return Constant(type_, value, doc)


# ---------------------------------------------------------------------------------------------
# The pallet base


class Pallet:
    """Base class of pallets. Subclass it; see the module docstring."""

    #: the construct_runtime name; storage keys are prefixed with twox128 of it (default: the class name)
    name: ClassVar[str]
    Error: ClassVar[type[PalletError] | None] = None
    Event: ClassVar[type[ScaleEnum] | None] = None
    GenesisConfig: ClassVar[type | None] = None
    #: the pallet's own origin enum (FRAME's ``#[pallet::origin]``), a ScaleEnum, if it has one
    PalletOrigin: ClassVar[type[ScaleEnum] | None] = None
    #: True if every block must carry this pallet's inherent (a block without it is invalid)
    inherent_required: ClassVar[bool] = False
    #: FRAME's ``ProvideInherent::INHERENT_IDENTIFIER``: the inherent-data key this pallet makes its inherent
    #: from; a block author (`Executive.build_block`) asks such a pallet for its inherent when none is given
    inherent_identifier: ClassVar[bytes | None] = None
    #: the in-code storage version (FRAME's ``#[pallet::storage_version]``), written at genesis
    storage_version: ClassVar[int] = 0
    #: versioned migrations (with those declared by ``@migration``), in the order they run
    migrations: ClassVar[Any] = ()
    #: FRAME's ``#[pallet::without_storage_info]``: no item needs a maximum encoded length (every item's
    #: StorageInfo max_size is None); otherwise an item without one must be declared ``unbounded=True``
    without_storage_info: ClassVar[bool] = False

    storage: ClassVar[dict[str, StorageItem]]
    call_defs: ClassVar[dict[str, CallDef]]
    calls_by_index: ClassVar[dict[int, CallDef]]
    constants: ClassVar[dict[str, Constant]]
    tx: ClassVar[_Tx]

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if "name" not in cls.__dict__:
            cls.name = cls.__name__
        storage: dict[str, StorageItem] = {}
        call_defs: dict[str, CallDef] = {}
        constants: dict[str, Constant] = {}
        declared = [m for attr, m in vars(cls).items() if isinstance(m, VersionedMigration) and attr != "migrations"]
        if "migrations" in cls.__dict__ or declared:
            listed = list(cls.__dict__.get("migrations", ()))
            cls.migrations = collect(cls.name, cls.storage_version, listed + declared)
        for klass in reversed(cls.__mro__):
            for attr, v in vars(klass).items():
                if isinstance(v, StorageItem):
                    storage[attr] = v
                elif isinstance(v, CallDef):
                    call_defs[attr] = v
                elif isinstance(v, Constant):
                    constants[attr] = v
        for item in storage.values():
            if not item.prefix:
                item.bind(cls.name)
        cls.storage = storage
        check_storage_bounds(cls)  # FRAME's compile-time MaxEncodedLen rule (or unbounded / without_storage_info)
        by_index: dict[int, CallDef] = {}
        for d in call_defs.values():
            if d.index in by_index and by_index[d.index] is not d:
                raise TypeError(f"{cls.name}: call index {d.index} used by {by_index[d.index].name} and {d.name}")
            by_index[d.index] = d
            if d.pallet is None:
                d.pallet = cls
        cls.storage, cls.call_defs, cls.calls_by_index, cls.constants = storage, call_defs, by_index, constants
        if cls.Event is not None:
            declare_as(cls.Event.SCALE, f"{cls.name}Event")
        cls.tx = _Tx(cls)

    # -- hooks (FRAME's Hooks); override what you need

    @classmethod
    def on_initialize(cls, now: int) -> Weight | int:
        """Called at the start of every block, in construct_runtime order; returns the weight used (a Weight;
        an int is ``Weight(int, 0)``)."""
        return ZERO

    @classmethod
    def on_finalize(cls, now: int) -> None:
        """Called at the end of every block, in construct_runtime order."""

    @classmethod
    def on_idle(cls, now: int, remaining_weight: Weight) -> Weight | int:
        """Called after the extrinsics with the block's unused weight (FRAME's rotating order; only while both
        components are left); returns the weight used, at most `remaining_weight`."""
        return ZERO

    @classmethod
    def on_runtime_upgrade(cls) -> Weight | int:
        """Called once, in the first block a newer spec_version executes, after the versioned migrations and
        before any on_initialize; returns the weight used."""
        return ZERO

    @classmethod
    def integrity_test(cls) -> None:
        """Checked when a runtime is constructed: raise if the pallet's constants are inconsistent."""

    @classmethod
    def try_state(cls, now: int) -> None:
        """try-runtime: raise if the pallet's storage breaks an invariant its docs state."""

    @classmethod
    def pre_upgrade(cls) -> bytes:
        """try-runtime: before on_runtime_upgrade; what it returns is given to `post_upgrade`."""
        return b""

    @classmethod
    def post_upgrade(cls, state: bytes) -> None:
        """try-runtime: after on_runtime_upgrade; raise if the upgrade went wrong."""

    @classmethod
    def genesis_build(cls, config: Any) -> None:
        """Write the pallet's genesis storage from its `GenesisConfig` value."""

    @classmethod
    def create_inherent(cls, data: dict[bytes, Any]) -> Call | None:
        """For block authors: the inherent call to include, given the node's inherent data (or None)."""
        return None

    @classmethod
    def default_inherent_data(cls) -> Any:
        """For deterministic block authors (Chain, tests): the data under `inherent_identifier` when the author
        gives none (None: no default, no inherent). Runs on the block being built, after its initialization."""
        return None

    @classmethod
    def check_inherent(cls, call: Call, data: dict[bytes, Any]) -> None:
        """For block importers (FRAME's ``check_inherent``): raise a `PalletError` if this pallet's inherent
        `call` in a block does not agree with the importer's inherent data."""

    # -- events

    @classmethod
    def deposit_event(cls, event: Any) -> None:
        """Record one of this pallet's events in System.Events for the current block."""
        io.runtime().deposit_event(cls, event)
