"""Benchmarks of the Sudo pallet. `sudo` and `sudo_as` are measured around the cheapest call (System.remark of
nothing); their weight adds the wrapped call's own weight, as FRAME's does."""

from __future__ import annotations

from collections.abc import Generator

from frame.benchmarking import Benchmarks, ExtrinsicCall, ensure, extrinsic_call
from frame.dispatch import Signed
from frame.system import System
from pallets.sudo.pallet import Sudo

bench = Benchmarks(Sudo)


def _key() -> bytes:
    key = Sudo.Key.get()
    ensure(key is not None, "the benchmark genesis must set a sudo key")
    return bytes(key)


@bench()
def sudo() -> Generator[ExtrinsicCall, None, None]:
    yield extrinsic_call(Sudo.tx.sudo(System.tx.remark(b"")), Signed(_key()))


@bench()
def sudo_as() -> Generator[ExtrinsicCall, None, None]:
    yield extrinsic_call(Sudo.tx.sudo_as(bytes(32), System.tx.remark(b"")), Signed(_key()))


@bench()
def set_key() -> Generator[ExtrinsicCall, None, None]:
    new = b"\x09" * 32
    yield extrinsic_call(Sudo.tx.set_key(new), Signed(_key()))
    ensure(Sudo.Key.get() == new, "key not changed")


@bench()
def remove_key() -> Generator[ExtrinsicCall, None, None]:
    yield extrinsic_call(Sudo.tx.remove_key(), Signed(_key()))
    ensure(Sudo.Key.get() is None, "key not removed")


__all__ = ["bench"]
