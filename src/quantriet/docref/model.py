"""The value returned for each citation found in a text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

System = Literal["party", "state"]


@dataclass(frozen=True, slots=True)
class Citation:
    """One citation of a party or state document in a text.

    Attributes:
        start: Code-point offset of the first character in the text as given (not normalised).
        end: Offset one past the last character; ``text[start:end]`` is :attr:`text`.
        text: The cited words exactly as written: type word, number and symbol, attached date.
        id: Canonical number and symbol (NFC, ``Đ`` as U+0110, no spaces), e.g. ``"35-NQ/TW"`` or
            ``"13/2023/NĐ-CP"``; ``None`` for a partial citation that has no full symbol.
        type: Full Vietnamese type name such as ``"Nghị quyết"``, or ``None`` when it cannot be told.
        number: The document number as written (``"08"``), or ``None``.
        issuer: Issuing-body part of the symbol (``"TW"``, ``"BTCTW"``, ``"CP"``), or ``None``.
        year: Year from the symbol (state form) or from the attached date, else ``None``.
        date: ISO ``YYYY-MM-DD`` issue date attached to the citation, else ``None``.
        system: ``"party"``, ``"state"`` or ``None`` when it cannot be told.
    """

    start: int
    end: int
    text: str
    id: str | None
    type: str | None
    number: str | None
    issuer: str | None
    year: int | None
    date: str | None
    system: System | None

    def as_dict(self) -> dict[str, object]:
        """The fields in contract order, ready for JSON."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "id": self.id,
            "type": self.type,
            "number": self.number,
            "issuer": self.issuer,
            "year": self.year,
            "date": self.date,
            "system": self.system,
        }
