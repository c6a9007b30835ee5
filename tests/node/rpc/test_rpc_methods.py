"""Every served method over raw JSON-RPC (WebSocket and HTTP), shapes as reference/substrate-rpc.md §3 shows."""

import re

from frame import extrinsic as xt
from frame.block import Header
from frame.metadata_v14 import metadata_v14
from frame.system import System
from frame.version import api_id
from pallets.transaction_payment.types import RuntimeDispatchInfo
from primitives.crypto import dev_keypair
from primitives.hashing import blake2_256, twox_128
from primitives.scale import bytes_codec, u32
from primitives.types import codec_of
from tests.node.rpc.support import http_call

HASH = re.compile(r"0x[0-9a-f]{64}")
ALICE = dev_keypair("Alice")
NUMBER_KEY = "0x" + (twox_128(b"System") + twox_128(b"Number")).hex()
ACCOUNT_PREFIX = "0x" + (twox_128(b"System") + twox_128(b"Account")).hex()


def test_rpc_methods_lists_every_name_and_alias(ws):
    result = ws.result("rpc_methods")
    assert result["version"] == 1
    names = set(result["methods"])
    for name in ("chain_subscribeNewHead", "chain_subscribeNewHeads", "chain_unsubscribeNewHead", "chain_getHead",
                 "chain_getFinalisedHead", "chain_subscribeFinalisedHeads", "state_getStorageAt", "state_call",
                 "author_submitAndWatchExtrinsic", "author_unwatchExtrinsic", "state_subscribeRuntimeVersion",
                 "chain_subscribeRuntimeVersion", "system_accountNextIndex", "rpc_methods"):
        assert name in names
    assert {"payment_queryInfo", "payment_queryFeeDetails"} <= names  # the runtime has TransactionPayment


def test_system_methods(ws, node):
    assert ws.result("system_chain") == "Development"
    assert ws.result("system_name") == "parahost"
    assert isinstance(ws.result("system_version"), str)
    assert ws.result("system_chainType") == "Development"
    assert ws.result("system_properties") == {"ss58Format": 42, "tokenDecimals": 12, "tokenSymbol": "UNIT"}
    assert ws.result("system_health") == {"peers": 0, "isSyncing": False, "shouldHavePeers": False}
    assert ws.result("system_accountNextIndex", [ALICE.ss58_address]) == 0
    assert ws.result("system_accountNextIndex", ["0x" + ALICE.public_key.hex()]) == 0
    assert ws.result("system_peers") == []
    assert isinstance(ws.result("system_localPeerId"), str)
    assert ws.result("system_nodeRoles") == ["Authority"]
    sync = ws.result("system_syncState")
    assert sync["currentBlock"] == sync["highestBlock"] >= 0


def test_chain_hashes_headers_and_blocks(ws, node):
    node.call(node.node.seal)
    best = ws.result("chain_getBlockHash")
    assert HASH.fullmatch(best)
    assert ws.result("chain_getHead") == best
    assert ws.result("chain_getBlockHash", [None]) == best
    genesis = ws.result("chain_getBlockHash", [0])
    assert genesis == "0x" + node.node.client.genesis_hash.hex()
    assert ws.result("chain_getBlockHash", ["0x0"]) == genesis
    assert ws.result("chain_getBlockHash", [10**6]) is None
    assert ws.result("chain_getFinalizedHead") == ws.result("chain_getFinalisedHead") == best  # instant finality
    header = ws.result("chain_getHeader", [best])
    assert set(header) == {"parentHash", "number", "stateRoot", "extrinsicsRoot", "digest"}
    assert re.fullmatch(r"0x[0-9a-f]+", header["number"]) and int(header["number"], 16) >= 1
    assert header["digest"] == {"logs": []}
    # the JSON re-encodes to the header the node hashes
    raw = {k: bytes.fromhex(header[k][2:]) for k in ("parentHash", "stateRoot", "extrinsicsRoot")}
    h = Header(raw["parentHash"], int(header["number"], 16), raw["stateRoot"], raw["extrinsicsRoot"])
    assert "0x" + blake2_256(codec_of(Header).encode(h)).hex() == best
    assert ws.result("chain_getHeader") == header
    assert ws.result("chain_getHeader", ["0x" + "11" * 32]) is None
    block = ws.result("chain_getBlock", [best])
    assert block["justifications"] is None and block["block"]["header"] == header
    xts = block["block"]["extrinsics"]
    assert xts and all(x.startswith("0x") for x in xts)  # the mandatory inherent, with its length prefix
    assert ws.result("chain_getBlock", ["0x" + "11" * 32]) is None


def test_state_reads_at_best_and_at_earlier_blocks(ws, node):
    node.call(node.node.seal)
    best = ws.result("chain_getBlockHash")
    number = int(ws.result("chain_getHeader", [best])["number"], 16)
    value = ws.result("state_getStorage", [NUMBER_KEY])
    assert value == "0x" + number.to_bytes(4, "little").hex()
    assert ws.result("state_getStorageAt", [NUMBER_KEY, best]) == value
    parent = ws.result("chain_getBlockHash", [number - 1])
    assert ws.result("state_getStorage", [NUMBER_KEY, parent]) == "0x" + (number - 1).to_bytes(4, "little").hex()
    assert ws.result("state_getStorage", ["0x1234"]) is None
    assert ws.result("state_getStorageHash", [NUMBER_KEY]) == "0x" + blake2_256(bytes.fromhex(value[2:])).hex()
    assert ws.result("state_getStorageSize", [NUMBER_KEY]) == 4
    pairs = ws.result("state_queryStorageAt", [[NUMBER_KEY, "0x1234"], parent])
    assert pairs == [{"block": parent, "changes": [[NUMBER_KEY, "0x" + (number - 1).to_bytes(4, "little").hex()],
                                                    ["0x1234", None]]}]


