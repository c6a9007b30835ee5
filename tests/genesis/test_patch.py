"""Substrate's JSON merge of a genesis patch (sc-chain-spec json_patch::merge)."""

from genesis.patch import merge


def test_objects_merge_recursively():
    base = {"a": {"x": 1, "y": {"p": 1, "q": 2}}, "b": 1}
    assert merge(base, {"a": {"y": {"q": 3, "r": 4}}}) == {"a": {"x": 1, "y": {"p": 1, "q": 3, "r": 4}}, "b": 1}


def test_arrays_and_scalars_are_replaced_whole():
    base = {"list": [1, 2, 3], "n": 1, "s": "x"}
    assert merge(base, {"list": [9], "n": 2, "s": {"now": "an object"}}) == {
        "list": [9], "n": 2, "s": {"now": "an object"}}  # fmt: skip
    assert merge({"o": {"k": 1}}, {"o": [1]}) == {"o": [1]}


def test_null_removes_a_key():
    assert merge({"a": 1, "b": {"c": 1, "d": 2}}, {"a": None, "b": {"c": None}}) == {"b": {"d": 2}}
    assert merge({"a": 1}, {"missing": None}) == {"a": 1}


def test_an_object_put_where_there_was_none_is_taken_verbatim():
    # Rust: merge(Null, {...}) is `*a = b`, so nulls inside the new object stay
    assert merge({"a": 1}, {"new": {"k": None, "v": 1}}) == {"a": 1, "new": {"k": None, "v": 1}}
    assert merge({"a": 1}, {"a": {"k": None}}) == {"a": {"k": None}}


def test_inputs_are_not_modified():
    base, patch = {"a": {"b": [1]}}, {"a": {"c": 2}}
    out = merge(base, patch)
    out["a"]["b"].append(2)
    assert base == {"a": {"b": [1]}} and patch == {"a": {"c": 2}}
