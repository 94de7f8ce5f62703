"""Reading the issue date attached to a citation."""

from __future__ import annotations

import datetime
import re


def date_from_match(match: re.Match[str]) -> tuple[str | None, int | None]:
    """The ISO date and year of a ``DATE_AFTER`` match; ``(None, None)`` for an impossible date.

    A date that cannot exist (31/02/2020) is not "corrected" into another day: it gives nothing.
    """
    day = match.group("d") or match.group("d2")
    month = match.group("m") or match.group("m2")
    year = match.group("y") or match.group("y2")
    try:
        value = datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None, None
    if not 1900 <= value.year <= 2100:
        return None, None
    return value.isoformat(), value.year
