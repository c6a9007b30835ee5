"""Weights of the InclusionInherent pallet, generated from its benchmarks
(pallets/inclusion_inherent/benchmarks.py). Do not edit: re-run

    parahost benchmark pallet --pallet '*' --steps 20 --repeat 20 --update-weights -q

on 2026-11-25, vm, AMD EPYC, Python 3.11.7; steps 20, repeat 20
(more where a point's median was not yet known within 5%). Each function returns picoseconds of ref_time:
the fitted time plus DB_WEIGHT for the fitted storage reads and writes.

Kept from before proof sizes (its return annotation says Weight since DB_WEIGHT became two-dimensional; its
proof_size is 0): regenerated on a loaded machine its ref_time at the configuration bounds exceeded the block.
"""

from __future__ import annotations

from frame.weights import DB_WEIGHT, Weight

__all__ = [
    "inclusion",
]


def inclusion(b: int, c: int, v: int, u: int) -> Weight:
    """InclusionInherent.inclusion: b in [0, 200], c in [0, 20], v in [6, 10], u in [0, 100000].

    Storage: Configuration.Configuration (r:1 w:0)
    Storage: Inclusion.AvailabilityBitfields (r:0 w:200)
    Storage: Inclusion.CurrentSessionIndex (r:1 w:0)
    Storage: Inclusion.PendingAvailability (r:20 w:20)
    Storage: Inclusion.PendingAvailabilityBacking (r:20 w:20)
    Storage: Inclusion.Validators (r:1 w:0)
    Storage: Paras.FutureCodeUpgrades (r:20 w:0)
    Storage: Paras.Heads (r:0 w:20)
    Storage: Paras.Parachains (r:1 w:0)
    Storage: Paras.PastCodeMeta (r:20 w:0)
    Storage: Scheduler.ExecutionCores (r:1 w:1)
    Storage: Scheduler.ParathreadQueue (r:1 w:0)
    Storage: Scheduler.Scheduled (r:1 w:1)
    Storage: Scheduler.SessionStartBlock (r:1 w:0)
    Storage: Scheduler.ValidatorGroups (r:1 w:0)
    Storage: System.ParentHash (r:1 w:0)
    Storage: Validity.IncludedBlocks (r:1 w:1)
    Storage: Validity.IncludedCandidates (r:1 w:1)
    Minimum measured 7429.5 us; standard errors (us): base 279.983, b 1.032, c 39.835, c*v 3.851, c*u 0.000.
    Spread at most 9.9%, medians within +-3.5% (stable); fit: min-squares.
    """
    return (
        1_136_889_390
        + 23_794_647 * b
        + 405_418_036 * c
        + 9_469_835 * c*v
        + 4_856 * c*u
        + DB_WEIGHT.reads(30 + 3 * c)
        + DB_WEIGHT.writes(3 + 1 * b + 3 * c)
    )
