"""The candidate search's runs of one hash are the same however they are computed.

Many rows are sorted in two threads (split in place around their median first); runs held by one document
may be left out (``shared_only``). Neither may change a run, an owner or a candidate pair.
"""

from __future__ import annotations

import numpy as np
import pytest

from quantriet.copycheck import Options
from quantriet.copycheck import candidates as candidates_module
from quantriet.copycheck.candidates import _packed_runs, search_candidates
from tests.copycheck.test_sharded import _prepared

Runs = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _rows(seed: int, count: int, owner_bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Hashes anywhere in 64 bits, many held by several owners, some twice by one owner, and some
    differing only in the low bits the packing drops."""
    rng = np.random.default_rng(seed)
    pool = rng.integers(0, 2**64 - 1, size=max(1, count // 3), dtype=np.uint64, endpoint=True)
    near = pool[: count // 20] ^ rng.integers(1, 1 << owner_bits, size=count // 20, dtype=np.uint64)
    hashes = rng.choice(np.concatenate((pool, near)), size=count)
    owners = rng.integers(0, 1 << owner_bits, size=count, dtype=np.int64)
    return hashes, owners


def _same(one: Runs, other: Runs) -> None:
    for left, right in zip(one, other, strict=True):
        assert left.dtype == right.dtype
        assert np.array_equal(left, right)


def _without_singletons(runs: Runs) -> Runs:
    high, owners, _, lengths = runs
    shared = lengths > 1
    rows = np.repeat(shared, lengths)
    kept_lengths = lengths[shared]
    kept_starts = np.concatenate(([0], np.cumsum(kept_lengths)[:-1])).astype(np.int64)
    return high[shared], owners[rows], kept_starts, kept_lengths


@pytest.mark.parametrize(("seed", "count"), [(1, 0), (2, 1), (3, 2), (4, 5_000), (5, 40_001)])
def test_runs_sorted_in_two_threads_are_the_runs_sorted_at_once(
    monkeypatch: pytest.MonkeyPatch, seed: int, count: int
) -> None:
    hashes, owners = _rows(seed, count, owner_bits=7)
    monkeypatch.setattr(candidates_module, "_SPLIT_ROWS", 1 << 40)
    at_once = _packed_runs(hashes, owners, 7)
    at_once_shared = _packed_runs(hashes, owners, 7, shared_only=True)
    monkeypatch.setattr(candidates_module, "_SPLIT_ROWS", 1)
    _same(at_once, _packed_runs(hashes, owners, 7))
    _same(at_once_shared, _packed_runs(hashes, owners, 7, shared_only=True))


@pytest.mark.parametrize("seed", [6, 7])
def test_shared_only_leaves_out_exactly_the_runs_of_one_row(seed: int) -> None:
    hashes, owners = _rows(seed, 20_000, owner_bits=9)
    every = _packed_runs(hashes, owners, 9)
    assert (every[3] == 1).any() and (every[3] > 2).any()  # the data has both kinds of run
    _same(_without_singletons(every), _packed_runs(hashes, owners, 9, shared_only=True))


def test_skewed_or_equal_values_are_sorted_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(candidates_module, "_SPLIT_ROWS", 1)
    hashes, owners = _rows(8, 3_001, owner_bits=5)
    for values in (hashes >> np.uint64(1), hashes | np.uint64(1 << 63), hashes >> np.uint64(60), hashes * 0):
        packed = (values >> np.uint64(5) << np.uint64(5)) | owners.view(np.uint64)
        sorted_in_place = candidates_module._pack(values, owners, 5)
        candidates_module._sort(sorted_in_place)
        assert np.array_equal(sorted_in_place, np.sort(packed))


@pytest.mark.parametrize("options", [Options(), Options(common_share=0.05)], ids=["default", "rings"])
def test_candidates_are_the_same_with_the_search_in_two_threads(
    monkeypatch: pytest.MonkeyPatch, options: Options
) -> None:
    compared, base = _prepared(1, options)
    monkeypatch.setattr(candidates_module, "_SPLIT_ROWS", 1 << 40)
    one = search_candidates(compared, options, base)
    no_base = search_candidates(compared, options)
    assert len(one.pairs) > 40 and len(one.common) > 0  # copies found, common material set aside
    monkeypatch.setattr(candidates_module, "_SPLIT_ROWS", 1)
    two = search_candidates(compared, options, base)
    assert two.pairs == one.pairs and np.array_equal(two.common, one.common)
    other = search_candidates(compared, options)
    assert other.pairs == no_base.pairs and np.array_equal(other.common, no_base.common)


@pytest.mark.parametrize(
    ("seed", "count", "bits"), [(9, 1, 3), (10, 7, 2), (11, 30_000, 9), (12, 30_000, 14)]
)
def test_runs_are_those_of_a_plain_sort_and_unique(seed: int, count: int, bits: int) -> None:
    """Against the definition, computed the slow way: distinct (hash's high bits, owner) rows in order,
    then the runs of one hash."""
    hashes, owners = _rows(seed, count, owner_bits=bits)
    shift = np.uint64(bits)
    rows = np.unique((hashes >> shift << shift) | owners.view(np.uint64))
    run_hash, starts, lengths = np.unique(rows >> shift, return_index=True, return_counts=True)
    expected = (
        run_hash,
        (rows & np.uint64((1 << bits) - 1)).view(np.int64),
        starts.astype(np.int64),
        lengths,
    )
    got = _packed_runs(hashes, owners, bits)
    for left, right in zip(got, expected, strict=True):
        assert np.array_equal(left, right)


def test_links_packed_a_few_documents_at_a_time_give_the_same_candidates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compared, base = _prepared(2, Options())
    whole = search_candidates(compared, Options(), base)
    assert len(whole.pairs) > 40
    for at_once in (1, 3, 7):
        monkeypatch.setattr(candidates_module, "_OWNERS_AT_ONCE", at_once)
        assert search_candidates(compared, Options(), base).pairs == whole.pairs
