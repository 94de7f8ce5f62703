"""The registry's JSON API: list with search and filters, one document with relations and citations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from quantriet.documents import services
from quantriet.documents.models import Document
from quantriet.orgs.api.openapi import build_spec
from tests.conftest import World
from tests.documents.helpers import central, make_document
from tests.orgs.test_api_openapi import validator

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(world: World) -> dict[str, Document]:
    resolution = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22))
    plan = make_document(
        "15-KH/TU",
        "Kế hoạch",
        dt.date(2019, 1, 14),
        issuing_unit=world.province,
        body="Thực hiện Nghị quyết số 35-NQ/TW ngày 22/10/2018.",
    )
    services.add_relation(None, plan, resolution, "concretises")
    xb = make_document("03-KH/ĐU", "Kế hoạch", dt.date(2024, 2, 1), issuing_unit=world.xb)
    return {"resolution": resolution, "plan": plan, "xb": xb}


def test_the_list_searches_without_accents_and_pages(world: World, docs: dict[str, Document]) -> None:
    body = world.client_for(world.bob).get("/api/v1/documents/", {"q": "nghi quyet 35 nq tw"}).json()
    assert [r["symbol"] for r in body["results"]] == ["35-NQ/TW", "15-KH/TU"]
    assert body["count"] == 2 and body["page"] == 1
    first = body["results"][0]
    assert first["type"] == "Nghị quyết" and first["issued_on"] == "2018-10-22" and first["is_public"]


def test_the_list_filters_by_type_and_year_and_checks_them(world: World, docs: dict[str, Document]) -> None:
    client = world.client_for(world.alice)
    assert [
        r["symbol"]
        for r in client.get("/api/v1/documents/", {"type": "Kế hoạch", "year": "2019"}).json()["results"]
    ] == ["15-KH/TU"]
    bad = client.get("/api/v1/documents/", {"type": "Sắc lệnh x"})
    assert bad.status_code == 400 and "type" in bad.json()["error"]["fields"]
    assert client.get("/api/v1/documents/", {"year": "abc"}).status_code == 400
    assert client.get("/api/v1/documents/", {"page": "9"}).status_code == 404


def test_one_document_carries_relations_and_citations_both_ways(
    world: World, docs: dict[str, Document]
) -> None:
    client = world.client_for(world.bob)
    resolution = client.get(f"/api/v1/documents/{docs['resolution'].pk}/").json()
    assert [c["symbol"] for c in resolution["cited_by"]] == ["15-KH/TU"]
    assert resolution["relations"] == [
        {
            "kind": "concretises",
            "direction": "incoming",
            "label": "Được cụ thể hóa bởi",
            "document": {
                "id": docs["plan"].pk,
                "type": "Kế hoạch",
                "symbol": "15-KH/TU",
                "issued_on": "2019-01-14",
                "url": f"/api/v1/documents/{docs['plan'].pk}/",
            },
        }
    ]
    plan = client.get(f"/api/v1/documents/{docs['plan'].pk}/").json()
    assert [c["symbol"] for c in plan["cites"]] == ["35-NQ/TW"]
    assert plan["relations"][0]["direction"] == "outgoing"


def test_outsiders_get_404_and_anonymous_401(world: World, docs: dict[str, Document]) -> None:
    assert world.client_for(world.bob).get(f"/api/v1/documents/{docs['xb'].pk}/").status_code == 404
    symbols = [r["symbol"] for r in world.client_for(world.bob).get("/api/v1/documents/").json()["results"]]
    assert "03-KH/ĐU" not in symbols
    assert Client().get("/api/v1/documents/").status_code == 401


def test_the_api_answers_match_the_published_schemas(world: World, docs: dict[str, Document]) -> None:
    spec = build_spec()
    client = world.client_for(world.alice)
    for url, name in (
        ("/api/v1/documents/", "DocumentPage"),
        (f"/api/v1/documents/{docs['plan'].pk}/", "DocumentDetail"),
        (f"/api/v1/documents/{docs['resolution'].pk}/", "DocumentDetail"),
    ):
        errors = list(
            validator(spec["components"]["schemas"][name], spec).iter_errors(client.get(url).json())
        )
        assert not errors, f"{url}: {errors[0].message}"


def test_the_list_and_one_document_show_the_secrecy_level(world: World, docs: dict[str, Document]) -> None:
    make_document(
        "18-KH/TU", "Kế hoạch", dt.date(2019, 1, 15), issuing_unit=world.province, secrecy="confidential"
    )
    client = world.client_for(world.alice)
    listed = {r["symbol"]: r["secrecy"] for r in client.get("/api/v1/documents/").json()["results"]}
    assert listed["18-KH/TU"] == "confidential" and listed["15-KH/TU"] == "normal"
    classified = Document.objects.get(symbol="18-KH/TU")
    one = client.get(f"/api/v1/documents/{classified.pk}/").json()
    assert one["secrecy"] == "confidential" and not one["has_file"]
    schema = build_spec()["components"]["schemas"]["DocumentDetail"]
    assert not list(validator(schema, build_spec()).iter_errors(one))
