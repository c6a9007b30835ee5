"""Validity: double-vote reports (each named error) and included-candidate records."""

import attrs
import pytest

from frame import construct_runtime, io
from frame.backend import MemoryBackend
from frame.dispatch import ModuleError, Signed
from frame.state import OverlayedState
from frame.system import System
from pallets.configuration import Configuration
from pallets.validity import (
    BackingVote,
    DifferentValidators,
    DoubleVoteReport,
    DoubleVoteReported,
    DuplicateReport,
    InvalidSignature,
    NotConflicting,
    OffenceKind,
    SignedCompactStatement,
    UnknownSession,
    ValidatorIndexOutOfBounds,
    Validity,
    conflicting,
)
from primitives.crypto import Keypair
from primitives.parachain import CompactStatement, Implicit, SigningContext, ValidatorId

KEYS = [Keypair.create_from_uri(f"//Validator{i}") for i in range(4)]
RT = construct_runtime("ValidityTest", [System, (3, Configuration), (9, Validity)])
CTX = SigningContext(3, b"\x07" * 32)
A, B = b"\xaa" * 32, b"\xbb" * 32


@attrs.frozen
class Notification:
    session_index: int
    validators: tuple


@pytest.fixture
def state():
    st = OverlayedState(MemoryBackend())
    with io.using(st, RT):
        System.Number.put(5)
        Validity.initializer_on_new_session(Notification(3, tuple(ValidatorId(k.public_key) for k in KEYS)))
        yield st


def stmt(kind, h, signer=1, ctx=CTX, key=None):
    return SignedCompactStatement.sign(key or KEYS[signer], kind(h), ctx, signer)


def report(first, second, ctx=CTX):
    return DoubleVoteReport(ctx, first, second)


def dispatch(rep):
    return RT.dispatch(Validity.tx.report_double_vote(rep), Signed(b"\x01" * 32))


def error_of(result):
    assert isinstance(result, ModuleError) and result.value.index == 9
    return Validity.Error.members[result.value.error[0]]


def test_conflict_rules():
    S, V, I = CompactStatement.Seconded, CompactStatement.Valid, CompactStatement.Invalid
    assert conflicting(S(A), S(B)) and not conflicting(S(A), S(A))
    assert conflicting(V(A), I(A)) and conflicting(I(A), S(A))
    assert not conflicting(V(A), V(B)) and not conflicting(S(A), V(B)) and not conflicting(V(A), I(B))


def test_double_vote_is_recorded_once(state):
    S = CompactStatement.Seconded
    rep = report(stmt(S, A), stmt(S, B))
    assert dispatch(rep) is None
    offence = Validity.Offences.get(3, 1)
    assert offence.kind == OffenceKind.DoubleVote and offence.reported_at == 5
    ev = System.events()[-1].event
    assert ev.pallet == "Validity" and ev.event == DoubleVoteReported(3, 1, KEYS[1].public_key)
    assert error_of(dispatch(rep)) is DuplicateReport
    assert error_of(dispatch(report(stmt(CompactStatement.Valid, A), stmt(CompactStatement.Invalid, A)))) is (
        DuplicateReport
    )


@pytest.mark.parametrize(
    "make, error",
    [
        (lambda: report(stmt(CompactStatement.Seconded, A, ctx=SigningContext(9, CTX.parent_hash)),
                        stmt(CompactStatement.Seconded, B), ctx=SigningContext(9, CTX.parent_hash)), UnknownSession),
        (lambda: report(stmt(CompactStatement.Seconded, A, signer=1), stmt(CompactStatement.Seconded, B, signer=2)),
         DifferentValidators),
        (lambda: report(stmt(CompactStatement.Seconded, A, signer=7, key=KEYS[0]),
                        stmt(CompactStatement.Seconded, B, signer=7, key=KEYS[0])), ValidatorIndexOutOfBounds),
        (lambda: report(stmt(CompactStatement.Seconded, A), stmt(CompactStatement.Valid, B)), NotConflicting),
        (lambda: report(stmt(CompactStatement.Seconded, A, key=KEYS[2]), stmt(CompactStatement.Seconded, B)),
         InvalidSignature),
        # a replay into another parent: the signatures were made for CTX, the report claims another context
        (lambda: report(stmt(CompactStatement.Seconded, A), stmt(CompactStatement.Seconded, B),
                        ctx=SigningContext(3, b"\x08" * 32)), InvalidSignature),
    ],
    ids=["unknown-session", "different-validators", "index-out-of-bounds", "not-conflicting", "foreign-key",
         "other-parent"],
)  # fmt: skip
def test_bad_reports_are_refused_by_name(state, make, error):
    root = state.storage_root()
    assert error_of(dispatch(make())) is error
    assert state.storage_root() == root  # nothing written


def test_sessions_kept_and_included_records(state):
    for index in range(4, 4 + Validity.SessionsKept):
        Validity.initializer_on_new_session(Notification(index, (ValidatorId(KEYS[0].public_key),)))
    assert Validity.SessionValidators.get(3) is None and Validity.SessionValidators.get(4) is not None
    vote = BackingVote(0, Implicit(b"\x01" * 64))
    Validity.note_included(100, A, [vote])
    Validity.note_included(101, B, [])
    kept = Validity.included_at(5)
    assert [(c.para_id, c.candidate_hash) for c in kept] == [(100, A), (101, B)] and kept[0].backing == (vote,)
    assert Validity.IncludedBlocks.get() == [5]
