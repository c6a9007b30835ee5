"""The developer guide is real: every ```python block of every docs/*.md page runs, in order, the blocks of one page
sharing a namespace, inside fresh externalities (a page may hide setup in an HTML comment holding a python block:
it runs too, where it stands); the index links every page; each `parahost` command in a ```sh block exists."""

from __future__ import annotations

import re
import shlex
import sys
import types
from pathlib import Path

import pytest

from frame import io
from frame.backend import MemoryBackend
from frame.state import OverlayedState
from node.cli import build_parser
from primitives.types import DECLARED

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted(DOCS.glob("*.md"))


def python_blocks(page: Path) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", page.read_text(), re.S | re.M)


def sh_lines(page: Path) -> list[str]:
    blocks = re.findall(r"^```(?:sh|bash)\n(.*?)^```", page.read_text(), re.S | re.M)
    joined = "\n".join(blocks).replace("\\\n", " ")
    return [line.split("#")[0].strip() for line in joined.splitlines() if line.strip().startswith("parahost ")]


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_every_python_block_runs(page: Path, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    module = types.ModuleType(f"docs_{page.stem}")  # a real module: declared types resolve their annotations in it
    monkeypatch.setitem(sys.modules, module.__name__, module)
    namespace = module.__dict__
    saved, declared = (io.ext.state, io.ext.runtime), dict(DECLARED)
    try:
        with io.using(OverlayedState(MemoryBackend())):
            for i, block in enumerate(python_blocks(page)):
                exec(compile(block, f"{page}#block{i}", "exec"), namespace)
    finally:
        io.ext.state, io.ext.runtime = saved
        DECLARED.clear()  # the pages' declared types are not the project's (tests/primitives list those)
        DECLARED.update(declared)


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_every_command_exists(page: Path) -> None:
    parser = build_parser()
    for line in sh_lines(page):
        for command in re.split(r"&&|\|\||;|\|", line):
            words = shlex.split(command.strip().split(">")[0])
            if words and words[0] == "parahost":
                try:
                    parser.parse_args([w for w in words[1:]])
                except SystemExit as e:
                    raise AssertionError(f"{page.name}: {command.strip()!r} does not parse") from e


def test_the_index_links_every_page_and_the_readme_links_the_index() -> None:
    index = (DOCS / "README.md").read_text()
    linked = set(re.findall(r"\]\(([a-z_]+\.md)\)", index))
    pages = {p.name for p in PAGES if p.name != "README.md"}
    assert linked == pages
    assert "docs/README.md" in (DOCS.parent / "README.md").read_text()
