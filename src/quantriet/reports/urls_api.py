"""The learning reports' JSON API, mounted at ``/api/v1/reports/``."""

from __future__ import annotations

urlpatterns: list[object] = []
