"""How many tokens a set of seed runs covers: counted run by run, it is what the definition says."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from quantriet.copycheck.align.geometry import _coverage


def _by_definition(positions: list[int], n: int) -> int:
    return len({start + k for start in positions for k in range(n)})


@given(st.lists(st.integers(0, 400), max_size=60), st.integers(0, 12), st.booleans())
def test_coverage_is_the_number_of_distinct_covered_tokens(
    positions: list[int], n: int, ordered: bool
) -> None:
    if ordered:
        positions = sorted(positions)
    assert _coverage(np.array(positions, dtype=np.int64), n) == _by_definition(positions, n)
