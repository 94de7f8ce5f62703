"""Learning report pages: the member part (mounted by reports.urls)."""

from __future__ import annotations

urlpatterns: list[object] = []
