"""The availability store: states, pruning by a sweep, the byte bound, restarts, and the erasure-root check."""

from __future__ import annotations

import asyncio

import pytest

from node.availability import InvalidErasureRoot, encode_available_data, erasure_root_and_branches, obtain_chunks
from node.availability.store import AvailabilityStore, State
from node.messages import StoreAvailableData
from node.subsystems.availability_store import AvailabilityStoreSubsystem
from primitives.parachain import AvailableData, BlockData, ErasureChunk, OmittedValidationData, PoV

N = 7


def _data(tag: bytes) -> AvailableData:
    return AvailableData(PoV(BlockData(tag * 40)), OmittedValidationData())


def _chunks(data: AvailableData) -> tuple[bytes, list[ErasureChunk]]:
    root, branches = erasure_root_and_branches(obtain_chunks(N, encode_available_data(data)))
    return root, [ErasureChunk(c, i, tuple(p)) for i, (c, p) in enumerate(branches)]


def test_chunks_and_data_survive_a_restart(tmp_path):
    root, chunks = _chunks(_data(b"a"))
    store = AvailabilityStore(tmp_path / "av.sqlite")
    store.store_chunks(b"A" * 32, N, root, chunks[2:3], now=5)
    store.store_chunks(b"B" * 32, N, root, chunks, now=5, payload=b"payload")
    held = store.stored_bytes()
    store.close()
    store = AvailabilityStore(tmp_path / "av.sqlite")
    assert store.chunk(b"A" * 32, 2) == chunks[2] and not store.has_chunk(b"A" * 32, 3)
    assert store.data(b"A" * 32) is None and store.data(b"B" * 32) == b"payload"
    assert store.chunk_size(b"B" * 32) == len(chunks[0].chunk)
    assert store.stored_bytes() == held > 0
    assert store.entry(b"A" * 32).state is State.Unavailable


def test_states_and_the_periodic_sweep_follow_polkadots_rules():
    root, chunks = _chunks(_data(b"b"))
    store = AvailabilityStore(keep_unavailable=10, keep_finalized=30)
    never, included, competing = b"N" * 32, b"I" * 32, b"C" * 32
    for c in (never, included, competing):
        store.store_chunks(c, N, root, chunks[:1], now=0)
    store.note_included(included, 3, b"h3", now=4)
    store.note_included(competing, 3, b"other", now=4)
    assert store.entry(included).state is State.Unfinalized
    assert store.entry(included).blocks == ((3, b"h3"),)
    store.note_finalized(3, {3: b"h3"}.get, now=6)
    assert store.entry(included).state is State.Finalized
    assert store.entry(competing).state is State.Unavailable  # only a competing block was finalized
    assert store.sweep(9) == []
    assert store.sweep(10) == [never]  # never included: kept 10 blocks
    assert store.sweep(16) == [competing]  # fell back at 6: kept 10 more
    assert store.sweep(35) == [] and store.entry(included) is not None
    assert store.sweep(36) == [included]  # finalized at 6: kept 30 more
    assert store.stored_bytes() == 0 and store.pruned == 3


def test_the_sweep_keeps_the_space_within_its_bound_oldest_unavailable_first():
    root, chunks = _chunks(_data(b"c"))
    store = AvailabilityStore(max_bytes=1)
    store.store_chunks(b"1" * 32, N, root, chunks[:1], now=1)
    store.store_chunks(b"2" * 32, N, root, chunks[:1], now=2)
    store.note_included(b"1" * 32, 2, b"x", now=2)
    one = store.stored_bytes() // 2
    store.max_bytes = one
    assert store.sweep(3) == [b"2" * 32]  # the unavailable one goes before the included one
    assert store.evicted == 1 and store.stored_bytes() == one


def test_a_backers_data_is_kept_only_if_it_encodes_to_the_receipts_root():
    data = _data(b"d")
    root, _ = _chunks(data)
    subsystem = AvailabilityStoreSubsystem()

    async def store(expected: bytes) -> None:
        reply: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        subsystem.handle(StoreAvailableData(b"D" * 32, N, data, expected, reply))
        await reply

    with pytest.raises(InvalidErasureRoot, match="re-encodes to erasure root"):
        asyncio.run(store(b"\x01" * 32))
    assert subsystem.store.entry(b"D" * 32) is None and subsystem.stats.erasure_root_mismatches == 1
    asyncio.run(store(root))
    assert all(subsystem.store.has_chunk(b"D" * 32, i) for i in range(N))
    assert subsystem.store.data(b"D" * 32) == encode_available_data(data)
