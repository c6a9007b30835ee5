"""A PVF worker that fails its first N execute requests (counted across processes in a file), then works.

Run as a script by `PvfHost(worker_argv=...)`. Environment: ``FAILING_WORKER_COUNTER`` (a file path),
``FAILING_WORKER_FAILURES`` (N) and ``FAILING_WORKER_MODE``: ``exit`` (the process dies mid-request) or
``error`` (it replies with an error of its own).
"""

import os
import sys
from pathlib import Path

from node.pvf import worker


def handle(header, blobs, state):
    if header.get("op") == "execute":
        counter = Path(os.environ["FAILING_WORKER_COUNTER"])
        failed = int(counter.read_text() or "0") if counter.exists() else 0
        if failed < int(os.environ["FAILING_WORKER_FAILURES"]):
            counter.write_text(str(failed + 1))
            if os.environ.get("FAILING_WORKER_MODE", "exit") == "exit":
                os._exit(70)
            raise RuntimeError("the worker's own failure")
    return worker.handle(header, blobs, state)


if __name__ == "__main__":
    sys.exit(worker.main(handle))
