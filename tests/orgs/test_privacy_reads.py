"""Decree 13/2023: a member sees who read their record, when and how (never the reader's address)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse

from quantriet.orgs import services
from quantriet.orgs.models import AccessLog, Role
from tests.conftest import World

READS = "/me/reads/"


def test_a_member_sees_who_read_their_record_with_role_and_unit_but_not_the_address(world: World) -> None:
    alice = world.client_for(world.alice)
    alice.get(reverse("orgs:member_detail", kwargs={"member_id": world.m_dave.pk}), REMOTE_ADDR="203.0.113.9")
    world.alice.first_name, world.alice.last_name = "Hoa", "Phạm Thị"
    world.alice.save()
    response = world.client_for(world.dave).get(READS)
    assert response.status_code == 200
    html = response.content.decode()
    rows = response.context["page"].object_list
    assert len(rows) == 1
    assert rows[0]["user"] == world.alice
    assert "Cán bộ Ban Tổ chức — Tỉnh ủy Mẫu" in html
    assert "Trang hồ sơ" in html
    assert "203.0.113.9" not in html
    assert AccessLog.objects.filter(member=world.m_dave, address="203.0.113.9").exists()


def test_own_visits_and_other_members_reads_are_not_listed(world: World) -> None:
    dave = world.client_for(world.dave)
    dave.get(reverse("orgs:me"))
    services.record_member_read(world.alice, world.m_xa2, channel="api")  # someone else's record
    response = dave.get(READS)
    assert response.context["page"].object_list == []
    assert "Chưa có ai khác xem hồ sơ của bạn." in response.content.decode()


def test_an_export_that_contained_the_member_is_listed(world: World) -> None:
    world.client_for(world.alice).get(reverse("orgs:members_export"), {"unit": world.xa.pk})
    rows = world.client_for(world.dave).get(READS).context["page"].object_list
    assert [r["channel"] for r in rows] == ["Xuất tệp"]


def test_an_account_without_a_record_gets_the_explanation(world: World) -> None:
    response = world.client_for(world.eve).get(READS)
    assert response.status_code == 200
    assert "chưa gắn với hồ sơ đảng viên" in response.content.decode()


def test_the_page_is_linked_from_the_members_own_record(world: World) -> None:
    html = world.client_for(world.dave).get(reverse("orgs:me")).content.decode()
    assert f'href="{READS}"' in html and "Ai đã xem hồ sơ của tôi" in html


def test_the_page_is_paginated_with_a_bounded_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    readers = [User.objects.create_user(f"doc{i}", password="x") for i in range(8)]
    for i, reader in enumerate(readers):
        services.grant_role(None, reader, world.xa if i % 2 else world.province, Role.INSPECTION)
    for _round in range(8):
        services.record_member_read(readers[_round % 8], [world.m_dave] * 8, channel="page")
    dave = world.client_for(world.dave)
    dave.get(READS)  # the session is warm
    with django_assert_max_num_queries(10):
        first = dave.get(READS)
    page = first.context["page"]
    assert page.paginator.count == 64 and len(page.object_list) == 50
    assert {len(r["roles"]) for r in page.object_list} == {1}
    with django_assert_max_num_queries(10):
        second = dave.get(READS, {"page": 2})
    assert len(second.context["page"].object_list) == 14
