"""Member lists as XLSX, in exactly the layout the importer reads, so an export re-imports unchanged.

The profile's sensitive columns (CCCD, ethnicity, religion, phone) are written only when the caller
says the reader may have them and for which purpose (``sensitive_purpose``); otherwise the columns are
not in the file at all, and the access log of each member says which of the two it was.

openpyxl's write-only mode streams rows to a temporary file instead of holding the sheet in
memory, so a 100,000-member list stays small; reads are logged in batches as rows are written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from quantriet.core.cells import xlsx_row
from quantriet.core.sheets.columns import Column, column_letter
from quantriet.core.sheets.values import FILE_LANGUAGE
from quantriet.orgs import services
from quantriet.orgs.imports import MEMBER_LAYOUT
from quantriet.orgs.models import Member, MemberStatus, Sex
from quantriet.orgs.profile import CHOICE_FIELDS, SENSITIVE_FIELDS, choice_label
from quantriet.orgs.services.profile import LOG_LANGUAGE

DATE_FORMAT = "DD/MM/YYYY"
_LOG_BATCH = 2000
_WIDTHS = {
    "full_name": 28,
    "unit_name": 30,
    "status": 18,
    "card_number": 14,
    "unit_code": 12,
    "hometown": 30,
    "specialty": 30,
    "occupation": 20,
    "email": 26,
}


def _date_cell(sheet: WriteOnlyWorksheet, value: dt.date | None) -> Any:
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def columns(*, sensitive: bool) -> list[Column]:
    """The export's columns: the importer's, without the sensitive ones unless they are allowed."""
    return [c for c in MEMBER_LAYOUT.columns if sensitive or c.field not in SENSITIVE_FIELDS]


def _row(sheet: WriteOnlyWorksheet, member: Member, shown: list[Column]) -> list[Any]:
    with translation.override(FILE_LANGUAGE):
        return xlsx_row(sheet, _cells(sheet, member, shown))


def _cells(sheet: WriteOnlyWorksheet, member: Member, shown: list[Column]) -> list[Any]:
    values = {
        "full_name": member.full_name,
        "date_of_birth": _date_cell(sheet, member.date_of_birth),
        "sex": str(Sex(member.sex).label) if member.sex in Sex.values else member.sex,
        "admission_date": _date_cell(sheet, member.admission_date),
        "full_membership_date": _date_cell(sheet, member.full_membership_date),
        "card_number": member.card_number or None,
        "unit_code": member.unit.code,
        "unit_name": member.unit.name,
        "status": str(MemberStatus(member.status).label)
        if member.status in MemberStatus.values
        else member.status,
        "hometown": member.hometown or None,
        "specialty": member.specialty or None,
        "occupation": member.occupation or None,
        "email": member.email or None,
        "id_number": member.id_number or None,
        "phone": member.phone or None,
    }
    for field in CHOICE_FIELDS:
        values[field] = choice_label(field, getattr(member, field)) or None
    return [values[column.field] for column in shown]


def write_members_xlsx(
    members: Iterable[Member],
    out: IO[bytes],
    *,
    title: str,
    user: AbstractBaseUser | AnonymousUser,
    request: HttpRequest | None = None,
    sensitive_purpose: str = "",
) -> int:
    """Write ``members`` (with ``unit`` selected) to ``out``, logging each as read; returns the count.

    ``sensitive_purpose``: the purpose, as the access log words it (``services.profile.sensitive_detail``),
    for which the caller — having checked the reader may — includes the sensitive columns; empty: not.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("Đảng viên")))
    shown = columns(sensitive=bool(sensitive_purpose))
    with translation.override(LOG_LANGUAGE):
        logged = f"{title} — " + (
            _("kèm %(what)s") % {"what": sensitive_purpose}
            if sensitive_purpose
            else _("không kèm thông tin nhạy cảm")
        )
    for index, column in enumerate(shown):
        sheet.column_dimensions[column_letter(index)].width = _WIDTHS.get(column.field, 14)
    # A title above the table, as offices do; the importer finds the header row below it.
    sheet.append(xlsx_row(sheet, [title]))
    sheet.append([])
    sheet.append(xlsx_row(sheet, [column.label for column in shown]))
    # Who was read is logged once the rows are all read: writing while the members' query is still
    # open made SQLite refuse at once ("database is locked", a 500) when another export wrote meanwhile.
    read: list[tuple[int, int]] = []
    for member in members:
        sheet.append(_row(sheet, member, shown))
        read.append((member.pk, member.unit_id))
    for start in range(0, len(read), _LOG_BATCH):
        batch = [Member(pk=pk, unit_id=unit_id) for pk, unit_id in read[start : start + _LOG_BATCH]]
        services.record_member_read(user, batch, channel="export", request=request, detail=logged)
    workbook.save(out)
    return len(read)
