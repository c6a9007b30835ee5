"""A hypothesis state machine over the whole parachain-host runtime (ParachainRuntime through the harness).

Rules: register and deregister paras (Root), parathread claims (the Scheduler routine, between blocks), blocks
with random availability bitfields and backed candidates, forced session changes, validator set and
configuration changes (Root), and empty blocks that let candidates time out. Some candidates are bad (too few
backing votes; rarely new code when no upgrade is allowed, or a parathread candidate by the wrong collator): the
block carrying them is invalid with the first one's named error and changes nothing, and the author then builds
it without them. What each block backs, makes available and enacts is checked against what was offered. After
every step the invariants below are checked on the head state, on the next block's state right after its
initialization, and through the runtime API.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from frame.dispatch import NONE
from frame.executive import InvalidBlock
from frame.system import System
from pallets.configuration import (
    Configuration,
    ZeroChainAvailabilityPeriod,
    ZeroMaxCodeSize,
    ZeroMaxHeadDataSize,
    ZeroSchedulingLookahead,
    ZeroThreadAvailabilityPeriod,
)
from pallets.inclusion import Error as InclusionError
from pallets.inclusion import Inclusion, InsufficientBacking, PrematureCodeUpgrade, WrongCollator
from pallets.inclusion.types import availability_threshold, backing_sufficient
from pallets.inclusion_inherent import InclusionInherent
from pallets.initializer import Initializer
from pallets.paras import AlreadyOutgoing, AlreadyRegistered, AlreadyScheduled, NotRegistered, Paras
from pallets.scheduler import AlreadyClaimed, NotParathread, QueueFull, Scheduler
from pallets.scheduler import Error as SchedulerError
from pallets.session import Session
from pallets.validity import Validity
from primitives.parachain import (
    AssignmentKindParachain,
    AssignmentKindParathread,
    BackedCandidate,
    CandidateBacked,
    CandidateIncluded,
    CandidateTimedOut,
    CoreOccupiedParachain,
    CoreOccupiedParathread,
    CoreStateFree,
    CoreStateOccupied,
    CoreStateScheduled,
    HostConfiguration,
    ParaId,
    ScheduledCore,
)
from runtime_api import RuntimeApi
from tests._runtime_net import THREAD_COLLATORS, RuntimeNet, thread_claim
from tests.harness.candidates import bits, sign_bitfield, validator_key
from tests.harness.parachain import genesis, para_args, validator_ids

T = TypeVar("T")

CONFIG = HostConfiguration(
    validation_upgrade_frequency=3,
    validation_upgrade_delay=2,
    acceptance_period=3,
    max_code_size=64,
    max_head_data_size=96,
    parathread_cores=1,
    parathread_retries=2,
    parachain_rotation_frequency=3,
    chain_availability_period=2,
    thread_availability_period=3,
    scheduling_lookahead=2,
)
CHAINS = (100, 101, 102)
THREADS = (2000, 2001, 2002)

#: Root setters and the values tried (0 where a named error refuses it). Paras register with 32-byte code and
#: 72-byte heads and candidates carry at most 16 bytes of each, so every accepted limit admits them.
SETTERS = {
    "validation_upgrade_frequency": st.integers(0, 5),
    "validation_upgrade_delay": st.integers(0, 3),
    "acceptance_period": st.integers(0, 4),
    "max_code_size": st.sampled_from([0, 32, 64]),
    "max_head_data_size": st.sampled_from([0, 96, 128]),
    "parathread_cores": st.integers(0, 2),
    "parathread_retries": st.integers(0, 3),
    "parachain_rotation_frequency": st.integers(0, 4),
    "chain_availability_period": st.integers(0, 4),
    "thread_availability_period": st.integers(0, 4),
    "scheduling_lookahead": st.integers(0, 3),
}
REFUSED_ZERO = {
    "max_code_size": ZeroMaxCodeSize,
    "max_head_data_size": ZeroMaxHeadDataSize,
    "chain_availability_period": ZeroChainAvailabilityPeriod,
    "thread_availability_period": ZeroThreadAvailabilityPeriod,
    "scheduling_lookahead": ZeroSchedulingLookahead,
}


def all_but_some(data: st.DataObject, items: Iterable[T], label: str) -> list[T]:
    """`items` in order without a drawn subset. The simplest draw keeps them all (every voter votes, every core
    gets a candidate, every group member backs it); otherwise fewer than half are left out, or any number."""
    items = list(items)
    if not items:
        return []
    how = data.draw(st.integers(0, 3), label=f"{label}: how many")
    if how < 2:
        return items
    most = len(items) // 2 if how == 2 else len(items)
    left_out = data.draw(st.sets(st.integers(0, len(items) - 1), max_size=most), label=label)
    return [item for i, item in enumerate(items) if i not in left_out]


class RuntimeMachine(RuleBasedStateMachine):
    """The runtime under random registrations, claims, inclusion inherents, sessions and configuration changes."""

    def __init__(self) -> None:
        super().__init__()
        self.net = RuntimeNet(genesis(6, CHAINS[:2], THREADS[:2], CONFIG, session_length=12))
        self.out_of_band = False  # a claim was written between blocks: the head header does not commit to it

    def blocks_done(self) -> None:
        self.out_of_band = False

    # -- Root calls

    @rule(para=st.sampled_from(CHAINS + THREADS), parachain=st.booleans())
    def register(self, para: int, parachain: bool) -> None:
        with self.net.view():  # the call runs after the next block's initialization (maybe a session change)
            expected = (AlreadyRegistered if Paras.is_valid_para(para)
                        else AlreadyScheduled if para in Paras.UpcomingParas.get() else None)  # fmt: skip
        assert self.net.root_error(Paras.tx.register_para(ParaId(para), para_args(para, parachain))) is expected
        self.blocks_done()

    @rule(para=st.sampled_from(CHAINS + THREADS))
    def deregister(self, para: int) -> None:
        with self.net.view():
            known = Paras.is_valid_para(para) or para in Paras.UpcomingParas.get()
            expected = AlreadyOutgoing if para in Paras.OutgoingParas.get() else None if known else NotRegistered
        assert self.net.root_error(Paras.tx.deregister_para(ParaId(para))) is expected
        self.blocks_done()

    @rule(data=st.data(), field=st.sampled_from(sorted(SETTERS)))
    def configure(self, data: st.DataObject, field: str) -> None:
        value = data.draw(SETTERS[field], label=field)
        expected = REFUSED_ZERO.get(field) if value == 0 else None
        assert self.net.root_error(getattr(Configuration.tx, f"set_{field}")(value)) is expected
        self.blocks_done()

    @rule(n=st.integers(4, 8))
    def next_validators(self, n: int) -> None:
        self.net.root_ok(Session.tx.set_next_validators(tuple(validator_ids(n))))
        self.blocks_done()

    @rule()
    def force_session(self) -> None:
        """The next block, whatever it carries, starts a new session."""
        self.net.root_ok(Session.tx.force_new_session())
        self.blocks_done()

    # -- Parathread claims (a routine: no call offers it yet)

    @rule(para=st.sampled_from((*THREADS, CHAINS[0])), who=st.integers(0, 1))
    def claim(self, para: int, who: int) -> None:
        with self.net.ext():
            config = Configuration.config()
            expected: type[SchedulerError] | None = None
            if not Paras.is_parathread(para):
                expected = NotParathread
            elif len(Scheduler.ParathreadQueue.get().queue) >= config.parathread_cores * config.scheduling_lookahead:
                expected = QueueFull
            elif para in Scheduler.ParathreadClaimIndex.get():
                expected = AlreadyClaimed
            try:
                Scheduler.add_parathread_claim(thread_claim(para, who))
                got = None
            except SchedulerError as e:
                got = type(e)
        assert got is expected
        self.out_of_band = True

    # -- Blocks

    @rule(data=st.data())
    def block_with_inclusion(self, data: st.DataObject) -> None:
        net = self.net
        before = net.plan()
        n, n_cores = before.n_validators, len(before.cores)
        pending_cores = sorted(before.pending)

        # bitfields: random voters, each for a random subset of the pending cores; rarely one with a stray bit for
        # a core with nothing pending, which is disregarded whole
        votes = {core: int.from_bytes(r.availability_votes.packed, "little") for core, (_, r) in before.pending.items()}
        free = [c for c in range(n_cores) if c not in before.pending]
        bitfields = []
        for v in all_but_some(data, range(n), "voters left out"):
            cores = all_but_some(data, pending_cores, "cores left out")
            if free and data.draw(st.integers(0, 9), label="stray") == 9:
                cores = sorted([*cores, data.draw(st.sampled_from(free), label="stray core")])
            else:
                for c in cores:
                    votes[c] |= 1 << v
            bitfields.append(sign_bitfield(validator_key(v), v, bits(n_cores, cores), before.context))
        available = {int(before.pending[c][0]) for c in votes if votes[c].bit_count() >= availability_threshold(n)}

        # candidates for a random subset of what is scheduled once the bitfields are applied, each backed by a
        # random subset of its group
        plan = net.plan(bitfields)
        chosen = all_but_some(data, plan.scheduled, "cores left out")
        good: list[BackedCandidate] = []
        bad: list[tuple[BackedCandidate, type[InclusionError]]] = []  # with the error it must be refused with
        for a in chosen:
            group = plan.groups[int(a.core)]
            signers = all_but_some(data, range(len(group)), "signers left out")
            allowed = plan.upgrade_allowed[int(a.para_id)] is not None
            # rarely a fault checked before the backing: code when no upgrade is allowed, or a claim's wrong collator
            fault = data.draw(st.integers(0, 9), label="fault") == 9
            code = None
            if allowed or fault:
                code = data.draw(st.none() | st.binary(min_size=1, max_size=16), label="new code")
            collator = None
            if fault and isinstance(a.kind, AssignmentKindParathread):
                collator = next(k for k in THREAD_COLLATORS if bytes(k.public_key) != bytes(a.kind.collator))
            head = data.draw(st.binary(min_size=1, max_size=16), label="head")
            candidate = net.candidate(plan, a, signers, data.draw(st.none() | st.booleans(), label="explicit"),
                                      collator=collator, head_data=head, new_validation_code=code)  # fmt: skip
            if code is not None and not allowed:
                bad.append((candidate, PrematureCodeUpgrade))
            elif collator is not None:
                bad.append((candidate, WrongCollator))
            elif not backing_sufficient(len(signers), len(group)):
                bad.append((candidate, InsufficientBacking))
            else:
                good.append(candidate)

        if bad:  # refused by name (the first bad one's error); a block carrying them is invalid and changes nothing
            order = {int(a.para_id): int(a.core) for a in chosen}
            candidates = sorted([*good, *(c for c, _ in bad)], key=lambda c: order[int(c.candidate.parachain_index)])
            error = min(bad, key=lambda b: order[int(b[0].candidate.parachain_index)])[1]
            with pytest.raises(error), net.view():
                InclusionInherent.inclusion(NONE, bitfields, candidates)
            root, parent = net.chain.state_root, net.head
            with pytest.raises(InvalidBlock, match=error.__name__):
                net.import_block(net.forged(bitfields, candidates))
            assert (net.chain.state_root, net.head) == (root, parent)
        # the author leaves them out
        net.produce(bitfields, good)
        self.blocks_done()

        events = net.events()
        backed = [e.receipt for e in events if isinstance(e, CandidateBacked)]
        included = {int(e.receipt.parachain_index) for e in events if isinstance(e, CandidateIncluded)}
        timed_out = {int(e.receipt.parachain_index) for e in events if isinstance(e, CandidateTimedOut)}
        assert backed == [c.candidate for c in good]
        assert included == available
        assert not included & timed_out
        with net.reading():
            for para, record in before.pending.values():
                if int(para) not in included | timed_out:
                    assert Inclusion.pending_availability(para).receipt == record.receipt
            for backed_candidate in good:
                receipt = backed_candidate.candidate
                assert Inclusion.pending_availability(receipt.parachain_index).receipt == receipt
            enacted = [e.receipt for e in events if isinstance(e, CandidateIncluded)]
            kept = Validity.included_at(System.block_number())
            assert [(k.para_id, k.candidate_hash) for k in kept] == [(r.parachain_index, r.hash()) for r in enacted]
            for receipt in enacted:
                assert Paras.head(receipt.parachain_index) == receipt.head_data

    @rule(n=st.integers(1, 4))
    def empty_blocks(self, n: int) -> None:
        """Blocks without bitfields or candidates: what is pending may time out."""
        self.net.advance(n)
        self.blocks_done()

    # -- Invariants

    @invariant()
    def between_blocks(self) -> None:
        net = self.net
        if not self.out_of_band:
            assert net.chain.state_root == net.head.state_root
        with net.reading():
            now = System.block_number()
            config = Configuration.config()
            assert not Initializer.HasInitialized.exists()
            assert not InclusionInherent.Included.exists()
            assert not Scheduler.Scheduled.exists()

            # Paras
            parachains = Paras.parachains()
            assert parachains == sorted(set(parachains))
            threads = sorted(Paras.Parathreads.keys())
            assert not set(parachains) & set(threads)
            assert sorted(Paras.Heads.keys()) == sorted(Paras.ValidationCode.keys()) == sorted(parachains + threads)
            assert sorted(Paras.FutureCodeUpgrades.keys()) == sorted(Paras.FutureCode.keys())
            upcoming, outgoing = Paras.UpcomingParas.get(), Paras.OutgoingParas.get()
            assert list(upcoming) == sorted(set(upcoming)) and list(outgoing) == sorted(set(outgoing))
            assert sorted(Paras.UpcomingParasGenesis.keys()) == list(upcoming)
            assert set(outgoing) <= set(parachains + threads) and not set(upcoming) & set(parachains + threads)
            pruning = Paras.PastCodePruning.get()
            assert [at for _, at in pruning] == sorted(at for _, at in pruning)
            assert all(at + config.acceptance_period >= now for _, at in pruning)
            assert all(b + config.acceptance_period >= now for b in Validity.IncludedBlocks.get())

            # cores, groups, claims
            cores = Scheduler.availability_cores()
            assert len(cores) == len(parachains) + config.parathread_cores
            validators = Session.validators()
            assert Inclusion.validators() == validators
            groups = Scheduler.ValidatorGroups.get()
            assert len(groups) == len(cores) if cores else groups == []
            assert sorted(v for g in groups for v in g) == (list(range(len(validators))) if cores else [])
            assert max(map(len, groups), default=0) - min(map(len, groups), default=0) <= 1

            queue = Scheduler.ParathreadQueue.get().queue
            queued = [q.claim.claim.para_id for q in queue]
            assert len(queued) == len(set(queued))
            assert all(q.core_offset < config.parathread_cores for q in queue)
            on_cores = [c.value.claim.para_id for c in cores if isinstance(c, CoreOccupiedParathread)]
            index = Scheduler.ParathreadClaimIndex.get()
            assert index == sorted(queued + on_cores)  # sorted, unique: one live claim per parathread

            # occupied cores <-> pending candidates
            pending = dict(Inclusion.PendingAvailability.iter())
            assert sorted(pending) == sorted(Inclusion.PendingAvailabilityBacking.keys())
            assert len({int(r.core) for r in pending.values()}) == len(pending)
            for core, occupant in enumerate(cores):
                if occupant is None:
                    continue
                if isinstance(occupant, CoreOccupiedParachain):
                    assert core < len(parachains)
                else:
                    assert core >= len(parachains)
                para = Scheduler.core_para(core)
                assert para is not None and para in pending and pending[para].core == core
            for para, record in pending.items():
                assert cores[record.core] is not None and Scheduler.core_para(record.core) == para
                assert len(record.availability_votes) == len(validators)
                assert record.backed_in_number <= now
            assert all(i < len(validators) for i in Inclusion.AvailabilityBitfields.keys())

    @invariant()
    def next_block(self) -> None:
        """In the next block right after initialization: every free core with something to do is scheduled, and
        no core is both scheduled and occupied."""
        with self.net.view():
            now = System.block_number()
            cores = Scheduler.availability_cores()
            parachains = Paras.parachains()
            scheduled = Scheduler.scheduled()
            assert [a.core for a in scheduled] == sorted({a.core for a in scheduled})
            for a in scheduled:
                assert cores[a.core] is None
                assert a.group_idx == Scheduler.group_assigned_to_core(a.core, now)
                assert Scheduler.core_para(a.core) == a.para_id
                if isinstance(a.kind, AssignmentKindParachain):
                    assert a.para_id == parachains[a.core]
                else:
                    assert isinstance(a.kind, AssignmentKindParathread) and a.core >= len(parachains)
                    assert Paras.is_parathread(a.para_id) and a.para_id in Scheduler.ParathreadClaimIndex.get()
            if Scheduler.ValidatorGroups.get():
                free_chains = [c for c in range(len(parachains)) if cores[c] is None]
                assert free_chains == [a.core for a in scheduled if a.core < len(parachains)]
            pending = {int(r.core): para for para, r in Inclusion.PendingAvailability.iter()}
        # the runtime API reports the same cores
        states = RuntimeApi.of(self.net.chain).availability_cores()
        assert len(states) == len(cores)
        by_core = {int(a.core): a for a in scheduled}
        for core, state in enumerate(states):
            if core in by_core:
                assert state == CoreStateScheduled(ScheduledCore(by_core[core].para_id,
                                                                 by_core[core].required_collator()))  # fmt: skip
            elif core in pending:
                assert isinstance(state, CoreStateOccupied) and state.value.para_id == pending[core]
            else:
                assert isinstance(state, CoreStateFree)


TestRuntimeMachine = RuntimeMachine.TestCase
TestRuntimeMachine.settings = settings(max_examples=50, stateful_step_count=25, deadline=None)
