"""Bad input to the JSON API gets a JSON error with a Vietnamese sentence, and nothing is written."""

from __future__ import annotations

import json
from typing import Any

import pytest

from quantriet.orgs.models import AuditEntry, Member
from tests.conftest import World
from tests.orgs.test_api import send

GOOD = {
    "full_name": "Phạm Thị Hoa",
    "date_of_birth": "1990-02-28",
    "sex": "female",
    "admission_date": "2015-05-19",
}


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    error: dict[str, Any] = response.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["message"].endswith(".")  # a whole sentence
    return error


@pytest.mark.parametrize("payload", ["{not json", "[1, 2]", '"chuỗi"', b"\xff\xfe"])
def test_malformed_json_is_refused_and_creates_nothing(world: World, payload: str | bytes) -> None:
    before = Member.objects.count()
    response = send(world.client_for(world.alice), "post", "/api/v1/members/", payload)
    error = error_of(response, 400)
    assert error["code"] == "malformed_json" and "JSON" in error["message"]
    assert Member.objects.count() == before


def test_wrong_types_are_reported_field_by_field(world: World) -> None:
    body = {
        "unit": str(world.xa2.pk),
        "full_name": 12,
        "date_of_birth": 19900228,
        "sex": "other",
        "admission_date": "2020-02-31",
        "card_number": ["1"],
    }
    error = error_of(send(world.client_for(world.alice), "post", "/api/v1/members/", body), 400)
    assert set(error["fields"]) == {
        "unit",
        "full_name",
        "date_of_birth",
        "sex",
        "admission_date",
        "card_number",
    }
    assert "2020-02-31" in error["fields"]["admission_date"]
    assert error["fields"]["unit"] == "Trường này phải là một số nguyên."


def test_unknown_fields_are_refused_rather_than_ignored(world: World) -> None:
    body = {**GOOD, "unit": world.xa2.pk, "address": "Số 1 đường A"}
    error = error_of(send(world.client_for(world.alice), "post", "/api/v1/members/", body), 400)
    assert list(error["fields"]) == ["address"]


def test_service_rules_come_back_as_field_errors(world: World) -> None:
    body = {**GOOD, "unit": world.xa2.pk, "admission_date": "1980-01-01", "card_number": "10000001"}
    error = error_of(send(world.client_for(world.alice), "post", "/api/v1/members/", body), 400)
    assert error["fields"]["admission_date"] == "Ngày vào Đảng phải sau ngày sinh."
    assert "10000001" in error["fields"]["card_number"]
    assert not AuditEntry.objects.filter(action="member.create", actor=world.alice).exists()


def test_a_member_cannot_be_placed_in_a_commune_committee(world: World) -> None:
    body = {**GOOD, "unit": world.province.pk}
    error = error_of(send(world.client_for(world.alice), "post", "/api/v1/members/", body), 400)
    assert "unit" in error["fields"]


def test_missing_required_fields_are_named(world: World) -> None:
    error = error_of(
        send(world.client_for(world.alice), "post", "/api/v1/members/", {"unit": world.xa2.pk}), 400
    )
    assert set(error["fields"]) == {"full_name", "date_of_birth", "sex", "admission_date"}
    assert (
        "unit"
        in error_of(send(world.client_for(world.alice), "post", "/api/v1/members/", GOOD), 400)["fields"]
    )


def test_a_patch_may_not_touch_the_unit_or_status(world: World) -> None:
    url = f"/api/v1/members/{world.m_xa2.pk}/"
    error = error_of(
        send(world.client_for(world.alice), "patch", url, {"unit": world.xa1.pk, "status": "removed"}), 400
    )
    assert set(error["fields"]) == {"unit", "status"}
    world.m_xa2.refresh_from_db()
    assert (world.m_xa2.unit_id, world.m_xa2.status) == (world.xa2.pk, "full")


def test_a_bad_patch_keeps_the_record_unchanged(world: World) -> None:
    url = f"/api/v1/members/{world.m_xa2.pk}/"
    error = error_of(
        send(
            world.client_for(world.alice), "patch", url, {"full_name": "Mới", "date_of_birth": "1890-01-01"}
        ),
        400,
    )
    assert "120" in error["fields"]["date_of_birth"]
    world.m_xa2.refresh_from_db()
    assert world.m_xa2.full_name == "Trần Thị Bình"


def test_a_form_body_gets_415(world: World) -> None:
    response = world.client_for(world.alice).post("/api/v1/members/", {"full_name": "X"})
    assert error_of(response, 415)["code"] == "unsupported_media_type"


def test_a_wrong_method_gets_405_with_allow(world: World) -> None:
    client = world.client_for(world.alice)
    response = client.delete(f"/api/v1/members/{world.m_xa1.pk}/")
    assert error_of(response, 405)["code"] == "method_not_allowed"
    assert response["Allow"] == "GET, PATCH"
    assert error_of(client.post("/api/v1/units/"), 405)["message"].startswith("Địa chỉ này không nhận")


def test_an_unknown_api_address_is_a_json_404_pointing_at_the_docs(world: World) -> None:
    error = error_of(world.client_for(world.alice).get("/api/v1/nothing/here/"), 404)
    assert "/api/v1/docs/" in error["message"]


def test_a_non_numeric_id_in_a_filter_is_a_400_not_a_crash(world: World) -> None:
    error = error_of(world.client_for(world.alice).get("/api/v1/members/?unit=abc"), 400)
    assert list(error["fields"]) == ["unit"]


def test_an_oversized_body_is_refused(world: World) -> None:
    body = json.dumps({**GOOD, "unit": world.xa2.pk, "full_name": "A" * (1024 * 1024)})
    assert (
        error_of(send(world.client_for(world.alice), "post", "/api/v1/members/", body), 400)["code"]
        == "too_large"
    )
