"""Small helpers of the aligning stage, computed the quick way, give what their definitions say: how many
tokens a set of seed runs covers, the distinct seeds."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from quantriet.copycheck.align.geometry import _coverage
from quantriet.copycheck.align.second_pass import _distinct_rows


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
