"""Whole numbers from text a user or a client sent: the one parser every view, API and import uses.

``str.isdigit()`` accepts "²" and other Unicode digits that ``int()`` then refuses, and ``int()`` accepts
"١٢" (Arabic-Indic), "+5", " 5 " and "1_000"; a database then refuses a value past 64 bits. Only ASCII
digits, within explicit bounds, are numbers here.
"""

from __future__ import annotations

import re

__all__ = ["DB_INT_MAX", "parse_int"]

# The largest value a BigAutoField / bigint column holds on PostgreSQL and SQLite alike.
DB_INT_MAX = 2**63 - 1

_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_int(raw: object, *, minimum: int = 0, maximum: int = DB_INT_MAX) -> int | None:
    """``raw`` as an int in [minimum, maximum], or None when it is anything else.

    Accepts an int (not a bool) or a string of 1-19 ASCII digits with surrounding spaces; never raises.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        if not _ASCII_DIGITS.fullmatch(text):
            return None
        value = int(text)
    else:
        return None
    return value if minimum <= value <= maximum else None
