"""Recognition from ratings and party age: consecutive years at a level, and when a party badge is due.

Pure: plain dates and levels in, plain values out.

- :func:`consecutive_years`: the years of the unbroken run at ``at_least`` (or better) ending at a year;
  a year with no decided rating, or a lower one, breaks the run.
- :func:`badge_day`: the customary day (3/2, 19/5, 2/9, 7/11) a badge for N years of membership is
  awarded on: the first on or after the N-th anniversary of admission.
- :func:`badges_due`: the milestones whose badge day falls in a given year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from quantriet.rules.levels import Level

__all__ = ["BADGE_YEARS", "CUSTOMARY_DAYS", "anniversary", "badge_day", "badges_due", "consecutive_years"]

# Huy hiệu Đảng: 30, 40, 45 years, then every five years.
BADGE_YEARS: tuple[int, ...] = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
# (month, day): the party's founding day, Uncle Hồ's birthday, National Day, the October Revolution.
CUSTOMARY_DAYS: tuple[tuple[int, int], ...] = ((2, 3), (5, 19), (9, 2), (11, 7))


def consecutive_years(levels: Mapping[int, Level | None], *, at_least: Level, ending: int) -> tuple[int, ...]:
    """The years, oldest first, of the unbroken run of ratings at ``at_least`` or better ending at ``ending``.

    ``levels`` maps a year to its decided level (a missing year or ``None``: no decided rating). An empty
    tuple when ``ending`` itself does not qualify.

    >>> consecutive_years({2023: Level.EXCELLENT, 2024: Level.GOOD, 2025: Level.EXCELLENT,
    ...                    2026: Level.EXCELLENT}, at_least=Level.EXCELLENT, ending=2026)
    (2025, 2026)
    """
    years: list[int] = []
    year = ending
    while True:
        level = levels.get(year)
        if level is None or level < at_least:
            break
        years.append(year)
        year -= 1
    return tuple(reversed(years))


def anniversary(admission: dt.date, years: int) -> dt.date:
    """The ``years``-th anniversary of ``admission``; 29 February falls on 28 February in common years
    (a period counted in years ends on the month's last day when it has no such day)."""
    if years < 0:
        raise ValueError("years must not be negative")
    try:
        return admission.replace(year=admission.year + years)
    except ValueError:
        return dt.date(admission.year + years, 2, 28)


def badge_day(admission: dt.date, years: int) -> dt.date:
    """The first customary day on or after the ``years``-th anniversary of ``admission``.

    >>> badge_day(dt.date(1996, 11, 8), 30)
    datetime.date(2027, 2, 3)
    """
    day = anniversary(admission, years)
    for month, dom in CUSTOMARY_DAYS:
        candidate = dt.date(day.year, month, dom)
        if candidate >= day:
            return candidate
    month, dom = CUSTOMARY_DAYS[0]
    return dt.date(day.year + 1, month, dom)


def badges_due(admission: dt.date, year: int) -> tuple[tuple[int, dt.date], ...]:
    """The (milestone, badge day) pairs whose badge day falls in ``year``, smallest milestone first."""
    return tuple(
        (milestone, day) for milestone in BADGE_YEARS if (day := badge_day(admission, milestone)).year == year
    )
