"""Hostile input to every page, form and JSON endpoint: never a server error, a refusal says why in
Vietnamese, and a refused write leaves every table as it was (issue 9, "make the classes impossible").

Every URL pattern of the site is walked (as tests/access does) and tried by a user allowed to use it:
- query: every query parameter its view reads (recorded while it answers a plain GET, plus its
  OpenAPI parameters and the ones in its access case's addresses) gets each ``SHARP`` value at once,
  then random hostile text in a few;
- forms: every ``<form method="post">`` the page renders is sent back with each ``FORM_SHARP`` value
  in every visible field, then with a few fields replaced by random hostile text (files by hostile
  bytes); so are the access case's request bodies, which are valid and reach the service behind;
- JSON endpoints: hostile values in their fields (OpenAPI schema, access case body) and hostile whole
  bodies (10,000 levels of nesting, invalid UTF-8, lone surrogates, huge numbers).
Every answer must be below 500; every 4xx but 405 must say why in Vietnamese (a form error, an alert,
a JSON "message"), not counting the user's own text echoed; a refused write must change no table.
Each example runs in a savepoint rolled back afterwards, so examples do not see each other's writes and
a database error (PostgreSQL aborts the transaction) cannot hide the next one.

A URL pattern with neither an access case nor an entry in ``cases.PUBLIC_URLS``/``NOT_FUZZED`` fails
``test_every_url_pattern_has_a_property_case``. Failures in areas being fixed are strict xfails in
``cases.KNOWN_FAILURES``.
"""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import parse_qsl

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st

from tests.access.model import Objects
from tests.access.test_every_endpoint import CASES, PUBLIC, url_patterns
from tests.properties import cases
from tests.properties.answers import changed_tables, check_answer, row_counts
from tests.properties.conftest import rolled_back
from tests.properties.inputs import (
    FORM_SHARP,
    RAW_JSON_BODIES,
    SHARP,
    encode_query,
    hostile_text,
    json_value,
    render_json,
)
from tests.properties.pages import Form, forms_of, reading_query_keys
from tests.properties.sending import (
    access_forms,
    access_json_bodies,
    hostile_file,
    openapi_body_keys,
    openapi_query_keys,
    send_form,
)

pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # 10,000-char reprs

# Examples per pattern and channel. Django's admin (about 120 generic patterns) gets fewer each.
EXAMPLES = {"query": 3, "form": 5, "json": 15}
ADMIN_EXAMPLES = {"query": 1, "form": 2}
SKIP_FIELDS = frozenset({"csrfmiddlewaretoken"})


# The suite's run is bounded (under a minute on SQLite) and the same every time; PROPERTY_SCALE=20 runs
# twenty times the random examples, new ones on each run, for a longer search (the sweeps stay as they
# are). What a longer run finds goes to test_found.py as an explicit request.
SCALE = int(os.environ.get("PROPERTY_SCALE", "1"))


