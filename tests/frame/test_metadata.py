"""Metadata describes what the runtime really writes: keys, hashers, defaults, indexes and docs."""

import json

from frame import io
from frame.backend import MemoryBackend
from frame.metadata import metadata, storage_item
from frame.state import OverlayedState
from frame.system import System
from tests.harness.runtime import TestRuntime


def test_metadata_shape_and_json():
    md = metadata(TestRuntime)
    json.dumps(md)
    names = [(p["name"], p["index"]) for p in md["pallets"]]
    assert names == [("System", 0), ("Sudo", 1), ("Counter", 2), ("Clock", 7)]
    counter = md["pallets"][2]
    assert counter["calls"] == [
        {"name": "store", "index": 0, "args": [{"name": "value", "type": "u32"}], "inherent": False,
         "docs": ["Store `value` for the signer."]}
    ]  # fmt: skip
    assert counter["errors"] == [{"name": "TooLarge", "index": 0, "docs": ["The value is over 1000."]}]
    assert counter["events"][0]["name"] == "ValueStored"
    assert counter["events"][0]["fields"] == [{"name": "who", "type": "[u8; 32]"}, {"name": "value", "type": "u32"}]
    entries = {e["name"]: e for e in counter["storage"]["entries"]}
    assert entries["Values"]["type"]["Map"]["hashers"] == ["Blake2_128Concat"]
    assert entries["Values"]["modifier"] == "Optional" and entries["Values"]["default"] == "0x00"
    assert entries["Blocks"]["modifier"] == "Default" and entries["Blocks"]["default"] == "0x00000000"
    system = md["pallets"][0]
    constants = {c["name"]: c["value"] for c in system["constants"]}
    assert constants["BlockHashCount"] == "0x" + (2400).to_bytes(4, "little").hex()
    clock = md["pallets"][3]
    assert clock["calls"][0]["inherent"] is True


def test_metadata_key_prefixes_match_what_storage_writes():
    st = OverlayedState(MemoryBackend())
    with io.using(st, TestRuntime):
        System.Number.put(5)
        System.BlockHash.insert(1, b"\x01" * 32)
    md = {p["name"]: p for p in metadata(TestRuntime)["pallets"]}
    entries = {e["name"]: e for e in md["System"]["storage"]["entries"]}
    assert bytes.fromhex(entries["Number"]["key_prefix"][2:]) in dict(st.iter_prefix(b""))
    prefix = bytes.fromhex(entries["BlockHash"]["key_prefix"][2:])
    assert len(list(st.iter_prefix(prefix))) == 1
    assert storage_item(TestRuntime, "System", "Number") is System.Number


def test_runtime_registry_lets_py_scale_codec_decode_state_and_calls():
    from scalecodec.base import ScaleBytes

    from frame.metadata import registry
    from pallets.example import Counter
    from pallets.sudo import Sudo
    from primitives.registry import runtime_config
    from tests.harness.runtime import ALICE, new_chain, tick

    reg = registry(TestRuntime)
    json.dumps(reg)
    config = runtime_config(reg)
    chain = new_chain()
    chain.produce_block([tick(chain)], [chain.sign(Counter.tx.store(42), ALICE)])
    md = {p["name"]: p for p in metadata(TestRuntime)["pallets"]}
    with chain.reading() as st:
        for pallet in md.values():
            for entry in (pallet["storage"] or {}).get("entries", []):
                prefix = bytes.fromhex(entry["key_prefix"][2:])
                type_name = entry["type"].get("Plain") or entry["type"]["Map"]["value"]
                for key, raw in st.iter_prefix(prefix):
                    obj = config.create_scale_object(type_name, data=ScaleBytes(bytearray(raw)))
                    obj.decode()  # must consume exactly the stored bytes
                    assert obj.data.offset == len(raw), (entry["name"], key.hex())
        raw_events = st.get(System.Events.key())
    obj = config.create_scale_object("Vec<EventRecord>", data=ScaleBytes(bytearray(raw_events)))
    records = obj.decode()
    assert records[1]["event"] == {"Counter": {"ValueStored": {"who": "0x" + ALICE.public_key.hex(), "value": 42}}}
    call = Sudo.tx.sudo(Counter.tx.store(5))
    obj = config.create_scale_object("RuntimeCall", data=ScaleBytes(bytearray(TestRuntime.encode_call(call))))
    assert obj.decode() == {"Sudo": {"sudo": {"call": {"Counter": {"store": {"value": 5}}}}}}
