"""Learning report pages: the organise part (mounted by reports.urls)."""

from __future__ import annotations

from django.urls import path

from quantriet.reports.views import behalf, organise

urlpatterns: list[object] = [
    path("campaigns/<int:campaign_id>/requirement/", organise.requirement, name="requirement"),
    path("library/", organise.library_list, name="library"),
    path("library/add/", organise.library_add, name="library_add"),
    path("library/<int:text_id>/", organise.library_text, name="library_text"),
    path("<int:report_id>/behalf/", behalf.behalf, name="behalf"),
    path("campaigns/<int:campaign_id>/batch/", behalf.batch, name="batch"),
    # The checking helper's lines (cohort) go below.
]
from quantriet.reports.views import cohort  # noqa: E402 - the checking helper's block

urlpatterns += [
    path("campaigns/<int:campaign_id>/cohort/", cohort.cohort, name="cohort"),
    path("campaigns/<int:campaign_id>/cohort/progress/", cohort.cohort_progress, name="cohort_progress"),
]
