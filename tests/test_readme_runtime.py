"""The README's "The parachain-host runtime" section is real: its example runs as written and prints what it
says, and the calls and routines its prose names exist. (Only that section's code blocks, found by its heading,
so other sections' examples do not interfere.)"""

import inspect
import re
from pathlib import Path

from pallets.configuration import Configuration
from pallets.inclusion_inherent import inclusion_inherent_for
from pallets.paras import Paras
from pallets.session import Session

README = Path(__file__).resolve().parents[1] / "README.md"
HEADING = "## The parachain-host runtime"


def section() -> str:
    text = README.read_text()
    assert f"\n{HEADING}\n" in text
    body = text.split(f"\n{HEADING}\n", 1)[1]
    return re.split(r"\n## ", body, maxsplit=1)[0]


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", section(), re.S)


def test_the_example_runs_and_prints_what_it_says(capsys):
    (block,) = python_blocks()
    namespace: dict = {"__name__": "readme_runtime_example"}
    exec(compile(block, str(README), "exec"), namespace)
    printed = capsys.readouterr().out.strip()
    promised = re.search(r"^# (.*)$", block.rstrip().splitlines()[-1]).group(1)
    assert printed == promised == "2 ['CandidateIncluded']"
    relay = namespace["relay"]
    assert relay.head.number == 2 and relay.state_root == relay.head.state_root


def test_the_example_uses_only_public_names():
    (block,) = python_blocks()
    imported = re.findall(r"^from ([\w.]+) import", block, re.M)
    assert not any(m.startswith("tests") for m in imported)
    for call in ("frame import Chain", "InclusionInherent.tx.inclusion(", "relay.produce_block(", "relay.reading()",
                 "RuntimeApi.of(relay)"):  # fmt: skip
        assert call in block


def test_the_calls_the_prose_names_exist():
    def names(pallet):
        return {d.name for d in pallet.call_defs.values()}

    assert {"register_para", "deregister_para"} <= names(Paras)
    assert {"set_next_validators", "force_new_session"} <= names(Session)
    assert all(f"set_{field}" in names(Configuration) for field in ("max_code_size", "parathread_cores"))
    params = list(inspect.signature(inclusion_inherent_for).parameters)
    assert params[:5] == ["executive", "parent_state", "parent", "bitfields", "backed_candidates"]
