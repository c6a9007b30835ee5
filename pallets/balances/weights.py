"""Weights of the Balances pallet, generated from its benchmarks
(pallets/balances/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-12-02, vm, Intel(R) Xeon(R) Processor, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns a Weight: ref_time, the
fitted time in picoseconds, and proof_size, the fitted storage proof estimate in bytes (PoV mode MaxEncodedLen),
plus DB_WEIGHT for the fitted storage reads and writes.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT, Weight

__all__ = [
    "burn",
    "force_set_balance",
    "force_transfer",
    "force_unreserve",
    "transfer_all",
    "transfer_allow_death",
    "transfer_keep_alive",
]


def transfer_allow_death() -> Weight:
    """Balances.transfer_allow_death.

    Storage: Balances.TotalIssuance (r:1 w:1)
    Proof: Balances.TotalIssuance (max_values: Some(1), max_size: Some(16), added: 511, mode: MaxEncodedLen)
    Storage: System.Account (r:2 w:2)
    Proof: System.Account (max_values: None, max_size: Some(128), added: 2603, mode: MaxEncodedLen)
    Estimated proof size: at most 6707 bytes over the sample points.
    Minimum measured 121.3 us; standard errors (us): base 0.000.
    Spread at most 9.7%, medians within +-3.4% (stable).
    Fit: median.
    """
    return Weight.from_parts(126_266_000, 6_707) + DB_WEIGHT.reads(3) + DB_WEIGHT.writes(3)


def transfer_keep_alive() -> Weight:
    """Balances.transfer_keep_alive.

    Storage: System.Account (r:2 w:2)
    Proof: System.Account (max_values: None, max_size: Some(128), added: 2603, mode: MaxEncodedLen)
    Estimated proof size: at most 6196 bytes over the sample points.
    Minimum measured 92.8 us; standard errors (us): base 0.000.
    Spread at most 2.2%, medians within +-0.8% (stable).
    Fit: median.
    """
    return Weight.from_parts(95_268_000, 6_196) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)


def force_transfer() -> Weight:
    """Balances.force_transfer.

    Storage: Balances.TotalIssuance (r:1 w:1)
    Proof: Balances.TotalIssuance (max_values: Some(1), max_size: Some(16), added: 511, mode: MaxEncodedLen)
    Storage: System.Account (r:2 w:2)
    Proof: System.Account (max_values: None, max_size: Some(128), added: 2603, mode: MaxEncodedLen)
    Estimated proof size: at most 6707 bytes over the sample points.
    Minimum measured 120.9 us; standard errors (us): base 0.000.
    Spread at most 3.1%, medians within +-1.1% (stable).
    Fit: median.
    """
    return Weight.from_parts(123_070_500, 6_707) + DB_WEIGHT.reads(3) + DB_WEIGHT.writes(3)


def transfer_all() -> Weight:
    """Balances.transfer_all.

    Storage: System.Account (r:2 w:2)
    Proof: System.Account (max_values: None, max_size: Some(128), added: 2603, mode: MaxEncodedLen)
    Estimated proof size: at most 6196 bytes over the sample points.
    Minimum measured 112.3 us; standard errors (us): base 0.000.
    Spread at most 1.5%, medians within +-0.5% (stable).
    Fit: median.
    """
    return Weight.from_parts(115_154_000, 6_196) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)


def force_unreserve() -> Weight:
    """Balances.force_unreserve.

    Storage: System.Account (r:1 w:1)
    Proof: System.Account (max_values: None, max_size: Some(128), added: 2603, mode: MaxEncodedLen)
    Estimated proof size: at most 3593 bytes over the sample points.
    Minimum measured 52.6 us; standard errors (us): base 0.000.
    Spread at most 8.6%, medians within +-3.0% (stable).
    Fit: median.
    """
    return Weight.from_parts(54_966_500, 3_593) + DB_WEIGHT.reads(1) + DB_WEIGHT.writes(1)


def force_set_balance() -> Weight:
    """Balances.force_set_balance.

    Storage: Balances.TotalIssuance (r:1 w:1)
    Proof: Balances.TotalIssuance (max_values: Some(1), max_size: Some(16), added: 511, mode: MaxEncodedLen)
    Storage: System.Account (r:1 w:1)
    Proof: System.Account (max_values: None, max_size: Some(128), added: 2603, mode: MaxEncodedLen)
    Estimated proof size: at most 4104 bytes over the sample points.
    Minimum measured 70.3 us; standard errors (us): base 0.000.
    Spread at most 3.8%, medians within +-1.3% (stable).
    Fit: median.
    """
    return Weight.from_parts(74_090_000, 4_104) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)


def burn() -> Weight:
    """Balances.burn.

    Storage: Balances.TotalIssuance (r:1 w:1)
    Proof: Balances.TotalIssuance (max_values: Some(1), max_size: Some(16), added: 511, mode: MaxEncodedLen)
    Storage: System.Account (r:1 w:1)
    Proof: System.Account (max_values: None, max_size: Some(128), added: 2603, mode: MaxEncodedLen)
    Estimated proof size: at most 4104 bytes over the sample points.
    Minimum measured 72.7 us; standard errors (us): base 0.000.
    Spread at most 2.3%, medians within +-0.8% (stable).
    Fit: median.
    """
    return Weight.from_parts(74_380_500, 4_104) + DB_WEIGHT.reads(2) + DB_WEIGHT.writes(2)
