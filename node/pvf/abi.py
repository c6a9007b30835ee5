"""The two ends of the PVF ABI (DESIGN.md §5): encoding `ValidationParams`, judging what came back.

The result must decode as a `ValidationResult` using every byte (trailing bytes are BadReturn: stricter than
Polkadot's 2020 host, which decoded a prefix), and its head data must fit the parameters'
``max_head_data_size`` (HeadDataTooLarge). New validation code is passed on unjudged: whether an upgrade is
allowed and how large it may be is the runtime's business (DESIGN.md §4.8).
"""

from __future__ import annotations

from node.pvf.execute import RawReturn
from node.pvf.limits import Limits
from node.pvf.outcome import Invalid, InvalidReason, Rejected, Valid, ValidationOutcome
from primitives.errors import CodecError
from primitives.parachain import ValidationParams, ValidationResult
from primitives.types import codec_of

PARAMS = codec_of(ValidationParams)
RESULT = codec_of(ValidationResult)


def encode_params(params: ValidationParams, limits: Limits) -> bytes:
    """SCALE-encode `params`, refusing more than `limits.max_params_size` bytes (ParamsTooLarge)."""
    encoded = PARAMS.encode(params)
    if len(encoded) > limits.max_params_size:
        raise Rejected(
            InvalidReason.ParamsTooLarge, f"{len(encoded)} bytes, more than the {limits.max_params_size} allowed"
        )
    return encoded


def interpret(raw: RawReturn, params: ValidationParams) -> ValidationOutcome:
    """Decode what ``validate_block`` returned and check it against `params`."""
    try:
        result: ValidationResult = RESULT.decode(raw.result)
    except CodecError as e:
        return Invalid(InvalidReason.BadReturn, f"the {len(raw.result)} returned bytes are not a ValidationResult: {e}")
    if len(result.head_data) > params.max_head_data_size:
        return Invalid(
            InvalidReason.HeadDataTooLarge,
            f"{len(result.head_data)} bytes of head data, more than max_head_data_size {params.max_head_data_size}",
        )
    return Valid(result, raw.fuel_used)
