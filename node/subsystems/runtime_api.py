"""The Runtime API subsystem: answers `runtime_api` queries on the state of a block of the block database.

Queries run through `runtime_api.RuntimeApi` (on the state right after the child block's initialization);
answers are cached by (block, query, argument), since a block's state never changes. ``AccountNonce`` reads
``System.Account`` at the block itself (Substrate's AccountNonceApi; the runtime API package has no such
query yet). An unknown or pruned block, or a query that fails, is answered with `RuntimeApiUnavailable`.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from frame import io
from frame.backend import Backend
from frame.runtime import Runtime
from frame.state import OverlayedState
from node.db import BlockDb, BlockDbError
from node.db.shared import answer_shared
from node.db.views import TrieBackend
from node.messages import RuntimeApiMessage, RuntimeApiQuery, RuntimeApiRequest
from node.overseer import Subsystem, SubsystemContext
from primitives.errors import ParahostError
from runtime_api import RuntimeApi, RuntimeApiError

__all__ = ["RuntimeApiSubsystem", "RuntimeApiUnavailable", "account_nonce"]

_CACHE = 4096
_STATES = 16


class RuntimeApiUnavailable(ParahostError):
    """A runtime API query could not be answered at that block (unknown, pruned, or the query failed)."""


def account_nonce(runtime: Runtime, state: Backend, who: bytes) -> int:
    """The nonce of account `who` in `state` (0 for an account that does not exist)."""
    with io.using(OverlayedState(state, read_only=True), runtime):
        return int(runtime.system.Account.get(bytes(who)).nonce)


class RuntimeApiSubsystem(Subsystem):
    """Answers `RuntimeApiRequest`s from the block database `db` (shared read-only with Chain)."""

    name = "runtime-api"
    handles = (RuntimeApiMessage,)

    def __init__(self, db: BlockDb, runtime: Runtime) -> None:
        self.db = db
        self.runtime = runtime
        self._answers: OrderedDict[tuple[bytes, RuntimeApiQuery, Any], Any] = OrderedDict()
        self._states: OrderedDict[bytes, TrieBackend] = OrderedDict()

    async def run(self, ctx: SubsystemContext) -> None:
        while True:
            message = await ctx.recv()
            if isinstance(message, RuntimeApiRequest) and not message.reply.done():
                try:
                    message.reply.set_result(self.answer(message.relay_parent, message.query, message.arg))
                except RuntimeApiUnavailable as e:
                    message.reply.set_exception(e)

    def answer(self, block: bytes, query: RuntimeApiQuery, arg: Any) -> Any:
        key = (block, query, arg)
        if key in self._answers:
            self._answers.move_to_end(key)
            return self._answers[key]
        if self.db.header(block) is None:  # unknown here: refused by name, whatever other nodes know
            value = self._compute(block, query, arg)
        else:
            value = answer_shared(self.runtime, block, query, arg, lambda: self._compute(block, query, arg))
        self._answers[key] = value
        if len(self._answers) > _CACHE:
            self._answers.popitem(last=False)
        return value

    def _state(self, block: bytes) -> TrieBackend:
        state = self._states.get(block)
        if state is None:
            state = self.db.state_at(block)
            self._states[block] = state
            if len(self._states) > _STATES:
                self._states.popitem(last=False)
        return state

    def _compute(self, block: bytes, query: RuntimeApiQuery, arg: Any) -> Any:
        header = self.db.header(block)
        if header is None:
            raise RuntimeApiUnavailable(f"{query.value}: unknown block 0x{block.hex()}")
        try:
            state = self._state(block)
            if query is RuntimeApiQuery.AccountNonce:
                return account_nonce(self.runtime, state, bytes(arg))
            api = RuntimeApi(self.runtime, state, header)
            method = getattr(api, query.value)
            if arg is None:
                return method()
            return method(*arg) if isinstance(arg, tuple) else method(arg)
        except (RuntimeApiError, BlockDbError) as e:
            raise RuntimeApiUnavailable(f"{query.value} at #{header.number}: {e}") from e
