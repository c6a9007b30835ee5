"""Pallet storage versions and versioned migrations (FRAME's ``StorageVersion`` and ``VersionedMigration``).

A pallet declares its in-code storage version (``storage_version = 2``) and the migrations that bring older
storage to it, either as a list or with the `migration` decorator::

    class Counter(Pallet):
        storage_version = 2
        migrations = [VersionedMigration(from_=0, to=1, fn=double_values)]

        @migration(from_=1, to=2)
        def rename(cls) -> int:
            ...                       # rewrite storage; return the weight used

A migration runs when the pallet's on-chain storage version (stored at ``twox128(pallet) ++
twox128(":__STORAGE_VERSION__:")`` as a u16, absent = 0) equals its `from_`; it then writes `to`. Otherwise it
is skipped, costing one read. ``pre_upgrade(pallet) -> bytes`` and ``post_upgrade(pallet, bytes)`` are its
try-runtime checks: they raise to fail. The runner is `frame.upgrade`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import attrs

from primitives.errors import ParahostError
from primitives.hashing import twox_128

STORAGE_VERSION_POSTFIX = b":__STORAGE_VERSION__:"


class MigrationDefinitionError(ParahostError, TypeError):
    """A pallet's storage version or migrations are declared inconsistently."""


def storage_version_key(pallet_name: str) -> bytes:
    """Where a pallet's on-chain storage version lives: twox128(pallet) ++ twox128(":__STORAGE_VERSION__:")."""
    return twox_128(pallet_name.encode()) + twox_128(STORAGE_VERSION_POSTFIX)


@attrs.frozen
class VersionedMigration:
    """Run `fn(pallet)` (returning its weight, or None for 0) once, when the on-chain version is `from_`;
    then the version becomes `to`. `pre_upgrade(pallet) -> bytes` and `post_upgrade(pallet, bytes)` are
    the try-runtime checks (they raise to fail)."""

    from_: int
    to: int
    fn: Callable[[Any], int | None]
    pre_upgrade: Callable[[Any], bytes] | None = None
    post_upgrade: Callable[[Any, bytes], None] | None = None
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or getattr(self.fn, "__name__", "migration")

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.from_ < self.to <= 0xFFFF:
            raise MigrationDefinitionError(
                f"migration {self.label}: from_ {self.from_} -> to {self.to} must go up within u16"
            )


def migration(
    from_: int,
    to: int,
    pre_upgrade: Callable[[Any], bytes] | None = None,
    post_upgrade: Callable[[Any, bytes], None] | None = None,
) -> Callable[[Callable[..., Any]], Any]:
    """Declare a method of a pallet as a versioned migration: ``@migration(from_=0, to=1)``."""

    def wrap(fn: Callable[..., Any]) -> VersionedMigration:
        return VersionedMigration(from_, to, fn, pre_upgrade, post_upgrade, fn.__name__)

    return wrap


def collect(
    pallet_name: str, storage_version: int, declared: Iterable[VersionedMigration]
) -> tuple[VersionedMigration, ...]:
    """A pallet's migrations in the order they run (by from_), checked against its storage version."""
    if not 0 <= storage_version <= 0xFFFF:
        raise MigrationDefinitionError(f"{pallet_name}: storage_version {storage_version} is not a u16")
    ordered = sorted(declared, key=lambda m: m.from_)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.from_ < a.to:
            raise MigrationDefinitionError(f"{pallet_name}: migrations {a.label} ({a.from_}->{a.to}) and "
                                           f"{b.label} ({b.from_}->{b.to}) overlap")  # fmt: skip
    for m in ordered:
        if m.to > storage_version:
            raise MigrationDefinitionError(f"{pallet_name}: migration {m.label} goes to version {m.to}, above the "
                                           f"pallet's storage_version {storage_version}")  # fmt: skip
    return tuple(ordered)
