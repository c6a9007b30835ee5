"""The block database: blocks, best chain, recent states, forks, finalization, and what it refuses."""

import sqlite3

import attrs
import pytest

from frame import InvalidBlock
from frame.backend import SqliteBackend
from frame.block import Block, Digest, Other
from frame.executive import Executive
from frame.version import WrongRuntime
from genesis.build import build_genesis
from node.db import DB_FILE, BlockDb, BlockDbError, ChainMismatch, CorruptBlockDb, StatePruned, UnknownBlock
from pallets.inclusion_inherent import InclusionInherent
from pallets.paras import Paras
from primitives.parachain import ParaId
from runtime.example import ExampleRuntime
from tests.genesis.support import dev, local, runtime


def produce(db, n):
    for _ in range(n):
        built = db.build_block()
        db.import_block(built.block, built)
    return db.best_header()


def fork_block(db, parent_hash, tag):
    """A valid block on `parent_hash` that differs from the produced one (a digest item)."""
    rt = runtime()
    parent = db.header(parent_hash)
    built = Executive(rt, db.genesis_hash).build_block(
        db.state_at(parent_hash), parent, [InclusionInherent.create_inherent({})], digest=Digest((Other(tag),)))
    return built.block


def test_create_produce_and_reopen(tmp_path):
    spec = local(2, 1)
    with BlockDb.open(tmp_path / "db", spec, runtime()) as db:
        genesis = build_genesis(spec, runtime())
        assert db.genesis_hash == genesis.hash and db.best_header() == genesis.header
        best = produce(db, 5)
        hashes = [db.header(n).hash() for n in range(6)]
        assert db.best_hash == best.hash() == hashes[5] and best.number == 5
        assert db.header(hashes[3]) == db.header(3)
        block = db.block(hashes[2])
        assert block.header.number == 2 and len(block.extrinsics) == 2  # the empty inclusion inherent, the timestamp
        assert db.state_at(0).root == genesis.state_root
        assert [db.state_at(n).root for n in range(6)] == [db.header(n).state_root for n in range(6)]
        assert list(db.state_at(0).items()) == sorted(genesis.storage.items())
    with BlockDb.open(tmp_path / "db", spec, runtime()) as db:  # same chain: carries on
        assert db.best_hash == hashes[5] and db.best_header().state_root == best.state_root
        assert produce(db, 1).number == 6
    with BlockDb.open(tmp_path / "db", read_only=True) as db:  # no spec needed to read
        assert db.best_header().number == 6 and db.runtime_name == "ParachainHost"
        assert [h.number for h in db.iter_best_chain()] == list(range(7))
        with pytest.raises(BlockDbError, match="opened without a runtime"):
            db.build_block()


def test_state_at_is_a_read_only_view(tmp_path):
    from frame import io
    from frame.backend import BackendError
    from frame.state import OverlayedState

    with BlockDb.open(tmp_path, local(2, 1), runtime()) as db:
        produce(db, 2)
        view = db.state_at(1)
        with io.using(OverlayedState(view), runtime()):
            assert Paras.Heads.get(ParaId(100)) is not None
        with pytest.raises(BackendError, match="read-only"):
            view.commit({b"k": b"v"})
        assert view.next_key(b"") == next(iter(view.items()))[0]


def test_another_chain_or_runtime_is_refused(tmp_path):
    with BlockDb.open(tmp_path, local(2, 1), runtime()) as db:
        produce(db, 1)
    before = (tmp_path / DB_FILE).read_bytes()
    with pytest.raises(ChainMismatch, match="holds another chain .* not Development"):
        BlockDb.open(tmp_path, dev(), runtime())
    with BlockDb.open(tmp_path) as db, pytest.raises(WrongRuntime, match="is for runtime 'parachain-host'"):
        db.attach_runtime(ExampleRuntime)  # the state's :code names its runtime
    assert (tmp_path / DB_FILE).read_bytes() == before


def test_missing_and_empty_databases(tmp_path):
    with pytest.raises(BlockDbError, match="no block database here"):
        BlockDb.open(tmp_path / "nothing", read_only=True)
    with pytest.raises(BlockDbError, match="no block database here .*; give a chain spec .* nothing was created"):
        BlockDb.open(tmp_path / "new")
    assert not (tmp_path / "new").exists()  # no empty chain.sqlite or chain.lock left behind
    (tmp_path / "file").write_text("x")
    with pytest.raises(BlockDbError, match="not a directory"):
        BlockDb.open(tmp_path / "file", local(), runtime())


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_bytes(b"not a database at all" * 100), "not a SQLite database or damaged"),
    (lambda p: sqlite3.connect(p).execute("CREATE TABLE t (x)").connection.commit(), "not a parahost block database"),
    (lambda p: SqliteBackend(p).close(), r"application_id 0x50415248"),
])  # fmt: skip
def test_foreign_or_corrupt_files_are_refused_untouched(tmp_path, make, message):
    path = tmp_path / DB_FILE
    make(path)
    before = path.read_bytes()
    for opener in (lambda: BlockDb.open(tmp_path, local(), runtime()), lambda: BlockDb.open(tmp_path, read_only=True)):
        with pytest.raises(CorruptBlockDb, match=message):
            opener()
    assert path.read_bytes() == before


