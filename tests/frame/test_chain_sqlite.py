"""Blocks on the SQLite backend: each imported block commits whole; a rejected block writes nothing."""

import attrs
import pytest

from frame import InvalidBlock
from frame.backend import SqliteBackend
from frame.block import Block
from frame.chain import ChainError
from pallets.example import Counter
from tests.harness.runtime import ALICE, BOB, new_chain, tick


def test_blocks_commit_to_sqlite_and_survive_reopen(tmp_path):
    path = tmp_path / "state.sqlite"
    backend = SqliteBackend(path)
    chain = new_chain(backend)
    for i in range(3):
        chain.produce_block([tick(chain)], [chain.sign(Counter.tx.store(i), (ALICE, BOB)[i % 2])])
    root = chain.state_root
    assert root == chain.head.state_root
    bad = chain.build_block([tick(chain)], [chain.sign(Counter.tx.store(77), ALICE)]).block
    with pytest.raises(InvalidBlock, match="state root mismatch"):
        chain.import_block(Block(attrs.evolve(bad.header, state_root=b"\x00" * 32), bad.extrinsics))
    backend.close()
    with SqliteBackend(path) as reopened:
        assert reopened.root == root
        with pytest.raises(ChainError, match="already holds state"):
            new_chain(reopened)
