"""What validating a candidate can come to: `Valid`, `Invalid` with a named reason, or an `InternalError`.

Invalid means the candidate is bad wherever it is validated (its code, its parameters or what its code did);
an internal error means this host failed (a worker died for reasons of its own) and says nothing about the
candidate, which may still be valid (reference §10: ``InvalidCandidate`` versus ``InternalError``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from primitives.errors import ParahostError
from primitives.parachain import ValidationResult


class InvalidReason(enum.Enum):
    """Why a candidate is invalid. Each member's value is its name."""

    InvalidWasm = "InvalidWasm"
    UnknownImport = "UnknownImport"
    MissingExport = "MissingExport"
    CodeTooLarge = "CodeTooLarge"
    CodeTooComplex = "CodeTooComplex"
    ArtifactTooLarge = "ArtifactTooLarge"
    ParamsTooLarge = "ParamsTooLarge"
    Trap = "Trap"
    FuelExhausted = "FuelExhausted"
    Timeout = "Timeout"
    MemoryLimit = "MemoryLimit"
    BadReturn = "BadReturn"
    HeadDataTooLarge = "HeadDataTooLarge"

    @property
    def doc(self) -> str:
        return REASON_DOCS[self]


#: One line on each reason, for help texts and the README.
REASON_DOCS = {
    InvalidReason.InvalidWasm: "the code is not a valid Wasm module (bad magic, malformed, or refused by wasmtime)",
    InvalidReason.UnknownImport: "the code imports something the host does not offer, or with another signature",
    InvalidReason.MissingExport: "the code lacks `memory`, `__heap_base` or `validate_block(i32, i32) -> i64`",
    InvalidReason.CodeTooLarge: "the code is larger than the host's maximum code size",
    InvalidReason.CodeTooComplex: "compiling the code would cost more than the preparation budget (functions, bytes)",
    InvalidReason.ArtifactTooLarge: "the compiled code is larger than the host's maximum artifact size",
    InvalidReason.ParamsTooLarge: "the encoded ValidationParams are larger than the host's maximum params size",
    InvalidReason.Trap: "the code trapped (unreachable, out-of-bounds access, stack overflow, bad host call ...)",
    InvalidReason.FuelExhausted: "the code used up its fuel",
    InvalidReason.Timeout: "preparation or execution took longer than the wall-clock timeout; the worker was killed",
    InvalidReason.MemoryLimit: "the code needed more linear memory than the memory cap",
    InvalidReason.BadReturn: "the returned pointer/length is outside memory or does not decode as a ValidationResult",
    InvalidReason.HeadDataTooLarge: "the returned head data is larger than the parameters' max_head_data_size",
}


@dataclass(frozen=True, slots=True)
class Valid:
    """The candidate is valid: what ``validate_block`` returned, and the fuel it burned (None: not metered)."""

    result: ValidationResult
    fuel_used: int | None = None

    @property
    def valid(self) -> bool:
        return True


@dataclass(frozen=True, slots=True)
class Invalid:
    """The candidate is invalid, for `reason`; `detail` says where and what."""

    reason: InvalidReason
    detail: str = ""

    @property
    def valid(self) -> bool:
        return False

    def __str__(self) -> str:
        return f"{self.reason.value}: {self.detail}" if self.detail else self.reason.value


ValidationOutcome = Valid | Invalid


class PvfError(ParahostError):
    """Root of the PVF host's errors."""


class InternalError(PvfError):
    """The host could not validate (a worker died twice, could not start ...); the candidate may be valid."""


class Rejected(PvfError):
    """Raised inside the host to unwind with an invalid outcome; `outcome` is that `Invalid`."""

    def __init__(self, reason: InvalidReason, detail: str = "") -> None:
        self.outcome = Invalid(reason, detail)
        super().__init__(str(self.outcome))
