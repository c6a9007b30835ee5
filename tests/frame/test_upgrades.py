"""Runtime upgrades: a higher spec_version runs the versioned migrations once and on_runtime_upgrade before
on_initialize, bumps the storage version, records the new identity; try_runtime_upgrade rehearses it without
writing."""

import pytest

from frame import Chain, InvalidBlock, Pallet, StorageMap, StorageValue, construct_runtime
from frame.backend import MemoryBackend
from frame.executive import Executive
from frame.migrations import MigrationDefinitionError, VersionedMigration, migration, storage_version_key
from frame.system import LastRuntimeUpgradeInfo, System
from frame.try_runtime import try_runtime_upgrade
from frame.upgrade import on_chain_storage_version
from frame.version import CODE_KEY, RuntimeDowngrade, RuntimeVersion, WrongRuntime, runtime_identity
from frame.weights import DB_WEIGHT
from primitives import scale
from primitives.hashing import Hasher
from primitives.types import U32

MIGRATION_WEIGHT = 1_000_000


class Store(Pallet):
    """Version 0 of a pallet: numbers by key, and a log of the hooks that ran."""

    Values = StorageMap(Hasher.Twox64Concat, U32, U32, doc="Numbers by key.")
    Log = StorageValue(list[str], default=list, unbounded=True, doc="The hooks that ran, in order.")

    @classmethod
    def on_initialize(cls, now: int) -> int:
        cls.Log.append(f"init {now}")
        return 0


def _double(pallet):
    for k, v in list(pallet.Values.iter()):
        pallet.Values.insert(k, 2 * v)
    pallet.Log.append("migrate 0->1")
    return MIGRATION_WEIGHT


def _count_before(pallet):
    return scale.u32.encode(sum(1 for _ in pallet.Values.iter()))


def _same_count(pallet, before):
    if scale.u32.decode(before) != sum(1 for _ in pallet.Values.iter()):
        raise ValueError("the migration lost values")


class StoreV2(Store):
    """Version 2: values doubled (0 -> 1) and a marker written (1 -> 2)."""

    name = "Store"
    storage_version = 2
    migrations = [VersionedMigration(from_=0, to=1, fn=_double, pre_upgrade=_count_before, post_upgrade=_same_count)]

    @migration(from_=1, to=2)
    def mark(cls) -> int:
        cls.Log.append("migrate 1->2")
        return 0

    @classmethod
    def on_runtime_upgrade(cls) -> int:
        cls.Log.append("on_runtime_upgrade")
        return 7


V1 = construct_runtime("Up", [System, Store], version=RuntimeVersion("up", spec_version=1))
V2 = construct_runtime("Up", [System, StoreV2], version=RuntimeVersion("up", spec_version=2))


def step(executive, chain):
    """Build and import the next block with `executive`'s runtime on `chain`'s backend."""
    built = executive.build_block(chain.backend, chain.head, [])
    state = executive.execute_block(chain.backend, chain.head, built.block)
    state.commit_to_backend()
    chain.head = built.block.header
    return built


@pytest.fixture
def upgraded():
    chain = Chain(V1)
    with chain.reading() as st:
        Store.Values.insert(1, 10)
        Store.Values.insert(2, 20)
        changes = st.changes()
    chain.backend.commit(changes)  # values in state before the upgrade (not part of a block: fine for this test)
    step(Executive(V1, chain.genesis_hash), chain)
    v2 = Executive(V2, chain.genesis_hash)
    built = step(v2, chain)
    return chain, v2, built


def test_the_genesis_writes_storage_versions_and_identity():
    chain = Chain(V2)
    assert chain.backend.get(storage_version_key("Store")) == b"\x02\x00"
    assert chain.backend.get(storage_version_key("System")) == b"\x00\x00"
    assert runtime_identity(chain.backend).spec_version == 2


def test_upgrade_runs_migrations_once_before_on_initialize(upgraded):
    chain, v2, _ = upgraded
    chain.runtime = V2
    with chain.reading():
        assert Store.Log.get() == ["init 1", "migrate 0->1", "migrate 1->2", "on_runtime_upgrade", "init 2"]
        assert dict(Store.Values.iter()) == {1: 20, 2: 40}
        assert on_chain_storage_version(StoreV2) == 2
        assert System.LastRuntimeUpgrade.get() == LastRuntimeUpgradeInfo(2, "up")
    assert runtime_identity(chain.backend) == V2.version
    step(v2, chain)  # the next block: nothing runs again
    with chain.reading():
        assert Store.Log.get()[-1:] == ["init 3"] and "on_runtime_upgrade" not in Store.Log.get()[5:]
        assert dict(Store.Values.iter()) == {1: 20, 2: 40}


