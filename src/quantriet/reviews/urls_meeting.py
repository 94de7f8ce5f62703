"""The cell meeting's proposals with the live quota, the committee's decisions, a review's history."""

from __future__ import annotations

from django.urls import path

from quantriet.reviews.views import deciding, meeting

urlpatterns: list[object] = [
    path("<int:period_id>/meeting/<int:unit_id>/", meeting.meeting_page, name="meeting"),
    path("<int:period_id>/meeting/<int:unit_id>/quota/", meeting.live_quota, name="meeting_quota"),
    path("<int:period_id>/decide/<int:unit_id>/", deciding.decide_page, name="decide"),
    path("members/<int:review_id>/", deciding.member_review, name="member_review"),
    path("members/<int:review_id>/cancel/", deciding.cancel_member, name="member_cancel"),
    path("members/<int:review_id>/rerate/", deciding.rerate_member, name="member_rerate"),
    path("organisations/<int:review_id>/", deciding.organisation_review, name="organisation_review"),
    path("organisations/<int:review_id>/cancel/", deciding.cancel_organisation, name="organisation_cancel"),
    path("organisations/<int:review_id>/rerate/", deciding.rerate_organisation, name="organisation_rerate"),
]
