"""The registry's JSON API, mounted at ``/api/v1/documents/`` (before the API's catch-all)."""

from __future__ import annotations

from django.urls import path

from quantriet.documents import api

app_name = "documents_api"

urlpatterns = [
    path("", api.documents, name="documents"),
    path("<int:id>/", api.document, name="document"),
]
