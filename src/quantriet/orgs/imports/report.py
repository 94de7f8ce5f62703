"""The error report as a spreadsheet, and blank templates with the headers the importer reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from quantriet.core.cells import xlsx_row
from quantriet.core.sheets.errors import RowError
from quantriet.orgs.imports.columns import LAYOUTS


def write_error_report(errors: Iterable[RowError], out: IO[bytes], *, title: str) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Lỗi"))
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["C"].width = 70
    sheet.column_dimensions["D"].width = 70
    # The messages quote cells of the uploaded file, whatever they held: written as text, never run.
    sheet.append(xlsx_row(sheet, [title]))
    sheet.append(xlsx_row(sheet, [_("Dòng"), _("Cột"), _("Lỗi"), _("Cách sửa")]))
    for error in errors:
        message = _("Cảnh báo: %(message)s") % {"message": error.message} if error.warning else error.message
        sheet.append(xlsx_row(sheet, [error.row, error.column, message, error.hint]))
    workbook.save(out)


def write_template(kind: str, out: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Mẫu")))
    sheet.append(xlsx_row(sheet, [column.label for column in LAYOUTS[kind].columns]))
    workbook.save(out)
