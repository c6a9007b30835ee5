"""What the JSON-RPC serving nodes share: the dev node (`node.devnode`) and the validator node
(`node.validator_node`, whose Chain subsystem is `node.host_chain`'s).

`RpcNodeParts` holds a node's temporary base path, its background tasks and RPC server, and stops them;
`report_unincludable` tells a transaction pool which of its ready transactions a built block refused for good.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import tempfile
from collections.abc import Container, Sequence

from frame import extrinsic as xt
from frame.executive import BuiltBlock
from frame.runtime import Runtime
from genesis.spec import ChainSpec
from node.rpc import RpcServer
from node.txpool import PoolTransaction, TxPool
from primitives.hashing import blake2_256
from primitives.scale import bytes_codec

__all__ = ["RpcNodeParts", "chain_type", "report_unincludable", "short"]

log = logging.getLogger("parahost")


def short(h: bytes) -> str:
    """A hash as Substrate's logs abbreviate it."""
    return f"0x{h[:2].hex()}…{h[-2:].hex()}"


def chain_type(spec: ChainSpec) -> str:
    """The spec's chain type as ``system_chainType`` reports it."""
    kind = spec.chain_type
    return kind if isinstance(kind, str) else next(iter(kind), "Development")


def report_unincludable(pool: TxPool, runtime: Runtime, ready: Sequence[PoolTransaction], built: BuiltBlock,
                        skip: Container[bytes] = ()) -> bool:  # fmt: skip
    """Report to `pool` as invalid the extrinsics `built` dropped that can never be included: a full block (or a
    gap left by one: Future) leaves a transaction for the next block (the pool revalidates it); one that does
    not fit even with nothing else of `ready` taken could never be included. Dropped extrinsics in `skip` (the
    node's own, not the pool's) are passed over. Returns whether the block took any of `ready`."""
    included = {blake2_256(bytes_codec.encode(x)) for x in built.block.extrinsics}
    took_any = any(t.hash in included for t in ready)
    invalid = []
    for item, error in built.dropped:
        inner = item if isinstance(item, bytes) else xt.encode(runtime, item)
        if inner in skip:
            continue
        full = isinstance(error, xt.ExhaustsResources)
        if (full and not took_any) or not (full or isinstance(error, xt.Future)):
            invalid.append(blake2_256(bytes_codec.encode(inner)))
    if invalid:
        log.warning("%d transaction(s) could not be included; removed from the pool", len(invalid))
        pool.report_invalid(invalid)
    return took_any


class RpcNodeParts:
    """A node's base path (a temporary folder when none is given, removed by `stop_parts`), its background
    tasks and its RPC server."""

    def __init__(self) -> None:
        self._tmp: str | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self.server: RpcServer | None = None

    @property
    def rpc_port(self) -> int:
        if self.server is None:
            raise RuntimeError("the node is not started")
        return self.server.port

    def _base_path(self, given: str | None) -> str:
        """`given`, or a new temporary folder that `_remove_tmp` removes."""
        if given is None:
            given = self._tmp = tempfile.mkdtemp(prefix="parahost-dev-")
        return given

    async def _stop_tasks_and_server(self) -> None:
        """Cancel the background tasks (waiting for each to end) and stop the RPC server."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self.server is not None:
            await self.server.stop()

    def _remove_tmp(self) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
