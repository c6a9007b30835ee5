"""Validator groups: the seeded shuffle is pinned by vectors, matches its written specification, has no
modulo bias, and splits into groups the first V % n of which are one larger (DESIGN §4.10)."""

import hashlib
import itertools
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pallets.scheduler import shuffle, split_into_groups, validator_groups
from pallets.scheduler.groups import WordStream

SEED = bytes(range(32))  # 00 01 02 ... 1f


def test_shuffle_vectors_are_pinned():
    # computed by this implementation (see pallets/scheduler/groups.py for the algorithm)
    assert shuffle(SEED, list(range(10))) == [3, 5, 6, 4, 7, 8, 2, 0, 9, 1]
    assert validator_groups(SEED, 10, 4) == [[3, 5, 6], [4, 7, 8], [2, 0], [9, 1]]
    assert validator_groups(bytes(32), 7, 3) == [[6, 5, 3], [4, 1], [2, 0]]


def test_word_stream_is_blake2_256_of_seed_and_counter_in_le_words():
    block = hashlib.blake2b(SEED + bytes(8), digest_size=32).digest()
    assert block.hex() == "7b3ae1c3390f6fc59dc82ec6c925c97d5096d2b41bdac0673c2fcebb2a591829"
    stream = WordStream(SEED)
    assert [stream.next_word() for _ in range(4)] == [
        int.from_bytes(block[i : i + 8], "little") for i in (0, 8, 16, 24)
    ]
    nxt = hashlib.blake2b(SEED + (1).to_bytes(8, "little"), digest_size=32).digest()
    assert stream.next_word() == int.from_bytes(nxt[:8], "little")


def _spec_shuffle(seed: bytes, n: int) -> list[int]:
    """The module docstring's algorithm, written again from the text alone."""
    words: list[int] = []
    for counter in itertools.count():
        h = hashlib.blake2b(seed + counter.to_bytes(8, "little"), digest_size=32).digest()
        words.extend(int.from_bytes(h[i : i + 8], "little") for i in range(0, 32, 8))
        if len(words) > 4 * n:  # enough: rejections are vanishingly rare
            break
    it = iter(words)
    out = list(range(n))
    for i in reversed(range(1, n)):
        bound = i + 1
        j = next(w for w in it if w < 2**64 - 2**64 % bound) % bound
        out[i], out[j] = out[j], out[i]
    return out


@given(st.binary(min_size=32, max_size=32), st.integers(0, 60))
def test_shuffle_matches_its_specification(seed, n):
    assert shuffle(seed, list(range(n))) == _spec_shuffle(seed, n)


def test_draws_reject_words_in_the_biased_tail():
    stream = WordStream(SEED)
    # 2**64 % 3 == 1, so the single largest word would favour 0 and is rejected
    stream._pending = [5, 2**64 - 1]  # popped from the end
    assert stream.below(3) == 2
    stream._pending = [7, 2**64 - 2]
    assert stream.below(3) == (2**64 - 2) % 3
    with pytest.raises(ValueError):
        stream.below(0)


def test_every_permutation_of_three_turns_up():
    seen = Counter(tuple(shuffle(i.to_bytes(32, "little"), [0, 1, 2])) for i in range(300))
    assert set(seen) == set(itertools.permutations(range(3)))
    assert min(seen.values()) > 20  # about 50 each


@pytest.mark.parametrize(("v", "n", "sizes"), [(10, 4, [3, 3, 2, 2]), (8, 4, [2, 2, 2, 2]), (3, 5, [1, 1, 1, 0, 0]),
                                               (1, 1, [1]), (0, 3, [0, 0, 0])])  # fmt: skip
def test_split_sizes(v, n, sizes):
    groups = split_into_groups(list(range(v)), n)
    assert [len(g) for g in groups] == sizes
    assert [x for g in groups for x in g] == list(range(v))  # consecutive, from the front


def test_no_groups_without_cores_or_validators():
    assert validator_groups(SEED, 5, 0) == [] and validator_groups(SEED, 0, 5) == []
    assert split_into_groups([1, 2], 0) == []


@given(st.binary(min_size=32, max_size=32), st.integers(1, 40), st.integers(1, 12))
def test_groups_partition_the_validators(seed, v, n):
    groups = validator_groups(seed, v, n)
    assert len(groups) == n
    assert sorted(x for g in groups for x in g) == list(range(v))
    sizes = [len(g) for g in groups]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] - sizes[-1] <= 1
