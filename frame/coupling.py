"""Loose coupling between pallets, as FRAME's ``Config`` associated types: a pallet declares what it needs from
others as a protocol, and `construct_runtime` wires it.

A pallet names each dependency in its class body with a small `typing.Protocol` (FRAME's trait)::

    class Inclusion(Pallet):
        Paras = Requires(ParaRegistry, doc="Registered paras, their heads and code upgrades.")

        @classmethod
        def enact(cls, para):
            cls.Paras.note_new_head(...)   # the pallet the runtime wired, for the runtime executing now

`Requires(P)` needs exactly one implementer, `Requires.optional(P)` at most one (None without it: FRAME's
``()``), `Requires.each(P)` any number, in order (FRAME's tuples of handlers). `construct_runtime(...,
wiring={Inclusion: {"Paras": Paras}})` says who implements a slot (a pallet of the runtime or any object with
the protocol's members, such as a test's fake); a slot it does not name takes the runtime's pallets that have
every member of the protocol (for `each`, all of them in the runtime's order). A slot left without its one
implementer is `MissingDependency`, one with several candidates `AmbiguousDependency`, raised by construct_runtime
(FRAME's compile error), never at the first block. Pallets never import each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, Literal, Protocol, TypeVar, cast

from frame import io
from primitives.errors import ParahostError

__all__ = ["AmbiguousDependency", "DependencyError", "MissingDependency", "Requires", "WiringError", "members",
           "provides", "requirements", "wire"]  # fmt: skip

T = TypeVar("T")
P = TypeVar("P")
Kind = Literal["one", "optional", "each"]


class DependencyError(ParahostError):
    """A pallet's declared dependency cannot be wired (the message names the pallet, the slot and the protocol)."""


class MissingDependency(DependencyError):
    """No pallet of the runtime implements a protocol a pallet requires, and the runtime wires none."""


class AmbiguousDependency(DependencyError):
    """Several pallets of the runtime implement a protocol a pallet requires once: the runtime must wire one."""


class WiringError(DependencyError):
    """construct_runtime's wiring names an unknown pallet or slot, or an implementer lacking the protocol's members."""


class Requires(Generic[T]):
    """A pallet's dependency slot: read it as ``cls.Slot`` to get the implementer of the executing runtime.

    The protocol argument is typed as a callable only so that mypy accepts a Protocol class there.
    """

    def __init__(self, protocol: Callable[..., T], doc: str = "", *, kind: Kind = "one") -> None:
        self.protocol: type = cast(type, protocol)
        self.doc = doc
        self.kind: Kind = kind
        self.name = ""
        self.owner: type | None = None

    @classmethod
    def optional(cls, protocol: Callable[..., P], doc: str = "") -> Requires[P | None]:
        """At most one implementer: None when the runtime has none (FRAME's ``()``)."""
        return Requires[P | None](protocol, doc, kind="optional")

    @classmethod
    def each(cls, protocol: Callable[..., P], doc: str = "") -> Requires[tuple[P, ...]]:
        """Every implementer, in order (FRAME's tuple of handlers): unless wired, the runtime's pallets that
        implement the protocol, in the runtime's order."""
        return Requires[tuple[P, ...]](cast(Any, protocol), doc, kind="each")

    def __set_name__(self, owner: type, name: str) -> None:
        self.owner, self.name = owner, name

    def __get__(self, obj: Any, owner: type) -> T:
        rt = io.runtime()
        key = (owner, self.name)
        found = rt.dependencies.get(key, _UNSET)
        if found is _UNSET:
            for klass in owner.__mro__[1:]:  # `owner` subclasses a pallet the runtime composes
                found = rt.dependencies.get((klass, self.name), _UNSET)
                if found is not _UNSET:
                    break
            else:
                raise MissingDependency(f"{getattr(owner, 'name', owner)}.{self.name}: the pallet is not part of "
                                        f"runtime {rt.name}, which wired nothing for it")  # fmt: skip
        return cast(T, found)

    def __repr__(self) -> str:
        return f"<Requires{'.' + self.kind if self.kind != 'one' else ''} {self.protocol.__name__}>"


_UNSET: Any = object()
_PROTOCOL_NOISE = {
    "_is_protocol",
    "_is_runtime_protocol",
    "_abc_impl",
    "__protocol_attrs__",
    "__non_callable_proto_members__",
}


