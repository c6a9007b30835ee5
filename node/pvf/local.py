"""Validation in this process (Polkadot's ``ExecutionMode::Local``): no worker, no wall-clock timeout.

Fuel still bounds execution. For tools, tests and benchmarks; a node validates through `PvfHost`, whose
workers can be killed.
"""

from __future__ import annotations

from node.pvf.abi import encode_params, interpret
from node.pvf.execute import execute
from node.pvf.limits import Limits
from node.pvf.outcome import Rejected, ValidationOutcome
from node.pvf.prepare import prepare
from primitives.parachain import ValidationParams


def validate_in_process(code: bytes, params: ValidationParams, limits: Limits | None = None) -> ValidationOutcome:
    """Prepare `code` and run ``validate_block`` on `params` here; the outcome, never an exception."""
    limits = limits or Limits()
    try:
        prepared = prepare(code, limits)
        raw = execute(prepared.module, encode_params(params, limits), limits)
    except Rejected as rejected:
        return rejected.outcome
    return interpret(raw, params)
