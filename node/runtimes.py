"""Which runtime a command runs: the one resolver of the command line.

A runtime is named, first match wins, by

1. ``--runtime X`` on the command line;
2. ``[tool.parahost] runtime = "X"`` in the ``pyproject.toml`` of the current project (the nearest one in the
   working directory or its parents; its directory is put on ``sys.path``);
3. nothing: the built-in ``parachain-host`` (or, for a command on a database, the runtime the database names).

``X`` is ``package.module:Attr`` (Attr may be dotted), a short name registered as a ``parahost.runtimes`` entry
point by an installed package (``name = "package.module:Attr"``; the built-ins are ``parachain-host`` and
``example``, and a built-in table stands in when the package metadata is stale), or a module holding exactly one
`Runtime`. A module not found on ``sys.path`` is looked for in the working directory too. Each failure is a
named error: `RuntimeModuleNotFound`, `RuntimeImportFailed`, `RuntimeAttributeMissing`, `NotARuntime`,
`AmbiguousRuntime`, `UnknownRuntime`, `BadProjectConfig`.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

from frame.runtime import Runtime
from primitives.errors import ParahostError

__all__ = ["BUILTIN_RUNTIMES", "DEFAULT_RUNTIME", "ENTRY_POINT_GROUP", "AmbiguousRuntime", "BadProjectConfig",
           "NotARuntime", "RuntimeAttributeMissing", "RuntimeImportFailed", "RuntimeModuleNotFound",
           "RuntimeResolutionError", "UnknownRuntime", "configured_runtime", "load_runtime", "registered_runtimes",
           "resolve_runtime", "runtime_is_named"]  # fmt: skip

#: the entry-point group an installed package registers its runtimes in
ENTRY_POINT_GROUP = "parahost.runtimes"
#: the built-in runtimes (also registered as entry points in setup.cfg), by short name
BUILTIN_RUNTIMES = {"parachain-host": "runtime.parachain:ParachainRuntime", "example": "runtime.example:ExampleRuntime"}
#: what runs when nothing names a runtime
DEFAULT_RUNTIME = "parachain-host"


class RuntimeResolutionError(ParahostError):
    """The named runtime cannot be found or is not a runtime (the message says which and where it was named)."""


class RuntimeModuleNotFound(RuntimeResolutionError):
    """The runtime's module is not importable (not on sys.path, nor in the working directory)."""


class RuntimeImportFailed(RuntimeResolutionError):
    """The runtime's module exists but importing it raised an error."""


class RuntimeAttributeMissing(RuntimeResolutionError):
    """The runtime's module has no attribute of the given name."""


class NotARuntime(RuntimeResolutionError):
    """The named attribute is not a `Runtime` (built by construct_runtime)."""


class AmbiguousRuntime(RuntimeResolutionError):
    """The name stands for more than one runtime (two entry points, or a module with several runtimes)."""


class UnknownRuntime(RuntimeResolutionError):
    """A short name that no entry point registers and no module has."""


class BadProjectConfig(RuntimeResolutionError):
    """The project's pyproject.toml cannot be read, or its ``[tool.parahost] runtime`` is not a string."""


def registered_runtimes() -> dict[str, list[str]]:
    """Short name -> the distinct "module:Attr" targets registered for it (the built-ins always included)."""
    found: dict[str, list[str]] = {}
    try:
        eps: Any = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    except Exception:  # damaged package metadata: only the built-ins
        eps = ()
    for ep in eps:
        targets = found.setdefault(ep.name, [])
        if ep.value.replace(" ", "") not in targets:
            targets.append(ep.value.replace(" ", ""))
    for name, target in BUILTIN_RUNTIMES.items():
        found.setdefault(name, [target])
    return found


def configured_runtime(cwd: str | os.PathLike[str] | None = None) -> tuple[str, Path] | None:
    """The ``[tool.parahost] runtime`` of the nearest pyproject.toml in `cwd` or its parents, with that file's
    path; None if the nearest pyproject.toml does not say (or there is none)."""
    here = Path(cwd if cwd is not None else os.getcwd()).resolve()
    for d in (here, *here.parents):
        path = d / "pyproject.toml"
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise BadProjectConfig(f"{path}: cannot read the project's pyproject.toml: {e}") from None
        value = data.get("tool", {}).get("parahost", {}).get("runtime")
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise BadProjectConfig(f'{path}: [tool.parahost] runtime must be a string "package.module:Attr" or a '
                                   f"runtime's name, got {value!r:.60}")  # fmt: skip
        return value.strip(), path
    return None


def _on_path(directory: Path) -> None:
    entry = str(directory)
    if entry not in sys.path:
        sys.path.insert(0, entry)
        importlib.invalidate_caches()


