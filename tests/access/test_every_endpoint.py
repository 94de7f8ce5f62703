"""Every URL of the site, walked from Django's resolver, is tried by users who must not reach the XA2 cell.

Each URL pattern needs an entry: either in ``PUBLIC`` below (with the reason it is open by design) or a
``Case`` in ``tests/access/cases_<app>.py`` saying how to build addresses about an object of the XA2
cell (the objects are made in ``objects.py``). The outsiders — charlie (organisation staff of the
sibling commune XB) and bob (secretary of the neighbouring cell XA1), both made staff so the admin is
really tried — then request them with GET and unsafe methods and must get 302/400/403/404/405, or a
200 that holds none of XA2's data; and nothing may change in the database. Anonymous visitors get the
login page (HTML) or 401 (API).

A new URL pattern without an entry makes ``test_every_url_pattern_has_an_access_case`` fail: add
its case in tests/access/cases_<app>.py when you add the view.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access import (
    cases_campaigns,
    cases_core,
    cases_documents,
    cases_orgs,
    cases_reports,
    cases_reviews,
)
from tests.access.model import UNSAFE_STATUSES, XA2_MARKERS, XA_MARKERS, Case, Objects, Public
from tests.access.objects import body_text, request, snapshot, stored_json, unsafe_body

PUBLIC: dict[str, Public] = {
    "healthz": Public("probe for load balancers; says only that the database answers"),
    "i18n/setlang/": Public("switches the interface language; touches no data"),
    "accounts/login/": Public("the sign-in page"),
    "accounts/logout/": Public("signs the current session out"),
    "admin/login/": Public("the admin's sign-in page"),
    "admin/logout/": Public("signs the current session out"),
    "admin/jsi18n/": Public("the admin's translation catalogue; no data"),
    "api/v1/openapi.json": Public("the API description; examples are invented"),
    "api/v1/docs/": Public("the API description as a page"),
    "static/<path:path>": Public("stylesheets when DEBUG serves static files"),
}


def merged_cases() -> dict[str, Case]:
    """All the apps' cases; a pattern with a case in two modules must not silently lose one."""
    cases: dict[str, Case] = {}
    where: dict[str, str] = {}
    for module in (cases_core, cases_orgs, cases_documents, cases_campaigns, cases_reports, cases_reviews):
        part: dict[str, Case] = module.CASES
        twice = {pattern: (where[pattern], module.__name__) for pattern in part if pattern in where}
        if twice:
            raise ValueError(f"URL patterns with an access case in two modules: {twice}")
        cases |= part
        where |= dict.fromkeys(part, module.__name__)
    return cases


CASES = merged_cases()


def url_patterns() -> set[str]:
    found: set[str] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                found.add(prefix + str(p.pattern))

    walk(get_resolver().url_patterns, "")
    return found


def test_every_url_pattern_has_an_access_case() -> None:
    patterns = url_patterns()
    missing = sorted(patterns - set(CASES) - set(PUBLIC))
    assert not missing, f"URL patterns without an access case in tests/access/cases_<app>.py: {missing}"
    stale = sorted(set(CASES) - patterns)
    assert not stale, f"access cases for URL patterns that no longer exist: {stale}"
    assert not set(CASES) & set(PUBLIC)


@pytest.mark.parametrize("pattern", sorted(CASES))
def test_outsiders_neither_read_nor_change_xa2_data(objects: Objects, pattern: str) -> None:
    case = CASES[pattern]
    world = objects.world
    for user, markers in ((world.charlie, XA_MARKERS), (world.bob, XA2_MARKERS)):
        client = world.client_for(user)
        urls = case.urls(objects)  # may create XA2's objects: before the first snapshot
        before = snapshot()
        for url in urls:
            response = client.get(url)
            where = f"{user.username} GET {url}"
            assert response.status_code in case.allowed, f"{where}: {response.status_code}"
            text = body_text(response)
            leaked = [m for m in markers if m in text]
            assert not leaked, f"{where} shows XA2 data: {leaked}"
            for method, spec in case.unsafe:
                response = request(client, method, url, case, unsafe_body(spec, objects))
                where = f"{user.username} {method.upper()} {url}"
                assert response.status_code in UNSAFE_STATUSES | {200}, f"{where}: {response.status_code}"
                leaked = [m for m in markers if m in body_text(response)]
                assert not leaked, f"{where} shows XA2 data: {leaked}"
            after = snapshot()
            kept = _without_own_refused_jobs(after, user) if case.queues_import else after
            assert kept == before, f"{user.username} changed data through {url}"
            # Nothing runs between here and the next address's requests: this snapshot is its "before"
            # (taking another would read the same rows again).
            before = after


def _without_own_refused_jobs(
    rows: dict[str, list[dict[str, Any]]], user: User
) -> dict[str, list[dict[str, Any]]]:
    jobs = rows["orgs.ImportJob"]
    own = [job for job in jobs if job["created_by_id"] == user.pk]
    assert all(job["status"] == "rejected" for job in own), own
    ids = {str(job["id"]) for job in own}
    tasks = [
        t
        for t in rows["django_tasks_database.DBTaskResult"]
        if not ids & {str(a) for a in stored_json(t["args_kwargs"])["args"]}
    ]
    return {
        **rows,
        "orgs.ImportJob": [job for job in jobs if job not in own],
        "django_tasks_database.DBTaskResult": tasks,
    }


@pytest.mark.parametrize("pattern", sorted(CASES))
def test_anonymous_visitors_are_sent_to_sign_in(objects: Objects, pattern: str) -> None:
    case = CASES[pattern]
    url = case.urls(objects)[0]
    before = snapshot()
    response = Client().get(url)
    if case.anonymous is not None:
        assert response.status_code == case.anonymous
    elif case.kind == "api":
        assert response.status_code == 401, url
    else:
        login = "/admin/login/" if case.kind == "admin" else "/accounts/login/"
        assert response.status_code == 302 and response["Location"].startswith(login), (
            url,
            response.status_code,
        )
    for method, spec in case.unsafe:
        response = request(Client(), method, url, case, unsafe_body(spec, objects))
        assert response.status_code in {302, 401, 403, 404, 405}, (method, url, response.status_code)
    assert snapshot() == before
    assert not User.objects.filter(username="").exists()


# Cases whose unsafe bodies do change data for someone allowed (alice, organisation staff of the province):
# so an outsider's refusal above comes from the access check, not from a malformed form.
EFFECTIVE_UNSAFE = (
    *cases_core.EFFECTIVE_UNSAFE,
    *cases_orgs.EFFECTIVE_UNSAFE,
    *cases_documents.EFFECTIVE_UNSAFE,
    *cases_campaigns.EFFECTIVE_UNSAFE,
    *cases_reports.EFFECTIVE_UNSAFE,
    *cases_reviews.EFFECTIVE_UNSAFE,
)


@pytest.mark.parametrize("pattern", EFFECTIVE_UNSAFE)
def test_the_refused_requests_would_work_for_someone_allowed(objects: Objects, pattern: str) -> None:
    case = CASES[pattern]
    client = objects.world.client_for(objects.world.alice)
    method, spec = case.unsafe[0]
    before = snapshot()
    response = request(client, method, case.urls(objects)[0], case, unsafe_body(spec, objects))
    assert response.status_code in (200, 201, 302), response.status_code
    assert snapshot() != before
