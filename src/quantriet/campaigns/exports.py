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

import openpyxl
from django.db.models import Count
from django.utils import translation
from docx.shared import Pt
from openpyxl.styles import Font

from quantriet.campaigns import selectors
from quantriet.campaigns.models import Audience, Campaign, Category
from quantriet.core.cells import file_text, xlsx_row
from quantriet.core.papers import (
    body_paragraph,
    fit_columns,
    new_paper,
    page_numbers,
    party_heading,
    party_title,
    saved,
    section_heading,
    signature_block,
    vietnamese_date,
)
from quantriet.documents.models import Document
from quantriet.documents.selectors import full_citation
from quantriet.orgs.papers import paper_issuer

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
                    plan_row.path or plan_row.unit.name,
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

# Who was invited, in the words of a report ("cho toàn thể cán bộ, đảng viên").
AUDIENCE_WORDS = {
    Audience.KEY_CADRES: "cán bộ chủ chốt",
    Audience.ALL_MEMBERS: "toàn thể cán bộ, đảng viên",
}
# A good turnout: a report calls attendance at or above this "cao" (customary wording of offices).
GOOD_ATTENDANCE = 95


def _audience(campaign: Campaign) -> str:
    words = AUDIENCE_WORDS.get(Audience(campaign.audience))
    if words is not None:
        return words
    labels = dict(Category.choices)
    return ", ".join(str(labels.get(c, c)).lower() for c in campaign.categories) or "đảng viên"


def _results_of(campaign: Campaign, documents: list[Document]) -> str:
    """ "học tập, quán triệt Nghị quyết 35-NQ/TW và xây dựng kế hoạch thực hiện": what the report is on."""
    named = ", ".join(d.title for d in documents)
    what = f"học tập, quán triệt {named}" if named else campaign.title[:1].lower() + campaign.title[1:]
    return f"{what} và xây dựng kế hoạch thực hiện"


def _unit_names(rows: list[selectors.PlanRow], limit: int = 12) -> str:
    """A paper names a few units; the full list is in the figures' workbook."""
    names = [r.path or r.unit.name for r in rows]
    if len(names) > limit:
        others = len(names) - limit
        return ", ".join(names[:limit]) + f" và {others} đơn vị khác (danh sách trong tệp số liệu)"
    return ", ".join(names)


def report_docx(campaign: Campaign, *, number: str = "", place: str = "", on: dt.date) -> bytes:
    """The campaign's report as a party paper (DOCX; HD 36-HD/VPTW), in Vietnamese whatever the language
    of the person who asks: the heading, the results with their figures, an assessment, the tasks and
    recommendations, the signature and the recipients."""
    with translation.override("vi"):
        return _report(campaign, number=number, place=place, on=on)


