"""Parachain types: field orders, sizes and hashes (polkadot-2020.md §7), signing, and the type helpers."""

from __future__ import annotations

import pytest

from primitives.bitvec import BitVec
from primitives.crypto import Keypair
from primitives.hashing import blake2_256
from primitives.parachain import (
    ZERO_HASH,
    AbridgedCandidateReceipt,
    AssignmentKind,
    BackedCandidate,
    CandidateCommitments,
    CandidateReceipt,
    CollatorId,
    CompactStatement,
    CoreAssignment,
    CoreIndex,
    CoreOccupied,
    Explicit,
    GlobalValidationSchedule,
    GroupIndex,
    GroupRotationInfo,
    HeadData,
    HostConfiguration,
    Implicit,
    LocalValidationData,
    OmittedValidationData,
    ParaId,
    ParaPastCodeMeta,
    ParathreadClaim,
    ParathreadClaimQueue,
    ParathreadEntry,
    PoVBlock,
    Seconded,
    Signed,
    SignedAvailabilityBitfield,
    SignedStatement,
    SigningContext,
    UseCodeAt,
    Valid,
    ValidatorId,
    ValidatorIndex,
    ValidatorSignature,
    ValidityAttestation,
    collator_signature_payload,
    signed_struct,
)
from primitives.types import DECLARED, codec_of

# polkadot-2020.md §7.4 ("from my own encoder"): the all-zero v0 AbridgedCandidateReceipt
DEFAULT_ABRIDGED_LEN = 219
DEFAULT_ABRIDGED_HASH_PREFIX = "590e4757"
DEFAULT_ABRIDGED_HASH_SUFFIX = "fbddcf"

CTX = SigningContext(session_index=5, parent_hash=bytes([69]) * 32)


def _fields(tp) -> list[str]:
    return [name for name, _ in codec_of(tp).fields]


def _keys(n: int) -> list[Keypair]:
    return [Keypair.create_from_seed(bytes([i + 1]) * 32) for i in range(n)]


# ---------------------------------------------------------------------------------------------
# Field orders (reference §7.1, DESIGN §4.1)


def test_field_orders():
    assert _fields(AbridgedCandidateReceipt) == [
        "parachain_index", "relay_parent", "head_data", "collator", "signature", "pov_block_hash", "commitments",
    ]  # fmt: skip
    assert _fields(CandidateReceipt) == [
        "parachain_index", "relay_parent", "head_data", "collator", "signature", "pov_block_hash",
        "global_validation", "local_validation", "commitments",
    ]  # fmt: skip
    assert _fields(CandidateCommitments) == [
        "fees", "upward_messages", "erasure_root", "new_validation_code", "processed_downward_messages",
    ]  # fmt: skip
    assert _fields(GlobalValidationSchedule) == ["max_code_size", "max_head_data_size", "block_number"]
    assert _fields(LocalValidationData) == ["parent_head", "balance", "code_upgrade_allowed"]
    assert _fields(SigningContext) == ["session_index", "parent_hash"]
    assert _fields(SignedAvailabilityBitfield) == ["payload", "validator_index", "signature"]
    assert _fields(BackedCandidate) == ["candidate", "validity_votes", "validator_indices"]
    assert _fields(HostConfiguration) == [
        "validation_upgrade_frequency", "validation_upgrade_delay", "acceptance_period", "max_code_size",
        "max_head_data_size", "parathread_cores", "parathread_retries", "parachain_rotation_frequency",
        "chain_availability_period", "thread_availability_period", "scheduling_lookahead",
    ]  # fmt: skip


def test_host_configuration_is_eleven_u32():
    config = HostConfiguration(*range(1, 12))
    assert codec_of(HostConfiguration).encode(config) == b"".join(i.to_bytes(4, "little") for i in range(1, 12))
    default = HostConfiguration()
    assert default.chain_availability_period >= 1 and default.thread_availability_period >= 1
    assert default.max_head_data_size > 0 and default.max_code_size > 0


