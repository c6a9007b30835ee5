"""payment_queryInfo / payment_queryFeeDetails in Substrate's JSON shapes, TransactionPaymentApi through state_call
and py-substrate-interface's get_payment_info, and a transaction whose signer cannot pay refused with 1010."""

import pytest

from primitives.crypto import dev_keypair

substrateinterface = pytest.importorskip("substrateinterface")

ALICE = dev_keypair("Alice")


def test_query_info_shapes_and_py_substrate_interface(substrate, ws):
    alice = substrateinterface.Keypair.create_from_uri("//Alice")
    call = substrate.compose_call("Balances", "transfer_keep_alive", {"dest": ALICE.ss58_address, "value": 10**12})
    info = substrate.get_payment_info(call, alice)
    assert info["class"] == "Normal" and info["partialFee"] > 0 and info["weight"]["ref_time"] > 0
    signed = str(substrate.create_signed_extrinsic(call, alice).data)
    raw = ws.result("payment_queryInfo", [signed])
    assert set(raw) == {"weight", "class", "partialFee"} and raw["class"] == "normal"
    assert set(raw["weight"]) == {"ref_time", "proof_size"} and raw["weight"]["ref_time"] == info["weight"]["ref_time"]
    assert isinstance(raw["partialFee"], str) and int(raw["partialFee"]) > 0
    details = ws.result("payment_queryFeeDetails", [signed])["inclusionFee"]
    assert set(details) == {"baseFee", "lenFee", "adjustedWeightFee"}
    assert all(v.startswith("0x") for v in details.values())
    assert sum(int(v, 16) for v in details.values()) == int(raw["partialFee"])
    assert "payment_queryInfo" in ws.result("rpc_methods")["methods"]


def test_bad_bytes_are_error_2(ws):
    reply = ws.request("payment_queryInfo", ["0x0501"])
    assert reply["error"]["code"] == 2 and reply["error"]["message"] == "Unable to query dispatch info."


def test_a_signer_who_cannot_pay_is_refused_with_1010(substrate, ws):
    alice = substrateinterface.Keypair.create_from_uri("//Alice")
    call = substrate.compose_call("System", "remark", {"remark": "0x01"})
    signed = str(substrate.create_signed_extrinsic(call, alice, tip=2**100).data)
    reply = ws.request("author_submitExtrinsic", [signed])
    assert reply["error"]["code"] == 1010
    assert ws.result("author_pendingExtrinsics") == []
