"""Learning report pages: the review part (mounted by reports.urls)."""

from __future__ import annotations

urlpatterns: list[object] = []
