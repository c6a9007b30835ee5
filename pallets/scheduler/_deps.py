"""What the Scheduler reads from other pallets, through the contract in pallets/README.md.

Every lookup goes through one of these functions (called as ``_deps.name()``), so there is one place where
the Scheduler meets Configuration, Paras and System.
"""

from __future__ import annotations

from frame.system import System
from pallets.configuration import Configuration
from pallets.paras import Paras
from primitives.parachain import HostConfiguration, ParaId


def config() -> HostConfiguration:
    """The active host configuration (`Configuration.config()`)."""
    return Configuration.config()


def parachains() -> list[ParaId]:
    """The registered parachains, sorted (`Paras.parachains()`); the i'th owns core i."""
    return Paras.parachains()


def is_parathread(para: ParaId) -> bool:
    """Whether `para` is a registered parathread (`Paras.is_parathread(id)`)."""
    return Paras.is_parathread(para)


def block_number() -> int:
    """The number of the block being executed."""
    return System.block_number()
