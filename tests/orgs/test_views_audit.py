"""The audit pages of a subtree: changes and reads of personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from quantriet.orgs import services
from quantriet.orgs.models import AuditEntry, Unit
from tests.conftest import World, make_member


def audit_url(unit: Unit) -> str:
    return reverse("orgs:unit_audit", kwargs={"unit_id": unit.pk})


def summaries(response: Any) -> list[str]:
    return [row.summary for row in response.context["page"].object_list]


def test_changes_of_the_subtree_are_listed_newest_first(world: World) -> None:
    services.rename_unit(world.alice, world.xa2, "Chi bộ thôn Hai", date=dt.date(2025, 7, 1))
    response = world.client_for(world.alice).get(audit_url(world.xa))
    assert response.status_code == 200
    found = summaries(response)
    assert found[0] == "Đổi tên Chi bộ thôn 2 thành Chi bộ thôn Hai"
    assert "Thêm đảng viên Nguyễn Văn An" in found
    assert not any("Lê Hoàng Cường" in s or "Chi bộ thôn 3" in s for s in found)  # the sibling commune's
    expected = AuditEntry.objects.filter(unit__in=[world.xa, world.xa1, world.xa2]).count()
    assert len(found) == expected


def test_filtering_by_action(world: World) -> None:
    response = world.client_for(world.alice).get(audit_url(world.xa), {"action": "member.create"})
    assert sorted(summaries(response)) == [
        "Thêm đảng viên Nguyễn Văn An",
        "Thêm đảng viên Trần Thị Bình",
        "Thêm đảng viên Đặng Văn Dũng",
    ]


def test_reads_of_personal_pages_are_listed(world: World) -> None:
    world.client_for(world.bob).get(reverse("orgs:member_detail", kwargs={"member_id": world.m_xa1.pk}))
    world.client_for(world.charlie).get(reverse("orgs:member_detail", kwargs={"member_id": world.m_xb1.pk}))
    response = world.client_for(world.alice).get(audit_url(world.xa), {"log": "reads"})
    rows = response.context["page"].object_list
    assert [(r.user, r.member, r.channel) for r in rows] == [(world.bob, world.m_xa1, "page")]
    assert "Nguyễn Văn An" in response.content.decode()
    assert response.context["page"].paginator.count == 1
    empty = world.client_for(world.alice).get(audit_url(world.xa), {"log": "reads", "action": "export"})
    assert list(empty.context["page"].object_list) == []


def test_the_audit_page_is_refused_outside_ones_rights(world: World) -> None:
    assert world.client_for(world.charlie).get(audit_url(world.xa)).status_code == 404
    assert world.client_for(world.bob).get(audit_url(world.xa2)).status_code == 404
    assert (
        world.client_for(world.bob).get(audit_url(world.xa1)).status_code == 403
    )  # a secretary has no audit right
    response = Client().get(audit_url(world.xa))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_audit_page_makes_a_bounded_number_of_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for i in range(30):
        make_member(world.xa1, f"Phan Văn Số {i:02d}", f"5{i:07d}")
        services.record_member_read(world.alice, world.m_xa1, channel="page")
    alice = world.client_for(world.alice)
    with django_assert_max_num_queries(12):
        changes = alice.get(audit_url(world.xa))
    with django_assert_max_num_queries(12):
        reads = alice.get(audit_url(world.xa), {"log": "reads"})
    expected = AuditEntry.objects.filter(unit__in=[world.xa, world.xa1, world.xa2]).count()
    assert expected > 30 and len(changes.context["page"].object_list) == expected
    assert len(reads.context["page"].object_list) == 30
