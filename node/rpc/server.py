"""The RPC transport: JSON-RPC 2.0 over WebSocket and over HTTP POST, on one port (Substrate's default 9944).

Each connection starts with an HTTP request. A WebSocket upgrade is handed to the `websockets` library's sans-I/O
protocol (one JSON-RPC message per text frame; subscriptions notify on the same connection); a ``POST`` is
answered with the JSON reply (no subscriptions over HTTP); anything else gets 405. Limits are Substrate's
defaults unless given: 100 connections (more are refused with 429), 15 MiB per request (an HTTP body over it gets
413; a WebSocket message over it gets the JSON-RPC error -32007, one over twice that closes the connection with
1009), 1024 subscriptions per connection (`node.rpc.api`), and a connection whose outgoing queue passes
`max_queued` messages (a client that does not read) is closed. The server listens on 127.0.0.1 unless told
otherwise (``--rpc-external``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

import attrs
from websockets.frames import Frame, Opcode
from websockets.http11 import Request
from websockets.server import ServerProtocol

from node.rpc.api import Api, Session

__all__ = ["RpcLimits", "RpcServer"]

log = logging.getLogger("parahost.rpc")
MIB = 1024 * 1024
_MAX_HEAD = 64 * 1024


@attrs.frozen
class RpcLimits:
    """Substrate's RPC defaults (``--rpc-max-connections`` and friends)."""

    max_connections: int = 100
    max_request_bytes: int = 15 * MIB
    max_response_bytes: int = 15 * MIB
    max_subscriptions: int = 1024
    max_queued: int = 16 * 1024


class RpcServer:
    """Serves `api` on (host, port); `await start()`, then `port` is the bound port, `await stop()` ends it."""

    def __init__(self, api: Api, host: str = "127.0.0.1", port: int = 9944, limits: RpcLimits | None = None) -> None:
        self.api = api
        self.host = host
        self.requested_port = port
        self.limits = limits or RpcLimits()
        self.port = port
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.requested_port,
                                                  limit=self.limits.max_request_bytes * 2 + _MAX_HEAD)  # fmt: skip
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._connections):
            task.cancel()
        if self._connections:
            await asyncio.gather(*self._connections, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()

    @property
    def connections(self) -> int:
        return len(self._connections)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is None:  # pragma: no cover - start_server always runs this in a task
            return
        self._connections.add(task)
        try:
            await self._connection(reader, writer, over_limit=len(self._connections) > self.limits.max_connections)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        except asyncio.CancelledError:
            pass
        except Exception:  # a bug in one connection's handling must not take the node down
            log.exception("RPC connection failed")
        finally:
            self._connections.discard(task)
            with contextlib.suppress(Exception):
                writer.close()

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, over_limit: bool) -> None:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            if len(head) > _MAX_HEAD:
                return await _http(writer, 431, "Request Header Fields Too Large", b"")
            method, headers = _parse_head(head)
            if method is None:
                return await _http(writer, 400, "Bad Request", b"")
            if over_limit:
                return await _http(writer, 429, "Too Many Requests", b"Too many connections\n")
            if headers.get("upgrade", "").lower() == "websocket":
                return await self._websocket(reader, writer, head)
            if method != "POST":
                return await _http(writer, 405, "Method Not Allowed", b"Use POST for JSON-RPC over HTTP\n")
            length = int(headers.get("content-length", "0") or "0")
            if length > self.limits.max_request_bytes:
                return await _http(writer, 413, "Payload Too Large", b"")
            body = await reader.readexactly(length)
            session = Session(self.api, send=lambda _msg: None, max_subscriptions=0)
            reply = self.api.handle(session, body)
            await _http(writer, 200, "OK", (reply or "").encode(), json_body=True,
                        close=headers.get("connection", "").lower() == "close")  # fmt: skip
            if headers.get("connection", "").lower() == "close":
                return

    async def _websocket(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head: bytes) -> None:
        limit = self.limits.max_request_bytes
        proto = ServerProtocol(max_size=2 * limit)
        proto.receive_data(head)
        events = proto.events_received()
        if not events or not isinstance(events[0], Request):
            return
        proto.send_response(proto.accept(events[0]))
        writer.write(b"".join(proto.data_to_send()))
        if proto.handshake_exc is not None:
            return
        queue: asyncio.Queue[str | None] = asyncio.Queue()

        def send(message: str) -> None:
            if queue.qsize() >= self.limits.max_queued:
                log.warning("RPC: closing a connection that does not read its messages")
                queue.put_nowait(None)
                return
            queue.put_nowait(message)

        session = Session(self.api, send=send, max_subscriptions=self.limits.max_subscriptions)
        pump = asyncio.create_task(_pump(queue, proto, writer))
        fragments: list[bytes] = []
        try:
            while True:
                read = asyncio.ensure_future(reader.read(65536))
                await asyncio.wait({read, pump}, return_when=asyncio.FIRST_COMPLETED)
                if not read.done():  # the pump ended: a client that does not read, or the session closed
                    read.cancel()
                    break
                data = read.result()
                if data:
                    proto.receive_data(data)
                else:
                    proto.receive_eof()
                for event in proto.events_received():
                    if not isinstance(event, Frame):
                        continue
                    if event.opcode in (Opcode.TEXT, Opcode.BINARY, Opcode.CONT):
                        fragments.append(bytes(event.data))
                        if event.fin:
                            message, fragments = b"".join(fragments), []
                            self._message(session, message, send)
                out = proto.data_to_send()
                if out:
                    writer.write(b"".join(out))
                if not data or proto.close_expected():
                    break
        finally:
            session.close()
            queue.put_nowait(None)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(pump, 5)

    def _message(self, session: Session, message: bytes, send: Any) -> None:
        if len(message) > self.limits.max_request_bytes:
            send(json.dumps({"jsonrpc": "2.0", "id": None, "error": {"code": -32007, "message": "Request is too big"}}))
            return
        reply = self.api.handle(session, message)
        if reply is not None:
            send(reply)
        session.flush_after_reply()


async def _pump(queue: asyncio.Queue[str | None], proto: ServerProtocol, writer: asyncio.StreamWriter) -> None:
    """Write the connection's queued messages in order; None ends it (closing the WebSocket)."""
    while True:
        message = await queue.get()
        if message is None:
            with contextlib.suppress(Exception):
                proto.send_close(1000)
                writer.write(b"".join(proto.data_to_send()))
                await writer.drain()
            return
        proto.send_text(message.encode())
        writer.write(b"".join(proto.data_to_send()))
        await writer.drain()


def _parse_head(head: bytes) -> tuple[str | None, dict[str, str]]:
    try:
        lines = head.decode("latin-1").split("\r\n")
        method, _path, protocol = lines[0].split(" ", 2)
    except ValueError:
        return None, {}
    if not protocol.startswith("HTTP/1."):
        return None, {}
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return method, headers


async def _http(writer: asyncio.StreamWriter, status: int, reason: str, body: bytes, json_body: bool = False,
                close: bool = True) -> None:  # fmt: skip
    kind = "application/json; charset=utf-8" if json_body else "text/plain; charset=utf-8"
    connection = "Connection: close\r\n" if close else ""
    head = (f"HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n"
            f"Access-Control-Allow-Origin: *\r\n{connection}\r\n")
    writer.write(head.encode() + body)
    await writer.drain()
