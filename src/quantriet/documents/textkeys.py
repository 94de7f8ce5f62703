"""Folded keys for searching documents without accents ("nghi quyet 35 nq tw")."""

from __future__ import annotations

import re

from quantriet.text import fold

_NON_WORD = re.compile(r"[^0-9a-z]+")


def words(text: str) -> list[str]:
    """Folded words: "Nghị quyết 35-NQ/TW" → ["nghi", "quyet", "35", "nq", "tw"]."""
    return _NON_WORD.sub(" ", fold(text)).split()


def symbol_key(text: str) -> str:
    """A symbol compared loosely: folded, without spaces ("35 - nq/TW" → "35-nq/tw")."""
    return "".join(fold(text).split())
