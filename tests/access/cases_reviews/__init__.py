"""Access cases of the annual review: each part of the work has its own module; this gathers them."""

from __future__ import annotations

from tests.access.cases_reviews import api, awards, meeting, periods, results
from tests.access.model import Case


def _merged() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for module in (periods, meeting, results, awards, api):
        twice = set(cases) & set(module.CASES)
        if twice:
            raise ValueError(f"URL patterns with an access case in two modules: {sorted(twice)}")
        cases |= module.CASES
    return cases


CASES = _merged()
EFFECTIVE_UNSAFE: tuple[str, ...] = (
    *periods.EFFECTIVE_UNSAFE,
    *meeting.EFFECTIVE_UNSAFE,
    *results.EFFECTIVE_UNSAFE,
    *awards.EFFECTIVE_UNSAFE,
    *api.EFFECTIVE_UNSAFE,
)
