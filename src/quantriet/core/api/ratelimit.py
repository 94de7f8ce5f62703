"""How often one person may call the JSON API, and how often one client address may fail to sign in to it.

Every API view runs in ``core.api.http.api_view``, which calls these two checks, so no endpoint can be left
out: a signed-in person (by API key or by session) spends one request of ``API_RATE_LIMIT`` per call,
counted on the account (a script cannot escape it by changing address); a request whose key is wrong or
missing spends one of ``API_FAILED_AUTH_RATE_LIMIT``, counted on the client address, and once that is spent
the address is refused before any key is looked up (no flood of guesses reaches the database). Public
endpoints (the API's description, a kiosk's check-in with its own key) are not counted: a bridge point's
kiosks share one address.

The counting is django-ratelimit's (fixed windows in Django's cache), not our own. The default cache is
each server process's memory, so with N processes a person may reach N times the rate; ``CACHE_URL``
(site.settings) names a shared Redis instead. If the cache fails, requests are let through
(``RATELIMIT_FAIL_OPEN``): a broken counter must not take the API down with it.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from quantriet.core.clientaddr import client_address

__all__ = ["RateLimited", "count_failed_authentication", "refuse_failing_address", "spend_request"]

logger = logging.getLogger(__name__)


class RateLimited(Exception):
    """The window's requests are spent; ``retry_after`` seconds until the next window."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = max(1, retry_after)

    @property
    def message(self) -> str:
        return _(
            "Bạn đã gửi quá nhiều yêu cầu trong một lúc. Hãy chờ %(seconds)s giây rồi gửi tiếp; "
            "chương trình chạy tự động nên gửi chậm lại."
        ) % {"seconds": self.retry_after}


def _person(group: str, request: HttpRequest) -> str:
    return f"user:{request.user.pk}"


def _address(group: str, request: HttpRequest) -> str:
    return f"address:{client_address(request) or 'unknown'}"


def _usage(request: HttpRequest, group: str, key: Any, rate: str, increment: bool) -> None:
    try:
        usage = get_usage(request, group=group, key=key, rate=rate, increment=increment)
    except Exception:  # the cache server is down: counted as "let through", and said in the log
        logger.warning("API rate limit not counted: the cache failed", exc_info=True)
        return
    limited = usage is not None and (usage["should_limit"] if increment else usage["count"] >= usage["limit"])
    if limited:
        raise RateLimited(int(usage["time_left"]))


def spend_request(request: HttpRequest) -> None:
    """Count one request of the signed-in person; raise ``RateLimited`` past ``API_RATE_LIMIT``."""
    _usage(request, "api", _person, settings.API_RATE_LIMIT, increment=True)


def refuse_failing_address(request: HttpRequest) -> None:
    """Raise ``RateLimited`` if this address has spent its failed authentications (counts nothing)."""
    _usage(request, "api-failed-auth", _address, settings.API_FAILED_AUTH_RATE_LIMIT, increment=False)


def count_failed_authentication(request: HttpRequest) -> None:
    """Count one failed authentication of this address (the refusal comes with the next one)."""
    with contextlib.suppress(RateLimited):  # this request is answered 401 already
        _usage(request, "api-failed-auth", _address, settings.API_FAILED_AUTH_RATE_LIMIT, increment=True)
