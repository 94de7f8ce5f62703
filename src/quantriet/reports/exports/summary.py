"""The summary report on the learning reports, laid out as a party paper (HD 36-HD/VPTW).

The page, heading, title, signature and page numbers come from ``core.papers`` (shared with the
campaign report); the issuing body's heading lines, symbol code, place, signer and recipients from
``orgs.papers``; the documents' full citations from ``documents.selectors``. The number is left blank
unless given: a report is numbered when it is issued.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from docx.shared import Pt

from quantriet.campaigns.models import Campaign
from quantriet.core.cells import file_text
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
from quantriet.orgs.models import Unit
from quantriet.orgs.papers import paper_issuer
from quantriet.reports.exports.workbook import BOARD_HEADER
from quantriet.reports.models import Requirement
from quantriet.reports.selectors.boards import Board, BoardRow

TITLE = "Kết quả viết bài thu hoạch"


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole, 1):g}%" if whole else "0%"


def _body(paragraph_text: str, document: object) -> None:
    body_paragraph(document, paragraph_text)


def _section(document: object, text: str) -> None:
    section_heading(document, text)


def _figures(total: BoardRow, requirement: Requirement | None) -> list[str]:
    handed_in = total.submitted
    lines = [
        f"Tổng số đảng viên phải viết bài thu hoạch: {total.required}; đã nộp {handed_in} "
        f"(đạt tỷ lệ {_percent(handed_in, total.required)}), trong đó nộp đúng hạn {total.on_time}, "
        f"nộp muộn {total.late}; chưa nộp: {total.missing}.",
        f"Kết quả xem xét: đạt {total.passed}; trả lại để viết lại {total.returned}; đang xem xét việc "
        f"sao chép {total.open_cases}; kết luận có sao chép {total.copied}.",
    ]
    if requirement is not None:
        lines.insert(0, f"Hạn nộp bài thu hoạch: {requirement.deadline:%d/%m/%Y}.")
    return lines


def summary_docx(
    board: Board,
    *,
    issuer: Unit,
    requirement: Requirement | None,
    documents: list[Document],
    number: str = "",
    place: str = "",
    on: dt.date,
) -> bytes:
    """The summary report of ``board`` (a campaign's reports over one unit), issued by ``issuer``; in
    Vietnamese whatever the language of the person who asks (HD 36-HD/VPTW)."""
    with translation.override("vi"):
        return _summary(
            board,
            issuer=issuer,
            requirement=requirement,
            documents=documents,
            number=number,
            place=place,
            on=on,
        )


def _summary(
    board: Board,
    *,
    issuer: Unit,
    requirement: Requirement | None,
    documents: list[Document],
    number: str,
    place: str,
    on: dt.date,
) -> bytes:
    campaign: Campaign = board.campaign
    body = paper_issuer(issuer, on=on)
    paper, width = new_paper()
    page_numbers(paper)
    date_line = vietnamese_date(place, on) if place else body.date_line(on)
    party_heading(paper, width, body.heading_lines("BC", number), date_line)
    title = " ".join(campaign.title.split())
    party_title(paper, "Báo cáo", f"{TITLE} {title[:1].lower()}{title[1:]}")  # "… học tập, quán triệt …"

    cited = "; ".join(full_citation(d) for d in documents) or campaign.title
    _body(
        f"Thực hiện kế hoạch học tập, quán triệt {cited}, {body.name} tổng hợp kết quả viết bài "
        "thu hoạch của cán bộ, đảng viên như sau:",
        paper,
    )
    _section(paper, "I. KẾT QUẢ VIẾT BÀI THU HOẠCH")
    for line in _figures(board.total, requirement):
        _body(line, paper)
    _body("Kết quả cụ thể theo từng đơn vị:", paper)
    header = ["TT", *BOARD_HEADER[:-1]]
    table = paper.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(file_text(text)).bold = True
    for i, row in enumerate(board.rows, start=1):
        _table_row(table, [str(i), row.label, *map(str, row.figures())])
    _table_row(table, ["", "Tổng", *map(str, board.total.figures())], bold=True)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10)
    # The unit's name takes what it needs; the eight figures share the rest.
    fit_columns(table, width, [0.06, 0.30] + [0.08] * 8)

    _section(paper, "II. ĐÁNH GIÁ")
    lagging = [r.label for r in board.rows if r.missing]
    if lagging:
        _body("Các đơn vị còn đảng viên chưa nộp bài thu hoạch: " + ", ".join(lagging) + ".", paper)
    else:
        _body("Tất cả đảng viên phải viết đã nộp bài thu hoạch.", paper)
    if board.total.copied or board.total.open_cases:
        _body(
            "Việc kiểm tra trùng lặp được thực hiện với mọi bài nộp; các trường hợp nghi sao chép đã được "
            "xem xét, nghe đảng viên giải trình và cấp trên kết luận theo quy định.",
            paper,
        )
    _section(paper, "III. NHIỆM VỤ THỜI GIAN TỚI")
    _body(
        "Các đơn vị tiếp tục đôn đốc đảng viên chưa nộp, viết lại bài bị trả lại; đưa kết quả viết bài "
        "thu hoạch vào kiểm điểm, đánh giá, xếp loại chất lượng đảng viên cuối năm.",
        paper,
    )

    signature_block(paper, width, body.recipients, body.signature_lines())
    return saved(paper)


def _table_row(table: object, values: list[str], *, bold: bool = False) -> None:
    cells = table.add_row().cells  # type: ignore[attr-defined]
    for cell, value in zip(cells, values, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(file_text(value))
        run.bold = bold
