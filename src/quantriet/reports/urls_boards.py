"""Learning report pages: the boards part (mounted by reports.urls)."""

from __future__ import annotations

urlpatterns: list[object] = []
