"""The occupied-core assumption of `local_validation_data` and `validation_code` (reference §8): `Included` enacts
the candidate pending availability first, `TimedOut` reads the state as it is, `Free` gives None while a
candidate is pending; the ParachainHost state_call takes the assumption as its second argument."""

import pytest

from node.client.runtime_calls import CallContext, RuntimeCallError, call_runtime_api
from primitives.parachain import LocalValidationData, OccupiedCoreAssumption, ValidationCode
from primitives.types import codec_of
from runtime_api import RuntimeApi
from tests.harness.parachain import adder_head, para_code
from tests.pallets._inclusion_chain import InclusionChain

Included, TimedOut, Free = OccupiedCoreAssumption.Included, OccupiedCoreAssumption.TimedOut, OccupiedCoreAssumption.Free


def pending_net() -> InclusionChain:
    net = InclusionChain()
    net.produce(candidates=[net.backed(100, head_data=b"head-1")])
    return net


def api(net: InclusionChain) -> RuntimeApi:
    return RuntimeApi(net.chain.runtime, net.chain.backend, net.chain.head)


def head(a: RuntimeApi, assumption: OccupiedCoreAssumption = Included) -> bytes:
    local = a.local_validation_data(100, assumption)
    assert local is not None
    return bytes(local.parent_head)


def test_each_assumption_about_a_pending_candidate():
    net = pending_net()
    a = api(net)
    root = net.chain.state_root
    assert a.candidate_pending_availability(100) is not None
    assert head(a, Included) == b"head-1"  # the pending head, as if enacted
    assert head(a, TimedOut) == adder_head()  # the state as it is
    local = a.local_validation_data(100)  # the default: Included (what the next candidate builds on)
    assert local is not None and local.parent_head == b"head-1"
    assert a.local_validation_data(100, Free) is None  # the core is not free
    assert a.validation_code(100, Included) == para_code(100)
    assert a.validation_code(100, TimedOut) == para_code(100)
    assert a.validation_code(100, Free) is None
    assert a.candidate_pending_availability(100) is not None  # nothing was enacted for real
    assert net.chain.state_root == root


def test_without_a_pending_candidate_every_assumption_reads_the_same():
    net = InclusionChain()
    a = api(net)
    for assumption in (Included, TimedOut, Free):
        assert head(a, assumption) == adder_head()
        assert a.validation_code(100, assumption) == para_code(100)
    assert a.local_validation_data(999, Included) is None


class Ctx:
    def __init__(self, net: InclusionChain) -> None:
        self.runtime, self.state, self.header = net.chain.runtime, net.chain.backend, net.chain.head
        self.genesis_hash, self.block_hash = bytes(32), net.chain.head.hash()


def call(net: InclusionChain, name: str, data: bytes) -> bytes:
    ctx: CallContext = Ctx(net)
    return call_runtime_api(name, data, ctx)


def test_state_call_takes_the_assumption():
    net = pending_net()
    para = (100).to_bytes(4, "little")
    lvd = codec_of(LocalValidationData | None)
    assert lvd.decode(call(net, "ParachainHost_local_validation_data", para + b"\x00")).parent_head == b"head-1"
    assert lvd.decode(call(net, "ParachainHost_local_validation_data", para + b"\x01")).parent_head == adder_head()
    assert lvd.decode(call(net, "ParachainHost_local_validation_data", para)).parent_head == b"head-1"
    assert lvd.decode(call(net, "ParachainHost_local_validation_data", para + b"\x02")) is None
    code = codec_of(ValidationCode | None)
    assert code.decode(call(net, "ParachainHost_validation_code", para + b"\x00")) == para_code(100)
    assert code.decode(call(net, "ParachainHost_validation_code", para + b"\x02")) is None
    with pytest.raises(RuntimeCallError, match="do not decode"):
        call(net, "ParachainHost_validation_code", para + b"\x07")
