"""Small helpers of the aligning stage, computed the quick way, give what their definitions say: how many
tokens a set of seed runs covers, the distinct seeds."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from quantriet.copycheck.align import bags, sentences
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


def _apart_boxes(draw: st.DrawFn, count: int, length: int) -> list[tuple[int, int, int, int]]:
    """Up to ``count`` boxes clear of each other on both sides inside ``length`` tokens."""
    cuts_a = sorted(draw(st.sets(st.integers(0, length), min_size=2 * count, max_size=2 * count)))
    cuts_b = sorted(draw(st.sets(st.integers(0, length), min_size=2 * count, max_size=2 * count)))
    order = draw(st.permutations(range(count)))
    return [
        (cuts_a[2 * k], cuts_a[2 * k + 1], cuts_b[2 * j], cuts_b[2 * j + 1])
        for k, j in enumerate(order)
        if cuts_a[2 * k] < cuts_a[2 * k + 1] and cuts_b[2 * j] < cuts_b[2 * j + 1]
    ]


@st.composite
def _pair_with_boxes(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int, int, int]]]:
    length = draw(st.integers(200, 6000))
    vocabulary = draw(st.integers(20, 3000))
    a = np.array(
        draw(st.lists(st.integers(1, vocabulary), min_size=length, max_size=length)), dtype=np.uint64
    )
    b = np.array(
        draw(st.lists(st.integers(1, vocabulary), min_size=length, max_size=length)), dtype=np.uint64
    )
    return a, b, _apart_boxes(draw, draw(st.integers(1, 12)), length)


@settings(max_examples=40, deadline=None)
@given(_pair_with_boxes(), st.integers(0, 2**31))
def test_passages_grow_and_snap_as_when_every_other_passage_is_looked_at(
    case: tuple[np.ndarray, np.ndarray, list[tuple[int, int, int, int]]], seed: int
) -> None:
    # Growing (bags) and snapping to sentences look only at passages near each one (``_neighbours``):
    # the same result as looking at every other one, one passage at a time, as they were written first.
    a, b, boxes = case
    rng = np.random.default_rng(seed)
    for lo_a, hi_a, lo_b, hi_b in boxes:  # copies with words shared beside them, for the bags to grow over
        span = min(hi_a - lo_a, hi_b - lo_b)
        a[lo_a : lo_a + span] = b[lo_b : lo_b + span]
        for edge_a, edge_b in ((max(lo_a - 16, 0), max(lo_b - 16, 0)), (hi_a, hi_b)):
            width = min(16, len(a) - edge_a, len(b) - edge_b)
            a[edge_a : edge_a + width] = rng.permutation(b[edge_b : edge_b + width])
    skip = np.zeros(len(a), dtype=bool)
    ids_a, ids_b = a.copy(), b.copy()
    rare = bags._rare_ids(ids_a, ids_b)
    expected = list(boxes)
    for k in range(len(expected)):
        others = expected[:k] + expected[k + 1 :]
        grown = bags._grown(expected[k], others, ids_a, ids_b, rare)
        expected[k] = bags._grown_one_side(grown, others, ids_a, ids_b, set(rare.tolist()))
    assert bags._grow_by_bags(boxes, a, b, skip, skip) == expected

    starts = np.unique(np.concatenate(([0], rng.integers(0, len(a), size=len(a) // 12)))).astype(np.int64)
    snapped = list(expected)
    for k, box in enumerate(snapped):
        others = snapped[:k] + snapped[k + 1 :]
        lo_a, hi_a = sentences._snapped(box[0], box[1], starts, [(o[0], o[1]) for o in others])
        lo_b, hi_b = sentences._snapped(box[2], box[3], starts, [(o[2], o[3]) for o in others])
        if not sentences._alike(box[0] - lo_a, box[2] - lo_b):
            lo_a, lo_b = box[0], box[2]
        if not sentences._alike(hi_a - box[1], hi_b - box[3]):
            hi_a, hi_b = box[1], box[3]
        snapped[k] = (lo_a, hi_a, lo_b, hi_b)
    assert sentences._to_sentences(expected, starts, starts) == snapped
