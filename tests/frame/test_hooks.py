"""Hooks in FRAME's order (reference frame-runtime-dev.md section 8): on_idle after the extrinsics with the
weight left, pallets in rotating order; integrity_test when a runtime is constructed; try_state on demand."""

import pytest

from frame import Chain, Origin, Pallet, StorageValue, call, construct_runtime, ensure_signed
from frame.executive import Executive
from frame.runtime import IntegrityTestFailed
from frame.system import System
from frame.try_runtime import run_try_state
from frame.weights import BlockWeights, Weight
from primitives.crypto import dev_keypair
from primitives.types import U32

ALICE = dev_keypair("Alice")
LIMITS = BlockWeights(base_block=1_000, base_extrinsic=100, max_block=Weight(100_000, 50_000))


class Log(Pallet):
    """Records which hooks ran."""

    Entries = StorageValue(list[str], default=list, unbounded=True, doc="Hook calls in order.")

    @call(0, weight=Weight(5_000, 1_000))
    def work(cls, origin: Origin) -> None:
        """A signed call weighing 5000 ps and 1000 bytes of proof."""
        ensure_signed(origin)
        cls.Entries.append("work")

    @classmethod
    def on_initialize(cls, now: int) -> int:
        cls.Entries.append(f"{cls.name} init")
        return 2_000  # an int: Weight(2_000, 0)

    @classmethod
    def on_idle(cls, now: int, remaining_weight: Weight) -> Weight:
        cls.Entries.append(f"{cls.name} idle {remaining_weight.ref_time}/{remaining_weight.proof_size}")
        return Weight(10_000, 500)

    @classmethod
    def on_finalize(cls, now: int) -> None:
        cls.Entries.append(f"{cls.name} finalize")


class Other(Log):
    """A second pallet sharing Log's storage, to see the rotation."""

    name = "Other"
    Entries = Log.Entries


Runtime = construct_runtime("Hooks", [System, Log, Other])


def run_block(chain, executive, *extrinsics):
    built = executive.build_block(chain.backend, chain.head, [], list(extrinsics))
    state = executive.execute_block(chain.backend, chain.head, built.block)
    state.commit_to_backend()
    chain.head = built.block.header
    with chain.reading():
        entries = Log.Entries.get()
    chain.backend.commit({Log.Entries.key(): None})
    return entries


def test_on_idle_gets_the_remaining_weight_after_the_extrinsics_in_rotating_order():
    chain = Chain(Runtime, {"system": {"accounts": ["0x" + ALICE.public_key.hex()]}})
    ex = Executive(Runtime, chain.genesis_hash, LIMITS)
    used = 1_000 + 2 * 2_000 + 100 + 5_000  # base block, two on_initialize, one extrinsic
    # block 1: pallets rotate from 1 % 3 = 1 (Log), then Other, then System (which uses nothing)
    assert run_block(chain, ex, chain.sign(Log.tx.work(), ALICE)) == [
        "Log init", "Other init", "work",
        f"Log idle {100_000 - used}/{50_000 - 1_000}", f"Other idle {100_000 - used - 10_000}/{50_000 - 1_500}",
        "Log finalize", "Other finalize",
    ]  # fmt: skip
    # block 2: from 2 % 3 = 2 (Other) first
    assert run_block(chain, ex)[2:4] == [f"Other idle {100_000 - 5_000}/50000",
                                         f"Log idle {100_000 - 5_000 - 10_000}/49500"]  # fmt: skip


def test_on_idle_is_skipped_when_the_block_is_full():
    chain = Chain(Runtime)
    ex = Executive(Runtime, chain.genesis_hash, BlockWeights(base_block=100_000, base_extrinsic=1, max_block=100_000))
    assert run_block(chain, ex) == ["Log init", "Other init", "Log finalize", "Other finalize"]


def test_on_idle_runs_only_with_both_components_left():
    """Reference section 8: on_idle only if max_block - used > 0 in both components."""
    chain = Chain(Runtime)
    proof_full = BlockWeights(base_block=Weight(1_000, 50_000), base_extrinsic=1, max_block=Weight(100_000, 50_000))
    ex = Executive(Runtime, chain.genesis_hash, proof_full)  # ref_time left, no proof_size left
    assert run_block(chain, ex) == ["Log init", "Other init", "Log finalize", "Other finalize"]
    one_byte_left = BlockWeights(base_block=Weight(1_000, 49_999), base_extrinsic=1, max_block=Weight(100_000, 50_000))
    ex = Executive(Runtime, chain.genesis_hash, one_byte_left)
    assert run_block(chain, ex)[2] == "Other idle 95000/1"  # block 2: Other first


class Bounded(Pallet):
    """Its constants must be consistent: MaxItems <= MaxStored."""

    MaxItems, MaxStored = 10, 5

    @classmethod
    def integrity_test(cls) -> None:
        if cls.MaxItems > cls.MaxStored:
            raise ValueError(f"MaxItems {cls.MaxItems} > MaxStored {cls.MaxStored}")


def test_a_failing_integrity_test_fails_construct_runtime():
    with pytest.raises(IntegrityTestFailed, match=r"Bounded.integrity_test failed: ValueError: MaxItems 10 > Max"):
        construct_runtime("Bad", [System, Bounded])


class Checked(Pallet):
    """try_state: Value is even."""

    Value = StorageValue(U32, default=0, doc="Invariant: even.")

    @classmethod
    def try_state(cls, now: int) -> None:
        if cls.Value.get() % 2:
            raise ValueError(f"Value {cls.Value.get()} is odd at block {now}")
        cls.Value.put(cls.Value.get())  # a try_state that writes is caught too


def test_run_try_state_reports_each_pallet_and_forbids_writes():
    rt = construct_runtime("Checked", [System, Checked])
    chain = Chain(rt)
    with chain.reading():
        results = {c.what: c.error for c in run_try_state(rt, 0)}
        assert results["System try_state"] is None
        assert results["Checked try_state"].startswith("ReadOnlyViolation")
        Checked.Value.put(3)
        assert run_try_state(rt, 0, ["Checked"])[0].error == "ValueError: Value 3 is odd at block 0"
