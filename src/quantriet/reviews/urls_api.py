"""The annual review's JSON API, mounted at ``/api/v1/reviews/``."""

from __future__ import annotations

from django.urls import path

from quantriet.reviews import api

app_name = "reviews_api"

urlpatterns: list[object] = [
    path("periods/", api.periods, name="periods"),
    path("periods/<int:period_id>/", api.period, name="period"),
    path("periods/<int:period_id>/member-reviews/", api.period_reviews, name="period_reviews"),
    path("periods/<int:period_id>/results/", api.period_results, name="period_results"),
    path("member-reviews/<int:review_id>/", api.review, name="review"),
    path("member-reviews/<int:review_id>/self-assessment/", api.self_assessment, name="self_assessment"),
    path("member-reviews/<int:review_id>/proposal/", api.proposal, name="proposal"),
    path("member-reviews/<int:review_id>/decision/", api.decision, name="decision"),
    path(
        "periods/<int:period_id>/organisation-reviews/",
        api.period_organisation_reviews,
        name="period_organisation_reviews",
    ),
    path("organisation-reviews/<int:review_id>/", api.organisation_review, name="organisation_review"),
    path(
        "organisation-reviews/<int:review_id>/self-assessment/",
        api.organisation_self_assessment,
        name="organisation_self_assessment",
    ),
    path(
        "organisation-reviews/<int:review_id>/proposal/",
        api.organisation_proposal,
        name="organisation_proposal",
    ),
    path(
        "organisation-reviews/<int:review_id>/decision/",
        api.organisation_decision,
        name="organisation_decision",
    ),
]
