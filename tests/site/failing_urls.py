"""The site's URLs plus one view that fails, for the server-error page's test."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from quantriet.site.urls import urlpatterns as site_patterns


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault for the test")


urlpatterns = [path("test-fault/", fail), *site_patterns]
