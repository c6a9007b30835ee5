"""construct_runtime: compose ordered pallets with indexes into a runtime.

The runtime knows each pallet's index, so it can encode calls (``pallet index ++ call index ++ args``),
events (``pallet index ++ event``) and pallet errors (``Module{index, error}``), and dispatch a call inside
a storage transaction so that a failing call leaves no writes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any

import attrs

from frame import call_filter, coupling, io
from frame import extensions as ext
from frame.dispatch import DispatchError, DispatchFailure, ExhaustedError, Origin, PalletError, PostDispatchInfo
from frame.pallet import Call, Pallet
from frame.system import System
from frame.system_errors import CallFiltered
from frame.version import CORE, RuntimeVersion
from primitives.errors import CodecError, ParahostError
from primitives.scale import Codec


class RuntimeDefinitionError(ParahostError):
    """construct_runtime was given an inconsistent pallet list."""


class IntegrityTestFailed(RuntimeDefinitionError):
    """A pallet's integrity_test failed when its runtime was constructed (the message names the pallet)."""


@attrs.frozen
class RuntimeEvent:
    """An event of some pallet of the runtime: the pallet's name and its event value."""

    pallet: str
    event: Any


class _CallCodec(Codec):
    min_size = 2

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.name = "RuntimeCall"

    def encode(self, value: Any) -> bytes:
        if not isinstance(value, Call):
            raise CodecError("RuntimeCall", f"{value!r:.80} is not a Call")
        d = value.definition
        return bytes((self.rt.index_of(value.pallet), d.index)) + d.encode_args(value.args)

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        if offset + 2 > len(data):
            raise CodecError("RuntimeCall", "input too short", offset)
        pallet = self.rt.by_index.get(data[offset])
        if pallet is None:
            raise CodecError("RuntimeCall", f"no pallet with index {data[offset]}", offset)
        d = pallet.calls_by_index.get(data[offset + 1])
        if d is None:
            raise CodecError("RuntimeCall", f"{pallet.name} has no call with index {data[offset + 1]}", offset + 1)
        args, end = d.decode_args(data, offset + 2)
        return Call(pallet, d.name, args), end


class _EventCodec(Codec):
    min_size = 2

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.name = "RuntimeEvent"

    def encode(self, value: Any) -> bytes:
        pallet = self.rt.by_name.get(value.pallet) if isinstance(value, RuntimeEvent) else None
        if pallet is None or pallet.Event is None:
            raise CodecError("RuntimeEvent", f"{value!r:.80} is not an event of this runtime")
        return bytes((self.rt.index_of(pallet),)) + pallet.Event.SCALE.encode(value.event)

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        if offset >= len(data):
            raise CodecError("RuntimeEvent", "input too short", offset)
        pallet = self.rt.by_index.get(data[offset])
        if pallet is None or pallet.Event is None:
            raise CodecError("RuntimeEvent", f"no pallet with events at index {data[offset]}", offset)
        ev, end = pallet.Event.SCALE.decode_from(data, offset + 1)
        return RuntimeEvent(pallet.name, ev), end