def _import(module: str, where: str, cwd: Path) -> ModuleType:
    for attempt in range(2):
        try:
            return importlib.import_module(module)
        except ModuleNotFoundError as e:
            missing = e.name or ""
            if missing != module and not module.startswith(missing + "."):
                raise RuntimeImportFailed(f"{where}: importing {module} failed: {e}") from e
            if attempt == 0 and str(cwd) not in sys.path:
                _on_path(cwd)  # a module of the project in the working directory
                continue
            raise RuntimeModuleNotFound(f"{where}: no module named {module!r} (not on sys.path nor in {cwd})") from None
        except Exception as e:
            raise RuntimeImportFailed(f"{where}: importing {module} failed: {type(e).__name__}: {e}") from e
    raise AssertionError("unreachable")


def _runtimes_in(module: ModuleType) -> list[str]:
    return sorted(n for n, v in vars(module).items() if isinstance(v, Runtime) and not n.startswith("_"))


def load_runtime(target: str, where: str = "--runtime", cwd: str | os.PathLike[str] | None = None) -> Runtime:
    """The runtime at "package.module:Attr" (or the only Runtime in "package.module"); `where` says where it was
    named, for the error messages."""
    base = Path(cwd if cwd is not None else os.getcwd()).resolve()
    module_name, _, attr = target.strip().partition(":")
    if not module_name or (":" in target and not attr):
        raise RuntimeModuleNotFound(f'{where}: {target!r} is not "package.module:Attr"')
    module = _import(module_name, where, base)
    if not attr:
        found = _runtimes_in(module)
        if len(found) != 1:
            what = f"several runtimes ({', '.join(found)})" if found else "no runtime"
            error = AmbiguousRuntime if found else RuntimeAttributeMissing
            raise error(f'{where}: module {module_name} has {what}: name one as "{module_name}:Attr"')
        attr = found[0]
    value: Any = module
    for part in attr.split("."):
        if not hasattr(value, part):
            have = _runtimes_in(module)
            hint = f" (its runtimes: {', '.join(have)})" if have else " (it has no Runtime)"
            raise RuntimeAttributeMissing(f"{where}: module {module_name} has no attribute {attr!r}{hint}")
        value = getattr(value, part)
    if not isinstance(value, Runtime):
        raise NotARuntime(f"{where}: {module_name}:{attr} is a {type(value).__name__}, not a Runtime (build one with "
                          "frame.construct_runtime)")  # fmt: skip
    return value


def _by_name(name: str, where: str, cwd: Path) -> Runtime:
    targets = registered_runtimes().get(name)
    if targets is not None:
        if len(targets) > 1:
            raise AmbiguousRuntime(f"{where}: {name!r} is registered by several installed packages as "
                                   f"{', '.join(targets)}: name one as package.module:Attr")  # fmt: skip
        return load_runtime(targets[0], f"{where} (entry point {name} = {targets[0]})", cwd)
    try:
        return load_runtime(name, where, cwd)
    except RuntimeModuleNotFound:
        known = ", ".join(sorted(registered_runtimes()))
        raise UnknownRuntime(f'{where}: no runtime named {name!r} (registered: {known}; or give "package.module:Attr")'
                             ) from None  # fmt: skip


def resolve_runtime(arg: str | None, cwd: str | os.PathLike[str] | None = None, *,
                    default: str | None = DEFAULT_RUNTIME) -> Runtime:  # fmt: skip
    """The runtime named by `arg` (``--runtime``), else by the current project's pyproject.toml (found from
    `cwd`, default the working directory), else `default` (a short name); see the module docstring."""
    base = Path(cwd if cwd is not None else os.getcwd()).resolve()
    if arg is not None and arg.strip():
        where, target = f"--runtime {arg}", arg.strip()
    else:
        configured = configured_runtime(base)
        if configured is not None:
            target, path = configured
            where = f"{path}: [tool.parahost] runtime"
            _on_path(path.parent)
            base = path.parent
        elif default is not None:
            where, target = "the default runtime", default
        else:
            raise UnknownRuntime("no runtime named: give --runtime package.module:Attr (or a name), or set "
                                 "[tool.parahost] runtime in the project's pyproject.toml")  # fmt: skip
    if ":" in target:
        return load_runtime(target, where, base)
    return _by_name(target, where, base)


def runtime_is_named(arg: str | None, cwd: str | os.PathLike[str] | None = None) -> bool:
    """Whether `arg` or the current project names a runtime (else a command falls back to its default)."""
    return bool(arg and arg.strip()) or configured_runtime(cwd) is not None
