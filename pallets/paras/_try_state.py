"""Paras' try_state: the invariants its storage docs state (sorted lists, paired maps)."""

from __future__ import annotations

from typing import Any

from frame.try_runtime import ensure


def _sorted_unique(name: str, items: Any) -> None:
    items = list(items)
    ensure(all(a < b for a, b in zip(items, items[1:], strict=False)), f"{name} is not sorted ascending without "
           f"duplicates: {items[:20]}")  # fmt: skip


def check(paras: Any) -> None:
    """Raise InvariantViolated naming the first broken invariant of Paras' storage."""
    parachains = list(paras.Parachains.get())
    _sorted_unique("Paras.Parachains", parachains)
    threads = set(paras.Parathreads.keys())
    both = sorted(threads.intersection(parachains))
    ensure(not both, f"Paras.Parachains holds parathreads {both}")
    for para in [*parachains, *sorted(threads)]:
        ensure(paras.Heads.contains_key(para), f"registered para {para} has no Paras.Heads entry")
        ensure(paras.ValidationCode.contains_key(para), f"registered para {para} has no Paras.ValidationCode")
    upcoming = list(paras.UpcomingParas.get())
    _sorted_unique("Paras.UpcomingParas", upcoming)
    genesis = set(paras.UpcomingParasGenesis.keys())
    ensure(genesis == set(upcoming), f"Paras.UpcomingParasGenesis keys {sorted(genesis)} are not UpcomingParas "
           f"{upcoming}")  # fmt: skip
    _sorted_unique("Paras.OutgoingParas", paras.OutgoingParas.get())
    upgrades, codes = set(paras.FutureCodeUpgrades.keys()), set(paras.FutureCode.keys())
    ensure(upgrades == codes, f"Paras.FutureCodeUpgrades {sorted(upgrades)} and FutureCode {sorted(codes)} differ")
    pruning = [at for _, at in paras.PastCodePruning.get()]
    ensure(pruning == sorted(pruning), f"Paras.PastCodePruning is not sorted by activated_at: {pruning[:20]}")
