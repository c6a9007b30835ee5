"""try-runtime in the framework: rehearse a runtime upgrade on a state, and check the pallets' invariants.

`try_runtime_upgrade(runtime, state)` is FRAME's ``Executive::try_runtime_upgrade`` with the try-runtime CLI's
checks: on a throwaway overlay over `state` (nothing is ever written to it) it runs the upgrade exactly as the
first block of the new runtime would (`frame.upgrade.run_runtime_upgrade`: new pallets' storage versions, the
versioned migrations with their ``pre_upgrade``/``post_upgrade``, every pallet's ``on_runtime_upgrade`` with its
own, the storage-version check, ``:code`` and ``System.LastRuntimeUpgrade``), then every pallet's ``try_state(n)``
under a no-write guard, then the upgrade hooks once more to check that they are idempotent (the state root must
not move). The report gives the weight used, the keys changed and each check's result.

`run_try_state(runtime, n)` runs the ``try_state`` hooks alone on the current state (`frame.io`), for tests that
check invariants after every block.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import attrs

from frame import io
from frame.backend import Backend
from frame.state import OverlayedState
from frame.upgrade import CheckResult, run_runtime_upgrade
from frame.version import RuntimeVersion, check_runtime_matches, runtime_identity
from frame.weights import DEFAULT_BLOCK_WEIGHTS, BlockWeights, Weight
from primitives.errors import ParahostError

__all__ = ["CheckResult", "Checks", "InvariantViolated", "TryRuntimeReport", "ensure", "run_try_state",
           "try_runtime_upgrade"]  # fmt: skip


class InvariantViolated(ParahostError):
    """A pallet's storage breaks an invariant its docs state (raised by try_state hooks)."""


def ensure(condition: bool, message: str) -> None:
    """For try_state hooks: raise InvariantViolated(message) unless `condition` holds."""
    if not condition:
        raise InvariantViolated(message)

#: which checks to run (FRAME's ``UpgradeCheckSelect``): both kinds, none, pre/post_upgrade only, try_state only
Checks = Literal["all", "none", "pre-and-post", "try-state"]


@attrs.frozen
class TryRuntimeReport:
    """What rehearsing an upgrade did. `ok` is True when every check passed and the upgrade is idempotent."""

    from_version: RuntimeVersion | None
    to_version: RuntimeVersion
    block_number: int
    weight: Weight
    max_block_weight: Weight
    migrations_run: tuple[str, ...]
    keys_changed: tuple[bytes, ...]
    checks: tuple[CheckResult, ...]
    try_state: tuple[CheckResult, ...]
    idempotent: bool

    @property
    def failures(self) -> tuple[CheckResult, ...]:
        return tuple(c for c in self.checks + self.try_state if c.error is not None)

    @property
    def ok(self) -> bool:
        return not self.failures and self.idempotent

    def summary(self) -> str:
        """A few lines for a person: versions, weight (and share of a block), keys, migrations, failures."""
        w, limit = self.weight, self.max_block_weight
        share = max((100 * a / b for a, b in ((w.ref_time, limit.ref_time), (w.proof_size, limit.proof_size)) if b),
                    default=0.0)  # fmt: skip
        lines = [
            f"upgrade {self.from_version or 'unknown runtime'} -> {self.to_version} at block #{self.block_number}",
            f"weight {w} ({share:.1f}% of a block), {len(self.keys_changed)} keys changed",
            f"migrations run: {', '.join(self.migrations_run) or 'none'}",
            f"checks: {len(self.checks) + len(self.try_state)} run, {len(self.failures)} failed"
            + ("" if self.idempotent else "; NOT idempotent (a second run changes the state)"),
        ]
        lines += [f"  FAILED {c.what}: {c.error}" for c in self.failures]
        return "\n".join(lines)


def run_try_state(runtime: Any, n: int, pallets: Iterable[str] | None = None) -> tuple[CheckResult, ...]:
    """Every pallet's try_state(n) (or only those named), on the current state, which must not change."""
    wanted = None if pallets is None else set(pallets)
    st = io.state()
    was_read_only, st.read_only = st.read_only, True
    results = []
    try:
        for p in runtime.pallet_classes:
            if wanted is not None and p.name not in wanted:
                continue
            try:
                p.try_state(n)
            except Exception as e:
                results.append(CheckResult(f"{p.name} try_state", f"{type(e).__name__}: {e}"))
            else:
                results.append(CheckResult(f"{p.name} try_state"))
    finally:
        st.read_only = was_read_only
    return tuple(results)


def try_runtime_upgrade(
    runtime: Any,
    state: Backend | OverlayedState,
    checks: Checks = "all",
    check_version: bool = True,
    block_weights: BlockWeights | None = None,
) -> TryRuntimeReport:
    """Rehearse the upgrade of `state` to `runtime` without writing to it (see the module docstring).

    Raises WrongRuntime / RuntimeDowngrade (`frame.version`) if the state is not this runtime's, unless
    `check_version` is False (try-runtime's ``--disable-spec-version-check``).
    """
    if checks not in ("all", "none", "pre-and-post", "try-state"):
        raise ValueError(f"checks must be 'all', 'none', 'pre-and-post' or 'try-state', not {checks!r}")
    before = runtime_identity(state)
    if check_version:
        check_runtime_matches(runtime, before)
    overlay = OverlayedState(state)
    with io.using(overlay, runtime):
        number = runtime.system.Number.get()
        outcome = run_runtime_upgrade(runtime, checks=checks in ("all", "pre-and-post"))
        invariants = run_try_state(runtime, number) if checks in ("all", "try-state") else ()
    keys = tuple(sorted(k for k, v in overlay.changes().items() if state.get(k) != v))
    root = overlay.storage_root()
    again = OverlayedState(overlay)
    with io.using(again, runtime):
        run_runtime_upgrade(runtime)
    idempotent = again.storage_root() == root
    limits = block_weights if block_weights is not None else DEFAULT_BLOCK_WEIGHTS
    return TryRuntimeReport(before, runtime.version, number, outcome.weight, limits.max_block, outcome.migrations_run,
                            keys, outcome.checks, invariants, idempotent)  # fmt: skip
