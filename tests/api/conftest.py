"""The campaigns' fixtures (a province campaign with three points, the server's clock) for the API tests."""

from __future__ import annotations

from tests.campaigns.conftest import clock, setup

__all__ = ["clock", "setup"]
