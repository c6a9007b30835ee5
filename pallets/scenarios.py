"""Scenario builders shared by tests and benchmarks: keys, genesis configs and what an inclusion inherent carries.

Signed availability bitfields (signed with validators' dev keys), abridged candidate receipts signed by a
collator key, and backed candidates whose votes come from a chosen subset of the backing group, each vote an
``Implicit`` (seconding) or ``Explicit`` (valid) attestation. Everything is pure: the caller passes the
signing context (`signing_context`, or `Inclusion.signing_context()` read at the block being built).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import attrs

from primitives.bitvec import BitVec
from primitives.crypto import Keypair
from primitives.parachain import (
    AbridgedCandidateReceipt,
    BackedCandidate,
    CandidateCommitments,
    CollatorId,
    CollatorSignature,
    Explicit,
    HeadData,
    HostConfiguration,
    Implicit,
    ParaId,
    PoVBlock,
    SignedAvailabilityBitfield,
    SigningContext,
    ValidationCode,
    ValidatorId,
    ValidatorSignature,
    ValidityAttestation,
)
from primitives.parachain.ids import BlockData
from primitives.types import evolve

#: The dev keys' names, in the order validators get them; further validators are ``//Validator<i>``.
DEV_NAMES = ("Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie")


@cache
def validator_key(index: int) -> Keypair:
    """The key of the validator at `index`: the dev keys first (//Alice, //Bob ...), then //Validator<i>."""
    index = int(index)  # a ValidatorIndex prints as "ValidatorIndex(7)": the URI needs the bare number
    name = DEV_NAMES[index] if index < len(DEV_NAMES) else f"Validator{index}"
    return Keypair.create_from_uri(f"//{name}")


def validator_keys(n: int) -> list[Keypair]:
    """The keys of validators 0..n-1."""
    return [validator_key(i) for i in range(n)]


def validator_ids(n: int) -> list[ValidatorId]:
    """The public keys of validators 0..n-1, as a session's validator list."""
    return [ValidatorId(k.public_key) for k in validator_keys(n)]


@cache
def collator_key(name: str = "Collator") -> Keypair:
    """A collator's key (``//<name>``)."""
    return Keypair.create_from_uri(f"//{name}")


def signing_context(session_index: int, parent_hash: bytes) -> SigningContext:
    return SigningContext(session_index, parent_hash)


# ---------------------------------------------------------------------------------------------
# Bitfields


def bits(n_bits: int, set_bits: Iterable[int] = ()) -> BitVec:
    """A bit vector of `n_bits` with exactly `set_bits` set."""
    return BitVec.from_indices(n_bits, set_bits)


def sign_bitfield(
    key: Keypair, validator_index: int, bitfield: BitVec, context: SigningContext
) -> SignedAvailabilityBitfield:
    """`bitfield` signed by `key` as the validator at `validator_index`, in `context`."""
    return SignedAvailabilityBitfield.sign(key, bitfield, context, validator_index)


def signed_bitfields(
    voters: Iterable[int], n_bits: int, set_bits: Iterable[int], context: SigningContext
) -> list[SignedAvailabilityBitfield]:
    """The same bitfield (`set_bits` of `n_bits`) signed by each validator in `voters`, sorted by index."""
    payload = bits(n_bits, set_bits)
    return [sign_bitfield(validator_key(v), v, payload, context) for v in sorted(set(voters))]


# ---------------------------------------------------------------------------------------------
# Candidates


def make_receipt(
    para_id: int,
    relay_parent: bytes,
    head_data: bytes = b"head",
    collator: Keypair | None = None,
    new_validation_code: bytes | None = None,
    block_data: bytes = b"",
    commitments: CandidateCommitments | None = None,
) -> AbridgedCandidateReceipt:
    """An abridged receipt for `para_id` at `relay_parent`, signed by `collator` (default ``//Collator``).

    The PoV hash is that of `block_data`; `new_validation_code` goes into the commitments (which
    `commitments`, if given, replaces whole).
    """
    key = collator if collator is not None else collator_key()
    pov_hash = PoVBlock(BlockData(block_data)).hash()
    if commitments is None:
        code = ValidationCode(new_validation_code) if new_validation_code is not None else None
        commitments = CandidateCommitments(new_validation_code=code)
    unsigned = AbridgedCandidateReceipt(
        parachain_index=ParaId(para_id),
        relay_parent=relay_parent,
        head_data=HeadData(head_data),
        collator=CollatorId(key.public_key),
        signature=CollatorSignature(),
        pov_block_hash=pov_hash,
        commitments=commitments,
    )
    return resign_receipt(unsigned, key)


def resign_receipt(receipt: AbridgedCandidateReceipt, collator: Keypair) -> AbridgedCandidateReceipt:
    """`receipt` with `collator` as its collator and a fresh signature of its 68-byte payload."""
    receipt = evolve(receipt, collator=CollatorId(collator.public_key))
    return evolve(receipt, signature=CollatorSignature(collator.sign(receipt.collator_payload())))


def attest(
    receipt: AbridgedCandidateReceipt, key: Keypair, context: SigningContext, explicit: bool
) -> ValidityAttestation:
    """`key`'s vote for `receipt`: ``Explicit`` (a Valid statement) or ``Implicit`` (Seconded)."""
    kind: Any = Explicit if explicit else Implicit
    placeholder: ValidityAttestation = kind(ValidatorSignature())
    payload = placeholder.signed_payload(receipt.hash(), context)
    signed: ValidityAttestation = kind(ValidatorSignature(key.sign(payload)))
    return signed


def back_candidate(
    receipt: AbridgedCandidateReceipt,
    group: Sequence[int],
    context: SigningContext,
    signers: Sequence[int] | None = None,
    explicit: Sequence[bool] | bool | None = None,
    keys: Sequence[Keypair] | None = None,
) -> BackedCandidate:
    """`receipt` backed by the members of `group` at the positions `signers` (default: all of them).

    `group` holds session validator indexes; `signers` are positions in the group. By default the first
    signer seconds (``Implicit``) and the others vote ``Explicit``; `explicit` gives one flag for all or one
    per signer. Keys are `keys[validator_index]`, default the dev keys (`validator_key`).
    """
    positions = sorted(set(range(len(group)) if signers is None else signers))
    if explicit is None:
        flags = [i > 0 for i in range(len(positions))]
    elif isinstance(explicit, bool):
        flags = [explicit] * len(positions)
    else:
        flags = list(explicit)
    votes = []
    for position, flag in zip(positions, flags, strict=True):
        index = group[position]
        key = keys[index] if keys is not None else validator_key(index)
        votes.append(attest(receipt, key, context, flag))
    return BackedCandidate(receipt, tuple(votes), BitVec.from_indices(len(group), positions))


# ---------------------------------------------------------------------------------------------
# A whole inherent's data, read from the block being built


def full_inclusion_data(
    relay_parent: bytes,
    head_data: bytes = b"head",
    voters: Iterable[int] | None = None,
    collators: Iterable[Keypair] = (),
) -> tuple[list[SignedAvailabilityBitfield], list[BackedCandidate]]:
    """The busiest inclusion inherent for the block whose state is installed (right after its initialization,
    on parent `relay_parent`): a bitfield from each of `voters` (default: every validator) with a bit for every
    core whose candidate is pending, and a candidate for every scheduled core, backed by its whole group.

    Keys are the dev keys (`validator_key`), so the session's validators must be `validator_ids(n)`. Parachain
    candidates are signed by ``//Collator``; a parathread claim's candidate by its claimant, among `collators`
    (a claim whose collator's key is not given gets no candidate).
    """
    from pallets.inclusion import Inclusion
    from pallets.scheduler import Scheduler

    context = Inclusion.signing_context()
    cores = Scheduler.availability_cores()
    pending = [c for c, occupant in enumerate(cores) if occupant is not None]
    who = range(len(Inclusion.validators())) if voters is None else voters
    fields = signed_bitfields(who, len(cores), pending, context)
    by_public = {k.public_key: k for k in collators}
    candidates = []
    for assignment in Scheduler.scheduled():
        required = assignment.required_collator()
        key = collator_key() if required is None else by_public.get(bytes(required))
        if key is None:
            continue
        group = Scheduler.group_validators(assignment.group_idx) or []
        receipt = make_receipt(assignment.para_id, relay_parent, head_data, key)
        candidates.append(back_candidate(receipt, group, context))
    return fields, candidates


def busiest_inclusion_data(
    relay_parent: bytes, head_data: bytes = b"head", new_code: bytes | None = None
) -> tuple[list[SignedAvailabilityBitfield], list[BackedCandidate]]:
    """Like `full_inclusion_data`, but the candidates also fill the cores that this block's bitfields free: the
    bitfields (every validator, a bit for every pending core) are dry-run on the installed state in a storage
    transaction that is rolled back, then every core scheduled after them gets a candidate backed by its whole
    group (parachains only; `new_code`, if given, goes into every candidate's commitments).
    """
    from frame import io
    from frame.dispatch import NONE
    from pallets.inclusion import Inclusion
    from pallets.inclusion_inherent import InclusionInherent
    from pallets.scheduler import Scheduler

    fields, _ = full_inclusion_data(relay_parent, head_data)
    state = io.state()
    state.start_transaction()
    try:
        InclusionInherent.inclusion(NONE, fields, [])
        scheduled = Scheduler.scheduled()
        groups = {a.group_idx: Scheduler.group_validators(a.group_idx) or [] for a in scheduled}
        context = Inclusion.signing_context()
    finally:
        state.rollback_transaction()
    candidates = []
    for assignment in scheduled:
        if assignment.required_collator() is not None:
            continue
        receipt = make_receipt(assignment.para_id, relay_parent, head_data, collator_key(), new_code)
        candidates.append(back_candidate(receipt, groups[assignment.group_idx], context))
    return fields, candidates


# ---------------------------------------------------------------------------------------------
# Genesis configs (JSON, as a chain spec's genesis.runtime)


_HOST_CONFIG: Any = HostConfiguration  # an attrs class (mypy does not see the declaration decorator's attrs)


def genesis_config(
    validators: int,
    parachains: Sequence[int] = (),
    parathreads: Sequence[int] = (),
    config: HostConfiguration | None = None,
    session_length: int = 10,
    head: bytes = b"genesis head",
    code_size: int = 32,
) -> dict[str, Any]:
    """A genesis config of the parachain-host runtime: `validators` validators (`validator_ids`), the given
    parachains and parathreads (each with `head` and `code_size` bytes of code that differ per para), the host
    configuration (default: HostConfiguration's defaults) and the session length; //Alice holds the sudo key."""
    from frame.genesis import camel

    alice = "0x" + validator_key(0).public_key.hex()
    cfg = config if config is not None else HostConfiguration()

    def para(p: int, parachain: bool) -> list[Any]:
        body = f"para {p} code ".encode()
        code = (b"\0asm\x01\0\0\0" + body * (code_size // len(body) + 1))[:code_size]
        return [p, {"genesisHead": "0x" + head.hex(), "validationCode": "0x" + code.hex(), "parachain": parachain}]

    return {
        "system": {"accounts": [alice]},
        "sudo": {"key": alice},
        "session": {"sessionLength": session_length, "validators": ["0x" + v.hex() for v in validator_ids(validators)]},
        "configuration": {"config": {camel(a.name): getattr(cfg, a.name) for a in attrs.fields(_HOST_CONFIG)}},
        "paras": {"paras": [para(p, True) for p in parachains] + [para(p, False) for p in parathreads]},
    }


__all__ = [
    "DEV_NAMES", "attest", "back_candidate", "bits", "busiest_inclusion_data", "collator_key",
    "full_inclusion_data", "genesis_config", "make_receipt", "resign_receipt", "sign_bitfield", "signed_bitfields",
    "signing_context", "validator_ids", "validator_key", "validator_keys",
]  # fmt: skip
