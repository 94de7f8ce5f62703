"""The JSON API's happy paths: lists, filters, pagination, details, create and update."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from quantriet.orgs.models import AccessLog, AuditEntry, Member
from tests.conftest import World, make_member


def get_json(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def send(client: Client, method: str, url: str, body: Any, **extra: Any) -> Any:
    payload = body if isinstance(body, str | bytes) else json.dumps(body)
    return getattr(client, method)(url, payload, content_type="application/json", **extra)


def test_the_unit_list_holds_only_the_users_subtree_in_name_order(world: World) -> None:
    data = get_json(world.client_for(world.charlie), "/api/v1/units/")
    assert [u["code"] for u in data["results"]] == ["XB1", "XB"]  # "Chi bộ…" sorts before "Đảng bộ…"
    assert data["count"] == 2


def test_units_filter_by_parent_level_and_accentless_query(world: World) -> None:
    client = world.client_for(world.alice)
    children = get_json(client, f"/api/v1/units/?parent={world.xa.pk}")
    assert [u["code"] for u in children["results"]] == ["XA1", "XA2"]
    cells = get_json(client, "/api/v1/units/?level=cell")
    assert {u["code"] for u in cells["results"]} == {"XA1", "XA2", "XB1"}
    found = get_json(client, "/api/v1/units/?q=an hoa")
    assert [u["code"] for u in found["results"]] == ["XA"]
    assert found["results"][0]["child_count"] == 2


def test_a_unit_shows_its_parent_ancestors_and_child_count(world: World) -> None:
    data = get_json(world.client_for(world.alice), f"/api/v1/units/{world.xa1.pk}/")
    assert data["parent"] == {"id": world.xa.pk, "name": "Đảng bộ xã An Hòa", "code": "XA"}
    assert data["ancestors"] == [world.province.pk, world.xa.pk]
    assert data["child_count"] == 0
    assert get_json(world.client_for(world.alice), f"/api/v1/units/{world.xa.pk}/")["child_count"] == 2


def test_members_of_a_unit_include_its_whole_subtree_and_match_without_accents(world: World) -> None:
    client = world.client_for(world.alice)
    data = get_json(client, f"/api/v1/members/?unit={world.xa.pk}")
    assert {m["full_name"] for m in data["results"]} == {"Nguyễn Văn An", "Trần Thị Bình", "Đặng Văn Dũng"}
    found = get_json(client, f"/api/v1/members/?unit={world.xa.pk}&q=tran thi binh")
    assert [m["id"] for m in found["results"]] == [world.m_xa2.pk]
    by_card = get_json(client, "/api/v1/members/?q=10000003")
    assert [m["id"] for m in by_card["results"]] == [world.m_xb1.pk]


def test_members_filter_by_status(world: World) -> None:
    make_member(world.xa1, "Võ Thị Mai", "10000010", status="probationary", full_membership_date=None)
    data = get_json(world.client_for(world.alice), "/api/v1/members/?status=probationary")
    assert [m["full_name"] for m in data["results"]] == ["Võ Thị Mai"]


def test_pagination_is_stable_and_links_the_next_page(world: World) -> None:
    for i in range(7):
        make_member(world.xb1, "Phạm Văn Cùng", f"2000000{i}")  # same name: order falls back to id
    client = world.client_for(world.charlie)
    first = get_json(client, f"/api/v1/members/?unit={world.xb.pk}&page_size=3")
    assert first["count"] == 8 and first["pages"] == 3 and first["previous"] is None
    assert first["next"].endswith(f"/api/v1/members/?unit={world.xb.pk}&page_size=3&page=2")
    seen: list[int] = []
    url: str | None = f"/api/v1/members/?unit={world.xb.pk}&page_size=3"
    while url:
        page = get_json(client, url)
        seen.extend(m["id"] for m in page["results"])
        url = page["next"]
    expected = list(
        Member.objects.filter(unit=world.xb1).order_by("name_sort", "id").values_list("id", flat=True)
    )
    assert seen == expected


@pytest.mark.parametrize("query", ["page=0", "page=abc", "page_size=201", "page_size=-1"])
def test_bad_paging_parameters_are_refused_in_vietnamese(world: World, query: str) -> None:
    data = get_json(world.client_for(world.alice), f"/api/v1/members/?{query}", status=400)
    assert data["error"]["code"] == "invalid"
    assert set(data["error"]["fields"]) <= {"page", "page_size"} and data["error"]["fields"]


def test_a_page_past_the_end_is_a_json_404(world: World) -> None:
    data = get_json(world.client_for(world.alice), "/api/v1/members/?page=9", status=404)
    assert "chỉ có 1 trang" in data["error"]["message"]


def test_an_unknown_status_or_level_is_refused(world: World) -> None:
    client = world.client_for(world.alice)
    assert "status" in get_json(client, "/api/v1/members/?status=alive", status=400)["error"]["fields"]
    assert "level" in get_json(client, "/api/v1/units/?level=planet", status=400)["error"]["fields"]


def test_reading_a_member_logs_the_read_with_the_api_channel(world: World) -> None:
    data = get_json(world.client_for(world.bob), f"/api/v1/members/{world.m_xa1.pk}/")
    assert data["date_of_birth"] == "1985-05-17" and data["card_number"] == "10000001"
    assert data["placements"][0]["unit"]["code"] == "XA1"
    log = AccessLog.objects.get(member=world.m_xa1)
    assert (log.user, log.channel, log.unit_id) == (world.bob, "api", world.xa1.pk)


def test_lists_do_not_log_personal_reads(world: World) -> None:
    get_json(world.client_for(world.alice), "/api/v1/members/")
    assert not AccessLog.objects.exists()


def test_organisation_staff_create_a_member_through_the_service(world: World) -> None:
    body = {
        "unit": world.xa2.pk,
        "full_name": "  phạm   Thị Hoa ",
        "date_of_birth": "1990-02-28",
        "sex": "female",
        "admission_date": "2015-05-19",
        "card_number": "20000001",
    }
    response = send(world.client_for(world.alice), "post", "/api/v1/members/", body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (
        data["full_name"] == "phạm Thị Hoa"
        and data["unit"]["code"] == "XA2"
        and data["status"] == "probationary"
    )
    assert response["Location"] == f"/api/v1/members/{data['id']}/"
    assert AuditEntry.objects.filter(
        action="member.create", target_id=str(data["id"]), actor=world.alice
    ).exists()


def test_a_patch_changes_only_the_given_fields_and_is_audited(world: World) -> None:
    url = f"/api/v1/members/{world.m_xa2.pk}/"
    response = send(
        world.client_for(world.alice),
        "patch",
        url,
        {"full_name": "Trần Thị Bình An", "full_membership_date": None},
    )
    assert response.status_code == 200, response.content
    world.m_xa2.refresh_from_db()
    assert world.m_xa2.full_name == "Trần Thị Bình An" and world.m_xa2.full_membership_date is None
    assert world.m_xa2.card_number == "10000002"
    entry = AuditEntry.objects.get(action="member.update")
    assert entry.changes["full_name"] == ["Trần Thị Bình", "Trần Thị Bình An"]


def test_me_tells_who_is_calling_and_their_roles(world: World) -> None:
    data = get_json(world.client_for(world.dave), "/api/v1/me/")
    assert data["username"] == "dave" and data["member_id"] == world.m_dave.pk and data["roles"] == []
    bob = get_json(world.client_for(world.bob), "/api/v1/me/")
    assert bob["roles"] == [
        {
            "role": "secretary",
            "role_label": "Bí thư / Phó Bí thư",
            "unit": {"id": world.xa1.pk, "name": "Chi bộ thôn 1", "code": "XA1"},
        }
    ]


def test_a_member_with_an_account_reads_their_own_record_only(world: World) -> None:
    client = world.client_for(world.dave)
    assert [m["id"] for m in get_json(client, "/api/v1/members/")["results"]] == [world.m_dave.pk]
    assert get_json(client, f"/api/v1/members/{world.m_dave.pk}/")["id"] == world.m_dave.pk
    get_json(client, f"/api/v1/members/{world.m_xa2.pk}/", status=404)
    assert send(client, "patch", f"/api/v1/members/{world.m_dave.pk}/", {"full_name": "X"}).status_code == 403


@pytest.mark.parametrize("size", [5, 40])
def test_list_endpoints_cost_the_same_number_of_queries_however_many_members(
    world: World, django_assert_num_queries: Any, size: int
) -> None:
    for i in range(size):
        make_member(world.xa1, f"Hoàng Văn {i}", f"3{i:07d}")
    client = world.client_for(world.alice)
    client.get("/api/v1/me/")  # warm the session
    # The same counts for 5 and 40 members; the members lists include writing their read to the log.
    with django_assert_num_queries(6):
        assert client.get("/api/v1/members/?page_size=200").status_code == 200
    with django_assert_num_queries(5):
        assert client.get("/api/v1/units/?page_size=200").status_code == 200
    with django_assert_num_queries(9):  # and the unit, checked in scope
        assert client.get(f"/api/v1/members/?unit={world.xa.pk}&q=hoang").status_code == 200
