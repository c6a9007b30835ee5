"""Candidate Backing's parts: the signing record (never two conflicting statements, across restarts) and the
statement table (backing by a group majority, double-vote detection)."""

from __future__ import annotations

import sqlite3

import pytest

from genesis.keys import validator_keypair
from node.db import BlockDb
from node.subsystems._relay_info import RelayParentInfo
from node.subsystems.candidate_backing import SigningRecord, StatementTable, may_sign
from pallets.inclusion._checks import check_backing
from pallets.validity import DoubleVoteReport, NotConflicting, Validity, conflicting
from primitives.parachain import (
    AbridgedCandidateReceipt,
    CompactInvalid,
    CompactSeconded,
    CompactValid,
    CoreStateScheduled,
    GroupRotationInfo,
    HeadData,
    Invalid,
    ParaId,
    ScheduledCore,
    Seconded,
    SignedStatement,
    Valid,
    ValidatorId,
    ValidatorIndex,
)
from runtime.parachain import ParachainRuntime
from tests.node._network_support import local_spec, read

A, B = b"\xaa" * 32, b"\xbb" * 32

# ---------------------------------------------------------------------------------------------
# The signing record


@pytest.mark.parametrize(
    "signed, new, allowed",
    [
        ([], CompactSeconded(A), True),
        ([CompactSeconded(A)], CompactSeconded(A), True),  # the same statement again
        ([CompactSeconded(A)], CompactSeconded(B), False),  # a second candidate seconded here
        ([CompactValid(A)], CompactSeconded(A), False),  # the guide: never second what we voted valid
        ([CompactInvalid(A)], CompactSeconded(A), False),
        ([CompactValid(B)], CompactSeconded(A), True),
        ([CompactSeconded(A)], CompactValid(A), False),
        ([CompactInvalid(A)], CompactValid(A), False),
        ([CompactValid(A)], CompactValid(B), True),
        ([CompactSeconded(B)], CompactValid(A), True),
        ([CompactSeconded(A)], CompactInvalid(A), False),
        ([CompactValid(A)], CompactInvalid(A), False),
        ([CompactInvalid(A)], CompactInvalid(A), True),
        ([CompactSeconded(B), CompactValid(A)], CompactInvalid(B), False),
    ],
)
def test_may_sign(signed, new, allowed):
    assert may_sign(signed, new) is allowed


def test_every_statement_validity_punishes_is_refused():
    """Whatever Validity would punish (`conflicting`), the record refuses, in either order."""
    statements = [CompactSeconded(A), CompactSeconded(B), CompactValid(A), CompactValid(B), CompactInvalid(A),
                  CompactInvalid(B)]  # fmt: skip
    for first in statements:
        for second in statements:
            if conflicting(first, second):
                assert not may_sign([first], second), (first, second)


def test_the_record_survives_a_restart(tmp_path):
    path = tmp_path / "signing.sqlite"
    key, rp = b"\x01" * 32, b"\x02" * 32
    record = SigningRecord(path)
    assert record.record(key, 3, rp, CompactSeconded(A))
    # on disk before the signature exists: another connection sees it at once
    assert sqlite3.connect(path).execute("SELECT count(*) FROM signed").fetchone() == (1,)
    record.close()
    record = SigningRecord(path)  # the node restarted
    assert not record.record(key, 3, rp, CompactSeconded(B))
    assert not record.record(key, 3, rp, CompactInvalid(A))
    assert record.record(key, 3, rp, CompactSeconded(A))  # the same statement: fine
    assert record.record(key, 3, b"\x03" * 32, CompactSeconded(B))  # another relay parent
    assert record.record(key, 4, rp, CompactSeconded(B))  # another session
    assert record.record(b"\x09" * 32, 3, rp, CompactSeconded(B))  # another validator
    assert record.signed(key, 3, rp) == [CompactSeconded(A)]
    record.close()


# ---------------------------------------------------------------------------------------------
# The statement table

KEYS = [validator_keypair(i + 1) for i in range(5)]
VALIDATORS = [ValidatorId(k.public_key) for k in KEYS]
RP = b"\x07" * 32
#: groups: [0, 1, 2] back para 100 on core 0, [3, 4] para 101 on core 1 (no rotation)
INFO = RelayParentInfo(
    RP, VALIDATORS, [[ValidatorIndex(0), ValidatorIndex(1), ValidatorIndex(2)], [ValidatorIndex(3), ValidatorIndex(4)]],
    GroupRotationInfo(0, 0, 1), [CoreStateScheduled(ScheduledCore(ParaId(100), None)),
                                 CoreStateScheduled(ScheduledCore(ParaId(101), None))], 0,
)  # fmt: skip


