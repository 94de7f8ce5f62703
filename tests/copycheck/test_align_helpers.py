"""Small helpers of the aligning stage, computed the quick way, give what their definitions say: how many
tokens a set of seed runs covers, the distinct seeds."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st

from quantriet.copycheck.align.geometry import _apart, _coverage, _near_groups
from quantriet.copycheck.align.second_pass import _distinct_rows
from quantriet.copycheck.align.seeds import excluded_tokens
from quantriet.copycheck.prepare import gram_hashes


def _by_definition(positions: list[int], n: int) -> int:
    return len({start + k for start in positions for k in range(n)})


@given(st.lists(st.integers(0, 400), max_size=60), st.integers(0, 12), st.booleans())
def test_coverage_is_the_number_of_distinct_covered_tokens(
    positions: list[int], n: int, ordered: bool
) -> None:
    if ordered:
        positions = sorted(positions)
    assert _coverage(np.array(positions, dtype=np.int64), n) == _by_definition(positions, n)


@given(
    st.lists(st.tuples(st.integers(0, 2**31 - 1), st.integers(0, 2**31 - 1)), max_size=40), st.integers(0, 3)
)
def test_distinct_seeds_are_those_numpy_finds_row_by_row(rows: list[tuple[int, int]], repeats: int) -> None:
    seeds = np.array(rows + rows[:repeats], dtype=np.int64).reshape(-1, 2)
    expected = np.unique(seeds, axis=0)
    got = _distinct_rows(seeds)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    assert np.array_equal(got, expected)


def _excluded_the_long_way(tokens: np.ndarray, excluded: np.ndarray, n: int) -> list[bool]:
    grams = gram_hashes(tokens, n)
    hits = [k for k, gram in enumerate(grams.tolist()) if gram != 0 and gram in set(excluded.tolist())]
    covered = [False] * len(tokens)
    for index, start in enumerate(hits):
        end = start + n
        if index + 1 < len(hits) and hits[index + 1] - start <= 2 * n:
            end = hits[index + 1] + n  # close hits: the n-grams between them are common too
        for token in range(start, end):
            covered[token] = True
    return covered


@given(st.lists(st.integers(1, 6), max_size=60), st.integers(2, 5), st.integers(0, 2**32))
def test_excluded_tokens_are_those_under_an_excluded_n_gram_or_between_two_close_ones(
    words: list[int], n: int, seed: int
) -> None:
    tokens = np.array(words, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    grams = gram_hashes(tokens, n)
    chosen = np.random.default_rng(seed).random(len(grams)) < 0.3
    excluded = np.unique(grams[chosen & (grams != 0)])
    assert excluded_tokens(tokens, excluded, n).tolist() == _excluded_the_long_way(tokens, excluded, n)


_box = st.tuples(st.integers(0, 150), st.integers(1, 60), st.integers(0, 150), st.integers(1, 60)).map(
    lambda t: (t[0], t[0] + t[1], t[2], t[2] + t[3])
)


@given(st.lists(_box, max_size=30), st.integers(0, 12))
# A long box reaching past a short one inside it: the next box is close to the long one's end only.
@example([(0, 100, 0, 10), (10, 20, 300, 310), (103, 110, 600, 610)], 5)
def test_near_groups_are_the_boxes_linked_by_being_close_on_either_side(
    boxes: list[tuple[int, int, int, int]], gap: int
) -> None:
    # The definition, box by box against every other (what the sweep replaced for speed).
    parent = list(range(len(boxes)))

    def root(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    for i, one in enumerate(boxes):
        for j, two in enumerate(boxes[:i]):
            if _apart(one[0], one[1], two[0], two[1]) <= gap or _apart(one[2], one[3], two[2], two[3]) <= gap:
                parent[root(i)] = root(j)
    expected: dict[int, list[tuple[int, int, int, int]]] = {}
    for k, box in enumerate(boxes):
        expected.setdefault(root(k), []).append(box)
    assert _near_groups(boxes, gap) == list(expected.values())
