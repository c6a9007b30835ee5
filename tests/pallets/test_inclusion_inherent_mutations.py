"""Bad input: mutations of a valid inclusion inherent make the block invalid with a named error, and the chain
keeps its head and state root exactly as before.

The valid inherent (for block 2) makes para 100's candidate available with six bitfields and backs candidates
of paras 200 and 300. Each example mutates it one way (flipped bits, reordered or duplicated entries, wrong
lengths, foreign signatures, replays from another session or parent), forges block 2 around it and imports it.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frame.executive import InvalidBlock
from primitives.bitvec import BitVec
from primitives.parachain import BackedCandidate, Explicit, SignedAvailabilityBitfield, SigningContext
from primitives.types import evolve
from tests.harness.candidates import attest, collator_key, resign_receipt, sign_bitfield, validator_key
from tests.pallets._inclusion_chain import InclusionChain

Inherent = tuple[list[SignedAvailabilityBitfield], list[BackedCandidate]]


@cache
def setting() -> tuple[InclusionChain, Inherent]:
    chain = InclusionChain()
    chain.produce(candidates=[chain.backed(100)])
    valid = (chain.bitfields(range(6), [100]), [chain.backed(200), chain.backed(300)])
    chain.chain.build_block([chain.inclusion(*valid)])  # it is valid (building would raise otherwise)
    return chain, valid


def flip(bits: BitVec, i: int) -> BitVec:
    return bits.with_bit(i, not bits[i])


def resize(bits: BitVec, n: int) -> BitVec:
    return BitVec(list(bits)[:n] + [False] * max(0, n - len(bits)))


# Each mutation: (draw, bitfields, candidates, context) -> (bitfields, candidates, the error it must cause)


def flip_bitfield_bit(draw, fields, cands, ctx):
    i = draw(st.integers(0, len(fields) - 1))
    fields[i] = evolve(fields[i], payload=flip(fields[i].payload, draw(st.integers(0, len(fields[i].payload) - 1))))
    return fields, cands, "InvalidBitfieldSignature"


def flip_backing_bit(draw, fields, cands, ctx):
    c = draw(st.integers(0, len(cands) - 1))
    bits = cands[c].validator_indices
    cands[c] = evolve(cands[c], validator_indices=flip(bits, draw(st.integers(0, len(bits) - 1))))
    return fields, cands, "InvalidBacking"


def reorder_bitfields(draw, fields, cands, ctx):
    i, j = draw(st.lists(st.integers(0, len(fields) - 1), min_size=2, max_size=2, unique=True))
    fields[i], fields[j] = fields[j], fields[i]
    return fields, cands, "BitfieldDuplicateOrUnordered"


def duplicate_bitfield(draw, fields, cands, ctx):
    i = draw(st.integers(0, len(fields) - 1))
    fields.insert(i, fields[i])
    return fields, cands, "BitfieldDuplicateOrUnordered"


def reorder_votes(draw, fields, cands, ctx):
    c = draw(st.integers(0, len(cands) - 1))
    cands[c] = evolve(cands[c], validity_votes=cands[c].validity_votes[::-1])
    return fields, cands, "InvalidBacking"


def drop_vote(draw, fields, cands, ctx):
    c = draw(st.integers(0, len(cands) - 1))
    votes = list(cands[c].validity_votes)
    del votes[draw(st.integers(0, len(votes) - 1))]
    cands[c] = evolve(cands[c], validity_votes=tuple(votes))
    return fields, cands, "InvalidBacking"


def reorder_candidates(draw, fields, cands, ctx):
    return fields, cands[::-1], "UnscheduledCandidate"


def wrong_bitfield_length(draw, fields, cands, ctx):
    i = draw(st.integers(0, len(fields) - 1))
    n = draw(st.integers(0, 12).filter(lambda n: n != len(fields[i].payload)))
    fields[i] = sign_bitfield(validator_key(fields[i].validator_index), fields[i].validator_index,
                              resize(fields[i].payload, n), ctx)  # fmt: skip
    return fields, cands, "WrongBitfieldSize"


def foreign_bitfield_signature(draw, fields, cands, ctx):
    i = draw(st.integers(0, len(fields) - 1))
    signer = draw(st.integers(0, 9).filter(lambda v: v != fields[i].validator_index))
    forged = sign_bitfield(validator_key(signer), fields[i].validator_index, fields[i].payload, ctx)
    fields[i] = forged
    return fields, cands, "InvalidBitfieldSignature"


def foreign_vote(draw, fields, cands, ctx):
    c = draw(st.integers(0, len(cands) - 1))
    votes = list(cands[c].validity_votes)
    j = draw(st.integers(0, len(votes) - 1))
    outsider = draw(st.integers(6, 9))  # not a validator of the session
    votes[j] = attest(cands[c].candidate, validator_key(outsider), ctx, draw(st.booleans()))
    cands[c] = evolve(cands[c], validity_votes=tuple(votes))
    return fields, cands, "InvalidBacking"


def _replay_context(draw, ctx):
    if draw(st.booleans()):
        return SigningContext(draw(st.sampled_from([ctx.session_index + 1, ctx.session_index + 7])), ctx.parent_hash)
    return SigningContext(
        ctx.session_index, draw(st.binary(min_size=32, max_size=32).filter(lambda h: h != ctx.parent_hash))
    )


def replayed_bitfield(draw, fields, cands, ctx):
    i = draw(st.integers(0, len(fields) - 1))
    old = _replay_context(draw, ctx)
    fields[i] = sign_bitfield(
        validator_key(fields[i].validator_index), fields[i].validator_index, fields[i].payload, old
    )
    return fields, cands, "InvalidBitfieldSignature"


def replayed_backing(draw, fields, cands, ctx):
    c = draw(st.integers(0, len(cands) - 1))
    old = _replay_context(draw, ctx)
    votes = list(cands[c].validity_votes)
    j = draw(st.integers(0, len(votes) - 1))
    candidate_hash = cands[c].candidate.hash()
    signer = next(
        k for k in map(validator_key, range(6)) if votes[j].check_signature(candidate_hash, ctx, k.public_key)
    )
    votes[j] = attest(cands[c].candidate, signer, old, isinstance(votes[j], Explicit))
    cands[c] = evolve(cands[c], validity_votes=tuple(votes))
    return fields, cands, "InvalidBacking"


def candidate_from_another_parent(draw, fields, cands, ctx):
    c = draw(st.integers(0, len(cands) - 1))
    parent = draw(st.binary(min_size=32, max_size=32).filter(lambda h: h != ctx.parent_hash))
    moved = resign_receipt(evolve(cands[c].candidate, relay_parent=parent), collator_key())
    cands[c] = evolve(cands[c], candidate=moved)
    return fields, cands, "CandidateNotInParentContext"


def tampered_head(draw, fields, cands, ctx):
    c = draw(st.integers(0, len(cands) - 1))
    head = draw(st.binary(max_size=32).filter(lambda h: h != cands[c].candidate.head_data))
    cands[c] = evolve(cands[c], candidate=evolve(cands[c].candidate, head_data=head))
    return fields, cands, "InvalidBacking"


def index_out_of_bounds(draw, fields, cands, ctx):
    last = fields[-1]
    index = draw(st.integers(6, 2**32 - 1))
    fields[-1] = sign_bitfield(validator_key(last.validator_index), index, last.payload, ctx)
    return fields, cands, "ValidatorIndexOutOfBounds"


MUTATIONS = [
    flip_bitfield_bit, flip_backing_bit, reorder_bitfields, duplicate_bitfield, reorder_votes, drop_vote,
    reorder_candidates, wrong_bitfield_length, foreign_bitfield_signature, foreign_vote, replayed_bitfield,
    replayed_backing, candidate_from_another_parent, tampered_head, index_out_of_bounds,
]  # fmt: skip


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.__name__ for m in MUTATIONS])
@settings(max_examples=25)
@given(data=st.data())
def test_mutated_inherent_is_rejected_and_changes_nothing(mutation, data):
    chain, (fields, cands) = setting()
    head, root = chain.head, chain.state_root
    ctx = chain.context()
    fields, cands, error = mutation(data.draw, list(fields), list(cands), ctx)
    with pytest.raises(InvalidBlock, match=f"Inclusion\\.{error}"):
        chain.import_block(chain.forged(fields, cands))
    assert chain.head == head and chain.state_root == root


def test_the_unmutated_inherent_imports():
    chain = InclusionChain()
    chain.produce(candidates=[chain.backed(100)])
    chain.produce(chain.bitfields(range(6), [100]), [chain.backed(200), chain.backed(300)])
    assert [type(e).__name__ for e in chain.events()][:3] == ["CandidateIncluded", "CandidateBacked", "CandidateBacked"]