class Runtime:
    """A composed runtime. Build it with `construct_runtime`."""

    def __init__(
        self,
        name: str,
        pallets: Sequence[tuple[int, type[Pallet]]],
        spec_version: int = 1,
        base_call_filter: Callable[[Call], bool] = call_filter.Everything,
        wiring: Mapping[type, Mapping[str, Any]] | None = None,
        signed_extensions: Sequence[ext.SignedExtension] = ext.STANDARD,
        fee_handler: ext.FeeHandler | None = None,
    ) -> None:
        self.name = name
        self.spec_version = spec_version
        #: FRAME's BaseCallFilter: every non-Root dispatch must pass it (see frame.call_filter)
        self.base_call_filter = base_call_filter
        #: the signed extensions, in order: what a signed extrinsic carries and is checked against (frame.extensions)
        try:
            self.signed_extensions = ext.check_list(signed_extensions)
        except ValueError as e:
            raise RuntimeDefinitionError(f"runtime {name}: {e}") from None
        #: charges ChargeTransactionPayment's fees (None: nothing is charged; the tip only gives priority)
        self.fee_handler = fee_handler
        self.pallets = list(pallets)
        self.by_index: dict[int, type[Pallet]] = {}
        self.by_name: dict[str, type[Pallet]] = {}
        self._index: dict[type, int] = {}
        self._error_index: dict[type, int] = {}
        for index, p in self.pallets:
            if not 0 <= index <= 255:
                raise RuntimeDefinitionError(f"pallet {p.name}: index {index} is not a byte")
            if index in self.by_index:
                raise RuntimeDefinitionError(f"pallet index {index} used by {self.by_index[index].name} and {p.name}")
            if p.name in self.by_name:
                raise RuntimeDefinitionError(f"two pallets are named {p.name}")
            self.by_index[index], self.by_name[p.name], self._index[p] = p, p, index
            if p.Error is not None:
                self._error_index[p.Error] = index
        if not any(issubclass(p, System) for _, p in self.pallets):
            raise RuntimeDefinitionError("a runtime needs the System pallet")
        self.system: type[System] = next(p for _, p in self.pallets if issubclass(p, System))
        #: each pallet's declared dependencies, wired (frame.coupling): ``{(pallet, slot): implementer}``
        self.dependencies = coupling.wire(name, self.pallet_classes, wiring)
        self.call_codec: Codec = _CallCodec(self)
        self.event_codec: Codec = _EventCodec(self)
        #: the runtime's identity (`construct_runtime(..., version=)`; by default spec_name from `name`)
        self.version = RuntimeVersion(_spec_name(name), spec_version=spec_version)
        #: FRAME's genesis presets: name -> function(**options) returning a genesis patch (pallets in camelCase)
        self.presets: dict[str, Callable[..., dict[str, Any]]] = {}
        #: the runtime's own genesis consistency checks, each called with the parsed pallet configs in runtime
        #: order (a list of (pallet, config)) before anything is built; they raise GenesisConfigError naming the field
        self.genesis_checks: list[Callable[[list[tuple[type[Pallet], Any]]], None]] = []
        #: the genesis config its benchmarks start from (None: the ``dev`` preset's patch, or the defaults)
        self.benchmark_genesis: Callable[[], dict[str, Any]] | None = None

    def __repr__(self) -> str:
        return f"<Runtime {self.name}: {', '.join(f'{p.name}={i}' for i, p in self.pallets)}>"

    @property
    def pallet_classes(self) -> list[type[Pallet]]:
        """The pallets in declaration order (the order of hooks and genesis)."""
        return [p for _, p in self.pallets]

    @property
    def benchmarks(self) -> list[Any]:
        """Each pallet's benchmarks, discovered from its package (`frame.benchmarking.discover`)."""
        from frame.benchmarking.discover import discover_benchmarks

        return discover_benchmarks(self)

    def index_of(self, pallet: type) -> int:
        idx = self._index.get(pallet)
        if idx is None:
            for klass in pallet.__mro__:
                for registered, i in self._index.items():
                    if klass is registered or issubclass(registered, klass) and klass is not Pallet:
                        self._index[pallet] = i
                        return i
            raise RuntimeDefinitionError(f"{getattr(pallet, 'name', pallet)} is not part of runtime {self.name}")
        return idx

    def pallet_index_of_error(self, error_base: type) -> int:
        idx = self._error_index.get(error_base)
        if idx is None:
            raise RuntimeDefinitionError(f"error {error_base.__name__} belongs to no pallet of runtime {self.name}")
        return idx

    # -- calls and events

    def encode_call(self, call: Call) -> bytes:
        if io.ext.runtime is self:
            return self.call_codec.encode(call)
        with io.using_runtime(self):
            return self.call_codec.encode(call)

    def decode_call(self, data: bytes) -> Call:
        if io.ext.runtime is self:
            return self.call_codec.decode(data)
        with io.using_runtime(self):
            return self.call_codec.decode(data)

    def deposit_event(self, pallet: type[Pallet], event: Any) -> None:
        registered = self.by_index[self.index_of(pallet)]
        self.system.record_event(RuntimeEvent(registered.name, event))

    def dispatch(self, call: Call, origin: Origin) -> DispatchError | None:
        """Run a call in its own storage transaction. Returns None on success or the DispatchError.

        A non-Root origin must pass the call filter first (else `System.CallFiltered`, nothing runs). A failing
        call (it raised a DispatchFailure) leaves no writes. Any other exception is a bug in the runtime: its
        writes are rolled back too and the exception propagates (the block is invalid).
        """
        return self.dispatch_with_post_info(call, origin)[0]

    def dispatch_with_post_info(self, call: Call, origin: Origin) -> tuple[DispatchError | None, Any]:
        """`dispatch`, with what a successful call returned if that is a `PostDispatchInfo` (an actual weight and
        whether the fee is paid) or a weight (an int of ref_time, or a value with ``ref_time``: its actual weight,
        FRAME's ``PostDispatchInfo.actual_weight``), else None (the declared weight stands, the fee is paid)."""
        if not call_filter.allows(self.base_call_filter, call, origin):
            return CallFiltered(f"{call!r:.80}").to_dispatch_error(self), None
        return self._dispatch(call, origin)

    def dispatch_bypass_filter(self, call: Call, origin: Origin) -> DispatchError | None:
        """`dispatch` without the call filter (FRAME's dispatch_bypass_filter)."""
        return self._dispatch(call, origin)[0]

    def _dispatch(self, call: Call, origin: Origin) -> tuple[DispatchError | None, Any]:
        st = io.state()
        try:
            st.start_transaction()
        except ParahostError:
            return ExhaustedError(), None
        try:
            returned = call.definition.fn(call.pallet, origin, *call.args)
        except DispatchFailure as e:
            st.rollback_transaction()
            return e.to_dispatch_error(self), None
        except BaseException:
            st.rollback_transaction()
            raise
        st.commit_transaction()
        is_weight = (isinstance(returned, int) and not isinstance(returned, bool)) or hasattr(returned, "ref_time")
        return None, returned if is_weight or isinstance(returned, PostDispatchInfo) else None

    def describe_error(self, error: DispatchError) -> str:
        """A readable name for a dispatch error: `Pallet.ErrorName` for module errors, else the variant."""
        cls = self.error_class(error)
        if cls is not None:
            return f"{self.by_index[error.value.index].name}.{cls.__name__}"  # type: ignore[attr-defined]
        return type(error).SCALE.by_class[type(error)].name

    def error_class(self, error: DispatchError) -> type[PalletError] | None:
        """The pallet error class a Module dispatch error stands for (None for other errors)."""
        info = getattr(error, "value", None)
        if info is None or not hasattr(info, "index"):
            return None
        pallet = self.by_index.get(info.index)
        if pallet is None or pallet.Error is None:
            return None
        return pallet.Error.members.get(info.error[0])


