"""Subscriptions: heads (three new blocks), storage, runtime version; a client leaving mid-subscription; two
clients at once; the per-connection limit."""

import json

from node.rpc import RpcLimits
from primitives.hashing import twox_128
from tests.node.rpc.support import NodeThread, Ws

NUMBER_KEY = "0x" + (twox_128(b"System") + twox_128(b"Number")).hex()


def test_three_new_heads_on_every_alias(ws, node):
    subs = {name: ws.result(name) for name in ("chain_subscribeNewHeads", "chain_subscribeNewHead",
                                               "chain_subscribeAllHeads", "chain_subscribeFinalizedHeads",
                                               "chain_subscribeFinalisedHeads")}  # fmt: skip
    method = {"chain_subscribeNewHeads": "chain_newHead", "chain_subscribeNewHead": "chain_newHead",
              "chain_subscribeAllHeads": "chain_allHead", "chain_subscribeFinalizedHeads": "chain_finalizedHead",
              "chain_subscribeFinalisedHeads": "chain_finalizedHead"}  # fmt: skip
    start = int(ws.result("chain_getHeader")["number"], 16)
    for name, sub in subs.items():  # the current head comes first
        first = ws.notification(sub)
        assert first["method"] == method[name] and int(first["params"]["result"]["number"], 16) == start
    for _ in range(3):
        node.call(node.node.seal)
    for name, sub in subs.items():
        numbers = []
        for _ in range(3):
            n = ws.notification(sub)
            assert n["jsonrpc"] == "2.0" and "id" not in n and n["method"] == method[name]
            numbers.append(int(n["params"]["result"]["number"], 16))
        assert numbers == [start + 1, start + 2, start + 3]
    for name, sub in subs.items():
        assert ws.result(name.replace("subscribe", "unsubscribe"), [sub]) is True
    assert ws.result("chain_unsubscribeNewHeads", [sub]) is False  # already gone: false, never an error


def test_storage_and_runtime_version_subscriptions(ws, node):
    sub = ws.result("state_subscribeStorage", [[NUMBER_KEY, "0x1234"]])
    first = ws.notification(sub)["params"]["result"]
    assert [k for k, _ in first["changes"]] == [NUMBER_KEY, "0x1234"] and first["changes"][1][1] is None
    node.call(node.node.seal)
    change = ws.notification(sub)
    assert change["method"] == "state_storage"
    assert change["params"]["result"]["changes"][0][0] == NUMBER_KEY and len(change["params"]["result"]["changes"]) == 1
    version = ws.result("state_subscribeRuntimeVersion")
    assert ws.notification(version)["params"]["result"]["specName"] == "parachain-host"
    assert ws.result("state_unsubscribeStorage", [sub]) is True
    assert ws.result("state_unsubscribeRuntimeVersion", [version]) is True


def test_a_client_leaving_mid_subscription_and_two_clients(node):
    leaving, staying = Ws(node.url), Ws(node.url)
    gone = leaving.result("chain_subscribeNewHeads")
    kept = staying.result("chain_subscribeNewHeads")
    leaving.notification(gone)
    staying.notification(kept)
    leaving.close()
    node.call(node.node.seal)
    node.call(node.node.seal)
    assert staying.notification(kept)["params"]["result"]["number"]
    assert staying.notification(kept)["params"]["result"]["number"]
    assert staying.result("system_health")["peers"] == 0
    staying.close()


def test_subscriptions_beyond_the_limit_are_refused():
    n = NodeThread(RpcLimits(max_subscriptions=3))
    try:
        ws = Ws(n.url)
        subs = [ws.result("chain_subscribeNewHeads") for _ in range(3)]
        error = ws.request("chain_subscribeNewHeads")["error"]
        assert error["code"] == -32006
        assert ws.result("chain_unsubscribeNewHeads", [subs[0]]) is True
        assert isinstance(ws.result("chain_subscribeNewHeads"), str)  # room again
        assert json.loads(json.dumps(ws.result("system_chain"))) == "Development"
        ws.close()
    finally:
        n.stop()


def test_storage_subscription_without_keys_sends_every_change(ws, node):
    for params in ([], [None]):
        sub = ws.result("state_subscribeStorage", params)
        node.call(node.node.seal)
        result = ws.notification(sub)["params"]["result"]  # no initial set: the first is the block's changes
        best = node.call(lambda: node.node.client.best_hash)
        assert result["block"] == "0x" + best.hex()
        changes = dict(result["changes"])
        assert NUMBER_KEY in changes and changes == {k: v for k, v in sorted(changes.items())}
        state = node.call(lambda b=best: node.node.client.state(b))
        assert all(v == (None if state.get(bytes.fromhex(k[2:])) is None else
                         "0x" + state.get(bytes.fromhex(k[2:])).hex()) for k, v in changes.items())  # fmt: skip
        assert ws.result("state_unsubscribeStorage", [sub]) is True
