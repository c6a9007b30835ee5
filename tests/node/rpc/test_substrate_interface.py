"""py-substrate-interface, unmodified, against the dev node: connect, read storage, page a map, subscribe to new
heads, call a runtime API."""

import pytest

from primitives.crypto import dev_keypair

substrateinterface = pytest.importorskip("substrateinterface")

ALICE = dev_keypair("Alice")


@pytest.fixture
def substrate(node):
    s = substrateinterface.SubstrateInterface(url=node.url)
    yield s
    s.close()


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
