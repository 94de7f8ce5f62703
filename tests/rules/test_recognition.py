"""Recognition rules: runs of years at a level, and the customary days party badges are awarded on."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quantriet.rules import Level
from quantriet.rules.recognition import (
    BADGE_YEARS,
    CUSTOMARY_DAYS,
    anniversary,
    badge_day,
    badges_due,
    consecutive_years,
)

YEARS = st.dictionaries(st.integers(2015, 2030), st.none() | st.sampled_from(Level), max_size=16)
ADMISSIONS = st.dates(dt.date(1930, 2, 3), dt.date(2030, 12, 31))


def test_a_lower_year_or_a_year_without_rating_breaks_the_run() -> None:
    e, g = Level.EXCELLENT, Level.GOOD
    levels = {2019: e, 2020: e, 2021: g, 2022: e, 2023: e, 2025: e, 2026: e}
    assert consecutive_years(levels, at_least=e, ending=2023) == (2022, 2023)
    assert consecutive_years(levels, at_least=e, ending=2026) == (2025, 2026)  # 2024 missing
    assert consecutive_years(levels, at_least=e, ending=2021) == ()
    assert consecutive_years(levels, at_least=g, ending=2023) == (2019, 2020, 2021, 2022, 2023)
    assert consecutive_years({2024: None, 2025: e}, at_least=e, ending=2024) == ()


@given(YEARS, st.sampled_from(Level), st.integers(2015, 2030))
def test_the_run_is_every_year_back_to_the_first_break(
    levels: dict[int, Level | None], at_least: Level, ending: int
) -> None:
    run = consecutive_years(levels, at_least=at_least, ending=ending)
    assert run == tuple(range(ending - len(run) + 1, ending + 1))
    for year in run:
        found = levels.get(year)
        assert found is not None and found >= at_least
    breaker = levels.get(ending - len(run))
    assert breaker is None or breaker < at_least


@given(YEARS, st.integers(2015, 2030))
def test_a_lower_bar_never_shortens_the_run(levels: dict[int, Level | None], ending: int) -> None:
    lengths = [len(consecutive_years(levels, at_least=level, ending=ending)) for level in Level]
    assert lengths == sorted(lengths, reverse=True)  # Level runs lowest first


@pytest.mark.parametrize(
    ("admission", "years", "expected"),
    [
        (dt.date(1996, 2, 3), 30, dt.date(2026, 2, 3)),  # on the day itself
        (dt.date(1996, 2, 4), 30, dt.date(2026, 5, 19)),
        (dt.date(1996, 9, 2), 30, dt.date(2026, 9, 2)),
        (dt.date(1996, 9, 3), 30, dt.date(2026, 11, 7)),
        (dt.date(1996, 11, 7), 30, dt.date(2026, 11, 7)),
        (dt.date(1996, 11, 8), 30, dt.date(2027, 2, 3)),  # after the last day: the next year's first
        (dt.date(1996, 12, 31), 30, dt.date(2027, 2, 3)),
        (dt.date(1976, 1, 1), 50, dt.date(2026, 2, 3)),
        (dt.date(1984, 2, 29), 40, dt.date(2024, 5, 19)),  # leap to leap
        (dt.date(1984, 2, 29), 45, dt.date(2029, 5, 19)),  # 28/2/2029 or 1/3: both after 3/2
    ],
)
def test_badge_day(admission: dt.date, years: int, expected: dt.date) -> None:
    assert badge_day(admission, years) == expected


def test_29_february_has_its_anniversary_on_28_february_in_common_years() -> None:
    assert anniversary(dt.date(1984, 2, 29), 45) == dt.date(2029, 2, 28)
    assert anniversary(dt.date(1984, 2, 29), 40) == dt.date(2024, 2, 29)
    with pytest.raises(ValueError):
        anniversary(dt.date(1984, 2, 29), -1)


@given(ADMISSIONS, st.sampled_from(BADGE_YEARS))
def test_the_badge_day_is_the_first_customary_day_on_or_after_the_anniversary(
    admission: dt.date, years: int
) -> None:
    day = badge_day(admission, years)
    start = anniversary(admission, years)
    assert (day.month, day.day) in CUSTOMARY_DAYS
    assert start <= day <= start + dt.timedelta(days=105)  # 19/5 to 2/9 is the longest gap: 106 days
    between = [start + dt.timedelta(days=n) for n in range((day - start).days)]
    assert not [d for d in between if (d.month, d.day) in CUSTOMARY_DAYS]


@given(ADMISSIONS, st.integers(1960, 2120))
def test_a_badge_is_due_in_exactly_one_year(admission: dt.date, year: int) -> None:
    due = badges_due(admission, year)
    assert all(day.year == year for _, day in due)
    assert [m for m, _ in due] == sorted({m for m, _ in due})
    for milestone in BADGE_YEARS:
        owed = badge_day(admission, milestone).year
        assert (milestone in [m for m, _ in due]) == (owed == year)


def test_badges_due_across_the_new_year() -> None:
    admitted = dt.date(1986, 11, 20)
    assert badges_due(admitted, 2026) == ()
    assert badges_due(admitted, 2027) == ((40, dt.date(2027, 2, 3)),)