def test_default_abridged_receipt_size_and_hash():
    receipt = AbridgedCandidateReceipt()
    encoded = codec_of(AbridgedCandidateReceipt).encode(receipt)
    assert len(encoded) == DEFAULT_ABRIDGED_LEN
    assert encoded == bytes(4 + 32 + 1 + 32 + 64 + 32 + 16 + 1 + 32 + 1 + 4)
    digest = receipt.hash().hex()
    assert digest.startswith(DEFAULT_ABRIDGED_HASH_PREFIX) and digest.endswith(DEFAULT_ABRIDGED_HASH_SUFFIX)
    assert digest == blake2_256(encoded).hex()


def test_abridge_and_complete_are_inverse():
    full = CandidateReceipt(
        parachain_index=ParaId(100),
        relay_parent=bytes([1]) * 32,
        head_data=HeadData(b"head"),
        global_validation=GlobalValidationSchedule(10, 20, 30),
        local_validation=LocalValidationData(HeadData(b"parent"), 7, 99),
        commitments=CandidateCommitments(fees=3),
    )
    abridged, omitted = full.abridge()
    assert omitted == OmittedValidationData(full.global_validation, full.local_validation)
    assert abridged.complete(omitted) == full
    assert full.hash() == abridged.hash()
    assert abridged.to_descriptor().para_id == 100


def test_pov_hash_is_blake2_of_scale():
    pov = PoVBlock(b"abc")
    assert pov.hash() == blake2_256(b"\x0cabc")


# ---------------------------------------------------------------------------------------------
# Signed payloads (reference §7.3, §7.4)


def test_collator_payload_is_68_bytes():
    payload = collator_signature_payload(bytes([1]) * 32, 0x01020304, bytes([2]) * 32)
    assert payload == bytes([1]) * 32 + bytes.fromhex("04030201") + bytes([2]) * 32
    assert len(payload) == 68
    with pytest.raises(ValueError, match="32 bytes"):
        collator_signature_payload(b"short", 1, bytes(32))


def test_collator_signature_checks():
    collator = _keys(1)[0]
    unsigned = AbridgedCandidateReceipt(parachain_index=ParaId(7), collator=CollatorId(collator.public_key))
    signature = collator.sign(unsigned.collator_payload())
    signed = AbridgedCandidateReceipt(
        parachain_index=ParaId(7), collator=CollatorId(collator.public_key), signature=signature
    )
    assert signed.check_collator_signature()
    other_para = AbridgedCandidateReceipt(
        parachain_index=ParaId(8), collator=CollatorId(collator.public_key), signature=signature
    )
    assert not other_para.check_collator_signature()


def test_signed_availability_payload_is_38_bytes():
    payload = SignedAvailabilityBitfield.signing_payload(BitVec([1, 0, 0]), CTX)
    assert payload.hex() == "0c01" + "05000000" + "45" * 32
    assert len(payload) == 38


def test_backing_statement_payload_is_69_bytes():
    receipt = AbridgedCandidateReceipt()
    candidate_hash = receipt.hash()
    seconded = SignedStatement.signing_payload(Seconded(receipt), CTX)
    valid = SignedStatement.signing_payload(Valid(candidate_hash), CTX)
    assert seconded == b"\x01" + candidate_hash + bytes.fromhex("05000000") + bytes([69]) * 32
    assert valid == b"\x02" + candidate_hash + bytes.fromhex("05000000") + bytes([69]) * 32
    assert len(seconded) == len(valid) == 69
    sig = ValidatorSignature()
    assert Implicit(sig).signed_payload(candidate_hash, CTX) == seconded
    assert Explicit(sig).signed_payload(candidate_hash, CTX) == valid


def test_sign_and_check():
    keys = _keys(3)
    validators = [ValidatorId(k.public_key) for k in keys]
    bits = BitVec([1, 0, 1])
    signed = SignedAvailabilityBitfield.sign(keys[2], bits, CTX, 2)
    assert isinstance(signed, SignedAvailabilityBitfield)
    assert signed.validator_index == ValidatorIndex(2)
    assert signed.check_signature(CTX, validators[signed.validator_index])
    # encodes as payload ‖ u32 ‖ 64-byte signature and decodes back
    encoded = signed.encode()
    assert encoded == bytes.fromhex("0c05") + bytes.fromhex("02000000") + signed.signature
    assert codec_of(SignedAvailabilityBitfield).decode(encoded) == signed
    # wrong context: another session, another parent
    assert not signed.check_signature(SigningContext(6, CTX.parent_hash), validators[2])
    assert not signed.check_signature(SigningContext(5, bytes(32)), validators[2])
    # wrong key
    assert not signed.check_signature(CTX, validators[1])
    # wrong index: the runtime looks the signer up by index, and that key did not sign
    relabelled = SignedAvailabilityBitfield(signed.payload, ValidatorIndex(1), signed.signature)
    assert not relabelled.check_signature(CTX, validators[relabelled.validator_index])
    # another payload under the same signature
    assert not SignedAvailabilityBitfield(BitVec([1, 1, 1]), signed.validator_index, signed.signature).check_signature(
        CTX, validators[2]
    )


