"""`parahost new NAME`: a runtime project from the template in node/templates/project (like substrate-node-template).

The template's files end in ``.tmpl``; ``{name}`` (the project's name), ``{pkg}`` (its Python package: the name with
``-`` as ``_``) and ``{title}`` (CamelCase) are substituted, and a ``PKG`` directory is renamed to the package.
Nothing is written unless every file can be: the project is built in a temporary directory beside the target and
renamed into place.
"""

from __future__ import annotations

import argparse
import keyword
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from primitives.errors import ParahostError

TEMPLATE = Path(__file__).resolve().parent / "templates" / "project"
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")


class BadProjectName(ParahostError):
    """The project name does not make a valid Python package name (letters, digits, `_` or `-`, a letter first,
    not a keyword, not a module parahost or Python already has)."""


class ProjectDirNotEmpty(ParahostError):
    """The project's directory already exists and is not empty."""


_TAKEN = {"frame", "pallets", "runtime", "runtime_api", "genesis", "node", "primitives", "parachains", "benchmarks",
          "tests", "test", "parahost"}  # fmt: skip


def package_name(name: str) -> str:
    """The Python package of project `name` (``my-chain`` -> ``my_chain``); BadProjectName if there is none."""
    pkg = name.replace("-", "_")
    if not _NAME.match(name) or not pkg.isidentifier() or keyword.iskeyword(pkg) or pkg in _TAKEN:
        raise BadProjectName(f"{name!r} is not a valid project name: it must make a Python package name (a "
                             "letter, then letters, digits, '_' or '-'), not a keyword nor one of parahost's "
                             "packages")  # fmt: skip
    return pkg


def render(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def create_project(name: str, parent: str | os.PathLike[str] = ".") -> Path:
    """Write the project `name` into `parent`/`name` and return its path. Refuses an invalid name
    (BadProjectName) and an existing non-empty directory (ProjectDirNotEmpty), writing nothing."""
    pkg = package_name(name)
    target = Path(parent).resolve() / name
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ProjectDirNotEmpty(f"{target} already exists and is not empty")
    values = {"name": name, "pkg": pkg, "title": "".join(w[:1].upper() + w[1:] for w in re.split(r"[-_]", name))}
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=target.parent))
    try:
        for src in sorted(TEMPLATE.rglob("*.tmpl")):
            rel = src.relative_to(TEMPLATE).with_suffix("")
            dest = staging.joinpath(*(pkg if part == "PKG" else part for part in rel.parts))
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(render(src.read_text(), values))
        if target.exists():
            target.rmdir()  # empty (checked above)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _new(args: argparse.Namespace) -> int:
    path = create_project(args.name, args.dir)
    pkg = package_name(args.name)
    print(f"created {path}: runtime {pkg}.runtime:Runtime, pallet {pkg}/pallets/template")
    print(f"next: cd {path} && python3 -m pytest -q && parahost produce --preset dev --db ./db --blocks 3")
    return 0


def register(sub: Any) -> None:
    """Add `new` to the `parahost` subcommands."""
    p = sub.add_parser(
        "new", help="create a runtime project from the template",
        description="Create a runtime project NAME in --dir (default: here): a pyproject.toml with [tool.parahost] "
        "runtime and a parahost.runtimes entry point, one pallet (storage, calls, errors, events, a constant, a "
        "genesis config, hooks, try_state, benchmarks, weights), its tests on a mock runtime, and a runtime "
        "(System, Timestamp, Balances, Sudo, the pallet) with dev and local presets. Its tests pass and its chain "
        "runs at once. An existing non-empty directory or a name that is not a Python package name is refused.",
        epilog="example: parahost new my-chain && cd my-chain && parahost produce --preset dev --db ./db --blocks 3",
    )  # fmt: skip
    p.add_argument("name", metavar="NAME", help="the project's name (its package: NAME with '-' as '_')")
    p.add_argument("--dir", default=".", metavar="PARENT", help="the directory to create NAME in (default: here)")
    p.set_defaults(func=_new)
