"""The annual review's pages, mounted at ``/reviews/``; each part of the work has its own URL module."""

from __future__ import annotations

from django.urls import include, path

app_name = "reviews"

urlpatterns: list[object] = [
    path("", include("quantriet.reviews.urls_periods")),  # periods, self-assessments (members, collectives)
    path("", include("quantriet.reviews.urls_meeting")),  # cell meetings' proposals, quotas, decisions
    path("", include("quantriet.reviews.urls_results")),  # results, history, exports
    path("", include("quantriet.reviews.urls_awards")),  # recognition, awards, party badges
]
