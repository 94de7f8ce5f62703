"""Decree 13/2023: lists, boards and exports of personal data are logged — who, which view, scope, rows."""

from __future__ import annotations

from django.urls import reverse

from quantriet.orgs.models import BulkAccessLog
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
