"""Benchmarks of the Paras pallet: registering a para (by code and head size, behind `u` paras already
upcoming) and deregistering a registered parachain."""

from __future__ import annotations

from collections.abc import Generator

from frame.benchmarking import Benchmarks, ExtrinsicCall, Linear, ensure, extrinsic_call
from frame.dispatch import ROOT
from pallets.paras.pallet import Paras
from primitives.parachain import HeadData, ParaGenesisArgs, ParaId, ValidationCode

bench = Benchmarks(Paras)

#: The para the benchmarks register; the genesis has parachains below it.
NEW_PARA = 5000


def _args(code: int, head: int, salt: int = 0) -> ParaGenesisArgs:
    return ParaGenesisArgs(HeadData(b"\x02" * head), ValidationCode(b"\0asm" + bytes([salt % 256]) * code), True)


@bench(c=Linear(1, 1_000_000), h=Linear(1, 32 * 1024), u=Linear(0, 100))
def register_para(c: int, h: int, u: int) -> Generator[ExtrinsicCall, None, None]:
    for i in range(u):
        Paras.schedule_para_initialize(ParaId(NEW_PARA + 1 + i), _args(16, 16, i))
    yield extrinsic_call(Paras.tx.register_para(ParaId(NEW_PARA), _args(c, h)), ROOT)
    ensure(ParaId(NEW_PARA) in Paras.UpcomingParas.get(), "para not upcoming")


@bench()
def deregister_para() -> Generator[ExtrinsicCall, None, None]:
    para = Paras.parachains()[0]
    yield extrinsic_call(Paras.tx.deregister_para(para), ROOT)
    ensure(para in Paras.OutgoingParas.get(), "para not outgoing")


__all__ = ["NEW_PARA", "bench"]
