"""Review periods (opening, timetable, counts, closing) and self-assessments (members' and collectives')."""

from __future__ import annotations

from django.urls import path

from quantriet.reviews.views import periods, self_assessment

urlpatterns: list[object] = [
    path("periods/", periods.period_list, name="periods"),
    path("periods/open/", periods.period_open, name="period_open"),
    path("periods/<int:period_id>/", periods.period_page, name="period"),
    path("periods/<int:period_id>/close/", periods.period_close, name="period_close"),
    path("periods/<int:period_id>/refresh/", periods.period_refresh, name="period_refresh"),
    path("self/", self_assessment.own_list, name="self"),
    path("self/<int:review_id>/", self_assessment.own_form, name="self_form"),
    path("collective/<int:review_id>/", self_assessment.collective_form, name="collective_form"),
]