def test_signed_statement_signs_the_compact_form():
    key = _keys(1)[0]
    receipt = AbridgedCandidateReceipt(parachain_index=ParaId(1))
    signed = SignedStatement.sign(key, Seconded(receipt), CTX, 0)
    assert signed.check_signature(CTX, key.public_key)
    # the same signature is the validator's Implicit attestation for the candidate
    assert Implicit(signed.signature).check_signature(receipt.hash(), CTX, key.public_key)
    assert not Explicit(signed.signature).check_signature(receipt.hash(), CTX, key.public_key)
    assert Seconded(receipt).to_compact() == CompactStatement.Seconded(receipt.hash())


def test_signed_struct_requires_the_three_fields():
    with pytest.raises(TypeError, match="payload, validator_index, signature"):

        @signed_struct
        class _BadSigned(Signed[int]):
            validator_index: ValidatorIndex
            payload: ValidatorIndex
            signature: ValidatorSignature

    assert "_BadSigned" not in DECLARED


# ---------------------------------------------------------------------------------------------
# Variant indexes: a golden test (SCALE encodes variants by index)

GOLDEN_INDEXES = {
    "CompactStatement": {"Seconded": 1, "Valid": 2, "Invalid": 3},
    "Statement": {"Seconded": 1, "Valid": 2, "Invalid": 3},
    "ValidityAttestation": {"Implicit": 1, "Explicit": 2},
    "ParachainDispatchOrigin": {"Signed": 0, "Parachain": 1, "Root": 2},
    "CoreOccupied": {"Parathread": 0, "Parachain": 1},
    "AssignmentKind": {"Parachain": 0, "Parathread": 1},
    "CoreState": {"Occupied": 0, "Scheduled": 1, "Free": 2},
    "OccupiedCoreAssumption": {"Included": 0, "TimedOut": 1, "Free": 2},
    "CandidateEvent": {"CandidateBacked": 0, "CandidateIncluded": 1, "CandidateTimedOut": 2},
    "FreedReason": {"Concluded": 0, "TimedOut": 1},
    "UseCodeAt": {"Current": 0, "ReplacedAt": 1},
}


@pytest.mark.parametrize("name", sorted(GOLDEN_INDEXES))
def test_variant_indexes_are_pinned(name):
    codec = DECLARED[name]
    if hasattr(codec, "variants"):
        actual = {v.name: i for i, v in codec.variants.items()}
    else:
        actual = {m.name: i for i, m in codec.members.items()}
    assert actual == GOLDEN_INDEXES[name]


def test_attestation_and_statement_bytes():
    sig = ValidatorSignature(bytes(range(64)))
    assert ValidityAttestation.Implicit(sig).encode() == b"\x01" + bytes(range(64))
    assert ValidityAttestation.Explicit(sig).encode() == b"\x02" + bytes(range(64))
    h = bytes([9]) * 32
    assert [CompactStatement.Seconded(h).encode()[0], CompactStatement.Valid(h).encode()[0]] == [1, 2]
    assert CompactStatement.Invalid(h).encode() == b"\x03" + h


# ---------------------------------------------------------------------------------------------
# Group rotation (reference §7.2 test `group_rotation_info_calculations`; DESIGN §4.6)


def test_group_rotation_info_calculations():
    info = GroupRotationInfo(session_start_block=10, group_rotation_frequency=5, now=15)
    assert info.next_rotation_at() == 20
    assert info.last_rotation_at() == 15
    never = GroupRotationInfo(session_start_block=10, group_rotation_frequency=0, now=15)
    assert never.next_rotation_at() == 0
    assert never.last_rotation_at() == 0


