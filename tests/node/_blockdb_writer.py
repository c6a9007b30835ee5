"""A block-database writer for the crash tests, run as a subprocess: ``python -m tests.node._blockdb_writer DIR MODE``.

``loop``: author blocks for ever, printing each block's number and hash after its commit.
``die-in-commit``: author two blocks, then SIGKILL itself inside the third block's transaction, after every
write and just before COMMIT.
"""

from __future__ import annotations

import os
import signal
import sys

from node.db import BlockDb
from node.db import store as store_module
from tests.genesis.support import local, runtime

_exit = store_module._Transaction.__exit__


def _die_before_commit(self: object, exc_type: object, exc: object, tb: object) -> None:
    if exc_type is None:
        os.kill(os.getpid(), signal.SIGKILL)
    _exit(self, exc_type, exc, tb)  # type: ignore[arg-type]


def main(db_dir: str, mode: str) -> None:
    with BlockDb.open(db_dir, local(2, 1), runtime()) as db:
        blocks = 0
        while True:
            if mode == "die-in-commit" and blocks == 2:
                store_module._Transaction.__exit__ = _die_before_commit  # type: ignore[method-assign]
            built = db.build_block()
            imported = db.import_block(built.block, built)
            blocks += 1
            print(imported.header.number, imported.hash.hex(), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
