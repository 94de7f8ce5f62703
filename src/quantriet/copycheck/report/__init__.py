"""The copy check's result written for people and programs: the contract's JSON and the HTML report.

Not part of the engine (``quantriet.copycheck``): the engine returns values, these modules write them.
``jsonout`` writes the JSON of the command-line contract (shared/contracts/copycheck.md); ``html`` writes
the self-contained page a reviewer opens offline, from a template and the stylesheet and script in
``assets``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SkippedFile"]


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file left out of the check, with a Vietnamese sentence saying why and a stable reason code."""

    path: str
    reason: str
    code: str
