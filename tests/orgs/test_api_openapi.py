"""The OpenAPI document: valid 3.1, describes every API URL, and its examples and the live answers fit it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from quantriet.orgs.api.openapi import build_spec
from tests.conftest import World
from tests.orgs.test_api import send

# Not operations: the catch-all that answers JSON 404 for unknown addresses.
UNDOCUMENTED = {"unknown"}


def api_routes() -> dict[str, str]:
    """OpenAPI-style paths of every URL pattern mounted under api/v1/, by pattern name."""
    routes: dict[str, str] = {}

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and prefix.startswith("api/v1/"):
                routes[str(p.name)] = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", prefix + str(p.pattern))

    walk(get_resolver().url_patterns, "")
    return routes


def validator(schema: dict[str, Any], spec: dict[str, Any]) -> Draft202012Validator:
    # $refs point at #/components/...; give the validator a root that holds them.
    return Draft202012Validator({**schema, "components": spec["components"]})


def media_objects(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            for status, response in op["responses"].items():
                for media in response.get("content", {}).values():
                    found.append((f"{method.upper()} {path} {status}", media))
            for media in op.get("requestBody", {}).get("content", {}).values():
                found.append((f"{method.upper()} {path} body", media))
    return found


def test_the_served_document_is_valid_openapi_3_1(db: Any) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"] == "3.1.0"
    validate(spec)
    assert spec == build_spec()


def test_every_api_url_pattern_is_described() -> None:
    spec = build_spec()
    routes = api_routes()
    assert set(routes) >= UNDOCUMENTED
    described = {path for name, path in routes.items() if name not in UNDOCUMENTED}
    assert described == set(spec["paths"])


def test_every_example_fits_its_schema() -> None:
    spec = build_spec()
    checked = 0
    for where, media in media_objects(spec):
        if "example" in media:
            errors = list(validator(media["schema"], spec).iter_errors(media["example"]))
            assert not errors, f"{where}: {errors[0].message}"
            checked += 1
    assert checked >= 20


def test_a_wrong_example_would_be_caught() -> None:
    spec = build_spec()
    schema = spec["paths"]["/api/v1/members/{id}/"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    bad = dict(
        spec["paths"]["/api/v1/members/{id}/"]["get"]["responses"]["200"]["content"]["application/json"][
            "example"
        ]
    )
    bad["date_of_birth"] = None
    assert list(validator(schema, spec).iter_errors(bad))


def response_schema(spec: dict[str, Any], path: str, method: str, status: int) -> dict[str, Any]:
    schema: dict[str, Any] = spec["paths"][path][method]["responses"][str(status)]["content"][
        "application/json"
    ]["schema"]
    return schema


@pytest.mark.parametrize(
    ("path", "url", "method", "body", "status"),
    [
        ("/api/v1/units/", "/api/v1/units/", "get", None, 200),
        ("/api/v1/units/{id}/", "/api/v1/units/{xa}/", "get", None, 200),
        ("/api/v1/members/", "/api/v1/members/?page_size=1", "get", None, 200),
        ("/api/v1/members/{id}/", "/api/v1/members/{m}/", "get", None, 200),
        ("/api/v1/members/{id}/", "/api/v1/members/{m}/", "patch", {"card_number": None}, 200),
        (
            "/api/v1/members/",
            "/api/v1/members/",
            "post",
            {
                "unit": "{xa2}",
                "full_name": "Hà Văn Sơn",
                "sex": "male",
                "date_of_birth": "1970-01-01",
                "admission_date": "1995-09-02",
            },
            201,
        ),
        ("/api/v1/me/", "/api/v1/me/", "get", None, 200),
        ("/api/v1/members/", "/api/v1/members/", "post", {"unit": "{xa2}"}, 400),
        ("/api/v1/members/{id}/", "/api/v1/members/999999/", "get", None, 404),
    ],
)
def test_live_answers_fit_the_documented_schema(
    world: World, path: str, url: str, method: str, body: dict[str, Any] | None, status: int
) -> None:
    spec = build_spec()
    ids = {"xa": world.xa.pk, "xa2": world.xa2.pk, "m": world.m_xa1.pk}
    url = url.format(**ids)
    if body is not None:
        body = {k: (ids[v[1:-1]] if isinstance(v, str) and v.startswith("{") else v) for k, v in body.items()}
    client = world.client_for(world.alice)
    response = client.get(url) if body is None else send(client, method, url, body)
    assert response.status_code == status, response.content
    errors = list(validator(response_schema(spec, path, method, status), spec).iter_errors(response.json()))
    assert not errors, errors[0].message


def test_the_docs_page_renders_every_operation_without_scripts(db: Any) -> None:
    response = Client().get("/api/v1/docs/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<script" not in html
    for path, item in build_spec()["paths"].items():
        for method in item:
            if method != "parameters":
                assert f"{method.upper()} {path}" in html
    assert "Nguyễn Văn An" in html  # examples are shown