def members(protocol: type) -> frozenset[str]:
    """The names a protocol declares (methods and annotated attributes), through its protocol bases."""
    names: set[str] = set()
    for base in protocol.__mro__:
        if base in (Protocol, Generic, object) or not getattr(base, "_is_protocol", False):
            continue
        declared = set(vars(base)) | set(vars(base).get("__annotations__", {}))
        names |= {n for n in declared if not n.startswith("__") and n not in _PROTOCOL_NOISE}
    return frozenset(names)


def _has(implementer: Any, name: str) -> bool:
    """`hasattr` without running descriptors (a pallet's own dependency slots need an executing runtime)."""
    if isinstance(implementer, type):
        return any(name in vars(klass) for klass in implementer.__mro__)
    return hasattr(implementer, name)


def provides(implementer: Any, protocol: type) -> bool:
    """Whether `implementer` (a pallet class, or any object) has every member of `protocol`."""
    return all(_has(implementer, name) for name in members(protocol))


def requirements(pallet: type) -> dict[str, Requires[Any]]:
    """A pallet's dependency slots by name, its bases' first (a subclass may redeclare one)."""
    slots: dict[str, Requires[Any]] = {}
    for klass in reversed(pallet.__mro__):
        slots.update({name: v for name, v in vars(klass).items() if isinstance(v, Requires)})
    return slots


def _label(implementer: Any) -> str:
    return str(getattr(implementer, "name", getattr(implementer, "__name__", repr(implementer))))


def _check(where: str, slot: Requires[Any], implementer: Any) -> None:
    if not provides(implementer, slot.protocol):
        missing = sorted(n for n in members(slot.protocol) if not _has(implementer, n))
        raise WiringError(f"{where}: {_label(implementer)} does not implement {slot.protocol.__name__} "
                          f"(missing {', '.join(missing)})")  # fmt: skip


def _resolve(runtime: str, pallet: type, name: str, slot: Requires[Any], wired: Any, pallets: list[type]) -> Any:
    where = f"runtime {runtime}: {_label(pallet)}.{name} ({slot.protocol.__name__})"
    if wired is not _UNSET:
        if slot.kind == "each":
            wired = tuple(wired)
            for implementer in wired:
                _check(where, slot, implementer)
        elif wired is not None or slot.kind == "one":
            _check(where, slot, wired)
        return wired
    candidates = tuple(p for p in pallets if p is not pallet and provides(p, slot.protocol))
    if slot.kind == "each":
        return candidates
    if len(candidates) > 1:
        hint = f"construct_runtime(..., wiring={{{_label(pallet)}: {{{name!r}: ...}}}})"
        raise AmbiguousDependency(f"{where}: implemented by {', '.join(_label(c) for c in candidates)}; wire one "
                                  f"with {hint}")  # fmt: skip
    if not candidates:
        if slot.kind == "optional":
            return None
        raise MissingDependency(f"{where}: no pallet of the runtime implements it (needs "
                                f"{', '.join(sorted(members(slot.protocol)))}); add one or wire one")  # fmt: skip
    return candidates[0]


def wire(runtime: str, pallets: Iterable[type], wiring: Mapping[type, Mapping[str, Any]] | None = None
         ) -> dict[tuple[type, str], Any]:  # fmt: skip
    """Every dependency slot of every pallet, resolved: ``{(pallet, slot name): implementer}``.

    Raises MissingDependency, AmbiguousDependency or WiringError (see the module docstring).
    """
    pallets = list(pallets)
    wiring = dict(wiring or {})
    for pallet, slots in wiring.items():
        if pallet not in pallets:
            raise WiringError(f"runtime {runtime}: wiring names {_label(pallet)}, which is not one of its pallets")
        unknown = sorted(set(slots) - set(requirements(pallet)))
        if unknown:
            raise WiringError(f"runtime {runtime}: {_label(pallet)} has no dependency slot {', '.join(unknown)} "
                              f"(it has: {', '.join(sorted(requirements(pallet))) or 'none'})")  # fmt: skip
    resolved: dict[tuple[type, str], Any] = {}
    for pallet in pallets:
        given = wiring.get(pallet, {})
        for name, slot in requirements(pallet).items():
            resolved[(pallet, name)] = _resolve(runtime, pallet, name, slot, given.get(name, _UNSET), pallets)
    return resolved
