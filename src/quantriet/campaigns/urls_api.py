"""The campaigns' JSON API, mounted at ``/api/v1/campaigns/``."""

from __future__ import annotations

from django.urls import path

from quantriet.campaigns.api import views

app_name = "campaigns_api"

urlpatterns: list[object] = [
    path("", views.campaigns, name="campaigns"),
    path("<int:id>/", views.campaign, name="campaign"),
    path("<int:id>/plans/", views.plans, name="plans"),
    path("conferences/<int:id>/", views.conference, name="conference"),
    path("points/<int:id>/", views.point, name="point"),
    path("points/<int:id>/delegates/", views.point_delegates, name="point_delegates"),
    path("points/<int:id>/check-ins/", views.point_check_ins, name="point_check_ins"),
    path("points/<int:point_id>/kiosk/check-in/", views.kiosk_check_in_view, name="kiosk_check_in"),
]
