"""Finding a runtime's benchmarks from its pallets, as frame-omni-bencher finds them in a runtime.

A pallet's benchmarks are, in this order: its ``benchmarks`` class attribute (a `Benchmarks`), else the
`Benchmarks` of that pallet in the ``benchmarks`` module of the pallet's package (``pallets/sudo/pallet.py`` ->
``pallets.sudo.benchmarks``), else in ``<module>_benchmarks`` beside a pallet defined in a plain module
(``frame/system.py`` -> ``frame.system_benchmarks``). Its generated weights go beside it: the package's
``weights.py`` (``<module>_weights.py`` for a plain module). A pallet with none of these has no benchmarks.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from types import ModuleType

import attrs

from frame.benchmarking.declare import Benchmarks
from frame.pallet import Pallet

__all__ = ["DiscoveredBenchmarks", "discover_benchmarks", "pallet_benchmarks"]


@attrs.frozen
class DiscoveredBenchmarks:
    """A pallet's benchmarks and where its weights go: `weights_path` and `source` relative to the import root
    (``pallets/sudo/weights.py``), `weights_file` the absolute path of the weights file."""

    name: str
    benchmarks: Benchmarks
    weights_path: str
    weights_file: str
    source: str


def _module(name: str) -> ModuleType | None:
    """The module `name`, imported, or None if there is no such module (errors inside it propagate)."""
    if name in sys.modules:
        return sys.modules[name]
    try:
        if importlib.util.find_spec(name) is None:
            return None
    except (ImportError, ValueError):
        return None
    return importlib.import_module(name)


def _in_module(module: ModuleType | None, pallet: type[Pallet]) -> Benchmarks | None:
    if module is None:
        return None
    found = [v for v in vars(module).values() if isinstance(v, Benchmarks) and issubclass(pallet, v.pallet)]
    exact = [b for b in found if b.pallet is pallet]
    chosen = exact or found
    return chosen[0] if chosen else None


def _relative(module_name: str, leaf: str) -> str:
    return "/".join(module_name.split(".")[:-1] + [leaf])


def pallet_benchmarks(pallet: type[Pallet]) -> DiscoveredBenchmarks | None:
    """The benchmarks of one pallet (see the module docstring), or None."""
    home = sys.modules.get(pallet.__module__)
    if home is None or getattr(home, "__file__", None) is None:
        return None
    home_file = os.path.abspath(str(home.__file__))
    package = home.__package__ or ""
    own = getattr(pallet, "benchmarks", None)
    candidates = [(f"{package}.benchmarks", True)] if package else []
    candidates.append((f"{pallet.__module__}_benchmarks", False))
    for module_name, in_package in candidates:
        bench = own if isinstance(own, Benchmarks) else _in_module(_module(module_name), pallet)
        if bench is None:
            continue
        if in_package:
            weights_file = os.path.join(os.path.dirname(home_file), "weights.py")
            source, weights = _relative(f"{package}.x", "benchmarks.py"), _relative(f"{package}.x", "weights.py")
        else:
            stem = pallet.__module__.split(".")[-1]
            weights_file = os.path.join(os.path.dirname(home_file), f"{stem}_weights.py")
            source = _relative(pallet.__module__, f"{stem}_benchmarks.py")
            weights = _relative(pallet.__module__, f"{stem}_weights.py")
        return DiscoveredBenchmarks(pallet.name, bench, weights, weights_file, source)
    return None


def discover_benchmarks(runtime: object) -> list[DiscoveredBenchmarks]:
    """Every pallet of `runtime` (in runtime order) that has benchmarks, with them."""
    out = []
    for p in getattr(runtime, "pallet_classes", []):
        found = pallet_benchmarks(p)
        if found is not None:
            out.append(found)
    return out