def test_group_for_core_follows_the_guide():
    # after k rotations group i serves core (i + k) % n, so core c has group (c - k) % n
    info = GroupRotationInfo(session_start_block=10, group_rotation_frequency=5, now=21)  # k = 2
    assert [info.group_for_core(c, 3) for c in range(3)] == [GroupIndex(1), GroupIndex(2), GroupIndex(0)]
    assert [info.core_for_group(g, 3) for g in range(3)] == [CoreIndex(2), CoreIndex(0), CoreIndex(1)]
    assert all(info.core_for_group(info.group_for_core(c, 5), 5) == c for c in range(5))
    assert GroupRotationInfo(10, 0, 100).group_for_core(4, 3) == 4  # no rotation: identity, unbounded
    assert GroupRotationInfo(10, 5, 100).group_for_core(4, 0) == 0  # no cores
    assert GroupRotationInfo(10, 5, 14).group_for_core(1, 3) == 1  # before the first rotation


# ---------------------------------------------------------------------------------------------
# Storage-type helpers (reference §3, §4)


def test_past_code_meta():
    meta = ParaPastCodeMeta().note_replacement(10, 12).note_replacement(20, 23)
    assert meta.most_recent_change() == 20
    assert meta.code_at(5) == UseCodeAt.ReplacedAt(10)
    assert meta.code_at(10) == UseCodeAt.ReplacedAt(10)
    assert meta.code_at(11) == UseCodeAt.ReplacedAt(20)
    assert meta.code_at(21) == UseCodeAt.Current()
    pruned, expected = meta.prune_up_to(12)
    assert expected == [10] and pruned.last_pruned == 10
    assert pruned.code_at(10) is None  # that code is gone
    assert pruned.code_at(11) == UseCodeAt.ReplacedAt(20)
    assert pruned.prune_up_to(22) == (pruned, [])
    empty, gone = pruned.prune_up_to(100)
    assert gone == [20] and empty.upgrade_times == ()
    assert empty.code_at(20) is None and empty.code_at(21) == UseCodeAt.Current()
    assert ParaPastCodeMeta().most_recent_change() is None


def test_claim_queue():
    collator = CollatorId(bytes([3]) * 32)
    entry = ParathreadEntry(ParathreadClaim(ParaId(2000), collator), 0)
    queue = ParathreadClaimQueue()
    for _ in range(3):
        queue = queue.enqueue_entry(entry, 2)
    assert [q.core_offset for q in queue.queue] == [0, 1, 0] and queue.next_core_offset == 1
    assert queue.get_next_on_core(1) == entry
    rest, taken = queue.take_next_on_core(1)
    assert taken == entry and [q.core_offset for q in rest.queue] == [0, 0]
    assert rest.take_next_on_core(1) == (rest, None)
    with pytest.raises(ValueError):
        queue.enqueue_entry(entry, 0)


def test_core_assignment():
    collator = CollatorId(bytes([3]) * 32)
    thread = CoreAssignment(CoreIndex(2), ParaId(2000), AssignmentKind.Parathread(collator, 1), GroupIndex(0))
    assert thread.required_collator() == collator
    assert thread.to_core_occupied() == CoreOccupied.Parathread(
        ParathreadEntry(ParathreadClaim(ParaId(2000), collator), 1)
    )
    chain = CoreAssignment(CoreIndex(0), ParaId(100), AssignmentKind.Parachain(), GroupIndex(1))
    assert chain.required_collator() is None
    assert chain.to_core_occupied() == CoreOccupied.Parachain()


def test_identifiers():
    assert ParaId(999).is_system() and not ParaId(1000).is_system()
    assert codec_of(ParaId).encode(ParaId(1000)) == (1000).to_bytes(4, "little")
    assert ValidatorId() == bytes(32) and ValidatorSignature() == bytes(64)
    with pytest.raises(ValueError, match="ValidatorId needs exactly 32 bytes"):
        ValidatorId(b"short")
    assert HeadData(b"a") < HeadData(b"b")
    assert ZERO_HASH == bytes(32)
    decoded = codec_of(ValidatorId).decode(bytes(range(32)))
    assert type(decoded) is ValidatorId and decoded == bytes(range(32))
