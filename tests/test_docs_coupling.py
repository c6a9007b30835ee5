"""docs/coupling.md is real: its ```python blocks run, in order, in one namespace (the two user pallets, the
runtime that wires them, a test wiring and the refused runtime), and the names its prose uses exist."""

import re
from pathlib import Path

from frame import coupling
from pallets import traits

DOC = Path(__file__).resolve().parents[1] / "docs" / "coupling.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)


def test_the_examples_run():
    blocks = python_blocks()
    assert len(blocks) == 3
    namespace: dict = {"__name__": "docs_coupling_example"}
    for i, block in enumerate(blocks):
        exec(compile(block, f"{DOC}#block{i}", "exec"), namespace)
    orders, prices = namespace["Orders"], namespace["Prices"]
    assert namespace["runtime"].dependencies[(orders, "Oracle")] is prices
    assert "from tests" not in "".join(blocks)


def test_the_names_the_prose_uses_exist():
    text = DOC.read_text()
    for name in ("Requires", "MissingDependency", "AmbiguousDependency", "WiringError"):
        assert name in text and hasattr(coupling, name)
    for name in ("SessionHandler", "SessionInfo", "ParachainHooks"):
        assert name in text and hasattr(traits, name)
    assert {"on_genesis_session", "on_new_session", "on_disabled"} == coupling.members(traits.SessionHandler)
