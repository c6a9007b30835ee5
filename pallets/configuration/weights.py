"""Weights of the Configuration pallet, generated from its benchmarks
(pallets/configuration/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-12-02, vm, Intel(R) Xeon(R) Processor, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns a Weight: ref_time, the
fitted time in picoseconds, and proof_size, the fitted storage proof estimate in bytes (PoV mode MaxEncodedLen),
plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT, Weight

__all__ = [
    "set_acceptance_period",
    "set_chain_availability_period",
    "set_max_code_size",
    "set_max_head_data_size",
    "set_parachain_rotation_frequency",
    "set_parathread_cores",
    "set_parathread_retries",
    "set_scheduling_lookahead",
    "set_thread_availability_period",
    "set_validation_upgrade_delay",
    "set_validation_upgrade_frequency",
]


def set_validation_upgrade_frequency() -> Weight:
    """Configuration.set_validation_upgrade_frequency.

    Storage: Configuration.Configuration (r:1 w:0)
    Proof: Configuration.Configuration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Proof: Configuration.PendingConfiguration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Estimated proof size: at most 2068 bytes over the sample points.
    Minimum measured 12.6 us; standard errors (us): base 0.000.
    Spread at most 6.1%, medians within +-2.2% (stable).
    Fit: median.
    """
    return Weight.from_parts(13_106_500, 2_068) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_validation_upgrade_delay() -> Weight:
    """Configuration.set_validation_upgrade_delay.

    Storage: Configuration.Configuration (r:1 w:0)
    Proof: Configuration.Configuration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Proof: Configuration.PendingConfiguration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Estimated proof size: at most 2068 bytes over the sample points.
    Minimum measured 12.1 us; standard errors (us): base 0.000.
    Spread at most 9.8%, medians within +-3.5% (stable).
    Fit: median.
    """
    return Weight.from_parts(12_583_000, 2_068) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_acceptance_period() -> Weight:
    """Configuration.set_acceptance_period.

    Storage: Configuration.Configuration (r:1 w:0)
    Proof: Configuration.Configuration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Proof: Configuration.PendingConfiguration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Estimated proof size: at most 2068 bytes over the sample points.
    Minimum measured 11.9 us; standard errors (us): base 0.000.
    Spread at most 2.4%, medians within +-0.9% (stable).
    Fit: median.
    """
    return Weight.from_parts(12_256_000, 2_068) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_max_code_size() -> Weight:
    """Configuration.set_max_code_size.

    Storage: Configuration.Configuration (r:1 w:0)
    Proof: Configuration.Configuration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Proof: Configuration.PendingConfiguration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Estimated proof size: at most 2068 bytes over the sample points.
    Minimum measured 12.3 us; standard errors (us): base 0.000.
    Spread at most 4.1%, medians within +-1.4% (stable).
    Fit: median.
    """
    return Weight.from_parts(12_991_000, 2_068) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_max_head_data_size() -> Weight:
    """Configuration.set_max_head_data_size.

    Storage: Configuration.Configuration (r:1 w:0)
    Proof: Configuration.Configuration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Proof: Configuration.PendingConfiguration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Estimated proof size: at most 2068 bytes over the sample points.
    Minimum measured 12.3 us; standard errors (us): base 0.000.
    Spread at most 5.9%, medians within +-2.1% (stable).
    Fit: median.
    """
    return Weight.from_parts(12_866_500, 2_068) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_parathread_cores() -> Weight:
    """Configuration.set_parathread_cores.

    Storage: Configuration.Configuration (r:1 w:0)
    Proof: Configuration.Configuration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Proof: Configuration.PendingConfiguration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Estimated proof size: at most 2068 bytes over the sample points.
    Minimum measured 11.6 us; standard errors (us): base 0.000.
    Spread at most 4.4%, medians within +-1.6% (stable).
    Fit: median.
    """
    return Weight.from_parts(12_042_500, 2_068) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_parathread_retries() -> Weight:
    """Configuration.set_parathread_retries.

    Storage: Configuration.Configuration (r:1 w:0)
    Proof: Configuration.Configuration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Proof: Configuration.PendingConfiguration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Estimated proof size: at most 2068 bytes over the sample points.
    Minimum measured 11.5 us; standard errors (us): base 0.000.
    Spread at most 8.5%, medians within +-2.1% (stable).
    Fit: median.
    """
    return Weight.from_parts(12_926_000, 2_068) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_parachain_rotation_frequency() -> Weight:
    """Configuration.set_parachain_rotation_frequency.

    Storage: Configuration.Configuration (r:1 w:0)
    Proof: Configuration.Configuration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Proof: Configuration.PendingConfiguration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Estimated proof size: at most 2068 bytes over the sample points.
    Minimum measured 11.8 us; standard errors (us): base 0.000.
    Spread at most 9.5%, medians within +-3.3% (stable).
    Fit: median.
    """
    return Weight.from_parts(12_506_000, 2_068) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_chain_availability_period() -> Weight:
    """Configuration.set_chain_availability_period.

    Storage: Configuration.Configuration (r:1 w:0)
    Proof: Configuration.Configuration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Proof: Configuration.PendingConfiguration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Estimated proof size: at most 2068 bytes over the sample points.
    Minimum measured 11.8 us; standard errors (us): base 0.000.
    Spread at most 3.7%, medians within +-1.3% (stable).
    Fit: median.
    """
    return Weight.from_parts(12_330_500, 2_068) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_thread_availability_period() -> Weight:
    """Configuration.set_thread_availability_period.

    Storage: Configuration.Configuration (r:1 w:0)
    Proof: Configuration.Configuration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Proof: Configuration.PendingConfiguration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Estimated proof size: at most 2068 bytes over the sample points.
    Minimum measured 11.8 us; standard errors (us): base 0.000.
    Spread at most 3.4%, medians within +-1.2% (stable).
    Fit: median.
    """
    return Weight.from_parts(12_115_000, 2_068) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)


def set_scheduling_lookahead() -> Weight:
    """Configuration.set_scheduling_lookahead.

    Storage: Configuration.Configuration (r:1 w:0)
    Proof: Configuration.Configuration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Storage: Configuration.PendingConfiguration (r:1 w:1)
    Proof: Configuration.PendingConfiguration (max_values: Some(1), max_size: Some(44), added: 539, mode: MaxEncodedLen)
    Estimated proof size: at most 2068 bytes over the sample points.
    Minimum measured 11.9 us; standard errors (us): base 0.000.
    Spread at most 6.1%, medians within +-2.1% (stable).
    Fit: median.
    """
    return Weight.from_parts(12_657_500, 2_068) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(1)
