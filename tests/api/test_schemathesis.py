"""Schemathesis against the API's own OpenAPI document, in-process through the WSGI app.

Every operation of ``/api/v1/openapi.json`` (units, members, documents) gets generated requests, valid
and invalid, sent as alice (the province's organisation staff, who may read and write everywhere) with
an API key. The checks are schemathesis's defaults: no 5xx, every answer and its status in the schema,
invalid input refused with a 4xx, valid input not refused. Bounded and deterministic (a fixed number of
examples per operation, derandomized), so it runs in the default suite on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from quantriet.documents import services as documents
from quantriet.orgs import services
from quantriet.orgs.api.schemas import MEMBER_CREATE
from tests.conftest import World
from tests.documents.helpers import central, make_document

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

# Writes may refuse a schema-valid body for a rule no JSON Schema can state (dates in order and not in
# the future, a card number no one else holds, a name left empty once invisible characters are removed,
# a unit that takes members and is in the user's reach); the document states each in the field's
# description. Such a refusal must name only those fields: never a type or a format the schema allows.
WRITES = {"createMember", "updateMember"}
# Enough to find the classes of bug in the default suite's time; raise it for a longer hunt.
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))
RULE_FIELDS = {name for name, field in MEMBER_CREATE["properties"].items() if "description" in field}


@schema.hook
def filter_query(context: Any, query: dict[str, Any] | None) -> bool:
    """Leave out values a query string cannot carry for a text parameter (``q``, ``issuer``).

    A query string holds only text: schemathesis writes an object or a number meant to violate
    ``type: string`` as its Python repr, which is text the schema allows, so the API rightly takes it.
    A list is kept when it repeats the parameter (which the API refuses).
    """
    if not query:
        return True
    texts = {
        p["name"]
        for p in context.operation.definition.raw.get("parameters", [])
        if p.get("in") == "query" and p.get("schema", {}).get("type") == "string"
    }
    return all(
        isinstance(value, str) or (isinstance(value, list) and len(value) > 1)
        for name, value in query.items()
        if name in texts
    )


def refused_only_by_rules(ctx: Any, response: Any, case: Any) -> bool | None:
    """A valid body refused with 400 names only fields whose description states a rule."""
    positive = case.meta is None or case.meta.generation.mode.is_positive
    if positive and response.status_code == 400:
        fields = set(response.json()["error"]["fields"])
        assert fields and fields <= RULE_FIELDS, f"schema-valid body refused for {fields - RULE_FIELDS}"
    return None


@pytest.fixture
def key(world: World) -> str:
    """Alice's API key, with a few registry entries for the document operations to list and relate."""
    resolution = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    plan = make_document(
        "15-KH/TU", "Kế hoạch", dt.date(2019, 1, 14), issuing_unit=world.province, body="Thực hiện 35-NQ/TW."
    )
    documents.add_relation(None, plan, resolution, "concretises")
    _token, key = services.create_token(None, world.alice, "schemathesis")
    return key


@pytest.fixture(autouse=True)
def one_connection() -> Iterator[None]:
    """Keep the test's database connection open across requests, as Django's test client does.

    The WSGI handler closes the connection when a request ends; on PostgreSQL that would end the test's
    transaction (and its fixtures) after the first request.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api(case: Any, key: str) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    if case.operation.definition.raw.get("operationId") in WRITES:
        case.call_and_validate(
            headers=headers,
            excluded_checks=[positive_data_acceptance],
            additional_checks=[refused_only_by_rules],
        )
    else:
        case.call_and_validate(headers=headers)
