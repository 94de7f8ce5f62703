"""The board as an XLSX workbook: the table by unit with its totals, and whom to chase on a second sheet."""

from __future__ import annotations

import io
from collections.abc import Iterable

import openpyxl
from django.utils import timezone

from quantriet.core.cells import xlsx_row
from quantriet.reports.models import LearningReport
from quantriet.reports.selectors.boards import Board, BoardRow, unit_label

# Files are papers: always Vietnamese, whatever the reader's interface language.
BOARD_HEADER = [
    "Đơn vị",
    "Phải viết",
    "Nộp đúng hạn",
    "Nộp muộn",
    "Chưa nộp",
    "Đạt",
    "Trả lại viết lại",
    "Kết luận có sao chép",
    "Đang xem xét sao chép",
    "Tỷ lệ đã nộp (%)",
]
LAGGING_HEADER = ["Họ và tên", "Số thẻ đảng", "Chi bộ", "Tình trạng", "Thời điểm nộp", "Nộp muộn"]


def _line(row: BoardRow, label: str) -> list[object]:
    return [label, *row.figures(), row.percent]


def board_workbook(board: Board, lagging: Iterable[LearningReport]) -> bytes:
    """Two sheets: the board (a row per unit, then the totals) and the reports not handed in or late."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Theo đơn vị")
    sheet.append(xlsx_row(sheet, BOARD_HEADER))
    # Unit and member names are typed by users: written as text, never as formulas.
    for row in board.rows:
        sheet.append(xlsx_row(sheet, _line(row, row.label)))
    sheet.append(xlsx_row(sheet, _line(board.total, "Tổng")))
    chase = book.create_sheet("Chưa nộp, nộp muộn")
    chase.append(xlsx_row(chase, LAGGING_HEADER))
    for report in lagging:
        submitted = None
        if report.submitted_at is not None:  # a spreadsheet holds no time zone: the site's local time
            submitted = timezone.localtime(report.submitted_at).replace(tzinfo=None)
        chase.append(
            xlsx_row(
                chase,
                [
                    report.member.full_name,
                    report.member.card_number or "",
                    unit_label(report.unit.name, report.unit.parent),
                    str(report.get_status_display()),
                    submitted,
                    "Có" if report.late else "",
                ],
            )
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