def fuzz(pattern: str, channel: str) -> Any:
    table = ADMIN_EXAMPLES if pattern.startswith("admin/") else EXAMPLES
    return settings(
        max_examples=table[channel] * SCALE,
        deadline=None,
        derandomize=SCALE == 1,
        database=None,
        # No shrinking: a failure's message holds its input already, and shrinking takes minutes.
        phases=[Phase.explicit, Phase.generate],
        # Quiet: Hypothesis would print every draw, 10,000-character values included; the assertion
        # message says the request, its input cut to a readable length, and the traceback's end.
        verbosity=Verbosity.quiet,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def test_every_url_pattern_has_a_property_case() -> None:
    patterns = url_patterns()
    missing = sorted(patterns - set(CASES) - set(cases.PUBLIC_URLS) - set(cases.NOT_FUZZED))
    assert not missing, f"URL patterns without a property case (tests/properties/cases.py): {missing}"
    assert set(PUBLIC) <= set(cases.PUBLIC_URLS) | set(cases.NOT_FUZZED)
    stale = sorted(set(cases.PUBLIC_URLS) - patterns)
    assert not stale, f"property cases for URL patterns that no longer exist: {stale}"


def is_api(pattern: str) -> bool:
    return pattern in CASES and CASES[pattern].kind == "api"


def client_for(objects: Objects, pattern: str) -> Client:
    client = Client(raise_request_exception=False)
    name = cases.user_for(pattern)
    if name == "root":
        client.force_login(User.objects.get(username="root"))
    elif name is not None:
        client.force_login(getattr(objects.world, name))
    return client


def address(objects: Objects, pattern: str) -> str:
    if pattern in cases.PUBLIC_URLS:
        return cases.PUBLIC_URLS[pattern]
    if pattern in cases.ADDRESSES:
        return cases.ADDRESSES[pattern](objects)
    return CASES[pattern].urls(objects)[0]


def swept(pattern: str) -> bool:
    """Whether the pattern gets the SHARP sweep: our views, and the admin's lists (its other pages are
    Django's own, fuzzed by the random examples only, to keep the run short)."""
    return not pattern.startswith("admin/") or ("<" not in pattern and pattern.count("/") == 3)


def fuzz_query(client: Client, pattern: str, url: str, read: set[str]) -> None:
    """Each SHARP value in every query parameter the view reads, then random hostile text in a few."""
    path, _, query = url.partition("?")
    given_params = parse_qsl(query, keep_blank_values=True)
    keys = read | {k for k, _ in given_params} | set(cases.EXTRA_QUERY_KEYS.get(pattern, ()))
    names = sorted(keys | openapi_query_keys(pattern)) or ["q"]  # a view reading none must bear one
    for value in SHARP if swept(pattern) else ():
        target = f"{path}?{encode_query([(k, value) for k in names])}"
        with rolled_back():
            check_answer(client.get(target), [value], f"GET {target[:300]}")

    @fuzz(pattern, "query")
    @given(st.lists(st.tuples(st.sampled_from(names), hostile_text()), min_size=1, max_size=3))
    def run(hostile: list[tuple[str, str]]) -> None:
        replaced = {k for k, _ in hostile}
        params = [(k, v) for k, v in given_params if k not in replaced] + hostile
        target = f"{path}?{encode_query(params)}"
        with rolled_back():
            response = client.get(target)
            check_answer(response, [v for _, v in hostile], f"GET {target[:300]}")

    run()


def post_and_check(
    client: Client, form: Form, body: dict[str, list[str]], files: dict[str, Any], sent: list[str], where: str
) -> None:
    with rolled_back():
        before = row_counts()
        response = send_form(client, form, body, files)
        check_answer(response, sent, where)
        if response.status_code >= 400:
            changed = changed_tables(before, row_counts())
            assert not changed, f"{where}: refused ({response.status_code}) but changed {changed}"


def fuzz_forms(client: Client, pattern: str, forms: list[Form]) -> None:
    """Each form sent back with each FORM_SHARP value in every visible field, then with up to three fields
    (and a file) replaced by random hostile values."""
    variants = [(form, body) for form in forms for body in form.bodies()]
    for form, base in variants:
        # Sent back as rendered, it records the fields the view reads that the page does not render
        # (a client id, a bare POST field): those are inputs too.
        with reading_query_keys() as read:
            post_and_check(client, form, base, {}, [], f"POST {form.action} as rendered")
        form.names |= read - SKIP_FIELDS - form.hidden - {name for name, _ in form.submits}
    for form, base in variants if swept(pattern) else ():
        for value in FORM_SHARP:
            body = {**base, **{key: [value] for key in form.visible()}}
            post_and_check(client, form, body, {}, [value], f"POST {form.action} every field {value[:20]!r}")

    @fuzz(pattern, "form")
    @given(st.data())
    def run(data: st.DataObject) -> None:
        form, base = data.draw(st.sampled_from(variants), label="form")
        names = sorted((set(base) | form.names) - SKIP_FIELDS - set(form.files)) or ["q"]
        hostile = data.draw(
            st.dictionaries(st.sampled_from(names), hostile_text(), min_size=1, max_size=3), label="fields"
        )
        files = {}
        if form.files:
            files = data.draw(st.dictionaries(st.sampled_from(form.files), hostile_file(), max_size=1))
        body = {**base, **{k: [v] for k, v in hostile.items()}}
        where = f"POST {form.action} {json.dumps(hostile)[:400]} files={list(files)}"
        post_and_check(client, form, body, files, list(hostile.values()), where)

    run()


def fuzz_json(client: Client, objects: Objects, pattern: str, url: str) -> None:
    """Hostile values in the JSON fields an endpoint reads, and hostile whole bodies."""
    bases = access_json_bodies(objects, pattern)
    for method in ("post", "patch"):
        if openapi_body_keys(pattern, method):
            bases.setdefault(method, {})
    bases = bases or {"post": {}}
    extra = set(cases.EXTRA_JSON_KEYS.get(pattern, ()))
    keys = {m: sorted(set(b) | openapi_body_keys(pattern, m) | extra) or ["name"] for m, b in bases.items()}

    @fuzz(pattern, "json")
    @given(st.data())
    def run(data: st.DataObject) -> None:
        method = data.draw(st.sampled_from(sorted(bases)), label="method")
        shape = data.draw(st.sampled_from(["fields", "fields", "fields", "raw", "value"]), label="shape")
        sent: list[str] = []
        if shape == "raw":
            raw = data.draw(st.sampled_from(RAW_JSON_BODIES), label="body")
        elif shape == "value":
            raw = render_json(data.draw(json_value(), label="body")).encode()
        else:
            hostile = data.draw(
                st.dictionaries(st.sampled_from(keys[method]), json_value(), min_size=1, max_size=3)
            )
            sent = [v for v in hostile.values() if isinstance(v, str)]
            raw = render_json({**bases[method], **hostile}).encode()
        where = f"{method.upper()} {url} {raw[:300]!r}"
        with rolled_back():
            before = row_counts()
            response = getattr(client, method)(url, raw, content_type="application/json")
            check_answer(response, sent, where)
            if response.status_code >= 400:
                changed = changed_tables(before, row_counts())
                assert not changed, f"{where}: refused ({response.status_code}) but changed {changed}"

    run()


def fuzzed_patterns() -> list[Any]:
    return [
        pytest.param(pattern, marks=cases.marks(pattern), id=pattern)
        # A pattern without a case is reported by test_every_url_pattern_has_a_property_case.
        for pattern in sorted(url_patterns() & (set(CASES) | set(cases.PUBLIC_URLS)))
    ]


@pytest.mark.parametrize("pattern", fuzzed_patterns())
def test_hostile_input_is_refused_cleanly(objects: Objects, pattern: str) -> None:
    client = client_for(objects, pattern)
    url = address(objects, pattern)
    with reading_query_keys() as read, rolled_back():
        page = client.get(cases.FORM_PAGES.get(pattern, url))
        check_answer(page, [], f"GET {url}")
        html = "" if page.streaming else page.content.decode("utf-8", "replace")
    fuzz_query(client, pattern, url, read)
    if is_api(pattern):
        fuzz_json(client, objects, pattern, url)
        return
    forms = [f for f in forms_of(url, html) if cases.own_form(pattern, f)] + access_forms(
        objects, pattern, url
    )
    fuzz_forms(client, pattern, forms or [Form(url, multipart=False, names={"q"})])
