from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from quantriet.core.notifications.selectors import unread_count


def site(request: HttpRequest) -> dict[str, Any]:
    # Counted only when a page shows it, once per request, and from the cache when it holds the answer.
    return {
        "DEMO": settings.DEMO,
        "unread_notifications": SimpleLazyObject(lambda: unread_count(request.user)),
    }
