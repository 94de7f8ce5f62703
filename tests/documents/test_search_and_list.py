"""The registry list: accent-free search, exact symbols first, filters, visibility, query counts."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quantriet.documents.models import Document
from tests.conftest import World
from tests.documents.helpers import central, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(world: World) -> dict[str, Document]:
    docs = {
        "35nq": central(
            "35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22), subject="Bảo vệ nền tảng tư tưởng của Đảng"
        ),
        "135nq": central("135-NQ/TW", "Nghị quyết", dt.date(2019, 3, 1)),
        "22qd": central("22-QĐ/TW", "Quy định", dt.date(2021, 7, 28), subject="Công tác kiểm tra, giám sát"),
        "22qdinh": central("22-QĐ/TW", "Quyết định", dt.date(2011, 5, 5)),
        "08qdi": central("08-QĐi/TW", "Quy định"),
        "plan": make_document(
            "15-KH/TU",
            "Kế hoạch",
            dt.date(2019, 1, 14),
            issuing_unit=world.province,
            subject="Thực hiện nghị quyết về bảo vệ nền tảng tư tưởng",
            body="Thực hiện Nghị quyết số 35-NQ/TW ngày 22/10/2018.",
        ),
        "xa": make_document(
            "02-KH/ĐU", "Kế hoạch", dt.date(2024, 2, 1), issuing_unit=world.xa, subject="Xã An Hòa"
        ),
        "xb": make_document(
            "03-KH/ĐU", "Kế hoạch", dt.date(2024, 2, 1), issuing_unit=world.xb, subject="Xã Bình Minh"
        ),
    }
    return docs


def titles(response: Any) -> list[str]:
    page = response.content.decode()
    return re.findall(r'<a href="/documents/\d+/">([^<]+)</a>', page)


@pytest.mark.parametrize(
    ("query", "first", "absent"),
    [
        ("nghi quyet 35 nq tw", "Nghị quyết 35-NQ/TW", "Nghị quyết 135-NQ/TW"),
        ("35-NQ/TW", "Nghị quyết 35-NQ/TW", "Nghị quyết 135-NQ/TW"),
        ("35 nq", "Nghị quyết 35-NQ/TW", "Nghị quyết 135-NQ/TW"),
        ("35 - nq/tw", "Nghị quyết 35-NQ/TW", "Quy định 22-QĐ/TW"),
        ("quy dinh 22", "Quy định 22-QĐ/TW", "Quyết định 22-QĐ/TW"),
        ("8 qdi", "Quy định 08-QĐi/TW", "Quy định 22-QĐ/TW"),
        ("08-QÐi/TW", "Quy định 08-QĐi/TW", "Quy định 22-QĐ/TW"),  # Ð (eth) typed for Đ
        ("kiem tra giam sat", "Quy định 22-QĐ/TW", "Nghị quyết 35-NQ/TW"),
    ],
)
def test_search_is_accent_insensitive_and_puts_the_best_hit_first(
    world: World, registry: dict[str, Document], query: str, first: str, absent: str
) -> None:
    found = titles(world.client_for(world.alice).get("/documents/", {"q": query}))
    assert found and found[0] == first, found
    assert absent not in found


def test_an_exact_symbol_comes_before_documents_that_only_cite_it(
    world: World, registry: dict[str, Document]
) -> None:
    found = titles(world.client_for(world.alice).get("/documents/", {"q": "35-NQ/TW"}))
    assert found == ["Nghị quyết 35-NQ/TW", "Kế hoạch 15-KH/TU"]  # the plan's body cites it


def test_free_text_finds_words_of_the_body(world: World, registry: dict[str, Document]) -> None:
    found = titles(world.client_for(world.alice).get("/documents/", {"q": "thuc hien nghi quyet so 35"}))
    assert "Kế hoạch 15-KH/TU" in found


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "Quy định"}, {"Quy định 22-QĐ/TW", "Quy định 08-QĐi/TW"}),
        ({"year": "2019"}, {"Nghị quyết 135-NQ/TW", "Kế hoạch 15-KH/TU"}),
        ({"issuer": "TU"}, {"Kế hoạch 15-KH/TU"}),
        ({"type": "Quyết định", "year": "2011"}, {"Quyết định 22-QĐ/TW"}),
    ],
)
def test_filters_narrow_the_list(
    world: World, registry: dict[str, Document], params: dict[str, str], expected: set[str]
) -> None:
    assert set(titles(world.client_for(world.alice).get("/documents/", params))) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"year": "²"},
        {"year": "١٢"},
        {"year": "10000"},
        {"year": "16605129629"},
        {"type": "\x00"},
        {"status": "²"},
        {"unconfirmed": "null"},
        {"page": "²"},
    ],
)
def test_a_filter_that_makes_no_sense_is_ignored(
    world: World, registry: dict[str, Document], params: dict[str, str]
) -> None:
    client = world.client_for(world.alice)
    everything = titles(client.get("/documents/"))
    response = client.get("/documents/", params)
    assert response.status_code == 200
    assert titles(response) == everything


@pytest.mark.parametrize(
    "params", [{"q": "35\x00 nq"}, {"q": "\x00"}, {"issuer": "T\x00U"}, {"q": "x" * 10_000}]
)
def test_nul_and_long_text_in_a_search_are_cleaned_not_refused(
    world: World, registry: dict[str, Document], params: dict[str, str]
) -> None:
    response = world.client_for(world.alice).get("/documents/", params)
    assert response.status_code == 200


def test_nul_is_dropped_from_the_words_searched(world: World, registry: dict[str, Document]) -> None:
    found = titles(world.client_for(world.alice).get("/documents/", {"q": "35-NQ/\x00TW"}))
    assert found[0] == "Nghị quyết 35-NQ/TW"


def test_the_checkbox_value_of_the_unconfirmed_filter_is_understood(
    world: World, registry: dict[str, Document]
) -> None:
    make_document("04-KH/TU", "Kế hoạch", issuing_unit=world.province, body="Theo Chỉ thị 05-CT/TW.")
    found = titles(world.client_for(world.alice).get("/documents/", {"unconfirmed": "on"}))
    assert found == ["Chỉ thị 05-CT/TW"]


def test_the_unconfirmed_filter_lists_placeholders(world: World, registry: dict[str, Document]) -> None:
    make_document("04-KH/TU", "Kế hoạch", issuing_unit=world.province, body="Theo Chỉ thị 05-CT/TW.")
    found = titles(world.client_for(world.alice).get("/documents/", {"unconfirmed": "1"}))
    assert found == ["Chỉ thị 05-CT/TW"]


def test_each_user_sees_public_documents_and_those_of_their_line(
    world: World, registry: dict[str, Document]
) -> None:
    def seen(user: Any) -> set[str]:
        return set(titles(world.client_for(user).get("/documents/")))

    public = {"Nghị quyết 35-NQ/TW", "Nghị quyết 135-NQ/TW", "Quy định 22-QĐ/TW", "Quyết định 22-QĐ/TW"}
    public |= {"Quy định 08-QĐi/TW"}
    assert seen(world.bob) == public | {"Kế hoạch 15-KH/TU", "Kế hoạch 02-KH/ĐU"}
    assert seen(world.charlie) == public | {"Kế hoạch 15-KH/TU", "Kế hoạch 03-KH/ĐU"}
    assert seen(world.dave) == public | {
        "Kế hoạch 15-KH/TU",
        "Kế hoạch 02-KH/ĐU",
    }  # a member: his cell's line
    assert seen(world.eve) == public
    assert seen(world.alice) == public | {"Kế hoạch 15-KH/TU", "Kế hoạch 02-KH/ĐU", "Kế hoạch 03-KH/ĐU"}


# The list, however many documents: session, user, roles, the reader's own member record (asked once for
# the line of the list, of the years and issuers to filter by, and for the menu), the page's COUNT and
# rows, the years and the issuers. The same for a commune's staff (bob) and for a member (dave).
LIST_QUERIES = {"bob": 8, "dave": 8}


@pytest.mark.parametrize("reader", ["bob", "dave"])
def test_the_list_page_runs_a_fixed_number_of_queries(
    world: World, registry: dict[str, Document], reader: str
) -> None:
    client = world.client_for(getattr(world, reader))
    client.get("/documents/")  # the session and the caches warm up
    counts = []
    for batch in range(2):
        for n in range(20):
            make_document(
                f"{100 + 20 * batch + n}-KH/ĐU", "Kế hoạch", dt.date(2024, 3, 1), issuing_unit=world.xa
            )
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/documents/", {"q": "ke hoach"})
        counts.append(len(captured))
        assert response.status_code == 200
    assert counts == [LIST_QUERIES[reader]] * 2


def test_the_document_page_runs_a_fixed_number_of_queries(
    world: World, registry: dict[str, Document]
) -> None:
    target = registry["35nq"]
    client = world.client_for(world.bob)
    client.get(f"/documents/{target.pk}/")  # the session and the caches warm up
    counts = []
    for batch in range(2):
        for n in range(8):
            make_document(
                f"{100 + 8 * batch + n}-KH/TU",
                "Kế hoạch",
                dt.date(2020, 1, 1),
                issuing_unit=world.province,
                body="Theo 35-NQ/TW.",
            )
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/documents/{target.pk}/")
        counts.append(len(captured))
        assert response.content.decode().count('class="linklist cited-by"') == 1
        assert len(re.findall(r"Kế hoạch 1\d\d-KH/TU", response.content.decode())) == 8 * (batch + 1)
    assert counts == [DETAIL_QUERIES] * 2


# A document's page, however many documents cite it: session, user, roles, own member record, the
# document, its citations, its relations both ways, the documents it cites that the reader may open, the
# citations naming it and the documents they stand in.
DETAIL_QUERIES = 11


def test_a_filter_sent_twice_on_the_page_takes_the_last(world: World, registry: dict[str, Document]) -> None:
    found = titles(world.client_for(world.alice).get("/documents/?year=2011&year=2019"))
    assert set(found) == {"Nghị quyết 135-NQ/TW", "Kế hoạch 15-KH/TU"}
