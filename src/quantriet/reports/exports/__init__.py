"""Files out of the learning reports: the board as XLSX and the summary report as a party DOCX.

Both are read-only views of ``reports.selectors.boards``; callers have checked the viewer's reach.
"""

from __future__ import annotations

from quantriet.reports.exports.summary import summary_docx
from quantriet.reports.exports.workbook import BOARD_HEADER, board_workbook

__all__ = ["BOARD_HEADER", "board_workbook", "summary_docx"]
