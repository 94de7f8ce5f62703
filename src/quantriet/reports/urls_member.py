"""Learning report pages: the member part (mounted by reports.urls)."""

from __future__ import annotations

from django.urls import path

from quantriet.reports.views import member

urlpatterns: list[object] = [
    path("mine/", member.mine, name="mine"),
    path("<int:report_id>/write/", member.write, name="write"),
    path("<int:report_id>/draft/", member.draft, name="draft"),
    path("<int:report_id>/upload/", member.upload, name="upload"),
    path("versions/<int:version_id>/receipt/", member.receipt, name="receipt"),
]
