"""Files out of a review period's results: the lists offices send upwards (XLSX) and the papers in party
format (HD 36-HD/VPTW): the decision recognising the results, with its list, and the summary report.

All are read-only views of ``reviews.selectors.results``; callers have checked the viewer's reach. Every
text a user typed passes through ``core.cells`` (names written as text, never formulas; characters a file
cannot hold dropped). A paper is Vietnamese whatever the language of the person who asks.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
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
    section_heading,
    signature_block,
    vietnamese_date,
)
from quantriet.orgs.models import Unit
from quantriet.orgs.papers import paper_issuer
from quantriet.orgs.selectors import unit_paths
from quantriet.reviews.models import (
    LEVEL_SHORT,
    Level,
    MemberReview,
    OrganisationReview,
    PeriodKind,
    ReviewPeriod,
    ReviewState,
    RuleSetCode,
)
from quantriet.reviews.selectors.results import CATEGORIES, Board, Distribution, reason_texts

__all__ = ["MEMBER_HEADER", "decision_docx", "report_docx", "results_workbook", "summary_header"]


def summary_header() -> list[str]:
    """The summary sheet's columns (the categories' labels are read in the file's language, Vietnamese)."""
    return [
        "Đơn vị",
        "Đối tượng",
        "Tổng số",
        *(f"{label} (số lượng)" for _key, label in CATEGORIES),
        *(f"{label} (%)" for _key, label in CATEGORIES),
    ]


MEMBER_HEADER = [
    "TT",
    "Họ và tên",
    "Số thẻ đảng",
    "Nơi đánh giá",
    "Chức vụ nơi đánh giá",
    "Tự xếp loại",
    "Mức đề xuất",
    "Mức xếp loại",
    "Tình trạng",
    "Lý do",
]
ORGANISATION_HEADER = ["TT", "Tổ chức đảng", "Đối tượng", "Mức xếp loại", "Tình trạng", "Lý do"]

# The texts behind each rule set, cited in full in a decision's grounds (type, number, date, issuer).
RULE_SET_GROUNDS = {
    RuleSetCode.HD21: (
        "Quy định số 132-QĐ/TW, ngày 08/3/2018 của Bộ Chính trị về việc kiểm điểm và đánh giá, xếp loại "
        "chất lượng hằng năm đối với tập thể, cá nhân trong hệ thống chính trị",
        "Hướng dẫn số 21-HD/BTCTW, ngày 18/10/2019 của Ban Tổ chức Trung ương",
    ),
    RuleSetCode.QD124: (
        "Quy định số 124-QĐ/TW, ngày 04/10/2023 của Bộ Chính trị về kiểm điểm và đánh giá, xếp loại chất "
        "lượng hằng năm đối với tập thể, cá nhân trong hệ thống chính trị",
        "Hướng dẫn số 25-HD/BTCTW, ngày 10/11/2023 của Ban Tổ chức Trung ương",
    ),
    RuleSetCode.QD366: (
        "Quy định số 366-QĐ/TW, ngày 30/8/2025 của Bộ Chính trị về kiểm điểm, đánh giá, xếp loại chất "
        "lượng đối với tập thể, cá nhân trong hệ thống chính trị",
        "Hướng dẫn số 43-HD/BTCTW, ngày 31/10/2025 của Ban Tổ chức Trung ương",
    ),
}


def _level(review: MemberReview | OrganisationReview) -> str:
    """The decided level in full, "Không xếp loại" (with why), or "" while undecided."""
    if review.state == ReviewState.DECIDED and review.decided_level:
        return str(Level(review.decided_level).label)
    if review.state == ReviewState.NOT_RATED:
        return "Không xếp loại"
    return ""


def _reasons(review: MemberReview | OrganisationReview) -> str:
    lines = []
    if review.state == ReviewState.NOT_RATED:
        lines.append(str(review.get_standing_display()))
    if review.decision_reason:
        lines.append(review.decision_reason)
    lines.extend(reason_texts(review.allowed_reasons))
    return "; ".join(" ".join(line.split()) for line in lines)


