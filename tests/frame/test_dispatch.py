"""Calls encode as pallet index ++ call index ++ args; errors and events carry explicit indexes (golden)."""

import pytest

from frame import Call, Pallet, PalletError, call, ensure_root
from frame.dispatch import (
    ROOT,
    BadOriginError,
    CorruptionError,
    ExhaustedError,
    ModuleError,
    ModuleErrorInfo,
    OtherError,
    Signed,
    UnavailableError,
)
from frame.runtime import RuntimeDefinitionError, construct_runtime
from frame.system import ExtrinsicFailed, ExtrinsicSuccess, NewAccount, Remarked, System
from pallets.example import Counter
from pallets.sudo import KeyChanged, KeyRemoved, RequireSudo, Sudid, Sudo, SudoAsDone
from primitives.errors import CodecError
from tests.harness.runtime import TestRuntime


def test_call_encoding_golden():
    assert TestRuntime.encode_call(Counter.tx.store(5)) == bytes([2, 0]) + (5).to_bytes(4, "little")
    inner = Counter.tx.store(5)
    assert TestRuntime.encode_call(Sudo.tx.sudo(inner)) == bytes([1, 0, 2, 0, 5, 0, 0, 0])
    assert TestRuntime.encode_call(System.tx.remark(b"hi")) == bytes([0, 0, 8]) + b"hi"
    for c in (inner, Sudo.tx.sudo(inner), Sudo.tx.sudo_as(b"\x01" * 32, inner), System.tx.kill_prefix(b"p", 3)):
        assert TestRuntime.decode_call(TestRuntime.encode_call(c)) == c


def test_call_decoding_rejects_by_name():
    for data, message in [(b"\x09\x00", "no pallet with index 9"), (b"\x02\x05", "has no call with index 5"),
                          (b"\x02\x00\x01", "too short"), (b"\x02", "too short")]:  # fmt: skip
        with pytest.raises(CodecError, match=message):
            TestRuntime.decode_call(data)
    deep = bytes([1, 0]) * 40 + bytes([2, 0, 1, 0, 0, 0])
    with pytest.raises(CodecError, match="nested more than"):
        TestRuntime.decode_call(deep)


def test_tx_builder_checks_arguments():
    assert Counter.tx.store(value=3) == Call(Counter, "store", (3,))
    with pytest.raises(TypeError):
        Counter.tx.store()
    with pytest.raises(TypeError):
        Counter.tx.store(1, 2)
    with pytest.raises(AttributeError):
        Counter.tx.nope()


def test_dispatch_error_encoding_golden():
    assert OtherError().encode() == b"\x00"
    assert BadOriginError().encode() == b"\x02"
    assert ModuleError(ModuleErrorInfo(7, b"\x01\x00\x00\x00")).encode() == b"\x03\x07\x01\x00\x00\x00"
    assert ExhaustedError().encode() == b"\x0a"
    assert CorruptionError().encode() == b"\x0b"
    assert UnavailableError().encode() == b"\x0c"
    assert ROOT.encode() == b"\x00" and Signed(b"\x01" * 32).encode() == b"\x01" + b"\x01" * 32


def test_event_and_error_indexes_golden():
    assert [ExtrinsicSuccess.INDEX, ExtrinsicFailed.INDEX, NewAccount.INDEX, Remarked.INDEX] == [0, 1, 3, 5]
    assert [Sudid.INDEX, KeyChanged.INDEX, KeyRemoved.INDEX, SudoAsDone.INDEX] == [0, 1, 2, 3]
    assert RequireSudo.index == 0
    sudo_calls = {d.name: d.index for d in Sudo.call_defs.values()}
    assert sudo_calls == {"sudo": 0, "set_key": 2, "sudo_as": 3, "remove_key": 4}
    assert {d.name: d.index for d in System.call_defs.values()} == {
        "remark": 0, "set_storage": 4, "kill_storage": 5, "kill_prefix": 6, "remark_with_event": 7}  # fmt: skip


def test_declaration_mistakes_are_caught():
    class E(PalletError):
        """Errors."""

    with pytest.raises(TypeError, match="explicit index"):

        class NoIndex(E):
            """x"""

    with pytest.raises(TypeError, match="docstring"):

        class NoDoc(E, index=0):
            pass

    class One(E, index=1):
        """One."""

    with pytest.raises(TypeError, match="used twice"):

        class Two(E, index=1):
            """Two."""

    with pytest.raises(TypeError, match="call index 0 used by"):

        class Twice(Pallet):
            @call(0)
            def a(cls, origin):
                ensure_root(origin)

            @call(0)
            def b(cls, origin):
                ensure_root(origin)

    class Other(Pallet):
        pass

    with pytest.raises(RuntimeDefinitionError, match="index 0 used by"):
        construct_runtime("X", [System, (0, Other)])
    with pytest.raises(RuntimeDefinitionError, match="needs the System pallet"):
        construct_runtime("X", [Other])
    with pytest.raises(RuntimeDefinitionError, match="two pallets are named"):
        construct_runtime("X", [System, Other, (5, Other)])
