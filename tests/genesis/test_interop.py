"""py-scale-codec decodes every value of a raw genesis state with the registry `parahost types` exports, and
agrees with our decoder."""

import json

from frame.metadata import registry
from frame.migrations import STORAGE_VERSION_POSTFIX
from frame.version import CODE_KEY, parse_code
from genesis.build import build_genesis, to_raw
from genesis.spec import ChainSpec
from node.db.query import WELL_KNOWN
from primitives import scale
from primitives.hashing import twox_128
from primitives.registry import runtime_config, scalecodec_decode
from tests.genesis.support import adder, local, runtime


def test_py_scale_codec_decodes_every_genesis_value():
    rt = runtime()
    raw = ChainSpec.loads(to_raw(local(6, 3, adder(), parathread_cores=1), rt).dumps())
    config = runtime_config(json.loads(json.dumps(registry(rt))))  # exactly what `parahost types` prints
    items = {twox_128(p.name.encode()) + twox_128(i.name.encode()): i for p in rt.pallet_classes
             for i in p.storage.values()}  # fmt: skip
    top = raw.genesis.top  # type: ignore[union-attr]
    seen = set()
    for key, value in top.items():
        if key == CODE_KEY:  # the runtime's descriptor (frame.version), not a SCALE value
            assert parse_code(value) == rt.version
            continue
        if key in WELL_KNOWN:
            assert key == b":extrinsic_index" and scale.u32.decode(value) == 0
            continue
        if key[16:] == twox_128(STORAGE_VERSION_POSTFIX):  # a pallet's storage version, a u16
            pallet = next(p for p in rt.pallet_classes if twox_128(p.name.encode()) == key[:16])
            assert scale.u16.decode(value) == pallet.storage_version
            continue
        item = items[key[:32]]  # every key belongs to a declared storage item
        ours = item.value_codec.decode(value)
        theirs = scalecodec_decode(config, item.value_codec, value)
        assert theirs == ours, f"{item.pallet}.{item.name}"
        seen.add(f"{item.pallet}.{item.name}")
    assert {"Paras.Heads", "Paras.ValidationCode", "Session.Validators", "Configuration.Configuration",
            "Sudo.Key", "System.Account"} <= seen  # fmt: skip
    assert build_genesis(raw, rt).storage == top