def _short(level: str) -> str:
    return LEVEL_SHORT.get(level, "")


def _figures(found: Distribution) -> list[object]:
    return [
        found.total,
        *(found.count(key) for key, _label in CATEGORIES),
        *(found.share(key) for key, _label in CATEGORIES),
    ]


# --- the lists offices send upwards (XLSX) ------------------------------------------------------------


def results_workbook(
    board: Board, members: Sequence[MemberReview], organisations: Sequence[OrganisationReview]
) -> bytes:
    """Three sheets: the summary (counts and shares per unit and level, members then organisations, then
    the totals), the member list with each level, the organisation list."""
    with translation.override("vi"):
        book = openpyxl.Workbook(write_only=True)
        summary = book.create_sheet("Tổng hợp")
        summary.append(xlsx_row(summary, summary_header()))
        for row in [*board.rows]:
            summary.append(xlsx_row(summary, [row.label, "Đảng viên", *_figures(row.members)]))
            summary.append(xlsx_row(summary, [row.label, "Tổ chức đảng", *_figures(row.organisations)]))
        summary.append(xlsx_row(summary, ["Tổng", "Đảng viên", *_figures(board.members)]))
        summary.append(xlsx_row(summary, ["Tổng", "Tổ chức đảng", *_figures(board.organisations)]))

        places = unit_paths([r.unit_id for r in members] + [r.unit_id for r in organisations], top=board.unit)
        listed = book.create_sheet("Đảng viên")
        listed.append(xlsx_row(listed, MEMBER_HEADER))
        for i, review in enumerate(members, start=1):
            listed.append(
                xlsx_row(
                    listed,
                    [
                        i,
                        review.member.full_name,
                        review.member.card_number or "",
                        places.get(review.unit_id, review.unit.name),
                        review.post,
                        _short(review.self_level),
                        _short(review.proposed_level),
                        _level(review),
                        str(review.get_state_display()),
                        _reasons(review),
                    ],
                )
            )
        units = book.create_sheet("Tổ chức đảng")
        units.append(xlsx_row(units, ORGANISATION_HEADER))
        for i, unit_review in enumerate(organisations, start=1):
            units.append(
                xlsx_row(
                    units,
                    [
                        i,
                        places.get(unit_review.unit_id, unit_review.unit.name),
                        "Tập thể lãnh đạo" if unit_review.collective else "Tổ chức đảng",
                        _level(unit_review),
                        str(unit_review.get_state_display()),
                        _reasons(unit_review),
                    ],
                )
            )
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


# --- papers (DOCX) ------------------------------------------------------------------------------------


def _subject(period: ReviewPeriod) -> str:
    """ "năm 2025", "quý III năm 2025", "nhiệm kỳ 2025–2030"."""
    if period.kind == PeriodKind.QUARTER and period.quarter:
        roman = {1: "I", 2: "II", 3: "III", 4: "IV"}.get(period.quarter, str(period.quarter))
        return f"quý {roman} năm {period.year}"
    if period.kind == PeriodKind.TERM:
        return f"nhiệm kỳ {period.year}–{period.last_year or ''}".rstrip("–")
    return f"năm {period.year}"


def _table(
    paper: Any, width: int, header: Sequence[str], rows: Sequence[Sequence[str]], shares: list[float]
) -> None:
    table = paper.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(file_text(text)).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(file_text(value))
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(11)
    fit_columns(table, width, shares)


def _centred(paper: Any, text: str, *, bold: bool = False) -> None:
    paragraph = body_paragraph(paper, text, bold=bold)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = 0


def _counts_line(found: Distribution, whom: str) -> str:
    parts = ", ".join(
        f"{str(Level(key).label).lower()}: {found.count(key)} ({found.share(key):g}%)"
        for key, _label in CATEGORIES[:4]
    )
    line = f"Tổng số {whom} được đánh giá: {found.total}; trong đó {parts}"
    if found.not_rated:
        line += f"; không xếp loại: {found.not_rated}"
    if found.pending:
        line += f"; chưa quyết định: {found.pending}"
    return line + "."


