"""Issue 10 §5: the chain-spec reader is bounded: nesting depth, number length and file size give a
`ChainSpecLimitError` naming the file, not a RecursionError or ValueError."""

import pytest

import genesis.spec as spec_module
from genesis.spec import MAX_DEPTH, MAX_NUMBER_CHARS, ChainSpec, ChainSpecError, ChainSpecLimitError


def _spec(runtime_json: str) -> str:
    return '{"name": "x", "id": "y", "genesis": {"runtime": ' + runtime_json + "}}"


def test_deep_nesting_is_refused_by_name(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ChainSpecLimitError, match=rf"^{deep}: arrays and objects nested more than {MAX_DEPTH} deep"):
        ChainSpec.load(deep)
    with pytest.raises(ChainSpecLimitError, match="nested more than"):
        ChainSpec.loads(_spec('{"a": ' * 1000 + "1" + "}" * 1000), "objects.json")


def test_nesting_up_to_the_limit_and_brackets_in_strings_are_fine():
    inner = "[" * (MAX_DEPTH - 4) + "]" * (MAX_DEPTH - 4)  # 3 levels above it: spec, genesis, runtime, "a"
    spec = ChainSpec.loads(_spec('{"a": ' + inner + ', "b": "' + "[" * 10_000 + '"}'))
    assert spec.genesis.value["b"] == "[" * 10_000


def test_a_long_number_is_refused_by_name(tmp_path):
    path = tmp_path / "num.json"
    path.write_text(_spec('{"a": ' + "1" * 5000 + "}"))
    message = rf"^{path}: a number of 5000 characters: .* at most {MAX_NUMBER_CHARS}$"
    with pytest.raises(ChainSpecLimitError, match=message):
        ChainSpec.load(path)
    with pytest.raises(ChainSpecLimitError, match="a number of 201 characters"):
        ChainSpec.loads(_spec('{"a": 1.' + "5" * 199 + "}"))
    u128_max = str(2**128 - 1)
    assert ChainSpec.loads(_spec('{"a": ' + u128_max + "}")).genesis.value["a"] == 2**128 - 1


def test_a_file_over_the_size_limit_is_refused_by_name(tmp_path, monkeypatch):
    monkeypatch.setattr(spec_module, "MAX_SPEC_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_text(_spec('{"a": "' + "x" * 2000 + '"}'))
    with pytest.raises(ChainSpecLimitError, match=rf"^{path}: the chain spec is over 1000 bytes"):
        ChainSpec.load(path)


def test_limit_errors_are_chain_spec_errors_and_bad_utf8_is_still_named():
    assert issubclass(ChainSpecLimitError, ChainSpecError)
    with pytest.raises(ChainSpecError, match=r"^f\.json: not UTF-8 text"):
        ChainSpec.loads(b'{"name": "\xff"}', "f.json")
