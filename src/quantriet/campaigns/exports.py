"""Reports out of a campaign: the XLSX workbook of figures and the DOCX report laid out as a party document.

Both are read-only views of ``selectors`` (callers have checked that the user sees the campaign). The
DOCX follows the layout of a party report: the party heading beside the issuing committee, number and
symbol under it, place and date, the title, the body with the figures, and the signature block. The
number is left for the office to fill in when none is given: a report is numbered when it is issued.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import docx
import openpyxl
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl.styles import Font

from quantriet.campaigns import selectors
from quantriet.campaigns.models import Campaign
from quantriet.core.cells import file_text, xlsx_row
from quantriet.core.papers import PARTY_HEADING, cell_lines, fit_columns, party_page, vietnamese_date
from quantriet.orgs.selectors import report_symbol as symbol
from quantriet.orgs.selectors import signature_title

ATTENDANCE_HEADER = [
    "",
    "Được mời",
    "Có mặt",
    "Học bù",
    "Vắng có lý do",
    "Vắng không lý do",
    "Tỷ lệ tham dự (%)",
]
PLAN_HEADER = ["Đơn vị", "Tình trạng", "Số và ký hiệu", "Ngày ban hành", "Ngày nộp", "Số nhiệm vụ", "Ý kiến"]


@dataclass(frozen=True)
class Figures:
    attendance: selectors.Attendance
    plans: list[selectors.PlanRow]
    counts: dict[str, int]


def figures(campaign: Campaign) -> Figures:
    rows = selectors.plan_board(campaign, selectors.plan_units(campaign))
    return Figures(selectors.campaign_attendance(campaign), rows, selectors.plan_counts(rows))


def _attendance_line(row: selectors.AttendanceRow) -> list[object]:
    return [row.label, row.invited, row.present, row.made_up, row.excused, row.absent, row.percent]


def workbook(campaign: Campaign) -> bytes:
    """Three sheets: attendance by point, attendance by unit, plans by unit (with totals)."""
    found = figures(campaign)
    book = openpyxl.Workbook()
    sheets = (
        ("Theo điểm cầu", "Điểm cầu", found.attendance.by_point),
        ("Theo đơn vị", "Đơn vị", found.attendance.by_unit),
    )
    first = True
    for title, label, rows in sheets:
        sheet = book.active if first and book.active is not None else book.create_sheet()
        first = False
        sheet.title = title
        # Point and unit names are typed by users: written as text, never as formulas.
        sheet.append(xlsx_row(sheet, [label, *ATTENDANCE_HEADER[1:]]))
        for row in rows:
            sheet.append(xlsx_row(sheet, _attendance_line(row)))
        sheet.append(xlsx_row(sheet, ["Tổng", *_attendance_line(found.attendance.total)[1:]]))
        _bold(sheet)
    plans = book.create_sheet("Kế hoạch thực hiện")
    plans.append(xlsx_row(plans, PLAN_HEADER))
    for plan_row in found.plans:
        plan = plan_row.plan
        plans.append(
            xlsx_row(
                plans,
                [
                    plan_row.unit.name,
                    plan_row.state_label,
                    plan.symbol if plan else "",
                    plan.issued_on if plan else None,
                    plan.submitted_at.date() if plan else None,
                    plan.actions.count() if plan else 0,
                    plan.comment if plan else "",
                ],
            )
        )
    _bold(plans)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bold(sheet: object) -> None:
    for cell in sheet[1]:  # type: ignore[index]
        cell.font = Font(bold=True)


# --- the DOCX report ------------------------------------------------------------------------------


def report_docx(campaign: Campaign, *, number: str = "", place: str = "", on: dt.date) -> bytes:
    """The campaign's report as a party document (DOCX)."""
    found = figures(campaign)
    unit = campaign.organising_unit
    document = docx.Document()
    width = party_page(document)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)

    heading = document.add_table(rows=1, cols=2)
    heading.alignment = WD_TABLE_ALIGNMENT.CENTER
    fit_columns(heading, width, [0.45, 0.55])
    left: list[tuple[str, bool, bool]] = []
    if unit.parent is not None:
        left.append((unit.parent.name.upper(), False, False))
    left += [(unit.name.upper(), True, False), ("*", False, False), (symbol(number, unit), False, False)]
    cell_lines(heading.rows[0].cells[0], left)
    cell_lines(
        heading.rows[0].cells[1],
        [(PARTY_HEADING, True, False), ("", False, False), (vietnamese_date(place or "…", on), False, True)],
    )

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("BÁO CÁO").bold = True
    subject = document.add_paragraph()
    subject.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subject.add_run(
        file_text(f"kết quả học tập, quán triệt và xây dựng kế hoạch thực hiện: {campaign.title}")
    ).bold = True
    document.add_paragraph("-----")

    symbols = ", ".join(d.symbol or d.subject for d in campaign.documents.all())
    audience = campaign.get_audience_display().lower()
    document.add_paragraph(
        file_text(
            f"{unit.name} đã tổ chức học tập, quán triệt {symbols} ngày {campaign.conference_date:%d/%m/%Y} "
            f"cho {audience} trong {campaign.scope_unit.name}. Kết quả như sau:"
        )
    )
    total = found.attendance.total
    document.add_paragraph().add_run("I. KẾT QUẢ HỌC TẬP, QUÁN TRIỆT").bold = True
    document.add_paragraph(
        f"Tổng số đại biểu được mời: {total.invited}; có mặt tại hội nghị: {total.present}; học bù: "
        f"{total.made_up}; vắng có lý do: {total.excused}; vắng không lý do: {total.absent}. "
        f"Tỷ lệ tham dự (kể cả học bù): {total.percent}%."
    )
    points = _table(
        document,
        ["Điểm cầu", *ATTENDANCE_HEADER[1:]],
        [_attendance_line(r) for r in found.attendance.by_point],
    )
    # The point's name takes what it needs; the six figures share the rest.
    fit_columns(points, width, [0.34] + [0.11] * (len(ATTENDANCE_HEADER) - 1))

    document.add_paragraph().add_run("II. XÂY DỰNG KẾ HOẠCH THỰC HIỆN").bold = True
    counts = found.counts
    owed = len(found.plans)
    handed_in = owed - counts["missing"]
    document.add_paragraph(
        f"Hạn nộp kế hoạch: {campaign.plan_deadline:%d/%m/%Y}. Đã nộp {handed_in}/{owed} đơn vị, trong đó "
        f"đúng hạn chờ duyệt: {counts['submitted']}, nộp muộn: {counts['late']}, đã duyệt: "
        f"{counts['approved']}, trả lại để sửa: {counts['returned']}; chưa nộp: {counts['missing']}."
    )
    missing = [r.unit.name for r in found.plans if r.state == selectors.PlanState.MISSING]
    if missing:
        document.add_paragraph(file_text("Các đơn vị chưa nộp: " + ", ".join(missing) + "."))

    signature = document.add_table(rows=1, cols=2)
    fit_columns(signature, width, [0.5, 0.5])
    cell_lines(
        signature.rows[0].cells[0],
        [("Nơi nhận:", True, True), ("- Như trên,", False, False), ("- Lưu Văn phòng.", False, False)],
    )
    cell_lines(
        signature.rows[0].cells[1],
        [
            (signature_title(unit), True, False),
            ("BÍ THƯ", True, False),
            ("", False, False),
            ("", False, False),
        ],
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _table(document: object, header: list[str], rows: list[list[object]]) -> Any:
    table = document.add_table(rows=1, cols=len(header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = file_text(text)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = file_text(value)
    return table