def decision_docx(
    period: ReviewPeriod,
    *,
    issuer: Unit,
    members: Sequence[MemberReview] | None,
    organisations: Sequence[OrganisationReview],
    number: str = "",
    place: str = "",
    on: dt.date,
) -> bytes:
    """ "Quyết định về việc công nhận kết quả đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên …"
    issued by ``issuer``, with the list of the decided results attached (those still undecided are left
    out: a decision recognises what was decided). ``members`` None: the issuer decides organisations'
    levels only (a committee above the grassroots)."""
    with translation.override("vi"):
        body = paper_issuer(issuer, on=on)
        paper, width = new_paper()
        page_numbers(paper)
        date_line = vietnamese_date(place, on) if place else body.date_line(on)
        party_heading(paper, width, body.heading_lines("QĐ", number), date_line)
        whom = "tổ chức đảng và đảng viên" if members is not None else "tổ chức đảng"
        subject = f"chất lượng {whom} {_subject(period)}"
        party_title(paper, "Quyết định", f"về việc công nhận kết quả đánh giá, xếp loại {subject}")
        _centred(paper, body.body, bold=True)  # the deciding body, above its grounds
        body_paragraph(paper, "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;")
        for ground in RULE_SET_GROUNDS.get(RuleSetCode(period.rule_set), ()):
            body_paragraph(paper, f"- Căn cứ {ground};")
        body_paragraph(paper, f"- Căn cứ Quy chế làm việc của {body.name};")
        body_paragraph(paper, "- Xét đề nghị của các chi bộ, đảng bộ trực thuộc và kết quả biểu quyết,")
        _centred(paper, "QUYẾT ĐỊNH:", bold=True)
        decided_members = [r for r in members or () if _level(r)]
        decided_units = [r for r in organisations if _level(r)]
        body_paragraph(
            paper,
            f"Điều 1. Công nhận kết quả đánh giá, xếp loại chất lượng {_subject(period)} đối với "
            f"{len(decided_units)} tổ chức đảng"
            + (f" và {len(decided_members)} đảng viên" if members is not None else "")
            + " (có danh sách kèm theo).",
        )
        body_paragraph(
            paper,
            "Điều 2. Kết quả đánh giá, xếp loại là căn cứ để xem xét khen thưởng, bố trí, sử dụng cán bộ và "
            "thực hiện các chế độ, chính sách theo quy định.",
        )
        body_paragraph(
            paper,
            "Điều 3. Các chi bộ, đảng bộ trực thuộc, các tổ chức đảng và đảng viên có tên tại Điều 1 chịu "
            "trách nhiệm thi hành Quyết định này. Quyết định có hiệu lực kể từ ngày ký.",
        )
        signature_block(paper, width, body.recipients, body.signature_lines())

        paper.add_page_break()
        _centred(paper, "DANH SÁCH", bold=True)
        _centred(
            paper,
            f"Kết quả đánh giá, xếp loại {subject} "
            f"(Kèm theo Quyết định {body.symbol('QĐ', number).removeprefix('Số ')}, "
            f"ngày {on:%d/%m/%Y} của {body.name})",
        )
        places = unit_paths([r.unit_id for r in decided_members] + [r.unit_id for r in decided_units])
        section_heading(paper, "I. TỔ CHỨC ĐẢNG")
        _table(
            paper,
            width,
            ["TT", "Tổ chức đảng", "Mức xếp loại"],
            [
                [
                    str(i),
                    places.get(r.unit_id, r.unit.name) + (" (tập thể lãnh đạo)" if r.collective else ""),
                    _level(r),
                ]
                for i, r in enumerate(decided_units, start=1)
            ],
            [0.08, 0.57, 0.35],
        )
        if members is None:
            return saved(paper)
        section_heading(paper, "II. ĐẢNG VIÊN")
        _table(
            paper,
            width,
            ["TT", "Họ và tên", "Chi bộ (nơi đánh giá)", "Mức xếp loại"],
            [
                [
                    str(i),
                    r.member.full_name,
                    places.get(r.unit_id, r.unit.name) + (f" ({r.post})" if r.post else ""),
                    _level(r),
                ]
                for i, r in enumerate(decided_members, start=1)
            ],
            [0.08, 0.3, 0.37, 0.25],
        )
        return saved(paper)


