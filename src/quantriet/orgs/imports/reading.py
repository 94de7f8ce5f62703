"""Reading an uploaded file into rows: XLSX (openpyxl, read-only, cached values) or CSV.

Everything that makes a file unreadable as a whole is found here and reported as ``ImportRejected``
before any row is looked at: size over the limit (checked before opening), a file that is not what
its name says, legacy encodings, formulas without a saved result and merged cells in the table.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_from_string, range_boundaries
from openpyxl.xml.functions import iterparse  # defusedxml when installed, as openpyxl itself

from quantriet.orgs.imports.columns import HeaderMatch, Layout, locate_header, score_rows
from quantriet.orgs.imports.encoding import decode_csv
from quantriet.orgs.imports.errors import ImportRejected, RowError

Row = tuple[int, Sequence[Any]]  # (row number as the spreadsheet shows it, cell values)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CHUNK = 1 << 20
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass
class Table:
    header: HeaderMatch
    rows: list[Row]  # the rows under the header, empty ones included (the validators skip them)


def _refuse(message: str, hint: str) -> ImportRejected:
    return ImportRejected([RowError(row=None, column="", message=message, hint=hint)])


def _save_as_hint() -> str:
    return _(
        "Mở tệp bằng Excel hoặc LibreOffice, chọn Lưu thành (Save As) → “Excel Workbook (.xlsx)” "
        "hoặc “CSV UTF-8”, rồi tải lên lại."
    )


def check_size(size: int) -> None:
    limit = settings.IMPORT_MAX_BYTES
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


def read_table(path: Path, original_name: str, layout: Layout) -> Table:
    """Read ``path`` (uploaded as ``original_name``) and locate the header for ``layout``."""
    check_size(path.stat().st_size)
    suffix = Path(original_name).suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_ZIP_MAGIC):
        return _read_zip(path, suffix, layout)
    if head.startswith(_OLE_MAGIC) or suffix == ".xls":
        raise _refuse(
            _(
                "Tệp là bảng tính Excel 97-2003 (.xls) hoặc tệp có đặt mật khẩu; hệ thống chỉ đọc .xlsx và "
                ".csv."
            ),
            _("Hãy mở tệp, bỏ mật khẩu nếu có, rồi lưu lại thành “Excel Workbook (.xlsx)” và tải lên lại."),
        )
    if suffix in (".xlsx", ".xlsm", ".ods"):
        raise _refuse(
            _("Tệp “%(name)s” không phải là bảng tính (có thể là tệp khác bị đổi đuôi thành %(suffix)s).")
            % {"name": original_name, "suffix": suffix},
            _save_as_hint(),
        )
    if suffix not in (".csv", ".txt", ""):
        raise _refuse(
            _("Hệ thống chỉ nhập tệp .xlsx hoặc .csv, không nhập tệp %(suffix)s.") % {"suffix": suffix},
            _save_as_hint(),
        )
    return _read_csv(path.read_bytes(), layout)


def _read_zip(path: Path, suffix: str, layout: Layout) -> Table:
    try:
        archive = zipfile.ZipFile(path)
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise _refuse(_("Tệp bảng tính bị hỏng nên không mở được."), _save_as_hint()) from None
    with archive:
        if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype"):
            raise _refuse(
                _("Tệp là bảng tính OpenDocument (.ods); hệ thống chỉ đọc .xlsx và .csv."), _save_as_hint()
            )
        if "xl/workbook.xml" not in names:
            raise _refuse(
                _("Tệp không phải là bảng tính Excel (có thể là tài liệu khác bị đổi đuôi thành %(suffix)s).")
                % {"suffix": suffix or ".xlsx"},
                _save_as_hint(),
            )
    return _read_xlsx(path, layout)


def _read_xlsx(path: Path, layout: Layout) -> Table:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise _refuse(_("Tệp bảng tính bị hỏng nên không mở được."), _save_as_hint()) from None
    try:
        chosen: tuple[Any, list[Row], HeaderMatch | None] | None = None
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some programs write a wrong size; read what is really there
            rows = [
                (n, values) for n, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
            ]
            match = score_rows(rows, layout)
            if chosen is None or (
                match is not None and (chosen[2] is None or len(match.positions) > len(chosen[2].positions))
            ):
                chosen = (sheet, rows, match)
        if chosen is None:
            raise _refuse(_("Bảng tính không có trang tính nào."), _save_as_hint())
        sheet, rows, _match = chosen
        header = locate_header(rows, layout)
        _check_sheet_xml(path, sheet._worksheet_path, header.row)
    finally:
        workbook.close()
    return Table(header=header, rows=[r for r in rows if r[0] > header.row])


def _check_sheet_xml(path: Path, sheet_path: str, header_row: int) -> None:
    """Refuse merged cells and formulas without a saved result inside the table (header row and below).

    openpyxl's read-only mode does not expose merged ranges, and with ``data_only`` a formula whose
    result was never saved reads as an empty cell, so both are found in the sheet's XML directly.
    """
    merged: list[str] = []
    has_formula = False
    with zipfile.ZipFile(path) as archive, archive.open(sheet_path) as source:
        tail = b""
        while chunk := source.read(_CHUNK):
            window = tail + chunk
            merged.extend(m.decode() for m in _MERGE.findall(window))
            has_formula = has_formula or bool(_FORMULA.search(window))
            tail = window[-200:]
    in_table = sorted(
        {ref for ref in merged if range_boundaries(ref)[3] >= header_row},
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
    if has_formula:
        errors.extend(_formulas_without_value(path, sheet_path, header_row))
    if errors:
        raise ImportRejected(errors)


def _formulas_without_value(path: Path, sheet_path: str, header_row: int) -> list[RowError]:
    errors: list[RowError] = []
    with zipfile.ZipFile(path) as archive, archive.open(sheet_path) as source:
        for _event, element in iterparse(source):
            if element.tag != f"{_NS}c":
                if element.tag == f"{_NS}row":
                    element.clear()
                continue
            formula = element.find(f"{_NS}f")
            value = element.find(f"{_NS}v")
            ref = element.get("r", "")
            if formula is not None and (value is None or not (value.text or "").strip()) and ref:
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
    return errors


def _read_csv(data: bytes, layout: Layout) -> Table:
    text = decode_csv(data)
    best: tuple[int, str] = (-1, ",")
    for delimiter in (",", ";", "\t"):
        sample = _first_records(text, delimiter)
        match = score_rows([(n, r) for n, r in enumerate(sample, start=1)], layout)
        score = len(match.positions) if match else 0
        if score > best[0]:
            best = (score, delimiter)
    try:
        rows: list[Row] = [
            (n, r) for n, r in enumerate(csv.reader(io.StringIO(text), delimiter=best[1]), start=1)
        ]
    except csv.Error as error:
        raise _refuse(_("Tệp CSV sai định dạng: %(error)s.") % {"error": error}, _save_as_hint()) from None
    header = locate_header(rows, layout)
    return Table(header=header, rows=[r for r in rows if r[0] > header.row])


def _first_records(text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) >= 10:
                break
    except csv.Error:
        pass
    return records
