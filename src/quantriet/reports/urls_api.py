"""The learning reports' JSON API, mounted at ``/api/v1/reports/``."""

from __future__ import annotations

from django.urls import path

from quantriet.reports import api

app_name = "reports_api"

urlpatterns: list[object] = [
    path("campaigns/<int:campaign_id>/reports/", api.campaign_reports, name="campaign_reports"),
    path("<int:report_id>/", api.report, name="report"),
    path("<int:report_id>/versions/", api.versions, name="versions"),
]
