"""Issue 13: our signed extrinsics are py-substrate-interface's, byte for byte.

py-substrate-interface needs a node, so its `SubstrateInterface` is given our metadata V14 and a chain's block
hashes instead (no connection): its own `generate_signature_payload` and `create_signed_extrinsic` then build
the payload and the extrinsic, and scalecodec's ``Extrinsic`` (with our metadata) decodes ours and encodes its
own for us to decode."""

from __future__ import annotations

from typing import Any

import pytest
from scalecodec.base import ScaleBytes
from substrateinterface import Keypair, SubstrateInterface

from frame import Chain
from frame import extensions as ext
from frame import extrinsic as xt
from frame.era import IMMORTAL
from frame.system import System
from pallets.example import Counter
from primitives.scale import bytes_codec
from tests.frame.test_metadata_v14 import decoded
from tests.harness.runtime import ALICE, TestRuntime, new_chain, tick


def offline_py(chain: Chain) -> tuple[SubstrateInterface, Any, Any]:
    """py-substrate-interface over `chain`'s metadata and block hashes, without a node."""
    rc, md = decoded(chain.runtime)
    si = SubstrateInterface.__new__(SubstrateInterface)
    si.runtime_config, si.metadata = rc, md
    si.runtime_version = chain.runtime.version.spec_version
    si.transaction_version = chain.runtime.version.transaction_version
    si.init_runtime = lambda block_hash=None, runtime_version=None: None
    si.get_block_hash = lambda block_id=None: "0x" + chain.block_hash(block_id or 0).hex()
    return si, rc, md


def our_payload(chain: Chain, x: xt.Extrinsic) -> bytes:
    rt, v, part = chain.runtime, chain.runtime.version, x.signature
    assert part is not None
    birth = chain.block_hash(part.era.birth(chain.head.number))
    params = ext.SigningParams(v.spec_version, v.transaction_version, chain.genesis_hash, birth)
    return xt.signing_payload(rt, rt.encode_call(x.call), part, params)


CASES = [
    ("Counter", "store", {"value": 42}, Counter.tx.store(42), None, 0, 0),
    ("Counter", "store", {"value": 42}, Counter.tx.store(42), 64, 10**20, 3),
    ("System", "remark", {"remark": "0x" + "ab" * 300}, System.tx.remark(b"\xab" * 300), 4, 1, 70),  # hashed payload
]


@pytest.mark.parametrize(("module", "function", "args", "call", "period", "tip", "nonce"), CASES,
                         ids=["immortal", "mortal-tip", "long"])  # fmt: skip
def test_payload_and_extrinsic_match_py_substrate_interface(module, function, args, call, period, tip, nonce):
    chain = new_chain()
    for _ in range(5):
        chain.produce_block([tick(chain)])
    si, rc, md = offline_py(chain)
    py_call = si.compose_call(module, function, args)
    era = None if period is None else {"period": period, "current": chain.head.number}
    ours = chain.sign(call, ALICE, nonce=nonce, tip=tip, era=period)
    # the same payload, so a signature over py's verifies for ours (and the other way round)
    py_payload = bytes(si.generate_signature_payload(py_call, era=era, nonce=nonce, tip=tip).data)
    assert py_payload == our_payload(chain, ours)
    assert (len(py_payload) == 32) == (module == "System")
    py_key = Keypair.create_from_uri("//Alice")
    assert py_key.verify(py_payload, ours.signature.signature)
    assert ALICE.verify(py_key.sign(py_payload), our_payload(chain, ours))
    # py's extrinsic with our signature is our extrinsic, byte for byte
    py_xt = si.create_signed_extrinsic(py_call, py_key, era=era, nonce=nonce, tip=tip,
                                       signature="0x" + ours.signature.signature.hex())  # fmt: skip
    encoded = xt.encode(TestRuntime, ours)
    assert bytes(py_xt.data.data) == bytes_codec.encode(encoded)
    # and py decodes ours with our metadata
    obj = rc.create_scale_object("Extrinsic", data=ScaleBytes(bytes_codec.encode(encoded)), metadata=md)
    value = obj.decode()
    assert value["address"] == "0x" + ALICE.public_key.hex()
    assert value["nonce"] == nonce and value["tip"] == tip
    assert value["era"] == ("00" if period is None else (ours.signature.era.period, ours.signature.era.phase))
    assert (value["call"]["call_module"], value["call"]["call_function"]) == (module, function)
    # a py-signed extrinsic goes into our block
    py_signed = si.create_signed_extrinsic(py_call, py_key, era=era, nonce=0, tip=tip)
    inner = bytes_codec.decode(bytes(py_signed.data.data))
    chain.produce_block([tick(chain)], [inner])
    assert chain.nonce(ALICE.public_key) == 1


def test_scalecodec_encodes_an_extrinsic_we_decode():
    chain = new_chain()
    _, rc, md = offline_py(chain)
    obj = rc.create_scale_object("Extrinsic", metadata=md)
    data = obj.encode({"account_id": "0x" + ALICE.public_key.hex(), "signature_version": 1,
                       "signature": "0x" + "11" * 64, "call_function": "store", "call_module": "Counter",
                       "call_args": {"value": 42}, "era": "00", "nonce": 5, "tip": 7})  # fmt: skip
    x, _ = xt.decode(TestRuntime, bytes_codec.decode(bytes(data.data)))
    assert x.call == Counter.tx.store(42)
    assert x.signature == xt.SignaturePart(ALICE.public_key, b"\x11" * 64, 5, IMMORTAL, 7)
