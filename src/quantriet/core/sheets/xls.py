"""Reading an old Excel 97-2003 workbook (.xls, BIFF) with xlrd, within the same limits as XLSX.

A .xls holds at most 65,536 rows of 256 columns, and the upload limit bounds it further; xlrd
reads the whole file into memory, so the size check before opening is what keeps a hostile file
small. Rows are kept "ragged" (a cell at column IV does not pad every row to 256 cells), only the
first ``IMPORT_MAX_COLUMNS`` columns are read, and anything xlrd cannot make sense of (a damaged
or encrypted file, a Word document named .xls) refuses the file with one sentence.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

import xlrd  # type: ignore[import-untyped]  # no stubs (types-xlrd is not a dependency)
from django.utils.translation import gettext as _

from quantriet.core.sheets.columns import HEADER_SEARCH_ROWS, HeaderMatch, Layout, locate_header, score_rows
from quantriet.core.sheets.errors import ImportRejected, RowError
from quantriet.core.sheets.limits import current

Row = tuple[int, Sequence[Any]]


def _refuse(message: str, hint: str) -> ImportRejected:
    return ImportRejected([RowError(row=None, column="", message=message, hint=hint)])


def _hint() -> str:
    return _(
        "Mở tệp bằng Excel hoặc LibreOffice, bỏ mật khẩu nếu có, chọn Lưu thành (Save As) → “Excel "
        "Workbook (.xlsx)”, rồi tải lên lại."
    )


def _cell(book: Any, sheet: Any, row: int, col: int) -> Any:
    kind = sheet.cell_type(row, col)
    value = sheet.cell_value(row, col)
    if kind == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate_as_datetime(value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return value  # a number formatted as a date that is no date: the row reports it
        return moment.date() if moment.time() == dt.time(0) else moment
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERR")
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    return value


def _rows(book: Any, sheet: Any) -> Iterator[Row]:
    width = current().max_columns
    for row in range(sheet.nrows):
        length = min(sheet.row_len(row), width)
        yield row + 1, tuple(_cell(book, sheet, row, col) for col in range(length))


def open_xls(path: Path) -> Any:
    """The workbook, or ``ImportRejected`` for a file xlrd cannot read."""
    try:
        with open(os.devnull, "w") as quiet:  # xlrd writes warnings about odd records to a log file
            return xlrd.open_workbook(str(path), on_demand=True, ragged_rows=True, logfile=quiet)
    except Exception as error:  # xlrd raises many kinds of errors on a damaged file
        if "encrypted" in str(error).lower():
            raise _refuse(_("Tệp Excel 97-2003 (.xls) có đặt mật khẩu nên không mở được."), _hint()) from None
        raise _refuse(
            _(
                "Tệp không đọc được như một bảng tính Excel 97-2003 (.xls): tệp bị hỏng, có đặt mật khẩu "
                "hoặc là loại tệp khác bị đổi đuôi."
            ),
            _hint(),
        ) from None


@contextmanager
def opened(path: Path) -> Iterator[Any]:
    """The workbook, released on leaving; ``ImportRejected`` for a file xlrd cannot read or make sense of."""
    book = open_xls(path)
    try:
        yield book
    except ImportRejected:
        raise
    except Exception:  # a record damaged beyond what xlrd checks while opening
        raise _refuse(_("Tệp bảng tính bị hỏng nên không mở được."), _hint()) from None
    finally:
        book.release_resources()


def choose_sheet(book: Any, layout: Layout) -> tuple[int, HeaderMatch]:
    """The sheet whose first rows best match ``layout`` (each sheet is scored), and its header."""
    chosen: tuple[int, list[Row], HeaderMatch | None] | None = None
    for index in range(book.nsheets):
        first = list(islice(_rows(book, book.sheet_by_index(index)), HEADER_SEARCH_ROWS))
        match = score_rows(first, layout)
        if chosen is None or (
            match is not None and (chosen[2] is None or len(match.positions) > len(chosen[2].positions))
        ):
            if chosen is not None:
                book.unload_sheet(chosen[0])
            chosen = (index, first, match)
        else:
            book.unload_sheet(index)  # xlrd parses a sheet whole: keep the chosen one, not twice
    if chosen is None:
        raise _refuse(_("Bảng tính không có trang tính nào."), _hint())
    index, first, _match = chosen
    return index, locate_header(first, layout)


def sheet_rows(book: Any, index: int) -> Iterator[Row]:
    """Every row of the sheet, numbered as Excel shows them, the first ``IMPORT_MAX_COLUMNS`` cells."""
    return _rows(book, book.sheet_by_index(index))
