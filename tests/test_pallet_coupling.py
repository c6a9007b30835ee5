"""Pallets couple as FRAME's do (DESIGN §10, docs/coupling.md): no pallet imports a sibling pallet, and
construct_runtime wires what each declares, or refuses by name."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from frame import construct_runtime, io
from frame.backend import MemoryBackend
from frame.coupling import (
    AmbiguousDependency,
    MissingDependency,
    Requires,
    WiringError,
    members,
    provides,
    requirements,
)
from frame.pallet import Pallet
from frame.state import OverlayedState
from frame.system import System
from pallets import traits
from pallets.configuration import Configuration
from pallets.inclusion import Inclusion
from pallets.initializer import Initializer
from pallets.paras import Paras
from pallets.scheduler import Scheduler
from pallets.session import Session
from pallets.traits import HostConfigurationSource, ParachainHooks, ParaRegistry, SessionHandler
from primitives.parachain import HostConfiguration
from runtime.parachain import ParachainRuntime

PALLETS = Path(__file__).resolve().parents[1] / "pallets"
#: modules of a pallet package that may import other pallets: benchmarks build a whole chain to measure one
#: pallet's calls (FRAME's benchmarks run on a runtime too) and never run inside a block
MAY_IMPORT_SIBLINGS = {"benchmarks.py"}


def sibling_imports(path: Path, package: str) -> list[str]:
    """The `pallets.<other>` modules `path` imports, at any depth (lazy imports inside functions included)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.level:  # a relative import that leaves the package
                names = [f"pallets.<relative {'.' * node.level}{node.module}>"] if node.level > 1 else []
            else:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names if node.module == "pallets"]
        for name in names:
            parts = name.split(".")
            if parts[0] == "pallets" and len(parts) > 1 and parts[1] not in (package, "traits"):
                found.append(name)
    return found


def test_no_pallet_imports_a_sibling_pallet():
    violations = []
    for package in sorted(p for p in PALLETS.iterdir() if (p / "__init__.py").exists()):
        for path in sorted(package.rglob("*.py")):
            if path.name not in MAY_IMPORT_SIBLINGS:
                violations += [f"{path.relative_to(PALLETS.parent)} imports {m}" for m in
                               sibling_imports(path, package.name)]  # fmt: skip
    assert violations == []


def test_the_shared_protocols_import_no_pallet():
    assert sibling_imports(PALLETS / "traits.py", "traits") == []


def test_the_import_check_catches_a_sibling_import(tmp_path):
    p = tmp_path / "pallet.py"
    p.write_text("from pallets.traits import SessionHandler\nfrom pallets.inclusion import _votes\n"
                 "def f():\n    from pallets.paras import Paras\n    import pallets.scheduler.pallet\n"
                 "from pallets import session\n")  # fmt: skip
    assert sorted(sibling_imports(p, "inclusion")) == ["pallets.paras", "pallets.scheduler.pallet", "pallets.session"]


# ---------------------------------------------------------------------------------------------
# construct_runtime wires, or names what is wrong


def test_a_missing_dependency_is_refused_by_construct_runtime():
    with pytest.raises(MissingDependency, match=r"Paras\.Configuration \(HostConfigurationSource\): no pallet"):
        construct_runtime("NoConfig", [System, Paras])
    with pytest.raises(MissingDependency, match=r"Inclusion\.(Configuration|Paras)"):
        construct_runtime("LonelyInclusion", [System, (5, Inclusion)])


class OtherConfiguration(Pallet):
    """A second implementer of HostConfigurationSource."""

    @classmethod
    def config(cls) -> HostConfiguration:
        return HostConfiguration(parathread_cores=7)


def test_two_implementers_are_ambiguous_until_the_runtime_wires_one():
    with pytest.raises(AmbiguousDependency, match=r"Paras\.Configuration .*Configuration, OtherConfiguration"):
        construct_runtime("TwoConfigs", [System, Configuration, OtherConfiguration, Paras])
    rt = construct_runtime("TwoConfigs", [System, Configuration, OtherConfiguration, Paras],
                           wiring={Paras: {"Configuration": OtherConfiguration}})  # fmt: skip
    assert rt.dependencies[(Paras, "Configuration")] is OtherConfiguration
    with io.using(OverlayedState(MemoryBackend()), rt):
        assert Paras.Configuration.config().parathread_cores == 7


def test_bad_wiring_is_refused():
    with pytest.raises(WiringError, match="Paras has no dependency slot Config"):
        construct_runtime("X", [System, Configuration, Paras], wiring={Paras: {"Config": Configuration}})
    with pytest.raises(WiringError, match=r"Session does not implement HostConfigurationSource \(missing config\)"):
        construct_runtime("X", [System, Session, Paras], wiring={Paras: {"Configuration": Session}})
    with pytest.raises(WiringError, match="Scheduler, which is not one of its pallets"):
        construct_runtime("X", [System, Configuration, Paras], wiring={Scheduler: {"Paras": Paras}})


def test_the_parachain_runtime_wiring():
    deps = ParachainRuntime.dependencies
    assert deps[(Session, "Handlers")] == (Initializer,)
    assert deps[(Initializer, "Parachains")] == tuple(p for p in ParachainRuntime.pallet_classes
                                                      if provides(p, ParachainHooks))  # fmt: skip
    assert deps[(Initializer, "Session")] is Session
    assert deps[(Scheduler, "Paras")] is Paras and deps[(Inclusion, "Paras")] is Paras


def test_optional_and_each_slots():
    class Watcher(Pallet):
        """Declares one of each kind."""

        Config = Requires(HostConfigurationSource)
        Registry = Requires.optional(ParaRegistry)
        Handlers = Requires.each(SessionHandler)

    rt = construct_runtime("W", [System, Configuration, Watcher])
    assert rt.dependencies[(Watcher, "Registry")] is None
    assert rt.dependencies[(Watcher, "Handlers")] == ()
    rt = construct_runtime("W", [System, Configuration, Paras, Watcher, Initializer],
                           wiring={Watcher: {"Handlers": (Initializer, Initializer)}})  # fmt: skip
    with io.using(OverlayedState(MemoryBackend()), rt):
        assert Watcher.Config is Configuration and Watcher.Registry is Paras
        assert Watcher.Handlers == (Initializer, Initializer)


def test_protocol_members():
    assert members(SessionHandler) == {"on_genesis_session", "on_new_session", "on_disabled"}
    assert provides(Initializer, SessionHandler) and not provides(Session, SessionHandler)


def test_the_wiring_table_in_pallets_readme_is_the_parachain_runtimes():
    text = (PALLETS / "README.md").read_text()
    rows = re.findall(r"^\| ([A-Z][\w, ]*) \| `(\w+)`[^|]* \| `(\w+)` \| ([\w, ]+) \|$", text, re.M)
    listed = [(consumer, slot) for consumers, slot, _, _ in rows for consumer in consumers.split(", ")]
    # every slot the runtime wires has exactly one row, and no row names a slot it does not have
    assert sorted(listed) == sorted((p.name, slot) for p, slot in ParachainRuntime.dependencies)
    assert ("TransactionPayment", "Currency") in listed
    for consumers, slot, protocol, implementers in rows:
        for consumer in consumers.split(", "):
            pallet = ParachainRuntime.by_name[consumer]
            assert requirements(pallet)[slot].protocol is getattr(traits, protocol), (consumer, slot)
            wired = ParachainRuntime.dependencies[(pallet, slot)]
            names = [p.name for p in wired] if isinstance(wired, tuple) else [wired.name]
            assert ", ".join(names) == implementers, (consumer, slot)