def test_upgrade_weight_is_counted(upgraded):
    _, v2, _ = upgraded
    # the first block of V2 counted the migration and the hook; build_block's executive is left at its block
    assert v2.block_weight.ref_time >= MIGRATION_WEIGHT + 7 + DB_WEIGHT.writes(2).ref_time


def test_migrations_are_skipped_when_the_stored_version_says_they_ran():
    chain = Chain(V1)
    chain.backend.commit({storage_version_key("Store"): b"\x01\x00"})  # 0 -> 1 ran already
    step(Executive(V2, chain.genesis_hash), chain)
    chain.runtime = V2
    with chain.reading():
        assert Store.Log.get() == ["migrate 1->2", "on_runtime_upgrade", "init 1"]


def test_a_downgrade_and_a_wrong_runtime_are_refused_by_name(upgraded):
    chain, _, _ = upgraded
    block = Executive(V2, chain.genesis_hash).build_block(chain.backend, chain.head, []).block
    with pytest.raises(InvalidBlock, match="RuntimeDowngrade: the state was last run by up spec version 2"):
        Executive(V1, chain.genesis_hash).execute_block(chain.backend, chain.head, block)
    with pytest.raises(RuntimeDowngrade):
        Executive(V1, chain.genesis_hash).build_block(chain.backend, chain.head, [])
    other = construct_runtime("Other", [System, StoreV2], version=RuntimeVersion("other", spec_version=9))
    with pytest.raises(WrongRuntime, match="for runtime 'up'"):
        Executive(other, chain.genesis_hash).build_block(chain.backend, chain.head, [])


def test_try_runtime_upgrade_reports_and_writes_nothing():
    chain = Chain(V1)
    before = dict(chain.backend.items())
    report = try_runtime_upgrade(V2, chain.backend)
    assert dict(chain.backend.items()) == before
    assert not report.failures, report.summary()
    # Store's on_runtime_upgrade appends to Log every time it runs: try-runtime's second run catches that
    assert not report.idempotent and not report.ok and "NOT idempotent" in report.summary()
    assert report.from_version == V1.version and report.to_version == V2.version
    assert report.migrations_run == ("Store._double", "Store.mark")
    assert CODE_KEY in report.keys_changed and storage_version_key("Store") in report.keys_changed
    assert System.LastRuntimeUpgrade.key() in report.keys_changed
    assert report.weight.ref_time >= MIGRATION_WEIGHT + 7
    assert {c.what for c in report.checks} >= {"Store._double (0->1) pre_upgrade", "Store storage version"}
    assert [c.what for c in report.try_state] == ["System try_state", "Store try_state"]
    assert "migrations run: Store._double, Store.mark" in report.summary()


def test_try_runtime_upgrade_reports_failed_checks():
    class Broken(StoreV2):
        name = "Store"
        storage_version = 3  # no migration to 3

        @classmethod
        def try_state(cls, now: int) -> None:
            raise ValueError("broken invariant")

    rt = construct_runtime("Up", [System, Broken], version=RuntimeVersion("up", spec_version=3))
    report = try_runtime_upgrade(rt, MemoryBackend(Chain(V1).backend.items()))
    failed = {c.what: c.error for c in report.failures}
    assert "on-chain storage version 2 is not the in-code 3" in failed["Store storage version"]
    assert failed["Store try_state"] == "ValueError: broken invariant"
    assert not report.ok


def test_try_runtime_upgrade_refuses_a_wrong_runtime():
    other = construct_runtime("Other", [System, Store], version=RuntimeVersion("other"))
    with pytest.raises(WrongRuntime):
        try_runtime_upgrade(other, Chain(V1).backend)


def test_badly_declared_migrations_are_refused():
    with pytest.raises(MigrationDefinitionError, match="above the pallet's storage_version 1"):
        type("Bad", (Pallet,), {"storage_version": 1, "m": migration(1, 2)(lambda cls: 0)})
    with pytest.raises(MigrationDefinitionError, match="overlap"):
        type("Bad2", (Pallet,), {"storage_version": 3, "migrations": [
            VersionedMigration(0, 2, _double), VersionedMigration(1, 3, _double)]})  # fmt: skip
    with pytest.raises(MigrationDefinitionError, match="must go up"):
        VersionedMigration(2, 1, _double)
