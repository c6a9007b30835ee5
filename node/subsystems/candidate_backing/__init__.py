"""The Candidate Backing subsystem and its per-relay-parent job (guide "Candidate Backing Subsystem")."""

from node.subsystems.candidate_backing.job import CandidateBackingJob
from node.subsystems.candidate_backing.signing_record import (
    RECORD_FILE,
    CorruptSigningRecord,
    SigningRecord,
    SigningRecordError,
    SigningRecordMissing,
    may_sign,
)
from node.subsystems.candidate_backing.subsystem import CandidateBackingSubsystem
from node.subsystems.candidate_backing.table import ImportResult, StatementTable

__all__ = [
    "RECORD_FILE",
    "CandidateBackingJob",
    "CandidateBackingSubsystem",
    "CorruptSigningRecord",
    "ImportResult",
    "SigningRecord",
    "SigningRecordError",
    "SigningRecordMissing",
    "StatementTable",
    "may_sign",
]