def receipt(para: int = 100, head: bytes = b"head") -> AbridgedCandidateReceipt:
    return AbridgedCandidateReceipt(parachain_index=ParaId(para), relay_parent=RP, head_data=HeadData(head))


def signed(validator: int, statement) -> SignedStatement:
    return SignedStatement.sign(KEYS[validator], statement, INFO.context, validator)


def test_a_candidate_is_backed_by_a_strict_majority_of_its_group():
    table = StatementTable(INFO)
    c = receipt()
    h = c.hash()
    first = table.import_statement(signed(0, Seconded(c)))
    assert first.seconded == c and first.backed is None  # 1 of 3
    assert table.import_statement(signed(3, Valid(h))).backed is None  # not in the group: not counted
    backed = table.import_statement(signed(2, Valid(h))).backed
    assert backed is not None  # 2 of 3
    assert table.backed() == [backed]
    assert [type(v).__name__ for v in backed.validity_votes] == ["Implicit", "Explicit"]
    assert backed.validator_indices.ones() == [0, 2]
    # exactly what the runtime checks
    assert check_backing(backed, INFO.context, INFO.groups[0], VALIDATORS) == (
        (ValidatorIndex(0), backed.validity_votes[0]),
        (ValidatorIndex(2), backed.validity_votes[1]),
    )
    assert table.import_statement(signed(1, Valid(h))).backed is None  # backed once


def test_votes_before_the_candidate_is_known_wait_for_it():
    table = StatementTable(INFO)
    c = receipt(101)
    assert table.import_statement(signed(4, Valid(c.hash()))).backed is None
    result = table.import_statement(signed(3, Seconded(c)))
    assert result.backed is not None and result.backed.validator_indices.ones() == [0, 1]  # 2 of 2


def test_a_candidate_for_another_relay_parent_is_ignored():
    table = StatementTable(INFO)
    elsewhere = AbridgedCandidateReceipt(parachain_index=ParaId(101), relay_parent=b"\x08" * 32)
    assert table.import_statement(signed(3, Seconded(elsewhere))).seconded is None
    assert table.import_statement(signed(4, Valid(elsewhere.hash()))).backed is None
    assert table.candidates == {}


def test_invalid_votes_do_not_back():
    table = StatementTable(INFO)
    c = receipt()
    table.import_statement(signed(0, Seconded(c)))
    assert table.import_statement(signed(1, Invalid(c.hash()))).backed is None
    assert table.import_statement(signed(2, Invalid(c.hash()))).backed is None
    assert table.backed() == []


def test_a_repeated_statement_changes_nothing():
    table = StatementTable(INFO)
    s = signed(0, Seconded(receipt()))
    assert table.import_statement(s).new
    assert table.import_statement(s) == type(table.import_statement(s))()


@pytest.mark.parametrize("second", ["seconded-other", "invalid-same"])
def test_a_double_vote_is_detected_once_and_the_report_holds_on_chain(tmp_path, second):
    table = StatementTable(INFO)
    c, other = receipt(head=b"one"), receipt(head=b"two")
    assert table.import_statement(signed(1, Seconded(c))).double_vote is None
    conflicting_statement = Seconded(other) if second == "seconded-other" else Invalid(c.hash())
    report = table.import_statement(signed(1, conflicting_statement)).double_vote
    assert isinstance(report, DoubleVoteReport)
    assert report.first.validator_index == report.second.validator_index == 1
    assert table.double_voters == {1}
    assert table.import_statement(signed(1, Valid(other.hash()))).double_vote is None  # reported once
    assert table.candidates[c.hash()].votes.keys() == {1}  # the conflicting vote was not counted
    with BlockDb.open(tmp_path, local_spec(5, 2), ParachainRuntime) as db:  # the same validators, session 0
        offender = read(db, lambda: Validity.check_double_vote(report))
        assert offender == bytes(VALIDATORS[1])
        same = DoubleVoteReport(report.context, report.first, report.first)
        with pytest.raises(NotConflicting):
            read(db, lambda: Validity.check_double_vote(same))
