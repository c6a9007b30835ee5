"""Load: 1,000 signed transactions from 10 accounts (100 consecutive nonces each) submitted concurrently over
several WebSocket connections, some ahead of their predecessor (queued as future), are all included, each
account's in nonce order. Bounded by generous timeouts only."""

import threading
import time

import pytest

from primitives.hashing import blake2_256
from primitives.scale import bytes_codec
from tests.node.rpc.support import TIMEOUT, Ws

substrateinterface = pytest.importorskip("substrateinterface")

ACCOUNTS, PER_ACCOUNT = 10, 100


def _signed(substrate, key, nonce, call):
    return str(substrate.create_signed_extrinsic(call, key, nonce=nonce).data)


def test_thousand_transactions_from_ten_accounts(node):
    substrate = substrateinterface.SubstrateInterface(url=node.url)
    alice = substrateinterface.Keypair.create_from_uri("//Alice")
    keys = [substrateinterface.Keypair.create_from_uri(f"//Load{i}") for i in range(ACCOUNTS)]
    for k in keys:
        call = substrate.compose_call("Balances", "transfer_keep_alive", {"dest": k.ss58_address, "value": 10**15})
        receipt = substrate.submit_extrinsic(substrate.create_signed_extrinsic(call, alice), wait_for_inclusion=True)
        assert receipt.is_success, receipt.error_message
    start = node.call(lambda: node.node.client.best_header().number)
    remark = substrate.compose_call("System", "remark", {"remark": "0x6c6f6164"})
    signed = {i: [_signed(substrate, k, n, remark) for n in range(PER_ACCOUNT)] for i, k in enumerate(keys)}
    substrate.close()
    who = {blake2_256(bytes.fromhex(x[2:])): (i, n) for i, xs in signed.items() for n, x in enumerate(xs)}
    errors: list[object] = []

    def submit(account_ids):
        ws = Ws(node.url)
        try:
            for i in account_ids:
                xs = signed[i]
                order = [n ^ 1 for n in range(PER_ACCOUNT)]  # 1, 0, 3, 2, ...: every odd nonce waits as future
                for n in order:
                    reply = ws.request("author_submitExtrinsic", [xs[n]])
                    if "error" in reply:
                        errors.append((i, n, reply["error"]))
        finally:
            ws.close()

    threads = [threading.Thread(target=submit, args=([i, i + ACCOUNTS // 2],)) for i in range(ACCOUNTS // 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT * 5)
    assert not errors, errors[:5]
    deadline = time.monotonic() + TIMEOUT * 5
    while node.call(lambda: len(node.node.pool)) and time.monotonic() < deadline:
        time.sleep(0.5)
    client = node.node.client
    assert node.call(lambda: [client.account_nonce(k.public_key) for k in keys]) == [PER_ACCOUNT] * ACCOUNTS
    seen: dict[int, list[int]] = {i: [] for i in range(ACCOUNTS)}
    blocks = node.call(lambda: [client.block(h.hash()) for h in client.iter_best_chain(start + 1)])
    for block in blocks:
        for x in block.extrinsics:
            found = who.get(blake2_256(bytes_codec.encode(x)))
            if found is not None:
                seen[found[0]].append(found[1])
    assert seen == {i: list(range(PER_ACCOUNT)) for i in range(ACCOUNTS)}


def test_a_full_block_leaves_the_rest_in_the_pool_for_the_next(node, monkeypatch):
    """The author's block takes two transactions and reports the rest as ExhaustsResources (a full block): they
    stay in the pool (not "invalid", not banned) and go into the next blocks."""
    from frame import extrinsic as xt
    from frame.executive import BuiltBlock

    client = node.node.client
    real = client.author_block

    def two_per_block(extrinsics=()):
        extrinsics = list(extrinsics)
        note, built = real(extrinsics[:2])
        rest = tuple((x, xt.ExhaustsResources("the block is full")) for x in extrinsics[2:])
        return note, BuiltBlock(built.block, built.state, built.dropped + rest)

    substrate = substrateinterface.SubstrateInterface(url=node.url)
    key = substrateinterface.Keypair.create_from_uri("//Bob")
    nonce = substrate.get_account_nonce(key.ss58_address)
    remark = substrate.compose_call("System", "remark", {"remark": "0x66756c6c"})
    xs = [_signed(substrate, key, nonce + n, remark) for n in range(5)]
    substrate.close()
    monkeypatch.setattr(client, "author_block", two_per_block)
    start = node.call(lambda: client.best_header().number)
    hashes = node.call(lambda: [node.node.pool.submit(bytes.fromhex(x[2:])) for x in xs])
    deadline = time.monotonic() + TIMEOUT
    while node.call(lambda: len(node.node.pool)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert node.call(lambda: client.account_nonce(key.public_key)) == nonce + 5
    blocks = node.call(lambda: [client.block(h.hash()) for h in client.iter_best_chain(start + 1)])
    included = [blake2_256(bytes_codec.encode(x)) for b in blocks for x in b.extrinsics]
    assert [h for h in included if h in hashes] == hashes
    assert len(blocks) >= 3  # two, two, one
