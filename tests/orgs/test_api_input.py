"""Malformed input to the API and the list pages: a 4xx with a Vietnamese sentence or an ignored filter,
never a 500, nothing written. Run on SQLite and PostgreSQL alike (NUL and over-long text broke only
PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from quantriet.core.jsonbody import MAX_DEPTH
from quantriet.orgs import services
from quantriet.orgs.models import AuditEntry, Member
from tests.conftest import World
from tests.orgs.test_api import send
from tests.orgs.test_api_errors import GOOD, error_of

UNICODE_DIGITS = ["²", "١٢", "５", "1²"]


def bearer(world: World) -> Client:
    _token, key = services.create_token(None, world.alice, "kiểm thử")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def nested(depth: int) -> str:
    return '{"full_name": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize("value", UNICODE_DIGITS)
@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/members/?unit={}", "unit"),
        ("/api/v1/members/?page={}", "page"),
        ("/api/v1/members/?page_size={}", "page_size"),
        ("/api/v1/units/?parent={}", "parent"),
        ("/api/v1/documents/?year={}", "year"),
    ],
)
def test_unicode_digits_in_a_query_are_a_400_naming_the_parameter(
    world: World, path: str, name: str, value: str
) -> None:
    error = error_of(bearer(world).get(path.format(value)), 400)
    assert error["code"] == "invalid"
    assert "số nguyên" in error["fields"][name]


@pytest.mark.parametrize(
    "query",
    ["unit=0", "parent=0", "unit=-3", "unit=99999999999999999999", "page=0", "page=9223372036854775808"],
)
def test_ids_outside_the_documented_range_are_refused(world: World, query: str) -> None:
    path = "/api/v1/units/" if query.startswith("parent") else "/api/v1/members/"
    error = error_of(bearer(world).get(f"{path}?{query}"), 400)
    assert "từ 1 trở lên" in next(iter(error["fields"].values()))


@pytest.mark.parametrize("year", ["10000", "16605129629", "1899", "0"])
def test_a_document_year_outside_the_registry_is_a_400(world: World, year: str) -> None:
    error = error_of(bearer(world).get("/api/v1/documents/", {"year": year}), 400)
    assert error["fields"]["year"] == "Tham số year phải là số nguyên từ 1900 đến 2199."


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/documents/?unconfirmed=null", "unconfirmed"),
        ("/api/v1/units/?include_closed=yes", "include_closed"),
    ],
)
def test_a_flag_takes_only_the_documented_values(world: World, path: str, name: str) -> None:
    error = error_of(bearer(world).get(path), 400)
    assert "chỉ nhận 1 (có) hoặc 0 (không)" in error["fields"][name]


def test_a_flag_takes_1_true_and_0(world: World) -> None:
    client = bearer(world)
    for value in ("1", "true", "0", "false"):
        assert client.get("/api/v1/units/", {"include_closed": value}).status_code == 200
        assert client.get("/api/v1/documents/", {"unconfirmed": value}).status_code == 200


@pytest.mark.parametrize("method", ["post", "patch"])
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_deeply_nested_json_is_a_400_and_writes_nothing(world: World, method: str, depth: int) -> None:
    url = "/api/v1/members/" if method == "post" else f"/api/v1/members/{world.m_xa1.pk}/"
    client = bearer(world)
    before = (Member.objects.count(), AuditEntry.objects.count())
    error = error_of(send(client, method, url, nested(depth)), 400)
    assert error["code"] == "malformed_json" and "lồng nhau quá sâu" in error["message"]
    assert (Member.objects.count(), AuditEntry.objects.count()) == before


def test_json_nested_within_the_limit_is_read_as_usual(world: World) -> None:
    # Refused for its type, not its depth: the depth check does not hide the field-by-field answer.
    response = send(bearer(world), "patch", f"/api/v1/members/{world.m_xa1.pk}/", nested(MAX_DEPTH - 1))
    assert error_of(response, 400)["fields"] == {"full_name": "Trường này phải là một chuỗi ký tự."}


def test_a_lone_surrogate_in_json_is_a_400(world: World) -> None:
    body = '{"full_name": "Nguy\\ud800n"}'
    error = error_of(send(bearer(world), "patch", f"/api/v1/members/{world.m_xa1.pk}/", body), 400)
    assert error["code"] == "malformed_json" and "UTF-8" in error["message"]


def test_a_card_number_longer_than_its_column_is_refused_with_the_fields_message(world: World) -> None:
    before = Member.objects.count()
    body = {**GOOD, "unit": world.xa2.pk, "card_number": "1" * 21}
    error = error_of(send(bearer(world), "post", "/api/v1/members/", body), 400)
    # Django's own message for a too-long form field, so the form and the API say the same.
    assert error["fields"] == {"card_number": "Giá trị này chỉ có tối đa 20 kí tự (hiện có 21)"}
    assert Member.objects.count() == before
    patch = send(bearer(world), "patch", f"/api/v1/members/{world.m_xa1.pk}/", {"card_number": "9" * 5000})
    assert set(error_of(patch, 400)["fields"]) == {"card_number"}
    world.m_xa1.refresh_from_db()
    assert world.m_xa1.card_number == "10000001"


def test_a_name_longer_than_its_column_is_refused(world: World) -> None:
    response = send(bearer(world), "patch", f"/api/v1/members/{world.m_xa1.pk}/", {"full_name": "A" * 121})
    assert (
        error_of(response, 400)["fields"]["full_name"] == "Giá trị này chỉ có tối đa 120 kí tự (hiện có 121)"
    )


def test_control_and_invisible_characters_are_removed_from_api_text(world: World) -> None:
    body = {
        **GOOD,
        "unit": world.xa2.pk,
        "full_name": "Phạm\x00 Thị\u200b Hoa\x01",
        "card_number": "2000\x0001",
    }
    response = send(bearer(world), "post", "/api/v1/members/", body)
    assert response.status_code == 201, response.content
    member = Member.objects.get(pk=response.json()["id"])
    assert (member.full_name, member.card_number) == ("Phạm Thị Hoa", "200001")


def test_a_name_of_only_invisible_characters_is_refused_as_empty(world: World) -> None:
    body = {**GOOD, "unit": world.xa2.pk, "full_name": "\u200b\u200d\x00 "}
    error = error_of(send(bearer(world), "post", "/api/v1/members/", body), 400)
    assert set(error["fields"]) == {"full_name"}


@pytest.mark.parametrize("value", ["a\x00b", "\x00", "x" * 10_000, "ｎｇｕｙｅｎ", "²"])
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/members/?q={}",
        "/api/v1/units/?q={}",
        "/api/v1/documents/?q={}",
        "/api/v1/documents/?issuer={}",
    ],
)
def test_any_search_text_answers_200(world: World, path: str, value: str) -> None:
    response = bearer(world).get(path.format(value))
    assert response.status_code == 200, response.content


def test_nul_in_a_search_is_dropped_not_searched_for(world: World) -> None:
    data = bearer(world).get("/api/v1/members/", {"q": "nguyen\x00 van an"}).json()
    assert [m["id"] for m in data["results"]] == [world.m_xa1.pk]


@pytest.mark.parametrize("value", [*UNICODE_DIGITS, "-1", "0", "99999999999999999999", "a\x00"])
def test_a_unit_that_cannot_exist_on_the_members_page_is_a_404(world: World, value: str) -> None:
    assert world.client_for(world.alice).get("/members/", {"unit": value}).status_code == 404


@pytest.mark.parametrize("params", [{"q": "an\x00"}, {"status": "\x00"}, {"page": "²"}])
def test_odd_text_on_the_members_page_is_cleaned_or_ignored(world: World, params: dict[str, Any]) -> None:
    response = world.client_for(world.alice).get("/members/", {"unit": world.xa.pk, **params})
    assert response.status_code == 200


@pytest.mark.parametrize("action", ["member.update\x00", "\x00", "x" * 5000])
@pytest.mark.parametrize("log", ["changes", "reads"])
def test_any_action_filter_on_the_audit_page_answers_200(world: World, action: str, log: str) -> None:
    response = world.client_for(world.alice).get(
        f"/units/{world.province.pk}/audit/", {"log": log, "action": action}
    )
    assert response.status_code == 200


def test_the_member_form_and_the_api_refuse_the_same_card_number_with_the_same_message(world: World) -> None:
    before = Member.objects.count()
    form = {
        **GOOD,
        "date_of_birth": "28/02/1990",
        "admission_date": "19/05/2015",
        "status": "probationary",
        "card_number": "1" * 21,
    }
    page = world.client_for(world.alice).post(f"/units/{world.xa2.pk}/members/new/", form)
    assert page.status_code == 200
    api = send(
        bearer(world), "post", "/api/v1/members/", {**GOOD, "unit": world.xa2.pk, "card_number": "1" * 21}
    )
    message = error_of(api, 400)["fields"]["card_number"]
    assert message in page.content.decode()
    assert Member.objects.count() == before


def arabic_indic(number: int) -> str:
    return "".join(chr(0x0660 + int(d)) for d in str(number))


@pytest.mark.parametrize(
    "path", ["/members/export.xlsx?unit={}", "/members/?unit={}", "/api/v1/members/?unit={}"]
)
def test_an_id_in_other_digits_is_no_id_anywhere(world: World, path: str) -> None:
    # int() reads "١٢" as 12; ids are read by core.numbers everywhere, so the same text means the same.
    client = bearer(world)
    client.force_login(world.alice)
    assert client.get(path.format(world.xa.pk)).status_code == 200
    assert client.get(path.format(arabic_indic(world.xa.pk))).status_code in (400, 404)


@pytest.mark.parametrize(
    "value", ["20200229", "2020-W09-6", "2020-02-29\x00", "２０２０-02-29", "2020-02-29 "]
)
def test_a_date_is_only_the_documented_form(world: World, value: str) -> None:
    response = send(bearer(world), "patch", f"/api/v1/members/{world.m_xa1.pk}/", {"date_of_birth": value})
    message = error_of(response, 400)["fields"]["date_of_birth"]
    assert "NNNN-TT-NN" in message and "\x00" not in message


def test_a_refused_date_is_repeated_short(world: World) -> None:
    response = send(
        bearer(world), "patch", f"/api/v1/members/{world.m_xa1.pk}/", {"date_of_birth": "9" * 10_000}
    )
    assert len(error_of(response, 400)["fields"]["date_of_birth"]) < 200


@pytest.mark.parametrize(
    "path",
    ["/api/v1/documents/?issuer=TW&issuer=TU", "/api/v1/members/?unit=1&unit=2", "/api/v1/units/?q=a&q=b"],
)
def test_a_parameter_sent_twice_is_refused_not_guessed_at(world: World, path: str) -> None:
    error = error_of(bearer(world).get(path), 400)
    assert next(iter(error["fields"].values())).endswith("chỉ được gửi một lần.")


def test_an_empty_parameter_is_the_same_as_none(world: World) -> None:
    # As the OpenAPI document says (allowEmptyValue): a form's "all" sends "?type=".
    client = bearer(world)
    assert client.get("/api/v1/documents/?type=&year=&unconfirmed=&q=").status_code == 200
    assert client.get("/api/v1/members/?unit=&status=&page=").status_code == 200


@pytest.mark.parametrize("sex", ["x" * 30, 5, "male\x00", None])
def test_a_choice_field_says_what_it_takes_whatever_was_sent(world: World, sex: object) -> None:
    response = send(bearer(world), "patch", f"/api/v1/members/{world.m_xa2.pk}/", {"sex": sex})
    if sex == "male\x00":  # cleaned like any text: NUL is not part of what was meant
        assert response.status_code == 200 and response.json()["sex"] == "male"
    else:
        assert error_of(response, 400)["fields"] == {
            "sex": "Giới tính phải là “male” (nam) hoặc “female” (nữ)."
        }