def test_a_state_that_does_not_match_the_best_header_is_refused(tmp_path):
    with BlockDb.open(tmp_path, local(2, 1), runtime()) as db:
        produce(db, 2)
    conn = sqlite3.connect(tmp_path / DB_FILE)
    conn.execute("UPDATE state SET value = x'00' WHERE key = (SELECT min(key) FROM state)")
    conn.commit()
    conn.close()
    with pytest.raises(CorruptBlockDb, match="the stored state hashes to .* but the best block #2 says"):
        BlockDb.open(tmp_path, read_only=True)


def test_one_writer_at_a_time(tmp_path):
    with BlockDb.open(tmp_path, local(2, 1), runtime()) as db:
        with pytest.raises(BlockDbError, match="in use by another parahost process"):
            BlockDb.open(tmp_path, local(2, 1), runtime())
        with BlockDb.open(tmp_path, read_only=True) as reader:
            assert reader.best_hash == db.best_hash
    BlockDb.open(tmp_path, local(2, 1), runtime()).close()  # the lock went with the first writer


def test_a_bad_block_changes_nothing(tmp_path):
    with BlockDb.open(tmp_path, local(2, 1), runtime()) as db:
        produce(db, 2)
        best = db.best_hash
        built = db.build_block()
        bad = Block(attrs.evolve(built.block.header, state_root=bytes(32)), built.block.extrinsics)
        with pytest.raises(InvalidBlock, match="state root mismatch"):
            db.import_block(bad)
        orphan = Block(attrs.evolve(built.block.header, parent_hash=b"\x01" * 32), built.block.extrinsics)
        with pytest.raises(UnknownBlock, match="its parent 0x0101.* is unknown"):
            db.import_block(orphan)
        assert db.best_hash == best and db.block(bad.header.hash()) is None
        again = db.import_block(db.block(best))  # already there: nothing to do
        assert again.best and again.hash == best
        with pytest.raises(UnknownBlock, match="no block #9"):
            db.state_at(9)


def test_imported_without_the_build_state_gives_the_same_chain(tmp_path):
    with BlockDb.open(tmp_path / "a", local(2, 1), runtime()) as a, \
            BlockDb.open(tmp_path / "b", local(2, 1), runtime()) as b:  # fmt: skip
        produce(a, 4)
        for n in range(1, 5):
            assert b.import_block(a.block(a.header(n).hash())).best
        assert b.best_hash == a.best_hash


def test_forks_and_reorganisation(tmp_path):
    with BlockDb.open(tmp_path, local(2, 1), runtime()) as db:
        produce(db, 4)
        main = [db.header(n).hash() for n in range(5)]
        side = [main[2]]
        for i in range(2):  # 3', 4': as long as the best chain, so not best
            imported = db.import_block(fork_block(db, side[-1], b"side%d" % i))
            assert not imported.best
            side.append(imported.hash)
        assert db.best_hash == main[4] and db.header(4).hash() == main[4]
        assert db.state_at(side[2]).root == db.header(side[2]).state_root  # a fork state, rebuilt
        imported = db.import_block(fork_block(db, side[-1], b"side2"))  # 5': longer: re-organisation
        assert imported.best and db.best_hash == imported.hash
        assert [db.header(n).hash() for n in range(6)] == main[:3] + side[1:] + [imported.hash]
        assert db.state_at(main[4]).root == db.header(main[4]).state_root  # the old branch is still readable
        best = db.best_header()
    with BlockDb.open(tmp_path, read_only=True) as db:
        assert db.best_header() == best and db.header(3).hash() == side[1]


def test_finalization_bounds_forks(tmp_path):
    with BlockDb.open(tmp_path, local(2, 1), runtime()) as db:
        produce(db, 4)
        db.finalize(3)
        with pytest.raises(BlockDbError, match="does not descend from the finalized block #3"):
            db.import_block(fork_block(db, db.header(2).hash(), b"late"))
        with pytest.raises(BlockDbError, match="below the finalized block"):
            db.finalize(1)
        side = db.import_block(fork_block(db, db.header(3).hash(), b"side"))
        with pytest.raises(BlockDbError, match="not on the best chain"):
            db.finalize(side.hash)
        db.finalize(4)
        finalized = db.finalized_hash
    with BlockDb.open(tmp_path, read_only=True) as db:
        assert db.finalized_hash == finalized == db.header(4).hash()


def test_old_states_are_pruned(tmp_path):
    with BlockDb.open(tmp_path, local(2, 1), runtime(), keep_states=3) as db:
        produce(db, 6)
        assert db.state_at(3).root == db.header(3).state_root
        pruned = r"block #2 .* is pruned: states are kept for the last 3 blocks \(from #3 to the best, #6\)"
        with pytest.raises(StatePruned, match=pruned):
            db.state_at(2)
        with pytest.raises(StatePruned):
            db.import_block(fork_block(db, db.header(2).hash(), b"x"))
    with BlockDb.open(tmp_path, read_only=True) as db:
        assert db.keep_states == 3 and db.header(0) is not None  # blocks are kept, only states are pruned
