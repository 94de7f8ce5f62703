"""The JSON API, mounted at ``/api/v1/`` (see ``orgs.api``)."""

from __future__ import annotations

from django.urls import path, re_path

from quantriet.orgs.api import docs, views

app_name = "api"

urlpatterns = [
    path("units/", views.units, name="units"),
    path("units/<int:id>/", views.unit, name="unit"),
    path("members/", views.members, name="members"),
    path("members/<int:id>/", views.member, name="member"),
    path("me/", views.me, name="me"),
    path("openapi.json", docs.openapi_json, name="openapi"),
    path("docs/", docs.docs, name="docs"),
    # Last: anything else under /api/v1/ answers a JSON 404 rather than the site's HTML page.
    re_path(r"^(?P<rest>.*)$", views.unknown, name="unknown"),
]
