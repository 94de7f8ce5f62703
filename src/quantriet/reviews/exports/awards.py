"""Award and party-badge papers: the decision with its list of recipients (DOCX, HD 36-HD/VPTW) and the
proposal lists (XLSX). Files are papers: always Vietnamese, whatever the reader's interface language.

The page, heading, title and signature come from ``core.papers``; the issuing body from ``orgs.papers``;
user text passes through ``core.cells`` (``xlsx_row``, ``file_text``) so a name never runs as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

import openpyxl
from django.utils import translation
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from quantriet.core.cells import file_text, xlsx_row
from quantriet.core.papers import (
    body_paragraph,
    fit_columns,
    new_paper,
    page_numbers,
    party_heading,
    party_title,
    saved,
    signature_block,
)
from quantriet.orgs.models import Unit
from quantriet.orgs.papers import paper_issuer
from quantriet.reviews.models import AwardForm, AwardProposal, BadgeProposal

AWARD_HEADER = [
    "Hình thức",
    "Năm",
    "Họ và tên / Tổ chức",
    "Đơn vị",
    "Đơn vị đề nghị",
    "Thành tích",
    "Trạng thái",
    "Số quyết định",
    "Ngày quyết định",
]
BADGE_HEADER = [
    "Họ và tên",
    "Ngày sinh",
    "Ngày vào Đảng",
    "Chi bộ",
    "Huy hiệu (năm tuổi Đảng)",
    "Đợt trao",
    "Trạng thái",
    "Số quyết định",
    "Ngày quyết định",
]


def subject_name(proposal: AwardProposal) -> str:
    if proposal.member is not None:
        return proposal.member.full_name
    return proposal.unit.name if proposal.unit is not None else ""


def subject_place(proposal: AwardProposal) -> str:
    if proposal.member is not None:
        return proposal.member.unit.name
    return proposal.unit.parent.name if proposal.unit is not None and proposal.unit.parent else ""


def _workbook(title: str, header: list[str], rows: Iterable[list[object]]) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append(xlsx_row(sheet, header))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def proposals_workbook(proposals: Iterable[AwardProposal]) -> bytes:
    with translation.override("vi"):
        return _workbook(
            "Đề nghị khen thưởng",
            AWARD_HEADER,
            (
                [
                    p.form.name,
                    p.year,
                    subject_name(p),
                    subject_place(p),
                    p.proposing_unit.name,
                    p.achievement,
                    str(p.get_state_display()),
                    p.decision_number,
                    p.decided_on,
                ]
                for p in proposals
            ),
        )


def badges_workbook(badges: Iterable[BadgeProposal]) -> bytes:
    with translation.override("vi"):
        return _workbook(
            "Huy hiệu Đảng",
            BADGE_HEADER,
            (
                [
                    b.member.full_name,
                    b.member.date_of_birth,
                    b.member.admission_date,
                    b.member.unit.name,
                    b.years,
                    b.due_on,
                    str(b.get_state_display()),
                    b.decision_number,
                    b.decided_on,
                ]
                for b in badges
            ),
        )


def _table(paper: Any, width: int, header: list[str], rows: Sequence[list[str]], shares: list[float]) -> None:
    table = paper.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(file_text(text)).bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.paragraphs[0].add_run(file_text(value))
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(12)
    fit_columns(table, width, shares)


def _paper(issuer: Unit, number: str, on: dt.date, kind: str, subject: str) -> tuple[Any, int, Any]:
    body = paper_issuer(issuer, on=on)
    paper, width = new_paper()
    page_numbers(paper)
    lines = body.heading_lines("QĐ" if kind == "Quyết định" else "DS", number)
    if "/" in number:  # typed as the whole symbol ("12-QĐ/TU"): written as it is
        lines[-1] = (f"Số {number}", False, False)
    party_heading(paper, width, lines, body.date_line(on))
    party_title(paper, kind, subject)
    return paper, width, body


def award_decision_docx(
    form: AwardForm, year: int, number: str, on: dt.date, proposals: Sequence[AwardProposal]
) -> bytes:
    """The decision granting ``form`` for ``year`` with its list of recipients, issued by the form's unit."""
    with translation.override("vi"):
        kind_name = str(form.get_kind_display())
        paper, width, body = _paper(
            form.unit, number, on, "Quyết định", f"Về việc tặng {kind_name} năm {year}"
        )
        authority = body_paragraph(paper, (form.granted_by or body.name).upper(), bold=True)
        authority.alignment = WD_ALIGN_PARAGRAPH.CENTER
        authority.paragraph_format.first_line_indent = None
        body_paragraph(
            paper,
            f"Căn cứ kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {year}; xét đề nghị "
            "của các đơn vị trực thuộc,",
        )
        body_paragraph(paper, "QUYẾT ĐỊNH", bold=True)
        body_paragraph(
            paper,
            f"Điều 1. Tặng {form.name} cho {len(proposals)} tập thể, cá nhân có tên trong danh sách "
            "kèm theo, "
            f"đã đạt tiêu chuẩn: {form.get_basis_display()}"
            + (f" ({form.years} năm liền)" if form.years > 1 else "")
            + ".",
        )
        body_paragraph(
            paper,
            "Điều 2. Các cơ quan tham mưu, các đơn vị có liên quan và các tập thể, cá nhân có tên tại "
            "Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        )
        signature_block(paper, width, body.recipients, body.signature_lines())
        body_paragraph(paper, f"DANH SÁCH kèm theo Quyết định số {number}, ngày {on:%d/%m/%Y}", bold=True)
        _table(
            paper,
            width,
            ["TT", "Họ và tên / Tổ chức", "Đơn vị", "Thành tích"],
            [[str(i), subject_name(p), subject_place(p), p.achievement] for i, p in enumerate(proposals, 1)],
            [0.07, 0.33, 0.3, 0.3],
        )
        return saved(paper)


def badges_docx(issuer: Unit, number: str, on: dt.date, badges: Sequence[BadgeProposal]) -> bytes:
    """A decision granting party badges (with a number) or, without one, the list proposing them."""
    with translation.override("vi"):
        decision = bool(number)
        kind = "Quyết định" if decision else "Danh sách"
        subject = "Về việc tặng Huy hiệu Đảng" if decision else "Đảng viên đề nghị tặng Huy hiệu Đảng"
        paper, width, body = _paper(issuer, number, on, kind, subject)
        if decision:
            body_paragraph(
                paper,
                f"Điều 1. Tặng Huy hiệu Đảng cho {len(badges)} đồng chí có tên trong danh sách dưới đây.",
            )
            body_paragraph(
                paper,
                "Điều 2. Các cấp ủy có đảng viên được tặng Huy hiệu tổ chức trao tặng trang trọng vào "
                "dịp kỷ niệm theo quy định.",
            )
        else:
            body_paragraph(paper, f"{body.name} đề nghị tặng Huy hiệu Đảng cho {len(badges)} đồng chí sau:")
        _table(
            paper,
            width,
            ["TT", "Họ và tên", "Ngày sinh", "Ngày vào Đảng", "Chi bộ", "Huy hiệu", "Đợt trao"],
            [
                [
                    str(i),
                    b.member.full_name,
                    f"{b.member.date_of_birth:%d/%m/%Y}",
                    f"{b.member.admission_date:%d/%m/%Y}",
                    b.member.unit.name,
                    f"{b.years} năm",
                    f"{b.due_on:%d/%m/%Y}",
                ]
                for i, b in enumerate(badges, 1)
            ],
            [0.06, 0.24, 0.13, 0.13, 0.2, 0.1, 0.14],
        )
        signature_block(paper, width, body.recipients, body.signature_lines())
        return saved(paper)