def _report(campaign: Campaign, *, number: str, place: str, on: dt.date) -> bytes:
    found = figures(campaign)
    unit = campaign.organising_unit
    issuer = paper_issuer(unit, on=on)
    documents = list(campaign.documents.select_related("issuing_unit").order_by("issued_on", "symbol"))
    conferences = list(campaign.conferences.annotate(point_count=Count("points")).order_by("held_on", "id"))
    paper, width = new_paper()
    page_numbers(paper)
    date_line = vietnamese_date(place, on) if place else issuer.date_line(on)
    party_heading(paper, width, issuer.heading_lines("BC", number), date_line)
    results_of = _results_of(campaign, documents)
    party_title(paper, "Báo cáo", f"Kết quả {results_of}")

    cited = "; ".join(full_citation(d) for d in documents) or campaign.title
    body_paragraph(
        paper,
        f"Thực hiện {cited}, {issuer.name} đã tổ chức học tập, quán triệt cho {_audience(campaign)} "
        f"trong {campaign.scope_unit.name}. {issuer.name} báo cáo kết quả như sau:",
    )
    total = found.attendance.total
    section_heading(paper, "I. KẾT QUẢ HỌC TẬP, QUÁN TRIỆT")
    section_heading(paper, "1. Công tác tổ chức")
    for conference in conferences:
        body_paragraph(
            paper,
            f"- {conference.title}: ngày {conference.held_on:%d/%m/%Y}, bắt đầu lúc "
            f"{conference.starts_at:%H:%M}, tại {conference.point_count} điểm cầu.",
        )
    if not conferences:
        body_paragraph(
            paper, f"Hội nghị học tập, quán triệt dự kiến ngày {campaign.conference_date:%d/%m/%Y}."
        )
    section_heading(paper, "2. Kết quả tham dự")
    body_paragraph(
        paper,
        f"Tổng số đại biểu được mời: {total.invited}; có mặt tại hội nghị: {total.present}; học bù: "
        f"{total.made_up}; vắng có lý do: {total.excused}; vắng không lý do: {total.absent}. "
        f"Tỷ lệ tham dự (kể cả học bù): {total.percent}%. Kết quả theo từng điểm cầu:",
    )
    points = _table(
        paper,
        ["Điểm cầu", *ATTENDANCE_HEADER[1:]],
        [_attendance_line(r) for r in found.attendance.by_point] + [["Tổng", *_attendance_line(total)[1:]]],
    )
    _small(points, bold_rows=(0, len(points.rows) - 1))
    # The point's name takes what it needs; the six figures share the rest.
    fit_columns(points, width, [0.34] + [0.11] * (len(ATTENDANCE_HEADER) - 1))

    counts = found.counts
    owed = len(found.plans)
    handed_in = owed - counts["missing"]
    missing = [r for r in found.plans if r.state == selectors.PlanState.MISSING]
    late = [r for r in found.plans if r.state == selectors.PlanState.LATE]
    section_heading(paper, "II. XÂY DỰNG KẾ HOẠCH THỰC HIỆN")
    body_paragraph(
        paper,
        f"Hạn nộp kế hoạch thực hiện: {campaign.plan_deadline:%d/%m/%Y}. Đã nộp {handed_in}/{owed} đơn vị, "
        f"trong đó đúng hạn chờ duyệt: {counts['submitted']}, nộp muộn: {counts['late']}, đã duyệt: "
        f"{counts['approved']}, trả lại để sửa: {counts['returned']}; chưa nộp: {counts['missing']}.",
    )
    _plans_by_next_level(paper, width, campaign)
    if missing:
        body_paragraph(paper, f"Các đơn vị chưa nộp: {_unit_names(missing)}.")

    section_heading(paper, "III. ĐÁNH GIÁ CHUNG")
    section_heading(paper, "1. Ưu điểm")
    strengths = [
        f"Việc học tập, quán triệt được {issuer.name} quan tâm lãnh đạo, chỉ đạo, tổ chức nghiêm túc, "
        "đúng kế hoạch; nội dung văn bản được truyền đạt đầy đủ đến cán bộ, đảng viên."
    ]
    if total.invited and total.percent >= GOOD_ATTENDANCE:
        strengths.append(f"Tỷ lệ đại biểu tham dự cao, đạt {total.percent}% (kể cả học bù).")
    if owed and not missing:
        strengths.append(f"100% đơn vị ({owed}/{owed}) đã xây dựng và nộp kế hoạch thực hiện.")
    for line in strengths:
        body_paragraph(paper, line)
    section_heading(paper, "2. Hạn chế, nguyên nhân")
    shortcomings = []
    not_made_up = total.excused + total.absent
    if not_made_up:
        shortcomings.append(
            f"Còn {not_made_up} đồng chí chưa tham dự và chưa học bù (vắng có lý do: {total.excused}, "
            f"vắng không lý do: {total.absent})."
        )
    if missing or late:
        shortcomings.append(
            f"Còn {len(missing)} đơn vị chưa nộp và {len(late)} đơn vị nộp muộn kế hoạch thực hiện."
        )
    if shortcomings:
        shortcomings.append(
            "Nguyên nhân: một số cấp ủy chưa thường xuyên đôn đốc, kiểm tra; một số đảng viên bận công "
            "tác, đi làm ăn xa hoặc ốm đau."
        )
    else:
        shortcomings.append("Không có hạn chế đáng kể.")
    for line in shortcomings:
        body_paragraph(paper, line)

    section_heading(paper, "IV. NHIỆM VỤ THỜI GIAN TỚI VÀ KIẾN NGHỊ")
    tasks = []
    if not_made_up:
        tasks.append(f"- Tổ chức học bù cho {not_made_up} đồng chí chưa tham dự.")
    if missing:
        tasks.append(f"- Đôn đốc {len(missing)} đơn vị chưa nộp hoàn thành kế hoạch thực hiện.")
    tasks += [
        "- Các cấp ủy tổ chức thực hiện kế hoạch đã ban hành; kiểm tra, giám sát việc thực hiện và "
        "đưa kết quả vào đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên cuối năm.",
        "- Kiến nghị cấp trên kịp thời cung cấp tài liệu, đề cương giới thiệu văn bản và tiếp tục bồi "
        "dưỡng đội ngũ báo cáo viên.",
    ]
    for line in tasks:
        body_paragraph(paper, line)
    body_paragraph(paper, f"Trên đây là báo cáo kết quả {results_of} của {issuer.name}.")

    signature_block(paper, width, issuer.recipients, issuer.signature_lines())
    return saved(paper)


def _plans_by_next_level(paper: Any, width: int, campaign: Campaign) -> None:
    """When the owing units sit under several units of the next level (a province whose grassroots owe
    plans), a table of those units' tallies rather than hundreds of names (the plans board's grouping)."""
    board = selectors.grouped_plan_board(campaign, selectors.plan_units(campaign))
    if not board.groups:
        return
    body_paragraph(paper, "Kết quả theo đơn vị trực thuộc:")
    rows: list[list[object]] = [
        [group.path, group.tally.owed, group.tally.handed_in, group.tally.approved, group.tally.missing]
        for group in board.groups
    ]
    for row in board.rows:  # units owing a plan directly under the scope, outside any group
        handed_in = int(row.state != selectors.PlanState.MISSING)
        approved = int(row.state == selectors.PlanState.APPROVED)
        rows.append([row.path or row.unit.name, 1, handed_in, approved, 1 - handed_in])
    tally = board.tally
    rows.append(["Tổng", tally.owed, tally.handed_in, tally.approved, tally.missing])
    table = _table(paper, ["Đơn vị", "Phải nộp", "Đã nộp", "Đã duyệt", "Chưa nộp"], rows)
    _small(table, bold_rows=(0, len(table.rows) - 1))
    fit_columns(table, width, [0.52, 0.12, 0.12, 0.12, 0.12])


def _small(table: Any, *, bold_rows: tuple[int, ...] = (0,), size: float = 11) -> None:
    """Tables in 11 pt (their figures need no 14), headers and totals in bold."""
    for index, row in enumerate(table.rows):
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)
                    run.bold = index in bold_rows or None


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
