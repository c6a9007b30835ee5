"""The parachain-host runtime's genesis checks: a parsed genesis config is checked, naming the JSON field at fault.

The pallets' genesis builds refuse the same things with their named errors (Session's EmptyValidatorSet,
DuplicateValidator, ZeroSessionLength; Configuration's Zero* and *OverBound errors; Paras' DuplicateGenesisPara,
EmptyValidationCode, CodeTooLarge, HeadDataTooLarge), but they cannot say where in the spec the value was.
These run first, on the parsed configs of whichever of those pallets the runtime has, and say both: the
field path (``paras.paras[1][0]``) and the pallet error it would have been. `check_genesis` is the runtime's
entry in `Runtime.genesis_checks` (`genesis.build` runs it before building anything).
"""

from __future__ import annotations

import re
from typing import Any

from frame.dispatch import PalletError
from frame.genesis import GenesisConfigError, camel
from frame.pallet import Pallet
from pallets.configuration import OVER_BOUND_ERRORS, ConfigurationGenesisConfig, check_consistency
from pallets.paras import ParasGenesisConfig
from pallets.session import SessionGenesisConfig
from primitives.parachain import HostConfiguration

__all__ = ["check_genesis", "check_parachain_host"]


def _zero_field(error: PalletError) -> str:
    """`ZeroMaxCodeSize` -> `maxCodeSize`: Configuration names its consistency errors after the field."""
    name = type(error).__name__
    return camel(name[4:]) if re.fullmatch(r"Zero[A-Z]\w*", name) else "?"


def _check_configuration(config: HostConfiguration) -> None:
    try:
        check_consistency(config)
    except PalletError as e:
        for field, (bound, error) in OVER_BOUND_ERRORS.items():
            if isinstance(e, error):
                raise GenesisConfigError(f"configuration.config.{camel(field)}: {getattr(config, field)} is over the "
                                         f"bound {bound} ({error.__name__})") from None  # fmt: skip
        raise GenesisConfigError(f"configuration.config.{_zero_field(e)}: {e}") from None


def _check_session(cfg: Any) -> None:
    if cfg.session_length < 1:
        raise GenesisConfigError("session.sessionLength: must be at least 1 block (ZeroSessionLength)")
    if not cfg.validators:
        raise GenesisConfigError("session.validators: no validators: a chain needs at least one (EmptyValidatorSet)")
    first: dict[bytes, int] = {}
    for i, v in enumerate(cfg.validators):
        if bytes(v) in first:
            raise GenesisConfigError(f"session.validators[{i}]: 0x{bytes(v).hex()} is already "
                                     f"session.validators[{first[bytes(v)]}] (DuplicateValidator)")  # fmt: skip
        first[bytes(v)] = i


def _check_paras(cfg: Any, config: HostConfiguration) -> None:
    first: dict[int, int] = {}
    for i, (para, args) in enumerate(cfg.paras):
        where = f"paras.paras[{i}]"
        if int(para) in first:
            raise GenesisConfigError(f"{where}[0]: para id {int(para)} is already paras.paras[{first[int(para)]}] "
                                     "(DuplicateGenesisPara)")  # fmt: skip
        first[int(para)] = i
        code, head = args.validation_code, args.genesis_head
        if not code:
            raise GenesisConfigError(f"{where}[1].validationCode: para {int(para)} has empty code "
                                     "(EmptyValidationCode)")  # fmt: skip
        if len(code) > config.max_code_size:
            raise GenesisConfigError(f"{where}[1].validationCode: para {int(para)}'s code is {len(code)} bytes, more "
                                     f"than configuration.config.maxCodeSize ({config.max_code_size}) "
                                     "(CodeTooLarge)")  # fmt: skip
        if len(head) > config.max_head_data_size:
            raise GenesisConfigError(f"{where}[1].genesisHead: para {int(para)}'s head is {len(head)} bytes, more "
                                     f"than configuration.config.maxHeadDataSize ({config.max_head_data_size}) "
                                     "(HeadDataTooLarge)")  # fmt: skip


def check_parachain_host(configs: list[Any]) -> None:
    """Check the parsed genesis configs of the parachain-host pallets among `configs` (others are ignored)."""
    config = HostConfiguration()
    for cfg in configs:
        if isinstance(cfg, ConfigurationGenesisConfig):
            config = cfg.config
            _check_configuration(config)
    for cfg in configs:
        if isinstance(cfg, SessionGenesisConfig):
            _check_session(cfg)
        elif isinstance(cfg, ParasGenesisConfig):
            _check_paras(cfg, config)


def check_genesis(parsed: list[tuple[type[Pallet], Any]]) -> None:
    """`check_parachain_host` on the parsed (pallet, config) pairs of a genesis, as `Runtime.genesis_checks` runs."""
    check_parachain_host([cfg for _, cfg in parsed])