def test_keys_paged(ws):
    first = ws.result("state_getKeysPaged", [ACCOUNT_PREFIX, 1, ACCOUNT_PREFIX])
    assert len(first) == 1 and first[0].startswith(ACCOUNT_PREFIX)
    everything = ws.result("state_getKeysPaged", [ACCOUNT_PREFIX, 100])
    assert everything == sorted(everything) and everything[0] == first[0]
    rest = ws.result("state_getKeysPaged", [ACCOUNT_PREFIX, 100, first[0]])
    assert rest == everything[1:]
    assert any(k.endswith(ALICE.public_key.hex()) for k in everything)  # Blake2_128Concat keeps the account
    error = ws.request("state_getKeysPaged", [ACCOUNT_PREFIX, 1001])["error"]
    assert error["code"] == 4002


def test_runtime_version_metadata_and_calls(ws, node):
    version = ws.result("state_getRuntimeVersion")
    assert version["specName"] == "parachain-host" and version["stateVersion"] == 1
    assert ["0x" + api_id("Core").hex(), 4] in version["apis"]
    genesis = ws.result("chain_getBlockHash", [0])
    assert ws.result("state_getRuntimeVersion", [genesis]) == version == ws.result("chain_getRuntimeVersion")
    metadata = ws.result("state_getMetadata")
    assert metadata == "0x" + metadata_v14(node.node.client.runtime).hex() and metadata.startswith("0x6d6574610e")
    assert ws.result("state_getMetadata", [genesis]) == metadata
    core = ws.result("state_call", ["Core_version", "0x"])
    assert core.startswith("0x38" + b"parachain-host".hex())
    assert ws.result("state_call", ["Metadata_metadata_versions", "0x"]) == "0x080e0000000f000000"
    assert ws.result("state_call", ["Metadata_metadata_at_version", "0x0e000000"]).startswith("0x01")
    nonce = ws.result("state_call", ["AccountNonceApi_account_nonce", "0x" + ALICE.public_key.hex(), genesis])
    assert nonce == "0x00000000"
    validators = ws.result("state_call", ["ParachainHost_validators", "0x"])
    assert validators == "0x04" + ALICE.public_key.hex()
    assert ws.result("state_call", ["ParachainHost_validation_code", "0x64000000"]).startswith("0x01")
    for name in ("ParachainHost_validator_groups", "ParachainHost_availability_cores",
                 "ParachainHost_global_validation_schedule", "ParachainHost_session_index_for_child",
                 "ParachainHost_candidate_events"):
        assert ws.result("state_call", [name, "0x"]).startswith("0x")
    runtime, genesis_hash = node.node.client.runtime, node.node.client.genesis_hash
    remark = xt.sign(runtime, System.tx.remark(b"hi"), ALICE, 0, genesis_hash)
    signed = bytes_codec.encode(xt.encode(runtime, remark))  # as in a block: its length prefix included
    args = "0x" + (signed + u32.encode(len(signed))).hex()  # (extrinsic, its length as u32)
    info = ws.result("state_call", ["TransactionPaymentApi_query_info", args])
    decoded = codec_of(RuntimeDispatchInfo).decode(bytes.fromhex(info[2:]))
    weight = {"ref_time": decoded.weight.ref_time, "proof_size": decoded.weight.proof_size}
    assert decoded.dispatch_class == 0 and decoded.partial_fee > 0 and weight["ref_time"] > 0  # a signed one pays
    queried = ws.result("payment_queryInfo", ["0x" + signed.hex()])
    assert queried == {"weight": weight, "class": "normal", "partialFee": str(decoded.partial_fee)}
    missing = ws.request("state_call", ["TransactionPaymentApi_no_such_method", "0x"])["error"]
    assert missing["code"] == 4003 and "TransactionPaymentApi_no_such_method" in missing["message"]
    bad_args = ws.request("state_call", ["AccountNonceApi_account_nonce", "0x00"])["error"]
    assert bad_args["code"] == 4003


def test_the_same_methods_over_http(node):
    reply = http_call(node.port, "chain_getBlockHash", [0])
    assert reply == {"jsonrpc": "2.0", "id": 1, "result": "0x" + node.node.client.genesis_hash.hex()}
    assert http_call(node.port, "system_chain")["result"] == "Development"
    assert http_call(node.port, "state_getStorage", [NUMBER_KEY])["result"].startswith("0x")
    sub = http_call(node.port, "chain_subscribeNewHeads")
    assert sub["error"]["code"] == -32601  # subscriptions need a WebSocket


def test_author_pending_and_unsafe_remove(ws):
    assert ws.result("author_pendingExtrinsics") == []
    assert ws.result("author_removeExtrinsic", [[{"Hash": "0x" + "00" * 32}]]) == []
