"""Imports flow one way (DESIGN.md §2): primitives <- frame <- pallets <- runtime <- {runtime_api, genesis} <- node."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# what each top-level package may import from the project (besides itself)
ALLOWED = {
    "primitives": set(),
    "frame": {"primitives"},
    "pallets": {"primitives", "frame"},
    "runtime": {"primitives", "frame", "pallets"},
    "runtime_api": {"primitives", "frame", "pallets", "runtime"},
    "genesis": {"primitives", "frame", "pallets", "runtime"},
    "parachains": {"primitives"},
    "node": {"primitives", "frame", "pallets", "runtime", "runtime_api", "genesis", "parachains"},
    "benchmarks": {"primitives", "frame", "pallets", "runtime", "runtime_api", "genesis", "node", "parachains"},
}
OURS = set(ALLOWED) | {"tests"}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & OURS


def test_import_layering():
    violations = []
    for package, allowed in ALLOWED.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            bad = imported_packages(path) - allowed - {package}
            if bad:
                violations.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    assert violations == []


def test_layering_check_catches_a_violation(tmp_path):
    p = tmp_path / "x.py"
    p.write_text("import node.cli\nfrom frame import io\n")
    assert imported_packages(p) == {"node", "frame"}
