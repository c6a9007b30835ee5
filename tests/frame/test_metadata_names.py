"""FRAME fidelity of published names and indexes: System's Remarked is event 5 (frame_system's order), and a
field named `from_` in Python (it would shadow the keyword) is published as `from`, so clients decoding with our
metadata read `event.data.from` (pallet_balances' Transfer{from, to, amount})."""

from __future__ import annotations

from scalecodec.base import RuntimeConfigurationObject, ScaleBytes
from scalecodec.type_registry import load_type_registry_preset

from frame import Chain
from frame.metadata import metadata
from frame.metadata_v14 import metadata_v14
from frame.system import KilledAccount, NewAccount, Remarked, System
from pallets.balances import Balances
from pallets.balances.events import Transfer
from primitives.crypto import dev_keypair
from primitives.scale import published_name
from runtime.example import ExampleRuntime, dev_genesis


def test_system_event_indexes_are_frame_system_s() -> None:
    assert (NewAccount.INDEX, KilledAccount.INDEX, Remarked.INDEX) == (3, 4, 5)
    assert System.Event.SCALE.variants[5].cls is Remarked


def test_published_name_drops_only_a_keyword_s_underscore() -> None:
    assert [published_name(n) for n in ("from_", "type_", "match_", "who", "from__", "value_", "_")] == [
        "from", "type", "match", "who", "from__", "value_", "_"]  # fmt: skip


def test_events_decode_with_from_and_remarked_at_5() -> None:
    rc = RuntimeConfigurationObject(implements_scale_info=True)
    rc.update_type_registry(load_type_registry_preset("core"))
    rc.update_type_registry(load_type_registry_preset("legacy"))
    md = rc.create_scale_object("MetadataVersioned", data=ScaleBytes(bytearray(metadata_v14(ExampleRuntime))))
    md.decode()
    rc.add_portable_registry(md)
    types = {t["id"]: t["type"] for t in md.value[1]["V14"]["types"]["types"]}
    balances = md.get_metadata_pallet("Balances")
    variants = types[balances["event"]["ty"].value]["def"]["variant"]["variants"]
    transfer = next(v for v in variants if v["name"] == "Transfer")
    assert [f["name"] for f in transfer["fields"]] == ["from", "to", "amount"]

    chain = Chain(ExampleRuntime, dev_genesis())
    alice, bob = dev_keypair("Alice"), dev_keypair("Bob")
    built = chain.build_block(extrinsics=[
        chain.sign(Balances.tx.transfer_allow_death(bob.public_key, 10**12), alice),
        chain.sign(System.tx.remark_with_event(b"hi"), alice, nonce=1)])  # fmt: skip
    chain.import_block(built.block)
    with chain.reading() as st:
        raw = st.get(System.Events.key())
        ours = [r.event.event for r in System.events()]
    assert any(isinstance(e, Transfer) for e in ours) and any(isinstance(e, Remarked) for e in ours)
    assert raw is not None
    sf = md.get_metadata_pallet("System").get_storage_function("Events")
    events = rc.create_scale_object(sf.get_value_type_string(), data=ScaleBytes(bytearray(raw)), metadata=md)
    events.decode()
    by_id = {(e.value["module_id"], e.value["event_id"]): e.value for e in events}
    attrs = by_id[("Balances", "Transfer")]["attributes"]
    assert set(attrs) == {"from", "to", "amount"} and attrs["amount"] == 10**12
    assert attrs["from"] in (alice.ss58_address, "0x" + alice.public_key.hex())
    remarked = by_id[("System", "Remarked")]
    assert remarked["attributes"]["sender"] in (alice.ss58_address, "0x" + alice.public_key.hex())
    (record,) = [e for e in events if e.value["event_id"] == "Remarked"]
    assert record.value["event"]["event_index"] == "0005"  # System (pallet 0), Remarked (event 5)


def test_the_json_metadata_and_registry_say_from() -> None:
    md = metadata(ExampleRuntime)
    balances = next(p for p in md["pallets"] if p["name"] == "Balances")
    transfer = next(e for e in balances["events"] if e["name"] == "Transfer")
    assert [f["name"] for f in transfer["fields"]] == ["from", "to", "amount"]
