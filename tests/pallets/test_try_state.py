"""The parachain pallets' try_state invariants: they hold on a running chain (the TestNet harness checks them
after every block) and each catches its own breakage; try_runtime_upgrade of the parachain host is clean."""

import pytest

from frame.try_runtime import InvariantViolated, run_try_state, try_runtime_upgrade
from pallets.inclusion import Inclusion
from pallets.paras import Paras
from pallets.scheduler import Scheduler
from primitives.parachain import ParaId
from runtime.parachain import ParachainRuntime
from tests.harness.parachain import TestNet, genesis


@pytest.fixture
def n():
    net = TestNet(genesis(), runtime=ParachainRuntime)
    net.run_to_block(3)  # the harness ran every try_state after each block
    return net


def test_try_runtime_upgrade_of_the_parachain_host_is_clean(n):
    report = try_runtime_upgrade(ParachainRuntime, n.chain.backend)
    assert report.ok, report.summary()
    assert report.keys_changed == () and report.migrations_run == ()
    assert len(report.try_state) == len(ParachainRuntime.pallet_classes)


@pytest.mark.parametrize(
    ("pallet", "breakage", "message"),
    [
        (Paras, lambda: Paras.Parachains.put((ParaId(101), ParaId(100))), "Paras.Parachains is not sorted"),
        (Scheduler, lambda: Scheduler.ExecutionCores.put([None]), "ExecutionCores has 1 cores, not 2 parachains"),
        (Scheduler, lambda: Scheduler.ParathreadClaimIndex.put([ParaId(7), ParaId(7)]), "ParathreadClaimIndex"),
        (Inclusion, lambda: Inclusion.PendingAvailabilityBacking.insert(ParaId(100), []), "PendingAvailabilityBacking"),
    ],
)
def test_each_invariant_catches_its_breakage(n, pallet, breakage, message):
    with n.reading():
        breakage()
        with pytest.raises(InvariantViolated, match=message):
            pallet.try_state(n.number)
        assert any(c.error for c in run_try_state(ParachainRuntime, n.number, [pallet.name]))
