"""Benchmarks of the Configuration pallet: one per setter. The worst case is a first change in a session (the
pending configuration does not exist yet: the active one is read, checked and written as pending). The value
does not change the cost, so the setters have no components."""

from __future__ import annotations

from collections.abc import Callable, Generator

from frame.benchmarking import Benchmarks, ExtrinsicCall, ensure, extrinsic_call
from frame.dispatch import ROOT
from pallets.configuration.pallet import Configuration

bench = Benchmarks(Configuration)

#: Each setter with a value that differs from the genesis configuration's and keeps it consistent.
_VALUES = {
    "validation_upgrade_frequency": 7,
    "validation_upgrade_delay": 9,
    "acceptance_period": 11,
    "max_code_size": 123_456,
    "max_head_data_size": 4_321,
    "parathread_cores": 3,
    "parathread_retries": 5,
    "parachain_rotation_frequency": 13,
    "chain_availability_period": 17,
    "thread_availability_period": 19,
    "scheduling_lookahead": 2,
}


def _setter(field: str, value: int) -> Callable[[], Generator[ExtrinsicCall, None, None]]:
    def benchmark() -> Generator[ExtrinsicCall, None, None]:
        ensure(Configuration.pending_config() is None, "a configuration is already pending")
        yield extrinsic_call(getattr(Configuration.tx, f"set_{field}")(value), ROOT)
        pending = Configuration.pending_config()
        ensure(pending is not None and getattr(pending, field) == value, f"{field} was not set to {value}")

    benchmark.__name__ = f"set_{field}"
    return benchmark


for _field, _value in _VALUES.items():
    bench()(_setter(_field, _value))

__all__ = ["bench"]
