"""The learning reports' pages, mounted at ``/reports/``; each part of the work has its own URL module."""

from __future__ import annotations

from django.urls import include, path

app_name = "reports"

urlpatterns: list[object] = [
    path("", include("quantriet.reports.urls_member")),  # a member writes, submits, answers
    path("", include("quantriet.reports.urls_review")),  # reviewers: queue, evidence, cases, decisions
    path("", include("quantriet.reports.urls_boards")),  # boards, exports, the member's record
    path("", include("quantriet.reports.urls_organise")),  # the requirement, the library, cohort checks
]
