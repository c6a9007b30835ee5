"""The checks of Inclusion's routines that need no storage: bitfields and backing votes.

Each takes what the routine looked up and raises the named error of the first failed check (reference §5
and §7.5, DESIGN §4.4-4.5). Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Sequence

from pallets.inclusion.errors import (
    BitfieldDuplicateOrUnordered,
    InvalidBacking,
    InvalidBitfieldSignature,
    ValidatorIndexOutOfBounds,
    WrongBitfieldSize,
)
from primitives.parachain import (
    BackedCandidate,
    SignedAvailabilityBitfield,
    SigningContext,
    ValidatorId,
    ValidatorIndex,
    ValidityAttestation,
)


def check_bitfields(
    bitfields: Sequence[SignedAvailabilityBitfield],
    n_bits: int,
    validators: Sequence[ValidatorId],
    occupied_mask: int,
    context: SigningContext,
) -> list[SignedAvailabilityBitfield]:
    """The bitfields to apply, in order; raise on the first malformed one.

    In order, for each bitfield: one bit per core (`WrongBitfieldSize`), validator index strictly above the
    previous one (`BitfieldDuplicateOrUnordered`), a validator of the session (`ValidatorIndexOutOfBounds`),
    and a good signature in `context` (`InvalidBitfieldSignature`). A bitfield that passes all of these but
    has a 1 for a core outside `occupied_mask` (no candidate pending there) is left out, not rejected (the
    guide's "disregard", DESIGN §4.5); its signature is still checked, so a block never carries a forged one.
    """
    accepted: list[SignedAvailabilityBitfield] = []
    last: int = -1
    for position, signed in enumerate(bitfields):
        index = signed.validator_index
        if len(signed.payload) != n_bits:
            raise WrongBitfieldSize(
                f"bitfield {position} (validator {index}) has {len(signed.payload)} bits, expected {n_bits}"
            )
        if index <= last:
            raise BitfieldDuplicateOrUnordered(f"bitfield {position}: validator {index} after validator {last}")
        if index >= len(validators):
            raise ValidatorIndexOutOfBounds(f"bitfield {position}: validator {index} of {len(validators)}")
        if not signed.check_signature(context, validators[index]):
            raise InvalidBitfieldSignature(
                f"bitfield {position}: validator {index}, session {context.session_index}, "
                f"parent 0x{bytes(context.parent_hash).hex()}"
            )
        last = index
        if int.from_bytes(signed.payload.packed, "little") & ~occupied_mask:
            continue
        accepted.append(signed)
    return accepted


def check_backing(
    backed: BackedCandidate,
    context: SigningContext,
    group: Sequence[ValidatorIndex],
    validators: Sequence[ValidatorId],
) -> tuple[tuple[ValidatorIndex, ValidityAttestation], ...]:
    """The backing votes of `backed`, each with its signer's index in the session; `InvalidBacking` if malformed.

    `validator_indices` has one bit per member of `group`; its set bits, ascending, name the signers of
    `validity_votes` in order (reference §7.5). Stricter than the 2020 code, which ignored set bits beyond
    the last vote: the number of set bits must equal the number of votes, so a backing says exactly who signed.
    Whether the votes are enough is the caller's check (`InsufficientBacking`).
    """
    para = backed.candidate.parachain_index
    bits, votes = backed.validator_indices, backed.validity_votes
    if len(bits) != len(group):
        raise InvalidBacking(f"para {para}: {len(bits)} validator bits for a group of {len(group)}")
    if len(votes) > len(group):
        raise InvalidBacking(f"para {para}: {len(votes)} votes for a group of {len(group)}")
    signers = bits.ones()
    if len(signers) != len(votes):
        raise InvalidBacking(f"para {para}: {len(signers)} validator bits set for {len(votes)} votes")
    candidate_hash = backed.candidate.hash()
    out: list[tuple[ValidatorIndex, ValidityAttestation]] = []
    for in_group, vote in zip(signers, votes, strict=True):
        index = group[in_group]
        if index >= len(validators):
            raise InvalidBacking(f"para {para}: group member {in_group} is validator {index} of {len(validators)}")
        if not vote.check_signature(candidate_hash, context, validators[index]):
            raise InvalidBacking(f"para {para}: bad signature by group member {in_group} (validator {index})")
        out.append((ValidatorIndex(index), vote))
    return tuple(out)