def report_docx(board: Board, *, issuer: Unit, number: str = "", place: str = "", on: dt.date) -> bytes:
    """ "Báo cáo kết quả kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên …" of
    ``board``'s unit: the figures, the table by unit, an assessment and the tasks ahead."""
    period = board.period
    with translation.override("vi"):
        body = paper_issuer(issuer, on=on)
        paper, width = new_paper()
        page_numbers(paper)
        date_line = vietnamese_date(place, on) if place else body.date_line(on)
        party_heading(paper, width, body.heading_lines("BC", number), date_line)
        party_title(
            paper,
            "Báo cáo",
            f"Kết quả kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên {_subject(period)}",
        )
        grounds = RULE_SET_GROUNDS.get(RuleSetCode(period.rule_set), ())
        cited = "; ".join(grounds) if grounds else period.title
        body_paragraph(
            paper,
            f"Thực hiện {cited}, {body.name} báo cáo kết quả kiểm điểm, đánh giá, xếp loại chất lượng "
            f"tổ chức đảng và đảng viên {_subject(period)} như sau:",
        )
        section_heading(paper, "I. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI")
        body_paragraph(paper, "1. Tổ chức đảng: " + _counts_line(board.organisations, "tổ chức đảng"))
        body_paragraph(paper, "2. Đảng viên: " + _counts_line(board.members, "đảng viên"))
        body_paragraph(paper, "Kết quả cụ thể theo từng đơn vị (đảng viên):")
        header = ["TT", "Đơn vị", "Tổng số", *(str(label) for _key, label in CATEGORIES)]
        rows = [
            [str(i), row.label, str(row.members.total), *(str(row.members.count(k)) for k, _l in CATEGORIES)]
            for i, row in enumerate(board.rows, start=1)
        ]
        rows.append(
            ["", "Tổng", str(board.members.total), *(str(board.members.count(k)) for k, _l in CATEGORIES)]
        )
        _table(paper, width, header, rows, [0.06, 0.3, 0.1] + [0.09] * len(CATEGORIES))
        section_heading(paper, "II. ĐÁNH GIÁ CHUNG")
        if board.members.pending or board.organisations.pending:
            body_paragraph(
                paper,
                f"Còn {board.members.pending} đảng viên và {board.organisations.pending} tổ chức đảng chưa "
                "có quyết định xếp loại; các cấp ủy khẩn trương hoàn thành theo thời gian quy định.",
            )
        else:
            body_paragraph(
                paper,
                "Việc kiểm điểm, đánh giá, xếp loại được thực hiện đầy đủ, đúng quy trình; mọi tổ chức đảng "
                "và đảng viên thuộc diện đánh giá đều đã có quyết định xếp loại.",
            )
        if board.members.kht or board.organisations.kht:
            body_paragraph(
                paper,
                f"Có {board.organisations.kht} tổ chức đảng và {board.members.kht} đảng viên không "
                "hoàn thành nhiệm vụ; cấp ủy chỉ đạo xây dựng kế hoạch khắc phục hạn chế, khuyết điểm.",
            )
        section_heading(paper, "III. NHIỆM VỤ THỜI GIAN TỚI")
        body_paragraph(
            paper,
            "Các chi bộ, đảng bộ trực thuộc tổ chức thực hiện kế hoạch khắc phục hạn chế, khuyết điểm sau "
            "kiểm điểm; đưa kết quả xếp loại vào xem xét khen thưởng, quy hoạch và sử dụng cán bộ.",
        )
        signature_block(paper, width, body.recipients, body.signature_lines())
        return saved(paper)
