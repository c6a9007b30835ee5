"""py-substrate-interface, unmodified, against the dev node: connect, read storage, page a map, subscribe to new
heads, call a runtime API, submit a signed System.remark and wait for its inclusion; the raw watch stream."""

import pytest

from primitives.crypto import dev_keypair

substrateinterface = pytest.importorskip("substrateinterface")

ALICE = dev_keypair("Alice")


def test_connect_and_read_storage(substrate, node):
    assert substrate.chain == "Development"
    assert substrate.ss58_format == 42
    node.call(node.node.seal)
    number = substrate.query("System", "Number").value
    assert number == node.call(lambda: node.node.client.best_header().number)
    account = substrate.query("System", "Account", [ALICE.ss58_address]).value
    assert account["nonce"] == 0 and account["providers"] >= 1


def test_query_map_pages(substrate):
    entries = list(substrate.query_map("System", "Account", page_size=1))
    who = {key.value for key, _ in entries}
    assert ALICE.ss58_address in who
    assert all(value.value["nonce"] == 0 for _, value in entries)


def test_subscribe_new_heads(substrate, node):
    seen = []

    def handler(header, update_nr, subscription_id):
        seen.append(header["header"]["number"])
        if len(seen) == 3:
            return seen
        node.loop.call_soon_threadsafe(node.node.seal)  # the next head

    start = node.call(lambda: node.node.client.best_header().number)
    result = substrate.subscribe_block_headers(handler)
    assert result[0] >= start and result == sorted(result)


def test_runtime_api_call(substrate):
    nonce = substrate.runtime_call("AccountNonceApi", "account_nonce", [ALICE.ss58_address])
    assert nonce.value == 0
    version = substrate.runtime_call("Core", "version", [])
    assert version.value["spec_name"] == "parachain-host"


def test_signed_remark_is_included_with_its_success_event(substrate, node):
    alice = substrateinterface.Keypair.create_from_uri("//Alice")
    nonce = substrate.get_account_nonce(alice.ss58_address)
    call = substrate.compose_call("System", "remark", {"remark": "0x1234"})
    receipt = substrate.submit_extrinsic(substrate.create_signed_extrinsic(call, alice), wait_for_inclusion=True)
    assert receipt.is_success, receipt.error_message
    assert any(e.value["event_id"] == "ExtrinsicSuccess" for e in receipt.triggered_events)
    assert substrate.query("System", "Account", [alice.ss58_address]).value["nonce"] == nonce + 1


def test_watch_statuses_and_duplicates_over_raw_json_rpc(substrate, node, ws):
    call = substrate.compose_call("System", "remark", {"remark": "0x99"})
    signed = str(substrate.create_signed_extrinsic(call, substrateinterface.Keypair.create_from_uri("//Alice")).data)
    sub = ws.result("author_submitAndWatchExtrinsic", [signed])
    statuses = [ws.notification(sub)["params"]["result"]]
    while not (isinstance(statuses[-1], dict) and "finalized" in statuses[-1]):
        statuses.append(ws.notification(sub)["params"]["result"])
    assert statuses[0] == "ready" and "inBlock" in statuses[1]
    assert statuses[1]["inBlock"] == statuses[2]["finalized"]
    block = ws.result("chain_getBlock", [statuses[1]["inBlock"]])["block"]
    assert signed in block["extrinsics"]
    assert ws.request("author_submitExtrinsic", [signed])["error"]["code"] == 1012  # included: banned
    before = ws.result("chain_getBlockHash")
    forged = signed[:-4] + ("00" if signed[-4:-2] != "00" else "01") + signed[-2:]  # another call byte: bad proof
    assert ws.request("author_submitExtrinsic", [forged])["error"]["code"] in (1001, 1010)
    assert ws.result("chain_getBlockHash") == before and ws.result("author_pendingExtrinsics") == []
