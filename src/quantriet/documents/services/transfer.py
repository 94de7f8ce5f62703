"""Importing a list of documents from XLSX/CSV and exporting the registry in the same layout.

Reading, header matching, cell values and the error report are the organisation importer's
(``orgs.imports``); only the columns and the row checks are ours. All or nothing: every row is
checked first, every problem reported with its row and column, and only a clean file is written, in
one transaction. Re-importing the same file changes nothing (rows are matched by symbol and date, or
symbol and term when undated).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from quantriet.core.actors import Actor
from quantriet.core.cells import xlsx_row
from quantriet.core.sheets.columns import Column, Layout
from quantriet.core.sheets.errors import ImportRejected, ImportSummary, RowError
from quantriet.core.sheets.reading import read_table
from quantriet.core.sheets.rows import PROGRESS_EVERY, Progress, RowReader, no_progress
from quantriet.core.sheets.values import FILE_LANGUAGE, CellError, parse_date, text
from quantriet.documents import selectors
from quantriet.documents.models import Document, Status
from quantriet.documents.services.documents import create_document, find_same, update_document
from quantriet.documents.services.fields import (
    CleanFields,
    read_symbol,
    type_from_text,
    validate_document_fields,
)
from quantriet.text import fold

DOCUMENT_LAYOUT = Layout(
    kind="documents",
    columns=(
        Column("doc_type", "Loại văn bản", ("Loại", "Hình thức văn bản", "Thể loại")),
        Column("symbol", "Số ký hiệu", ("Số, ký hiệu", "Số và ký hiệu", "Ký hiệu", "Số hiệu văn bản")),
        Column(
            "issued_on", "Ngày ban hành", ("Ngày ban hành (dd/mm/yyyy)", "Ngày ký", "Ngày"), required=False
        ),
        Column("subject", "Trích yếu", ("Trích yếu nội dung", "Tên văn bản"), required=False),
        Column("issuer", "Cơ quan ban hành", ("Đơn vị ban hành", "Nơi ban hành"), required=False),
        Column("term", "Khóa", ("Khoá", "Nhiệm kỳ"), required=False),
        Column("status", "Trạng thái", ("Hiệu lực", "Tình trạng"), required=False),
        Column("is_public", "Công khai", ("Công khai cho mọi người",), required=False),
    ),
)
_STATUS_WORDS = {
    "": Status.IN_FORCE,
    "con hieu luc": Status.IN_FORCE,
    "hieu luc": Status.IN_FORCE,
    "da duoc thay the": Status.REPLACED,
    "da bi thay the": Status.REPLACED,
    "bi thay the": Status.REPLACED,
    "het hieu luc": Status.REPLACED,
}
_YES = {"co", "x", "1", "true", "yes", "cong khai"}
_NO = {"", "khong", "0", "false", "no"}
_EXPORT_DATE = "%d/%m/%Y"


@dataclass
class _Planned:
    row: int
    values: dict[str, Any]
    existing: Document | None


def _status(raw: str) -> str:
    key = fold(raw)
    if key in _STATUS_WORDS:
        return _STATUS_WORDS[key]
    raise CellError(
        _("Trạng thái “%(value)s” không rõ.") % {"value": raw},
        _("Hãy ghi “Còn hiệu lực” hoặc “Đã được thay thế”, hoặc để trống."),
    )


def _public(raw: str) -> bool:
    key = fold(raw)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError(_("Ô Công khai ghi “%(value)s”.") % {"value": raw}, _("Hãy ghi “Có” hoặc “Không”."))


class _Rows:
    """Checks rows one by one, collecting every problem."""

    def __init__(self, actor: Actor, reader: RowReader) -> None:
        self.actor = actor
        self.reader = reader
        self.errors: list[RowError] = []
        units = selectors.manageable_units(actor).filter(valid_to__isnull=True)
        self.units = {u.code.upper(): u for u in units.only("id", "code", "name", "valid_to")}
        self.unitless_ok = selectors.may_manage_unitless(actor)
        self.seen: dict[tuple[str, dt.date | None, str], int] = {}

    def _visible(self, document: Document) -> bool:
        return selectors.visible_documents(self.actor).filter(pk=document.pk).exists()

    def cell(self, values: Sequence[Any], field: str) -> str:
        return text(self.reader.get(values, field))

    def error(self, row: int, field: str, message: str, hint: str = "") -> None:
        self.errors.append(self.reader.error(row, field, message, hint))

    def check(self, row: int, values: Sequence[Any]) -> _Planned | None:
        before = len(self.errors)
        raw_type = self.cell(values, "doc_type")
        doc_type = type_from_text(raw_type)
        if doc_type is None:
            self.error(
                row,
                "doc_type",
                _("Loại văn bản “%(value)s” không có trong danh mục.") % {"value": raw_type},
                _("Hãy ghi đúng tên loại, ví dụ Nghị quyết, Quy định, Quyết định, Kết luận, Kế hoạch."),
            )
        parsed: dict[str, Any] = {}
        for field, parse in (("issued_on", parse_date), ("status", _status), ("is_public", _public)):
            try:
                raw = self.reader.get(values, field) if field == "issued_on" else self.cell(values, field)
                parsed[field] = parse(raw)
            except CellError as problem:
                self.error(row, field, problem.message, problem.hint)
        symbol = self.cell(values, "symbol")
        unit = self._unit(row, self.cell(values, "issuer"), symbol)
        if len(self.errors) > before:
            return None
        fields = {
            "doc_type": doc_type or "",
            "symbol": symbol,
            "issued_on": parsed["issued_on"],
            "term": self.cell(values, "term"),
            "subject": self.cell(values, "subject"),
            "issuing_unit": unit,
            "is_public": parsed["is_public"],
            "status": parsed["status"],
        }
        try:
            clean = validate_document_fields(**fields)
        except ValidationError as invalid:
            for field, messages in invalid.message_dict.items():
                self.error(row, field, " ".join(messages))
            return None
        return self._plan(row, fields, clean)

    def _unit(self, row: int, raw: str, symbol: str) -> Any:
        code = "".join(raw.split()).upper()
        if not code:
            return None
        unit = self.units.get(code)
        if unit is not None:
            return unit
        facts = read_symbol(symbol)
        if facts is not None and fold(code) == fold(facts.issuer):
            return None  # a body outside the tree, written as in the symbol ("TW", "BTCTW", "CP")
        self.error(
            row,
            "issuer",
            _("Không có đơn vị mã “%(code)s” trong phạm vi bạn được quản lý văn bản.") % {"code": raw},
            _(
                "Hãy ghi mã đơn vị ban hành trong cây tổ chức (ví dụ mã của Tỉnh ủy), hoặc ký hiệu cơ quan "
                "như trong số ký hiệu (TW, BTCTW, CP) với văn bản của cơ quan cấp trên."
            ),
        )
        return None

    def _plan(self, row: int, fields: dict[str, Any], clean: CleanFields) -> _Planned | None:
        key = (clean.symbol, clean.issued_on, "" if clean.issued_on else clean.term)
        if key in self.seen:
            self.error(
                row,
                "symbol",
                _("Văn bản %(symbol)s đã có ở dòng %(other)d của tệp.")
                % {"symbol": clean.symbol, "other": self.seen[key]},
                _("Hãy xóa dòng trùng, hoặc ghi ngày ban hành hay khóa để phân biệt hai văn bản."),
            )
            return None
        self.seen[key] = row
        existing = find_same(clean.symbol, clean.issued_on, clean.term)
        allowed = (
            selectors.may_manage(self.actor, existing)
            if existing is not None
            else (clean.issuing_unit is not None or self.unitless_ok)
        )
        if not allowed and existing is not None and not self._visible(existing):
            # Said without confirming that a document the user may not see is registered (issue 9, §8).
            self.error(
                row,
                "symbol",
                _("Không vào sổ được văn bản %(symbol)s từ tệp của bạn.") % {"symbol": clean.symbol},
                _(
                    "Hãy kiểm tra lại số ký hiệu, ngày ban hành và cơ quan ban hành; nếu đúng, hãy nhờ cấp "
                    "ủy cấp trên vào sổ văn bản này."
                ),
            )
            return None
        if not allowed:
            self.error(
                row,
                "symbol",
                _("Bạn không có quyền vào sổ hay sửa văn bản %(symbol)s.") % {"symbol": clean.symbol},
                _("Văn bản của cơ quan cấp trên do Văn phòng hoặc Ban Tuyên giáo cấp tỉnh vào sổ."),
            )
            return None
        if existing is not None and existing.confirmed and _same(existing, clean):
            return _Planned(row, {}, existing)
        body = existing.body if existing is not None else ""
        return _Planned(row, {**fields, "body": body}, existing)


def _same(document: Document, clean: CleanFields) -> bool:
    values = clean.as_dict()
    values.pop("body")
    values.pop("secrecy")  # the file has no secrecy column; an import keeps the registered level
    return all(getattr(document, name) == value for name, value in values.items())


def import_documents(
    actor: Actor, path: Path, original_name: str, *, progress: Progress = no_progress
) -> ImportSummary:
    """Import the file at ``path``; raise ``ImportRejected`` with every problem, having written nothing.

    The web import runs this as a background job (``documents.tasks.run_document_import``); the CLI
    calls it directly.
    """
    table = read_table(path, original_name, DOCUMENT_LAYOUT)
    reader = RowReader(DOCUMENT_LAYOUT, table.header)
    rows = _Rows(actor, reader)
    summary = ImportSummary(skipped_empty=table.blank_rows)
    planned: list[_Planned] = []
    total = len(table.rows)
    for done, (number, values) in enumerate(table.rows, start=1):
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
        if reader.is_empty(values):
            summary.skipped_empty += 1
            continue
        plan = rows.check(number, values)
        if plan is not None:
            planned.append(plan)
    progress(total, total)
    if rows.errors:
        raise ImportRejected(rows.errors)
    if not planned:
        raise ImportRejected(
            [RowError(None, "", _("Tệp không có dòng văn bản nào."), _("Hãy ghi mỗi văn bản trên một dòng."))]
        )
    with transaction.atomic():
        for plan in planned:
            try:
                _write(actor, plan, summary)
            except ValidationError as invalid:
                errors = [reader.error(plan.row, f, " ".join(m)) for f, m in invalid.message_dict.items()]
                raise ImportRejected(errors) from None
    return summary


def _write(actor: Actor, plan: _Planned, summary: ImportSummary) -> None:
    if not plan.values:
        summary.unchanged += 1
    elif plan.existing is None:
        create_document(actor, **plan.values)
        summary.created += 1
    else:
        update_document(actor, plan.existing, **plan.values)
        summary.updated += 1


def export_row(document: Document) -> list[str]:
    unit = document.issuing_unit
    return [
        document.doc_type,
        document.symbol,
        document.issued_on.strftime(_EXPORT_DATE) if document.issued_on else "",
        document.subject,
        unit.code if unit is not None else document.issuer,
        document.term,
        _file_word(Status(document.status).label),
        "Có" if document.is_public else "Không",
    ]


def _file_word(label: Any) -> str:
    with translation.override(FILE_LANGUAGE):
        return str(label)


def write_export(documents: Iterable[Document], out: IO[bytes]) -> int:
    """Write ``documents`` (with ``issuing_unit`` selected) as an XLSX the importer reads back."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Văn bản"))
    widths = {"A": 14, "B": 18, "C": 14, "D": 70, "E": 16, "F": 8, "G": 18, "H": 10}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    sheet.append(xlsx_row(sheet, DOCUMENT_LAYOUT.labels))
    count = 0
    for document in documents:
        sheet.append(xlsx_row(sheet, export_row(document)))  # subjects and symbols as text, never formulas
        count += 1
    workbook.save(out)
    return count
