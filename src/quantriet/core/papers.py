"""The page of a party paper (Hướng dẫn 36-HD/VPTW; ../shared/domain/party-papers.md), for every DOCX writer.

A4 portrait with the guide's margins: python-docx starts from US Letter with one-inch margins, which an
office notices before it reads a word. The margins are settings (PAPER_MARGINS_MM: top, bottom, left,
right) because offices choose within the guide's ranges.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from docx.shared import Emu, Mm

__all__ = ["fit_columns", "party_page"]


def party_page(document: Any) -> Emu:
    """Set every section of ``document`` to A4 portrait with the configured margins; the text width."""
    top, bottom, left, right = settings.PAPER_MARGINS_MM
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
    return Emu(Mm(210 - left - right))


def fit_columns(table: Any, width: int, shares: Sequence[float]) -> None:
    """Give ``table``'s columns these shares of ``width``.

    Word reads the cells' widths and LibreOffice the grid's, so both are set.
    """
    total = sum(shares)
    table.autofit = False
    for column, share in zip(table.columns, shares, strict=True):
        column_width = Emu(int(width * share / total))
        column.width = column_width
        for cell in column.cells:
            cell.width = column_width
