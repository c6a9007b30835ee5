"""Bad input: each a JSON-RPC error (or an HTTP status), the node keeps running, chain and pool unchanged."""

import pytest
import websocket

from frame.system import System
from node.rpc import RpcLimits
from primitives.scale import bytes_codec
from tests.node.rpc.support import NodeThread, Ws, http


@pytest.fixture
def unchanged(node, ws):
    before = ws.result("chain_getBlockHash"), ws.result("author_pendingExtrinsics")
    yield
    assert (ws.result("chain_getBlockHash"), ws.result("author_pendingExtrinsics")) == before


def test_malformed_and_invalid_requests(ws, unchanged):
    assert ws.send_raw("{not json")["error"]["code"] == -32700
    assert ws.send_raw("[]")["error"]["code"] == -32600
    assert ws.send_raw('{"jsonrpc":"1.0","id":1,"method":"system_chain"}')["error"]["code"] == -32600
    assert ws.send_raw('"just a string"')["error"]["code"] == -32600
    batch = ws.send_raw('[{"jsonrpc":"2.0","id":1,"method":"system_chain"},{"jsonrpc":"2.0","id":2,"method":"x"}]')
    assert batch[0]["result"] == "Development" and batch[1]["error"]["code"] == -32601


def test_unknown_methods_and_wrong_params(ws, unchanged):
    assert ws.request("no_suchMethod")["error"] == {"code": -32601, "message": "Method not found",
                                                   "data": "no_suchMethod"}
    for method, params in [("chain_getBlockHash", ["zz"]), ("chain_getBlockHash", [-1]), ("chain_getHeader", ["0x12"]),
                           ("state_getStorage", []), ("state_getStorage", ["nothex"]), ("state_call", [5, "0x"]),
                           ("system_accountNextIndex", ["not-an-address"]), ("state_getKeysPaged", ["0x", -1]),
                           ("state_queryStorageAt", ["0x"]), ("author_submitExtrinsic", [])]:
        assert ws.request(method, params)["error"]["code"] == -32602, (method, params)
    assert ws.request("system_chain", {"named": 1})["error"]["code"] == -32602
    assert ws.request("state_getStorage", ["0x00", "0x" + "11" * 32])["error"]["code"] == 4003  # unknown block


def test_invalid_and_duplicate_transactions(ws, node, unchanged):
    assert ws.request("author_submitExtrinsic", ["0xff"])["error"]["code"] == 1001  # not even SCALE bytes
    assert ws.request("author_submitExtrinsic", ["0x0c04ffff"])["error"]["code"] == 1001  # no such call
    runtime = node.node.client.runtime
    inherent_like = "0x" + bytes_codec.encode(b"\x04" + runtime.encode_call(System.tx.remark(b"x"))).hex()
    first = ws.request("author_submitExtrinsic", [inherent_like])["error"]
    assert first == {"code": 1011, "message": "Unknown Transaction Validity",
                     "data": "Could not find an unsigned validator for the unsigned transaction"}
    again = ws.request("author_submitAndWatchExtrinsic", [inherent_like])["error"]
    assert again["code"] == 1012  # banned once found invalid
    assert ws.request("author_unwatchExtrinsic", ["nope"]) == {"jsonrpc": "2.0", "id": ws.next_id, "result": False}


def test_oversized_requests_and_http_errors():
    n = NodeThread(RpcLimits(max_request_bytes=1024))
    try:
        ws = Ws(n.url)
        big = '{"jsonrpc":"2.0","id":1,"method":"system_chain","params":["' + "a" * 1500 + '"]}'
        assert ws.send_raw(big)["error"]["code"] == -32007
        assert ws.result("system_chain") == "Development"  # the connection is still usable
        ws.sock.send("x" * 5000)  # past twice the limit: the connection is closed
        with pytest.raises((websocket.WebSocketException, ConnectionError, OSError)):
            while True:  # the close frame reads as "", then the socket is gone
                if not ws.sock.recv():
                    raise ConnectionError("closed")
        assert http(n.port, big)[0] == 413
        assert http(n.port, "{broken")[1]["error"]["code"] == -32700
        again = Ws(n.url)
        assert again.result("system_chain") == "Development"
        again.close()
    finally:
        n.stop()
