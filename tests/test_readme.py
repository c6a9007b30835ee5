"""The README's example is real: its pallet is the shipped one, and its code blocks run."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
EXAMPLE = Path(__file__).resolve().parents[1] / "pallets" / "example" / "pallet.py"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(), re.S)


def test_readme_pallet_is_the_example_pallet():
    pallet_src = python_blocks()[0]
    shipped = EXAMPLE.read_text()
    body = shipped.split('"""', 2)[2].lstrip("\n")  # drop the module docstring
    assert pallet_src.strip() == body.strip()
    assert 25 <= len([ln for ln in pallet_src.splitlines() if ln.strip()]) <= 40


def test_readme_example_runs(capsys):
    namespace: dict = {"__name__": "readme_example"}
    for block in python_blocks():
        exec(compile(block, str(README), "exec"), namespace)
    out = capsys.readouterr().out.split()
    assert out[0] == "1" and out[1].startswith("0x") and len(out[1]) == 66 and len(out[2]) == 66
    assert namespace["chain"].head.number == 1