def _spec_name(name: str) -> str:
    """A default spec_name: the runtime's name in kebab case (`ParachainHost` -> `parachain-host`)."""
    return "".join("-" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(name))


def _finish(version: RuntimeVersion | None, runtime: Runtime) -> Runtime:
    """Give the runtime its declared version (checked) and run every pallet's integrity_test."""
    if version is not None:
        if runtime.spec_version not in (1, version.spec_version):
            raise RuntimeDefinitionError(f"spec_version {runtime.spec_version} contradicts the version's "
                                         f"{version.spec_version}")  # fmt: skip
        runtime.version, runtime.spec_version = version, version.spec_version
    if (runtime.version.api_version(CORE) or 0) < 4:
        raise RuntimeDefinitionError(f"runtime {runtime.name}: its apis must include Core at version 4 or more "
                                     "(Substrate decodes transaction_version and state_version only then)")  # fmt: skip
    for p in runtime.pallet_classes:
        try:
            p.integrity_test()
        except Exception as e:
            raise IntegrityTestFailed(f"runtime {runtime.name}: {p.name}.integrity_test failed: "
                                      f"{type(e).__name__}: {e}") from e
    return runtime


def construct_runtime(
    name: str,
    pallets: Sequence[type[Pallet] | tuple[int, type[Pallet]]],
    spec_version: int = 1,
    *,
    base_call_filter: Callable[[Call], bool] = call_filter.Everything,
    version: RuntimeVersion | None = None,
    presets: Mapping[str, Callable[..., dict[str, Any]]] | None = None,
    genesis_checks: Sequence[Callable[[list[tuple[type[Pallet], Any]]], None]] = (),
    benchmark_genesis: Callable[[], dict[str, Any]] | None = None,
    wiring: Mapping[type, Mapping[str, Any]] | None = None,
    signed_extensions: Sequence[ext.SignedExtension] = ext.STANDARD,
    fee_handler: ext.FeeHandler | None = None,
) -> Runtime:
    """Compose pallets in order. An entry is a pallet class (index = its position) or (index, class).
    `base_call_filter` is FRAME's BaseCallFilter (default: everything passes; see frame.call_filter).
    `presets` are its genesis presets (name -> function returning a patch), `genesis_checks` its genesis
    consistency checks (besides each pallet's ``genesis_check(config)`` hook), `benchmark_genesis` the genesis
    its benchmarks start from. `wiring` names who implements pallets' dependency slots, ``{Pallet: {"Slot":
    implementer}}``; a slot it leaves out takes the runtime's pallets that implement the slot's protocol
    (frame.coupling: MissingDependency, AmbiguousDependency, WiringError). `signed_extensions` are the extrinsic's
    signed extensions in order (default: Polkadot's eight, `frame.extensions.STANDARD`); `fee_handler` charges
    ChargeTransactionPayment's fees (default: none, nothing is charged; see frame.extensions)."""
    indexed: list[tuple[int, type[Pallet]]] = []
    for position, entry in enumerate(pallets):
        if isinstance(entry, tuple):
            indexed.append((entry[0], entry[1]))
        else:
            indexed.append((position, entry))
    runtime = Runtime(name, indexed, spec_version, base_call_filter=base_call_filter, wiring=wiring,
                      signed_extensions=signed_extensions, fee_handler=fee_handler)  # fmt: skip
    runtime.presets = dict(presets or {})
    runtime.genesis_checks = list(genesis_checks)
    runtime.benchmark_genesis = benchmark_genesis
    return _finish(version, runtime)


class RuntimeCallRef(Codec):
    """The current runtime's RuntimeCall codec, for pallets whose calls take a call (Sudo, utility ...)."""

    name = "RuntimeCall"
    min_size = 2

    def encode(self, value: Any) -> bytes:
        return io.runtime().call_codec.encode(value)

    #: how deeply calls may nest inside calls (Substrate bounds this too, to keep decoding's stack small)
    MAX_DEPTH = 32
    _depth = 0

    def decode_from(self, data: bytes, offset: int) -> tuple[Any, int]:
        if RuntimeCallRef._depth >= self.MAX_DEPTH:
            raise CodecError("RuntimeCall", f"calls nested more than {self.MAX_DEPTH} deep", offset)
        RuntimeCallRef._depth += 1
        try:
            return io.runtime().call_codec.decode_from(data, offset)
        finally:
            RuntimeCallRef._depth -= 1


#: Annotation for a call argument that is itself a call of the runtime.
RuntimeCall = Annotated[Call, RuntimeCallRef()]
