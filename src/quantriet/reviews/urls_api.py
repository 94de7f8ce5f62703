"""The annual review's JSON API, mounted at ``/api/v1/reviews/``."""

from __future__ import annotations

urlpatterns: list[object] = []
