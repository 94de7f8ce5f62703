"""Learning report pages: the organise part (mounted by reports.urls)."""

from __future__ import annotations

urlpatterns: list[object] = []
