"""Decree 13/2023: lists, boards and exports of personal data are logged — who, which view, scope, rows."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.cache import cache
from django.urls import reverse

from quantriet.campaigns import services as campaign_services
from quantriet.documents import services as document_services
from quantriet.orgs.models import BulkAccessLog
from tests.campaigns.builders import point_of_new_conference
from tests.conftest import World


def logged() -> list[tuple[str, str, int | None, int, str]]:
    return [
        (row.user.get_username() if row.user else "", row.what, row.unit_id, row.rows, row.detail)
        for row in BulkAccessLog.objects.order_by("id")
    ]


def test_the_members_list_logs_who_looked_at_which_scope_and_how_many_rows(world: World) -> None:
    alice = world.client_for(world.alice)
    alice.get(reverse("orgs:member_list"), {"unit": world.xa.pk})
    alice.get(reverse("orgs:member_list"), {"unit": world.xa.pk, "q": "tran thi"})
    assert logged() == [
        ("alice", "members.list", world.xa.pk, 3, ""),
        ("alice", "members.list", world.xa.pk, 1, "tran thi"),
    ]


def test_the_members_export_logs_the_rows_written(world: World) -> None:
    response = world.client_for(world.alice).get(reverse("orgs:members_export"), {"unit": world.province.pk})
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert logged() == [("alice", "members.export", world.province.pk, 4, "")]


def test_a_refused_list_or_export_logs_nothing(world: World) -> None:
    charlie = world.client_for(world.charlie)
    assert charlie.get(reverse("orgs:member_list"), {"unit": world.xa.pk}).status_code == 404
    assert charlie.get(reverse("orgs:members_export"), {"unit": world.xa.pk}).status_code == 404
    assert logged() == []


def _point_with_delegates(world: World, held_on: dt.date | None = dt.date(2025, 9, 10)) -> Any:
    public = document_services.create_document(
        None, doc_type="Nghị quyết", symbol="35-NQ/TW", issued_on=dt.date(2018, 10, 22), is_public=True
    )
    point = point_of_new_conference(
        organiser=world.xa,
        document=public,
        host_unit=world.xa2,
        title="Hội nghị",
        held_on=held_on,
        starts_at=dt.time(0, 0) if held_on is None else dt.time(7, 30),
    )
    campaign_services.invite_members(None, point, [world.m_xa2, world.m_dave])
    return point


def test_campaign_delegate_lists_boards_and_reports_are_logged(world: World) -> None:
    point = _point_with_delegates(world)
    conference, campaign = point.conference, point.conference.campaign
    alice = world.client_for(world.alice)
    for url in (
        f"/campaigns/points/{point.pk}/",
        f"/campaigns/points/{point.pk}/invitations/",
        f"/campaigns/points/{point.pk}/board/",
        f"/campaigns/conferences/{conference.pk}/board/",
        f"/campaigns/{campaign.pk}/report.xlsx",
        f"/campaigns/{campaign.pk}/report.docx",
    ):
        assert alice.get(url).status_code == 200, url
    assert logged() == [
        ("alice", "campaigns.point", world.xa2.pk, 2, ""),
        ("alice", "campaigns.invitations", world.xa2.pk, 2, ""),
        ("alice", "campaigns.board", world.xa2.pk, 2, ""),
        ("alice", "campaigns.board", world.xa.pk, 2, ""),
        ("alice", "campaigns.report.xlsx", world.xa.pk, 2, ""),
        ("alice", "campaigns.report.docx", world.xa.pk, 2, ""),
    ]
    assert world.client_for(world.charlie).get(f"/campaigns/points/{point.pk}/board/").status_code == 404
    assert len(logged()) == 6


def test_the_units_audit_page_lists_the_logged_lists_of_its_subtree_only(world: World) -> None:
    world.client_for(world.alice).get(reverse("orgs:member_list"), {"unit": world.xa2.pk})
    world.client_for(world.charlie).get(reverse("orgs:member_list"), {"unit": world.xb.pk})
    audit = reverse("orgs:unit_audit", kwargs={"unit_id": world.xa.pk})
    response = world.client_for(world.alice).get(audit, {"log": "lists"})
    rows = response.context["page"].object_list
    assert [(r.user, r.what, r.unit, r.rows) for r in rows] == [(world.alice, "members.list", world.xa2, 2)]
    assert "Chi bộ thôn 2" in response.content.decode()
    exports = world.client_for(world.alice).get(audit, {"log": "lists", "action": "members.export"})
    assert list(exports.context["page"].object_list) == []


def test_the_api_members_list_is_logged_like_the_page(world: World) -> None:
    client = world.client_for(world.alice)
    response = client.get("/api/v1/members/", {"unit": world.xa.pk, "q": "tran thi"})
    assert response.status_code == 200
    assert logged() == [("alice", "api.members", world.xa.pk, len(response.json()["results"]), "tran thi")]
    assert client.get("/api/v1/members/", {"unit": world.xb1.pk + 10_000}).status_code == 404
    assert len(logged()) == 1


def test_the_check_in_desk_and_the_absences_page_log_their_lists_of_names(world: World) -> None:
    point = _point_with_delegates(world, held_on=None)  # today: the desk takes check-ins
    campaign_services.check_in_delegate(
        None, point, point.delegates.get(member=world.m_xa2), client_id=uuid.uuid4(), method="name"
    )
    cache.clear()
    alice = world.client_for(world.alice)
    desk = f"/campaigns/points/{point.pk}/check-in/"
    for url in (desk, desk, f"/campaigns/points/{point.pk}/absences/"):
        assert alice.get(url).status_code == 200, url
    # The desk reloads after each check-in: like the boards, one row per reader and scope per while.
    assert logged() == [
        ("alice", "campaigns.check_in", world.xa2.pk, 1, ""),
        ("alice", "campaigns.absences", world.xa2.pk, 1, ""),
    ]
    assert world.client_for(world.charlie).get(f"/campaigns/points/{point.pk}/absences/").status_code == 404
    assert world.client_for(world.charlie).get(desk).status_code == 404
    assert len(logged()) == 2


def test_the_audit_page_offers_the_desk_and_the_absences_as_lists(world: World) -> None:
    audit = reverse("orgs:unit_audit", kwargs={"unit_id": world.xa.pk})
    choices = dict(world.client_for(world.alice).get(audit, {"log": "lists"}).context["choices"])
    assert {"campaigns.check_in", "campaigns.absences"} <= set(choices)
