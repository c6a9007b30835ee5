"""The node's subsystems (guide "Subsystems"), one module each, on the overseer's bus (`node.overseer`).

Chain and Runtime API (the block database and queries on it), Candidate Backing (with its per-relay-parent
job) and Candidate Validation, Statement Distribution, PoV Distribution, the Availability Store, Availability
Distribution and Availability Recovery, the Collator Protocol (both sides), Bitfield Signing and Distribution,
the Provisioner and Block Authorship. Their messages are in `node.messages`; `node.network.node` puts them
together into a validator node.
"""

from node.subsystems.availability_distribution import AvailabilityDistributionSubsystem
from node.subsystems.availability_recovery import AvailabilityRecoverySubsystem
from node.subsystems.availability_store import AvailabilityStoreSubsystem
from node.subsystems.bitfield_distribution import BitfieldDistributionSubsystem
from node.subsystems.bitfield_signing import BitfieldSigningSubsystem
from node.subsystems.block_authorship import BlockAuthorshipSubsystem
from node.subsystems.candidate_backing import CandidateBackingJob, CandidateBackingSubsystem
from node.subsystems.candidate_validation import CandidateValidationSubsystem
from node.subsystems.chain import ChainSubsystem
from node.subsystems.collator_protocol import CollatorProtocolSubsystem, CollatorSideSubsystem
from node.subsystems.pov_distribution import PoVDistributionSubsystem
from node.subsystems.provisioner import ProvisionerSubsystem
from node.subsystems.runtime_api import RuntimeApiSubsystem
from node.subsystems.statement_distribution import StatementDistributionSubsystem

__all__ = [
    "AvailabilityDistributionSubsystem",
    "AvailabilityRecoverySubsystem",
    "AvailabilityStoreSubsystem",
    "BitfieldDistributionSubsystem",
    "BitfieldSigningSubsystem",
    "BlockAuthorshipSubsystem",
    "CandidateBackingJob",
    "CandidateBackingSubsystem",
    "CandidateValidationSubsystem",
    "ChainSubsystem",
    "CollatorProtocolSubsystem",
    "CollatorSideSubsystem",
    "PoVDistributionSubsystem",
    "ProvisionerSubsystem",
    "RuntimeApiSubsystem",
    "StatementDistributionSubsystem",
]
