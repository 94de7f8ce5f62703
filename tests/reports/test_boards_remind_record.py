"""Reminders from the board, and a member's record of campaigns, through HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from quantriet.core.notifications.models import Notification
from quantriet.orgs import services
from quantriet.orgs.models import AccessLog, AuditEntry, Role
from quantriet.reports.models import LearningReport
from tests.conftest import make_member
from tests.reports.conftest import Reports
from tests.reports.test_boards_pages import every_state


def remind_url(reports: Reports) -> str:
    return f"/reports/campaigns/{reports.campaign.pk}/board/remind/"


def test_a_reminder_reaches_those_who_owe_their_report_and_is_recorded(
    reports: Reports, django_capture_on_commit_callbacks: Any
) -> None:
    world = reports.world
    # Dave (XA2, account) owes his report; Bình (XA2) has no account; An (XA1) is outside the unit.
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for(world.alice).post(remind_url(reports), {"unit": str(world.xa2.pk)})
    assert response.status_code == 302
    assert response["Location"] == f"/reports/campaigns/{reports.campaign.pk}/board/?unit={world.xa2.pk}"
    told = Notification.objects.filter(kind="reports.reminder")
    assert [n.recipient_id for n in told] == [world.dave.pk]
    assert told[0].url == "/reports/mine/" or told[0].url.startswith("/reports/")
    entry = AuditEntry.objects.get(action="reports.remind")
    assert entry.unit_id == world.xa2.pk
    assert entry.changes["told"] == 1 and entry.changes["owed"] == 2


def test_a_reminder_skips_those_who_handed_in(
    reports: Reports, django_capture_on_commit_callbacks: Any
) -> None:
    every_state(reports)
    world = reports.world
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for(world.alice).post(remind_url(reports), {"unit": str(world.province.pk)})
    assert not Notification.objects.filter(kind="reports.reminder").exists()  # nobody with an account owes
    assert AuditEntry.objects.get(action="reports.remind").changes["owed"] == 2


@pytest.mark.parametrize("unit", ["xa", "xb1", "province"])
def test_only_the_units_reviewers_remind(reports: Reports, unit: str) -> None:
    world = reports.world
    response = world.client_for(world.bob).post(remind_url(reports), {"unit": str(getattr(world, unit).pk)})
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="reports.remind").exists()


@pytest.mark.parametrize("raw", ["", "abc", "²", "0", "99999"])
def test_a_bad_unit_in_a_reminder_answers_404(reports: Reports, raw: str) -> None:
    world = reports.world
    response = world.client_for(world.alice).post(remind_url(reports), {"unit": raw})
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="reports.remind").exists()


def test_a_reminder_by_get_is_refused(reports: Reports) -> None:
    world = reports.world
    assert world.client_for(world.alice).get(remind_url(reports)).status_code == 405


# --- the record ----------------------------------------------------------------------------------------


def record_url(member: Any) -> str:
    return f"/reports/members/{member.pk}/"


def test_a_member_reads_their_own_record_and_the_read_is_logged(reports: Reports) -> None:
    every_state(reports)
    world = reports.world
    response = world.client_for(world.dave).get(record_url(world.m_dave))
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row.campaign == reports.campaign
    assert row.status == "passed" and row.submitted and not row.late
    assert str(row.mark) == "8.5"
    assert "Đạt" in response.content.decode()
    assert AccessLog.objects.filter(member=world.m_dave, detail="reports.record").count() == 1


def test_the_record_shows_the_copying_decision(reports: Reports) -> None:
    every_state(reports)
    world = reports.world
    response = world.client_for(world.alice).get(record_url(reports.m_fiona))
    [row] = response.context["rows"]
    assert (row.status, row.decision) == ("copied", "copied")
    assert "Kết luận có sao chép" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "whose"), [("dave", "m_xa2"), ("bob", "m_xa2"), ("charlie", "m_dave"), ("eve", "m_dave")]
)
def test_a_record_out_of_reach_answers_404(reports: Reports, who: str, whose: str) -> None:
    world = reports.world
    member = getattr(world, whose)
    response = world.client_for(getattr(world, who)).get(record_url(member))
    assert response.status_code == 404
    assert not AccessLog.objects.filter(member=member).exists()


def test_the_record_reads_in_a_fixed_number_of_queries(
    reports: Reports, django_assert_num_queries: Any
) -> None:
    every_state(reports)
    world = reports.world
    client = world.client_for(world.alice)
    client.get(record_url(world.m_dave))
    with django_assert_num_queries(10):
        client.get(record_url(world.m_dave))


def test_a_member_never_asked_has_an_empty_record(reports: Reports) -> None:
    world = reports.world
    newcomer = make_member(world.xa1, "Vũ Văn Mới", "10000009")
    assert not LearningReport.objects.filter(member=newcomer).exists()
    response = world.client_for(world.alice).get(record_url(newcomer))
    assert response.status_code == 200 and response.context["rows"] == []


def test_office_staff_see_the_board_but_remind_nobody(reports: Reports) -> None:
    world = reports.world
    services.grant_role(None, world.eve, world.province, Role.OFFICE)  # VIEW_CAMPAIGNS, not REVIEW_REPORTS
    client = world.client_for(world.eve)
    board = client.get(f"/reports/campaigns/{reports.campaign.pk}/board/?unit={world.xa2.pk}")
    assert board.status_code == 200 and not board.context["may_remind"]
    assert "board/remind/" not in board.content.decode()
    assert client.post(remind_url(reports), {"unit": str(world.xa2.pk)}).status_code == 404
    assert (
        world.client_for(world.alice)
        .get(f"/reports/campaigns/{reports.campaign.pk}/board/?unit={world.xa2.pk}")
        .context["may_remind"]
    )
