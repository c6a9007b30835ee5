"""Counters of what a node did (for `parahost run` and for tests, which assert on these and never on times)."""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["NodeStats"]


@dataclass(slots=True)
class NodeStats:
    """What one node did. Written by its subsystems, read by whoever runs the node."""

    seconded: int = 0  # Seconded statements signed
    valid_votes: int = 0  # Valid statements signed
    invalid_votes: int = 0  # Invalid statements signed
    refused_to_sign: int = 0  # statements the signing record refused (they would have conflicted)
    validations: int = 0  # candidates run through the PVF host
    candidates_backed: int = 0  # candidates this node saw reach a backing majority
    double_votes_detected: int = 0
    reports_submitted: int = 0  # double-vote reports signed and pooled
    bitfields_signed: int = 0
    blocks_authored: int = 0
    blocks_imported: int = 0  # from peers
    bad_blocks: int = 0  # refused blocks from peers
    inherent_fallbacks: int = 0  # authored blocks whose offered inclusion data did not apply
    pov_fetch_failures: int = 0
    availability_bytes: int = 0  # bytes the availability store holds now (chunks, proofs, full data)
    erasure_root_mismatches: int = 0  # candidates whose data did not re-encode to their receipt's root
    chunks_fetched: int = 0  # own chunks fetched from backers, checked and stored
    chunk_fetch_failures: int = 0  # own chunks no backer gave before the candidate left its core
    bad_chunks: int = 0  # chunk or data responses from peers refused (wrong index, size, proof, root)
    recoveries: int = 0  # AvailableData recovered
    recoveries_invalid: int = 0  # recovered data whose erasure root did not match (an invalid candidate)
    recoveries_unavailable: int = 0

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
