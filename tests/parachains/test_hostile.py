"""The hostile parachains, in-process: each gets exactly its named outcome (the pool tests run them too)."""

import pytest

from node.pvf import InvalidReason, Limits, validate_in_process
from parachains.hostile import HOSTILE, hostile
from tests.node._pvf_support import params


@pytest.mark.parametrize("name", list(HOSTILE))
def test_each_gets_its_outcome(name):
    h = hostile(name)
    outcome = validate_in_process(h.wasm(), params(), Limits(fuel=10_000_000, max_memory=16 << 20))
    assert outcome.reason.value == h.expected, outcome
    assert h.doc and h.name == name


def test_the_expected_reasons_are_real_and_cover_the_list():
    assert {h.expected for h in HOSTILE.values()} <= {r.value for r in InvalidReason}
    assert set(HOSTILE) >= {
        "loop",
        "grow",
        "trap",
        "huge-result",
        "out-of-bounds",
        "undecodable",
        "unknown-import",
        "not-wasm",
    }


def test_only_not_wasm_is_not_wasm():
    assert [n for n, h in HOSTILE.items() if not h.wasm().startswith(b"\0asm")] == ["not-wasm"]
