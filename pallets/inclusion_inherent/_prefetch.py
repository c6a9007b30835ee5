"""The signature checks an inclusion inherent will make, gathered up front so `frame.sigbatch` can verify them
in parallel before the checks run (in their usual order, answered from the batch).

Bitfields are checked against the session's validators; each candidate's collator signature against its
receipt; its backing votes against the group that serves the para's core in this block (the parachain's core
is its index among the parachains, as the Scheduler assigns it). That mapping is a guess made before the
bitfields free any core: a check it gets wrong (a parathread, a bad index) is not in the batch and is verified
where it is made, so a wrong guess costs time, never a different result.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Protocol

from frame import sigbatch
from pallets.traits import CandidateInclusion, CoreScheduler, ParaRegistry
from primitives.parachain import BackedCandidate, SignedAvailabilityBitfield


class _Wired(Protocol):
    """The inclusion inherent's dependency slots (`InclusionInherent`, as the executing runtime wired it)."""

    Inclusion: CandidateInclusion
    Scheduler: CoreScheduler
    Paras: ParaRegistry


def _count(bitfields: Sequence[SignedAvailabilityBitfield], candidates: Sequence[BackedCandidate]) -> int:
    return len(bitfields) + sum(1 + len(b.validity_votes) for b in candidates)


def signature_checks(
    wired: _Wired, bitfields: Sequence[SignedAvailabilityBitfield], candidates: Sequence[BackedCandidate]
) -> list[sigbatch.Check]:
    """(signature, message, public key) of every check the inherent is expected to make."""
    validators = [bytes(v) for v in wired.Inclusion.validators()]
    context = wired.Inclusion.signing_context()
    checks: list[sigbatch.Check] = []
    for signed in bitfields:
        if signed.validator_index < len(validators):
            payload = signed.signing_payload(signed.payload, context)
            checks.append((bytes(signed.signature), payload, validators[signed.validator_index]))
    if not candidates:
        return checks
    cores = {p: i for i, p in enumerate(wired.Paras.parachains())}
    groups = wired.Scheduler.validator_groups()
    rotation = wired.Scheduler.group_rotation_info()
    for backed in candidates:
        receipt = backed.candidate
        checks.append((bytes(receipt.signature), receipt.collator_payload(), bytes(receipt.collator)))
        core = cores.get(receipt.parachain_index)
        if core is None or core >= len(groups) or rotation.now < rotation.session_start_block:
            continue
        group = groups[rotation.group_for_core(core, len(groups))]
        candidate_hash = receipt.hash()
        for in_group, vote in zip(backed.validator_indices.ones(), backed.validity_votes, strict=False):
            if in_group < len(group) and group[in_group] < len(validators):
                payload = vote.signed_payload(candidate_hash, context)
                checks.append((bytes(vote.value), payload, validators[group[in_group]]))
    return checks


@contextmanager
def preverified(
    wired: _Wired, bitfields: Sequence[SignedAvailabilityBitfield], candidates: Sequence[BackedCandidate]
) -> Iterator[None]:
    """Verify the inherent's expected signature checks as one parallel batch, if it is worth it."""
    if not sigbatch.enabled(_count(bitfields, candidates)):
        with nullcontext():
            yield
        return
    with sigbatch.preverified(signature_checks(wired, bitfields, candidates)):
        yield
