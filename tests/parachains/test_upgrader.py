"""The upgrader parachain: blocks carrying new validation code, and an upgrade carried out end to end."""

import pytest

from node.pvf import InvalidReason, Valid, validate_in_process
from parachains import adder, upgrader
from parachains.upgrader import GENESIS_HEAD, UpgraderError, UpgraderHead
from primitives.hashing import blake2_256
from tests.node._pvf_support import params


def run(block: bytes, allowed: int | None, parent: bytes = GENESIS_HEAD.encode(), code: bytes | None = None):
    return validate_in_process(
        code or upgrader.wasm(), params(block=block, parent=parent, code_upgrade_allowed=allowed)
    )


@pytest.mark.parametrize("allowed", [None, 5])
def test_a_block_without_code(allowed):
    outcome = run(upgrader.block_data(None), allowed)
    assert isinstance(outcome, Valid) and outcome.result.new_validation_code is None
    assert UpgraderHead.decode(outcome.result.head_data) == UpgraderHead(1, bytes(32))


@pytest.mark.parametrize("size", [0, 5, 100, 20_000, 70_000])  # every compact length mode but the big one
def test_a_block_with_code_when_allowed(size):
    code = bytes(i % 251 for i in range(size))
    outcome = run(upgrader.block_data(code), 7)
    assert isinstance(outcome, Valid) and outcome.result.new_validation_code == code
    head, new_code = upgrader.execute(GENESIS_HEAD.encode(), upgrader.block_data(code), 7)
    assert outcome.result.head_data == head and new_code == code
    assert UpgraderHead.decode(head) == UpgraderHead(1, blake2_256(code))


def test_a_block_with_code_when_not_allowed_is_invalid():
    outcome = run(upgrader.block_data(b"code"), None)
    assert outcome.reason is InvalidReason.Trap and "code upgrade not allowed" in outcome.detail
    with pytest.raises(UpgraderError):
        upgrader.execute(GENESIS_HEAD.encode(), upgrader.block_data(b"code"), None)


@pytest.mark.parametrize(
    "block, parent",
    [
        (b"", GENESIS_HEAD.encode()),
        (b"\x02", GENESIS_HEAD.encode()),
        (b"\x00\x00", GENESIS_HEAD.encode()),  # a trailing byte
        (b"\x01\x10abc", GENESIS_HEAD.encode()),  # code shorter than its length
        (b"\x00", GENESIS_HEAD.encode() + b"\x00"),
        (b"\x00", GENESIS_HEAD.encode()[:39]),
    ],
)
def test_bad_data_is_invalid_in_both(block, parent):
    assert run(block, 1, parent).reason is InvalidReason.Trap
    with pytest.raises(UpgraderError):
        upgrader.execute(parent, block, 1)


def test_an_upgrade_end_to_end():
    """The upgrader upgrades itself to the adder; the code it returned then validates adder blocks."""
    outcome = run(upgrader.block_data(adder.wasm()), 1)
    assert isinstance(outcome, Valid)
    new_code = outcome.result.new_validation_code
    assert new_code == adder.wasm()
    assert UpgraderHead.decode(outcome.result.head_data).code_hash == blake2_256(adder.wasm())
    after = validate_in_process(new_code, params())
    assert isinstance(after, Valid) and after.result.head_data == adder.execute(
        adder.GENESIS_HEAD.encode(), params().block_data
    )
