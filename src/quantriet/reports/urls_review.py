"""Learning report pages: the review part (mounted by reports.urls)."""

from __future__ import annotations

from django.urls import path

from quantriet.reports.views import review

urlpatterns: list[object] = [
    path("review/", review.queue, name="queue"),
    path("<int:report_id>/", review.report, name="report"),
    path("<int:report_id>/pass/", review.pass_report, name="pass"),
    path("<int:report_id>/return/", review.return_report, name="return"),
    path("<int:report_id>/grade/", review.grade_report, name="grade"),
    path("<int:report_id>/case/", review.open_case, name="open_case"),
    path("findings/<int:finding_id>/", review.finding, name="finding"),
    path("campaigns/<int:campaign_id>/rings/", review.rings, name="rings"),
    path("cases/<int:case_id>/", review.case, name="case"),
    path("cases/<int:case_id>/answer/", review.answer, name="answer"),
    path("cases/<int:case_id>/decide/", review.decide, name="decide"),
]
