"""Which address and which user each URL pattern is fuzzed with, and the failures already routed.

The addresses come from the access cases (tests/access/cases_<app>.py), so a URL pattern added with
its access case is fuzzed without an entry here; the publicly reachable patterns have theirs below.
The user is one allowed to use the page, so the input reaches the form and the service behind it:
alice (organisation staff of the province) unless said otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from quantriet.campaigns.models import BridgePoint
from tests.access.model import Objects
from tests.properties.pages import Form

# The public patterns (tests/access PUBLIC) and the address fuzzed for each.
PUBLIC_URLS: dict[str, str] = {
    "healthz": "/healthz",
    "i18n/setlang/": "/i18n/setlang/",
    "accounts/login/": "/accounts/login/",
    "admin/login/": "/admin/login/",
    "admin/jsi18n/": "/admin/jsi18n/",
    "api/v1/openapi.json": "/api/v1/openapi.json",
    "api/v1/docs/": "/api/v1/docs/",
}

# Patterns no hostile input can reach, with the reason.
NOT_FUZZED: dict[str, str] = {
    "static/<path:path>": "served by the web server in production; DEBUG is off in tests",
    "accounts/logout/": "takes no input; posting it only ends the session",
    "admin/logout/": "takes no input; posting it only ends the session",
}

# The check-in desk is fuzzed at a point of a conference held today (made in conftest.py), where a
# check-in is stored; at the access cases' point, held in 2025, every check-in is refused first.
TODAYS_POINT = "Điểm cầu hôm nay"
TODAYS_CONFERENCE = "Hội nghị hôm nay"


def _todays_point() -> int:
    return int(BridgePoint.objects.get(name=TODAYS_POINT).pk)


ADDRESSES: dict[str, Callable[[Objects], str]] = {
    "campaigns/points/<int:point_id>/check-in/": lambda o: f"/campaigns/points/{_todays_point()}/check-in/",
    "campaigns/points/<int:point_id>/check-in.json": (
        lambda o: f"/campaigns/points/{_todays_point()}/check-in.json"
    ),
    "campaigns/points/<int:point_id>/guests/new/": (
        lambda o: f"/campaigns/points/{_todays_point()}/guests/new/"
    ),
}

ANONYMOUS = ("accounts/login/", "admin/login/", "healthz", "i18n/setlang/")
# Pages about the signed-in member's own record: dave is a member of XA2 with an account.
OWN_MEMBER = (
    "me/",
    "campaigns/my/",
    "api/v1/me/",
    "reports/cases/<int:case_id>/answer/",  # the case is about dave's report (tests/access/cases_reports.py)
    # dave's own report of XA2's campaign (tests/access/cases_reports.py): only he writes it
    "reports/mine/",
    "reports/<int:report_id>/write/",
    "reports/<int:report_id>/draft/",
    "reports/<int:report_id>/upload/",
    "reports/versions/<int:version_id>/receipt/",
    "api/v1/reviews/member-reviews/<int:review_id>/self-assessment/",  # dave's review (cases_reviews/api.py)
    "reviews/self/",  # dave's own self-assessments (tests/access/cases_reviews/periods.py)
    "reviews/self/<int:review_id>/",
)

# Query parameters a view reads only in a branch the plain GET does not take.
EXTRA_QUERY_KEYS: dict[str, tuple[str, ...]] = {
    "members/": ("page", "status"),
    "units/": ("page",),
    "notifications/": ("page",),
    "documents/": ("page", "year", "type", "issuer", "status", "unconfirmed"),
    "imports/": ("unit", "kind"),
    "campaigns/<int:campaign_id>/report.docx": ("number", "place"),
}

# JSON fields a JSON endpoint reads besides those of its access case's body and its OpenAPI schema.
EXTRA_JSON_KEYS: dict[str, tuple[str, ...]] = {
    "campaigns/points/<int:point_id>/check-in.json": (
        "code",
        "client_id",
        "method",
        "at",
        "delegate",
        "guest_name",
        "guest_note",
    ),
}


# Patterns whose form is rendered on another page: the language switch is in every page's header.
FORM_PAGES: dict[str, str] = {"i18n/setlang/": "/"}
LANGUAGE_FORM = "/i18n/setlang/"


def own_form(pattern: str, form: Form) -> bool:
    """Whether a form rendered on the pattern's page is fuzzed with it: the header's language switch
    is on every page, so it is fuzzed once, with its own pattern."""
    return (form.action == LANGUAGE_FORM) == (pattern == "i18n/setlang/")


def user_for(pattern: str) -> str | None:
    """The name of the World user (or "root", a superuser) who uses the pattern; None: nobody signed in."""
    if pattern in ANONYMOUS:
        return None
    if pattern in OWN_MEMBER:
        return "dave"
    if pattern.startswith("admin/"):
        return "root"
    return "alice"


def xfail(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


# Failures found in other engineers' areas, routed to them: the mark goes when the fix lands (strict).
KNOWN_FAILURES: dict[str, str] = {}


def marks(pattern: str) -> list[pytest.MarkDecorator]:
    reason = KNOWN_FAILURES.get(pattern)
    return [xfail(reason)] if reason else []
