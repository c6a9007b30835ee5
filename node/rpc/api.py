"""JSON-RPC 2.0 framing, independent of the transport: requests, replies, errors, sessions and subscriptions.

`Api.handle(session, text)` takes one message (a request, a notification or a batch) and returns the reply text
(None when nothing is to be answered). Errors carry JSON-RPC's and Substrate's codes: -32700 parse error, -32600
invalid request, -32601 method not found (also for an unsafe method when only safe ones are allowed), -32602
invalid params, -32603 internal error, -32006 too many subscriptions on the connection; the method families add
their own (1010... for the pool, 4000 for state errors). A `Session` is one connection: it sends notifications,
holds at most `max_subscriptions` subscriptions (0 over HTTP: none) and cancels them all when it closes.
"""

from __future__ import annotations

import json
import logging
import secrets
import string
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["Api", "Method", "RpcError", "Session", "invalid_params"]

log = logging.getLogger("parahost.rpc")
_ID_CHARS = string.ascii_letters + string.digits


class RpcError(Exception):
    """A JSON-RPC error reply: code, message and optional data."""

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(f"{code}: {message}" + (f" ({data})" if data is not None else ""))
        self.code, self.message, self.data = code, message, data

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.data is not None:
            out["data"] = self.data
        return out


def invalid_params(why: str) -> RpcError:
    return RpcError(-32602, "Invalid params", why)


Handler = Callable[["Session", list[Any]], Any]


@attrs.frozen
class Method:
    """A served method: its handler (session, positional params) -> JSON result, and whether it is unsafe."""

    handler: Handler
    unsafe: bool = False


class Session:
    """One connection: `send` writes a message to it; subscriptions live until unsubscribed or closed."""

    def __init__(self, api: Api, send: Callable[[str], None], max_subscriptions: int) -> None:
        self.api = api
        self._send = send
        self.max_subscriptions = max_subscriptions
        self.subscriptions: dict[str, Callable[[], None]] = {}
        self._after_reply: list[Callable[[], None]] = []
        self.closed = False

    def notify(self, method: str, sub_id: str, result: Any) -> None:
        if not self.closed and sub_id in self.subscriptions:
            message = {"jsonrpc": "2.0", "method": method, "params": {"subscription": sub_id, "result": result}}
            self._send(json.dumps(message, separators=(",", ":")))

    def subscribe(self) -> str:
        """A new subscription id (its canceller is set with `on_cancel`); -32006 past the limit."""
        if self.max_subscriptions == 0:
            raise RpcError(-32601, "Method not found", "subscriptions need a WebSocket connection")
        if len(self.subscriptions) >= self.max_subscriptions:
            raise RpcError(-32006, "Too many subscriptions on the connection",
                           f"at most {self.max_subscriptions} per connection")  # fmt: skip
        sub_id = "".join(secrets.choice(_ID_CHARS) for _ in range(16))
        self.subscriptions[sub_id] = lambda: None
        return sub_id

    def on_cancel(self, sub_id: str, cancel: Callable[[], None]) -> None:
        self.subscriptions[sub_id] = cancel

    def unsubscribe(self, sub_id: Any) -> bool:
        cancel = self.subscriptions.pop(sub_id, None) if isinstance(sub_id, str) else None
        if cancel is None:
            return False
        cancel()
        return True

    def after_reply(self, fn: Callable[[], None]) -> None:
        """Run `fn` once the reply to the current request is sent (a subscription's first notification)."""
        self._after_reply.append(fn)

    def flush_after_reply(self) -> None:
        pending, self._after_reply = self._after_reply, []
        for fn in pending:
            fn()

    def close(self) -> None:
        self.closed = True
        for cancel in list(self.subscriptions.values()):
            cancel()
        self.subscriptions.clear()


class Api:
    """The method table and the JSON-RPC 2.0 rules around it."""

    def __init__(self, methods: dict[str, Method], allow_unsafe: bool) -> None:
        self.methods = methods
        self.allow_unsafe = allow_unsafe

    def handle(self, session: Session, text: bytes | str) -> str | None:
        try:
            request = json.loads(text)
        except (ValueError, UnicodeDecodeError):
            return _dump(_error(None, RpcError(-32700, "Parse error")))
        if isinstance(request, list):
            if not request:
                return _dump(_error(None, RpcError(-32600, "Invalid request", "empty batch")))
            replies = [r for r in (self._one(session, item) for item in request) if r is not None]
            return _dump(replies) if replies else None
        reply = self._one(session, request)
        return None if reply is None else _dump(reply)

    def _one(self, session: Session, request: Any) -> dict[str, Any] | None:
        if not isinstance(request, dict):
            return _error(None, RpcError(-32600, "Invalid request"))
        rid = request.get("id")
        if request.get("jsonrpc") != "2.0" or not isinstance(request.get("method"), str) or \
                not (rid is None or isinstance(rid, (int, str))) or isinstance(rid, bool):  # fmt: skip
            return _error(rid if isinstance(rid, (int, str)) else None, RpcError(-32600, "Invalid request"))
        try:
            result = self.call(session, request["method"], request.get("params"))
        except RpcError as e:
            return None if "id" not in request else _error(rid, e)
        if "id" not in request:  # a notification: no reply
            return None
        return {"jsonrpc": "2.0", "id": rid, "result": result}

    def call(self, session: Session, name: str, params: Any) -> Any:
        method = self.methods.get(name)
        if method is None:
            raise RpcError(-32601, "Method not found", name)
        if method.unsafe and not self.allow_unsafe:
            raise RpcError(-32601, "RPC call is unsafe to be called externally", name)
        if params is None:
            params = []
        if not isinstance(params, list):
            raise invalid_params("params must be a list of positional arguments")
        try:
            return method.handler(session, params)
        except RpcError:
            raise
        except Exception as e:  # a handler bug answers -32603 and leaves the node running
            log.exception("RPC %s failed", name)
            raise RpcError(-32603, "Internal error", f"{type(e).__name__}: {e}") from None


def _error(rid: Any, e: RpcError) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": rid, "error": e.to_json()}


def _dump(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))
