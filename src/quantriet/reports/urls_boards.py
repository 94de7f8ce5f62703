"""Learning report pages: the boards part (mounted by reports.urls)."""

from __future__ import annotations

from django.urls import path

from quantriet.reports.views import boards

urlpatterns: list[object] = [
    path("campaigns/<int:campaign_id>/board/", boards.board, name="board"),
    path("campaigns/<int:campaign_id>/board.xlsx", boards.board_xlsx, name="board_xlsx"),
    path("campaigns/<int:campaign_id>/summary.docx", boards.summary_docx, name="summary_docx"),
    path("campaigns/<int:campaign_id>/board/remind/", boards.remind, name="remind"),
    path("members/<int:member_id>/", boards.record, name="record"),
]
