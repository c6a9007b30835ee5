"""Weights of the Sudo pallet, generated from its benchmarks
(pallets/sudo/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-12-02, vm, Intel(R) Xeon(R) Processor, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns a Weight: ref_time, the
fitted time in picoseconds, and proof_size, the fitted storage proof estimate in bytes (PoV mode MaxEncodedLen),
plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT, Weight

__all__ = [
    "remove_key",
    "set_key",
    "sudo",
    "sudo_as",
]


def sudo() -> Weight:
    """Sudo.sudo.

    Storage: Sudo.Key (r:1 w:0)
    Proof: Sudo.Key (max_values: Some(1), max_size: Some(32), added: 527, mode: MaxEncodedLen)
    Estimated proof size: at most 1517 bytes over the sample points.
    Minimum measured 19.7 us; standard errors (us): base 0.000.
    Spread at most 8.9%, medians within +-3.1% (stable).
    Fit: median.
    """
    return Weight.from_parts(21_331_500, 1_517) + DB_WEIGHT.reads(1)


def sudo_as() -> Weight:
    """Sudo.sudo_as.

    Storage: Sudo.Key (r:1 w:0)
    Proof: Sudo.Key (max_values: Some(1), max_size: Some(32), added: 527, mode: MaxEncodedLen)
    Estimated proof size: at most 1517 bytes over the sample points.
    Minimum measured 20.7 us; standard errors (us): base 0.000.
    Spread at most 13.4%, medians within +-4.7% (stable).
    Fit: median.
    """
    return Weight.from_parts(22_316_500, 1_517) + DB_WEIGHT.reads(1)


def set_key() -> Weight:
    """Sudo.set_key.

    Storage: Sudo.Key (r:1 w:1)
    Proof: Sudo.Key (max_values: Some(1), max_size: Some(32), added: 527, mode: MaxEncodedLen)
    Storage: System.Account (r:1 w:1)
    Proof: System.Account (max_values: None, max_size: Some(128), added: 2603, mode: MaxEncodedLen)
    Estimated proof size: at most 4120 bytes over the sample points.
    Minimum measured 40.2 us; standard errors (us): base 0.000.
    Spread at most 6.8%, medians within +-2.4% (stable).
    Fit: median.
    """
    return Weight.from_parts(45_647_500, 4_120) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)


def remove_key() -> Weight:
    """Sudo.remove_key.

    Storage: Sudo.Key (r:1 w:1)
    Proof: Sudo.Key (max_values: Some(1), max_size: Some(32), added: 527, mode: MaxEncodedLen)
    Estimated proof size: at most 1517 bytes over the sample points.
    Minimum measured 19.0 us; standard errors (us): base 0.000.
    Spread at most 8.6%, medians within +-3.0% (stable).
    Fit: median.
    """
    return Weight.from_parts(19_655_500, 1_517) + DB_WEIGHT.reads(1) + DB_WEIGHT.writes(1)
