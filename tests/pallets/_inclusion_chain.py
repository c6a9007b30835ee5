"""Multi-block setting for Inclusion and InclusionInherent: the harness's `TestNet` of the parachain-host pallets.

`InclusionChain` starts from a small genesis (dev validators, three parachains, a test configuration) and
builds what a block author would offer: it reads the next block's state right after its initialization
(`view`, like a runtime API), then signs bitfields and backs candidates for that block.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from frame import extrinsic as xt
from frame import io
from frame.block import Block, Header
from frame.pallet import Call
from frame.state import OverlayedState
from frame.system import System
from frame.trie import ordered_trie_root
from pallets.inclusion import Inclusion
from pallets.inclusion_inherent import InclusionInherent
from pallets.paras import Paras
from pallets.scheduler import Scheduler
from primitives.parachain import (
    BackedCandidate,
    CoreIndex,
    ParaId,
    SignedAvailabilityBitfield,
    SigningContext,
)
from primitives.scale import bytes_codec
from primitives.types import evolve
from tests.harness.candidates import back_candidate, make_receipt, signed_bitfields
from tests.harness.parachain import TEST_CONFIG, FullRuntime, TestNet, adder_head, genesis

ParachainRuntime = FullRuntime

PARAS = (100, 200, 300)
#: The test configuration: three parachain cores, availability periods of 3 blocks, upgrades every 5 blocks
#: with a delay of 4, heads up to 96 bytes (the adder's are 72) and code up to 64.
CONFIG = evolve(
    TEST_CONFIG,
    parathread_cores=0,
    validation_upgrade_frequency=5,
    validation_upgrade_delay=4,
    max_head_data_size=96,
    max_code_size=64,
    chain_availability_period=3,
)


def genesis_head(para: int) -> bytes:
    """Every para starts with the adder's genesis head."""
    return adder_head()


class InclusionChain(TestNet):
    """The harness's test net of the parachain-host pallets, with builders for the next block's inclusion inherent."""

    def __init__(self, n_validators: int = 6, session_length: int = 100, **config: int) -> None:
        self.n_validators = n_validators
        super().__init__(genesis(n_validators, PARAS, (), evolve(CONFIG, **config), session_length))

    @property
    def state_root(self) -> bytes:
        return self.chain.state_root

    # -- reading

    @contextmanager
    def view(self) -> Iterator[OverlayedState]:
        """The state of the next block right after its initialization (thrown away afterwards)."""
        state = OverlayedState(self.chain.backend)
        header = Header(self.head.hash(), self.head.number + 1, bytes(32), bytes(32))
        with io.using(state, self.chain.runtime):
            self.chain.executive.initialize_block(header)
            yield state

    def context(self) -> SigningContext:
        """The signing context of the next block."""
        with self.view():
            return Inclusion.signing_context()

    def n_cores(self) -> int:
        with self.view():
            return len(Scheduler.availability_cores())

    def core_of(self, para: int) -> CoreIndex:
        with self.view():
            return CoreIndex(Paras.parachains().index(ParaId(para)))

    def group_of(self, para: int) -> list[int]:
        """The validators of the group assigned to `para`'s core in the next block."""
        with self.view():
            core = CoreIndex(Paras.parachains().index(ParaId(para)))
            group = Scheduler.group_assigned_to_core(core, System.block_number())
            assert group is not None
            members = Scheduler.group_validators(group)
            assert members is not None
            return [int(v) for v in members]

    # -- building

    def bitfields(self, voters: Iterable[int], paras: Iterable[int]) -> list[SignedAvailabilityBitfield]:
        """Bitfields by `voters` with the bits of `paras`' cores set, signed for the next block."""
        cores = [self.core_of(p) for p in paras]
        return signed_bitfields(voters, self.n_cores(), cores, self.context())

    def backed(self, para: int, signers: Sequence[int] | None = None, **receipt: Any) -> BackedCandidate:
        """A candidate of `para` for the next block, backed by its group (positions `signers`, default all)."""
        candidate = make_receipt(para, self.head.hash(), **receipt)
        return back_candidate(candidate, self.group_of(para), self.context(), signers)

    def inclusion(self, bitfields: Sequence[SignedAvailabilityBitfield] = (),
                  candidates: Sequence[BackedCandidate] = ()) -> Call:  # fmt: skip
        return InclusionInherent.tx.inclusion(list(bitfields), list(candidates))

    def produce(self, bitfields: Sequence[SignedAvailabilityBitfield] = (),
                candidates: Sequence[BackedCandidate] = (), extrinsics: Sequence[Any] = ()) -> Header:  # fmt: skip
        """Build and import the next block with this inclusion inherent."""
        return self.chain.produce_block([self.inclusion(bitfields, candidates)], extrinsics)

    def advance(self, n: int = 1) -> None:
        """Produce `n` blocks with empty inclusion inherents."""
        for _ in range(n):
            self.produce()

    def built(self, bitfields: Sequence[SignedAvailabilityBitfield] = (),
              candidates: Sequence[BackedCandidate] = ()) -> Block:  # fmt: skip
        return self.chain.build_block([self.inclusion(bitfields, candidates)]).block

    def forged(self, bitfields: Sequence[SignedAvailabilityBitfield] = (),
               candidates: Sequence[BackedCandidate] = ()) -> Block:  # fmt: skip
        """The next block as an author would make it, but carrying this inclusion inherent unchecked.

        A block is built with the empty inherent, then its inherent is replaced (and the extrinsics root
        recomputed); a failing inherent makes the block invalid on import, before any root is compared.
        """
        valid = self.chain.build_block([self.inclusion()]).block
        encoded = xt.encode(self.chain.runtime, xt.unsigned(self.inclusion(bitfields, candidates)))
        root = ordered_trie_root([bytes_codec.encode(encoded)])
        return Block(evolve(valid.header, extrinsics_root=root), (encoded,))

    def import_block(self, block: Block) -> Header:
        return self.chain.import_block(block)

    def events(self) -> list[Any]:
        with self.reading():
            return [record.event.event for record in System.events()]
