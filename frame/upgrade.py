"""Runtime upgrades as FRAME's executive runs them, and the runtime's identity written at genesis.

Genesis (`write_genesis_identity`) writes the runtime's descriptor at ``:code`` (`frame.version`),
``System.LastRuntimeUpgrade`` and every pallet's in-code storage version.

A block runs the upgrade (`run_runtime_upgrade`) when `needs_upgrade` says so: ``System.LastRuntimeUpgrade`` is
absent, holds an older spec_version or another spec_name (``frame_executive::initialize_block_impl``). The executive
calls it after clearing the previous block's events and before ``System::initialize`` and the on_initialize hooks,
in this order:

1. pallets with no storage at all (new ones) get their in-code storage version written;
2. each pallet's versioned migrations (`frame.migrations`), pallets in construct_runtime order: runtime-level
   migrations run before the pallet hooks, as FRAME's ``(COnRuntimeUpgrade, AllPalletsWithSystem)`` does;
3. each pallet's ``on_runtime_upgrade``, in construct_runtime order;
4. ``System.LastRuntimeUpgrade`` and ``:code`` record the new runtime.

The weight of all of it (the hooks' and migrations' own, plus `DB_WEIGHT` for the version reads and writes) is
returned, and the executive counts it in the block as Mandatory. With ``checks=True`` (try-runtime) the
migrations' and pallets' ``pre_upgrade``/``post_upgrade`` run around them and every pallet's on-chain storage
version is compared with its in-code one; failures are collected, not raised.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import attrs

from frame import io
from frame.migrations import VersionedMigration, storage_version_key
from frame.pallet import Pallet
from frame.system import LastRuntimeUpgradeInfo
from frame.version import CODE_KEY, code_descriptor
from frame.weights import DB_WEIGHT, ZERO, Weight, to_weight
from primitives import scale
from primitives.hashing import twox_128

__all__ = [
    "CheckResult", "UpgradeOutcome", "needs_upgrade", "on_chain_storage_version", "run_runtime_upgrade",
    "set_storage_version", "write_genesis_identity", "write_identity",
]  # fmt: skip


def on_chain_storage_version(pallet: type[Pallet]) -> int:
    """The pallet's storage version in state (absent = 0)."""
    raw = io.state().get(storage_version_key(pallet.name))
    return 0 if raw is None else scale.u16.decode(raw)


def set_storage_version(pallet: type[Pallet], version: int) -> None:
    io.state().set(storage_version_key(pallet.name), scale.u16.encode(version))


def write_identity(runtime: Any) -> None:
    """Record `runtime` as the state's runtime: ``:code`` and ``System.LastRuntimeUpgrade``."""
    v = runtime.version
    io.state().set(CODE_KEY, code_descriptor(v))
    runtime.system.LastRuntimeUpgrade.put(LastRuntimeUpgradeInfo(v.spec_version, v.spec_name))


def write_genesis_identity(runtime: Any) -> None:
    """At genesis, after the pallets' genesis builds: the identity and every pallet's in-code storage version."""
    write_identity(runtime)
    for p in runtime.pallet_classes:
        set_storage_version(p, p.storage_version)


def needs_upgrade(runtime: Any) -> bool:
    """FRAME's rule: LastRuntimeUpgrade is absent, older than the runtime's spec_version, or of another spec_name."""
    last = runtime.system.LastRuntimeUpgrade.get()
    v = runtime.version
    return last is None or v.spec_version > last.spec_version or v.spec_name != last.spec_name


@attrs.frozen
class CheckResult:
    """One try-runtime check: what was checked, and None if it passed or why it failed."""

    what: str
    error: str | None = None


@attrs.frozen
class UpgradeOutcome:
    """What a runtime upgrade did: its weight, the migrations that ran, and (with checks) the checks' results."""

    weight: Weight
    migrations_run: tuple[str, ...] = ()
    checks: tuple[CheckResult, ...] = ()


class _Checks:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.results: list[CheckResult] = []

    def run(self, what: str, fn: Callable[[], Any]) -> Any:
        """Run a check: its result, or None after recording why it failed."""
        try:
            out = fn()
        except Exception as e:
            self.results.append(CheckResult(what, f"{type(e).__name__}: {e}"))
            return None
        self.results.append(CheckResult(what))
        return out


def _pallet_is_new(pallet: type[Pallet]) -> bool:
    prefix = twox_128(pallet.name.encode())
    st = io.state()
    first = prefix if st.get(prefix) is not None else st.next_key(prefix)
    return first is None or not first.startswith(prefix)


def _run_migration(p: type[Pallet], m: VersionedMigration, checks: _Checks) -> Weight:
    label = f"{p.name}.{m.label} ({m.from_}->{m.to})"
    pre = b""
    if checks.enabled and m.pre_upgrade is not None:
        pre = checks.run(f"{label} pre_upgrade", lambda: m.pre_upgrade(p)) or b""  # type: ignore[misc]
    weight = to_weight(m.fn(p))  # a migration may return a Weight, an int (ref_time) or None
    set_storage_version(p, m.to)
    if checks.enabled and m.post_upgrade is not None:
        checks.run(f"{label} post_upgrade", lambda: m.post_upgrade(p, pre))  # type: ignore[misc]
    return weight + DB_WEIGHT.writes(1)


def _check_version(p: type[Pallet]) -> None:
    on_chain = on_chain_storage_version(p)
    if on_chain != p.storage_version:
        raise ValueError(f"on-chain storage version {on_chain} is not the in-code {p.storage_version} "
                         "(a migration is missing)")  # fmt: skip


def run_runtime_upgrade(runtime: Any, checks: bool = False) -> UpgradeOutcome:
    """Run the upgrade to `runtime` on the current state (see the module docstring); return what it did."""
    check = _Checks(checks)
    weight, ran = ZERO, []
    pallets: list[type[Pallet]] = runtime.pallet_classes
    for p in pallets:
        weight += DB_WEIGHT.reads(1)
        if _pallet_is_new(p):
            set_storage_version(p, p.storage_version)
            weight += DB_WEIGHT.writes(1)
    for p in pallets:
        for m in p.migrations:
            weight += DB_WEIGHT.reads(1)
            if on_chain_storage_version(p) == m.from_:
                weight += _run_migration(p, m, check)
                ran.append(f"{p.name}.{m.label}")
    for p in pallets:
        pre = check.run(f"{p.name} pre_upgrade", p.pre_upgrade) if checks else b""
        weight += to_weight(p.on_runtime_upgrade())
        if checks:
            check.run(f"{p.name} post_upgrade", functools.partial(p.post_upgrade, pre or b""))
            check.run(f"{p.name} storage version", functools.partial(_check_version, p))
    write_identity(runtime)
    weight += DB_WEIGHT.reads_writes(1, 2)
    return UpgradeOutcome(weight, tuple(ran), tuple(check.results))
