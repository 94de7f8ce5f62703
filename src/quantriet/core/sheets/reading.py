"""Reading an uploaded file into rows: XLSX (openpyxl, read-only, cached values), XLS (xlrd) or CSV.

Everything that makes a file unreadable as a whole is found here and reported as ``ImportRejected``
before any row is looked at: size over the limit (checked before opening), a file that is not what
its name says, legacy encodings, formulas without a saved result and merged cells in the table.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils.cell import coordinate_from_string, range_boundaries

from quantriet.archives import ZIP_ERRORS, ArchiveRefused, check_zip
from quantriet.core.sheets import xls
from quantriet.core.sheets.columns import HEADER_SEARCH_ROWS, HeaderMatch, Layout, locate_header, score_rows
from quantriet.core.sheets.encoding import decode_csv
from quantriet.core.sheets.errors import ImportRejected, RowError
from quantriet.core.sheets.limits import current
from quantriet.core.sheets.xlsx_scan import SheetFacts, check_parts, open_checked

Row = tuple[int, Sequence[Any]]  # (row number as the spreadsheet shows it, cell values)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_EXCEL_COLUMNS = 16_384  # no spreadsheet has more; a CSV line with more separators is not a table


@dataclass
class Table:
    header: HeaderMatch
    # The rows under the header that hold any value (at most IMPORT_MAX_ROWS, empty cells at the right
    # dropped); rows without any value are only counted, so a sheet reaching row 1,048,576 costs nothing.
    rows: list[Row]
    blank_rows: int = 0


def _refuse(message: str, hint: str) -> ImportRejected:
    return ImportRejected([RowError(row=None, column="", message=message, hint=hint)])


def _save_as_hint() -> str:
    return _(
        "Mở tệp bằng Excel hoặc LibreOffice, chọn Lưu thành (Save As) → “Excel Workbook (.xlsx)” "
        "hoặc “CSV UTF-8”, rồi tải lên lại."
    )


def check_size(size: int) -> None:
    limit = current().max_bytes
    if size > limit:
        raise _refuse(
            _("Tệp nặng %(size)s MB, vượt giới hạn %(limit)s MB cho một lần nhập.")
            % {
                "size": f"{size / 1048576:.1f}".replace(".", ","),
                "limit": f"{limit / 1048576:g}".replace(".", ","),
            },
            _(
                "Hãy chia danh sách thành nhiều tệp nhỏ hơn (ví dụ theo từng đảng bộ cơ sở), xóa các trang "
                "tính "
                "và hình ảnh không cần thiết, rồi nhập lần lượt từng tệp."
            ),
        )


def _too_many_rows(limit: int) -> ImportRejected:
    shown = f"{limit:,}".replace(",", ".")
    return _refuse(
        _("Tệp có hơn %(n)s dòng dữ liệu, quá giới hạn %(n)s dòng cho một lần nhập.") % {"n": shown},
        _(
            "Hãy chia danh sách thành nhiều tệp, mỗi tệp không quá %(n)s dòng (ví dụ mỗi đảng bộ cơ sở hoặc "
            "mỗi huyện một tệp), rồi nhập lần lượt từng tệp."
        )
        % {"n": shown},
    )


def _too_many_sheet_rows(limit: int) -> ImportRejected:
    rows = f"{limit:,}".replace(",", ".")
    return _refuse(
        _(
            "Trang tính có quá nhiều dòng (hơn %(n)s dòng, kể cả dòng trống hoặc chỉ có dữ liệu ở các cột "
            "xa ngoài bảng) nên không được đọc hết."
        )
        % {"n": f"{2 * limit:,}".replace(",", ".")},
        _(
            "Hãy chép riêng bảng dữ liệu sang một tệp Excel mới (hoặc xóa các dòng, cột thừa), rồi tải lên "
            "lại; danh sách dài hãy chia thành nhiều tệp, mỗi tệp không quá %(rows)s dòng."
        )
        % {"rows": rows},
    )


def _unpacks_too_large() -> ImportRejected:
    return _refuse(
        _(
            "Tệp bảng tính khi giải nén lớn bất thường (quá %(limit)s MB, hoặc có quá nhiều thành phần, "
            "ô hay định dạng) nên không được mở."
        )
        % {"limit": f"{current().max_uncompressed / 1048576:g}".replace(".", ",")},
        _(
            "Hãy chép riêng bảng dữ liệu sang một tệp Excel mới (chỉ giá trị, không định dạng, hình ảnh), "
            "chia nhỏ nếu danh sách dài, rồi tải lên lại."
        ),
    )


def _trimmed(values: Sequence[Any]) -> tuple[Any, ...]:
    """The row without its empty cells at the right (an empty tuple for a row with no value at all)."""
    end = len(values)
    while end and (
        values[end - 1] is None or (isinstance(values[end - 1], str) and not values[end - 1].strip())
    ):
        end -= 1
    return tuple(values[:end])


def _table(header: HeaderMatch, rows: Iterable[Row]) -> Table:
    """Keep the rows under the header, refusing the file as soon as it passes the row limit."""
    limit = current().max_rows
    kept: list[Row] = []
    blank = 0
    for number, values in rows:
        if number <= header.row:
            continue
        trimmed = _trimmed(values)
        if not trimmed:
            blank += 1
            continue
        if len(kept) >= limit:
            raise _too_many_rows(limit)
        kept.append((number, trimmed))
    return Table(header=header, rows=kept, blank_rows=blank)


def read_table(path: Path, original_name: str, layout: Layout) -> Table:
    """Read ``path`` (uploaded as ``original_name``) and locate the header for ``layout``."""
    check_size(path.stat().st_size)
    suffix = Path(original_name).suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_ZIP_MAGIC):
        return _read_zip(path, suffix, layout)
    if head.startswith(_OLE_MAGIC):
        # Excel 97-2003 (.xls); a password-protected .xlsx or a Word .doc is such a file too, and is
        # refused by the reader with its own sentence.
        return _read_xls(path, layout)
    if suffix == ".xls":
        raise _refuse(
            _(
                "Tệp “%(name)s” không phải là bảng tính Excel 97-2003 (có thể là tệp khác bị đổi đuôi "
                "thành .xls)."
            )
            % {"name": original_name},
            _save_as_hint(),
        )
    if suffix in (".xlsx", ".xlsm", ".ods"):
        raise _refuse(
            _("Tệp “%(name)s” không phải là bảng tính (có thể là tệp khác bị đổi đuôi thành %(suffix)s).")
            % {"name": original_name, "suffix": suffix},
            _save_as_hint(),
        )
    if suffix not in (".csv", ".txt", ""):
        raise _refuse(
            _("Hệ thống chỉ nhập tệp .xlsx, .xls hoặc .csv, không nhập tệp %(suffix)s.") % {"suffix": suffix},
            _save_as_hint(),
        )
    return _read_csv(path.read_bytes(), layout)


def _read_xls(path: Path, layout: Layout) -> Table:
    with xls.opened(path) as book:
        index, header = xls.choose_sheet(book, layout)
        return _table(header, xls.sheet_rows(book, index))


def _read_zip(path: Path, suffix: str, layout: Layout) -> Table:
    try:
        check_zip(path, current().zip)
    except ArchiveRefused as refused:
        if refused.reason == "corrupt":
            raise _refuse(_("Tệp bảng tính bị hỏng nên không mở được."), _save_as_hint()) from None
        raise _unpacks_too_large() from None
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            opendocument = (
                "mimetype" in names
                and archive.getinfo("mimetype").file_size < 1024
                and b"opendocument.spreadsheet" in archive.read("mimetype")
            )
    except ZIP_ERRORS:
        raise _refuse(_("Tệp bảng tính bị hỏng nên không mở được."), _save_as_hint()) from None
    if opendocument:
        raise _refuse(
            _("Tệp là bảng tính OpenDocument (.ods); hệ thống chỉ đọc .xlsx và .csv."), _save_as_hint()
        )
    if "xl/workbook.xml" not in names:
        raise _refuse(
            _("Tệp không phải là bảng tính Excel (có thể là tài liệu khác bị đổi đuôi thành %(suffix)s).")
            % {"suffix": suffix or ".xlsx"},
            _save_as_hint(),
        )
    try:
        check_parts(path)
        return _read_xlsx(path, layout)
    except ArchiveRefused as refused:
        if refused.reason == "corrupt":
            raise _refuse(_("Tệp bảng tính bị hỏng nên không mở được."), _save_as_hint()) from None
        if refused.reason == "too_many_rows":
            raise _too_many_sheet_rows(current().max_rows) from None
        raise _unpacks_too_large() from None


def _sheet_rows(sheet: Any) -> Iterator[Row]:
    # Read-only openpyxl streams the sheet; ``max_col`` keeps a row with a cell at XFD from becoming
    # a 16,384-wide tuple, and reset_dimensions reads what is there rather than what the file claims.
    sheet.reset_dimensions()
    rows = sheet.iter_rows(min_row=1, max_col=current().max_columns, values_only=True)
    return ((n, values) for n, values in enumerate(rows, start=1))


def _read_xlsx(path: Path, layout: Layout) -> Table:
    try:
        # Rows without data in the columns read are not counted as data, but each still costs parsing:
        # twice the data rows, empty ones included, bounds the time a sheet can take.
        workbook, archive = open_checked(path, 2 * current().max_rows + HEADER_SEARCH_ROWS)
    except ArchiveRefused:
        raise
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise _refuse(_("Tệp bảng tính bị hỏng nên không mở được."), _save_as_hint()) from None
    try:
        chosen: tuple[Any, list[Row], HeaderMatch | None] | None = None
        for sheet in workbook.worksheets:
            # Only the first rows of each sheet are read to choose one; the chosen one is then streamed.
            first: list[Row] = [(n, _trimmed(v)) for n, v in islice(_sheet_rows(sheet), HEADER_SEARCH_ROWS)]
            match = score_rows(first, layout)
            if chosen is None or (
                match is not None and (chosen[2] is None or len(match.positions) > len(chosen[2].positions))
            ):
                chosen = (sheet, first, match)
        if chosen is None:
            raise _refuse(_("Bảng tính không có trang tính nào."), _save_as_hint())
        sheet, first, _match = chosen
        header = locate_header(first, layout)
        table = _table(header, _sheet_rows(sheet))
        _check_sheet(archive.facts(sheet._worksheet_path), header.row)
        return table
    except (ImportRejected, ArchiveRefused):
        raise
    except Exception:  # a part damaged beyond what the scan sees (a bad number, a missing style)
        raise _refuse(_("Tệp bảng tính bị hỏng nên không mở được."), _save_as_hint()) from None
    finally:
        workbook.close()


def _check_sheet(facts: SheetFacts, header_row: int) -> None:
    """Refuse merged cells and formulas without a saved result inside the table (header row and below)."""
    in_table = sorted(
        {ref for ref in facts.merged if range_boundaries(ref)[3] >= header_row},
        key=lambda ref: (range_boundaries(ref)[1], range_boundaries(ref)[0]),
    )
    errors = [
        RowError(
            row=range_boundaries(ref)[1],
            column=ref,
            message=_("Ô %(range)s bị gộp (merge) trong bảng dữ liệu.") % {"range": ref},
            hint=_("Hãy bỏ gộp ô (Unmerge Cells) và ghi đủ giá trị vào từng ô, rồi tải lên lại."),
        )
        for ref in in_table
    ]
    for ref in facts.formulas_without_value:
        row = coordinate_from_string(ref)[1]
        if row >= header_row:
            errors.append(
                RowError(
                    row=row,
                    column=ref,
                    message=_("Ô %(cell)s chứa công thức chưa có kết quả được lưu.") % {"cell": ref},
                    hint=_(
                        "Hãy mở tệp bằng Excel, để Excel tính lại rồi lưu; hoặc chép rồi dán giá trị "
                        "(Paste Values) thay cho công thức."
                    ),
                )
            )
    if errors:
        raise ImportRejected(errors)


def _lines(text: str, max_fields: int) -> Iterator[str]:
    """The physical lines of ``text``, without copying it whole (io.StringIO would, four bytes a
    character); a line with more separators than a spreadsheet has columns refuses the file before
    the csv module makes a list of them."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end < 0 else end + 1
        line = text[start:end]
        if max(line.count(","), line.count(";"), line.count("\t")) > max_fields:
            raise _refuse(
                _("Tệp CSV có dòng quá nhiều cột (hơn %(n)d cột).") % {"n": max_fields},
                _save_as_hint(),
            )
        yield line
        start = end


def _read_csv(data: bytes, layout: Layout) -> Table:
    text = decode_csv(data)
    del data
    best: tuple[int, str] = (-1, ",")
    for delimiter in (",", ";", "\t"):
        sample = _first_records(text, delimiter)
        match = score_rows([(n, r) for n, r in enumerate(sample, start=1)], layout)
        score = len(match.positions) if match else 0
        if score > best[0]:
            best = (score, delimiter)
    width = current().max_columns
    records = csv.reader(_lines(text, _EXCEL_COLUMNS), delimiter=best[1])
    numbered = ((n, r[:width]) for n, r in enumerate(records, start=1))
    try:
        first = [(n, _trimmed(r)) for n, r in islice(numbered, HEADER_SEARCH_ROWS)]
        header = locate_header(first, layout)
        return _table(header, chain(first, numbered))
    except csv.Error as error:
        raise _refuse(_("Tệp CSV sai định dạng: %(error)s.") % {"error": error}, _save_as_hint()) from None


def _first_records(text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(_lines(text, _EXCEL_COLUMNS), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record[: current().max_columns])
            if len(records) >= HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        pass
    return records
