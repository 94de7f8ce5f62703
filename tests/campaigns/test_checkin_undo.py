"""Reversing a wrong tap (issue 11): a check-in or a make-up mark is reversed with a reason, never deleted;
every count of present people leaves it out, and the delegate can be checked in again."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client

from quantriet.campaigns import selectors, services
from quantriet.campaigns.models import CheckIn, Delegate, MakeUpAttendance
from quantriet.orgs.models import AuditEntry
from tests.campaigns.conftest import HELD_ON, Clock, Setup, local

pytestmark = pytest.mark.usefixtures("clock")

REASON_MISSING = "Hãy ghi lý do hủy"


def scan(client: Client, point_id: int, code: str) -> Any:
    body = {"code": code, "client_id": str(uuid.uuid4()), "method": "scan"}
    return client.post(
        f"/campaigns/points/{point_id}/check-in.json", json.dumps(body), content_type="application/json"
    )


def reverse(client: Client, check_in: CheckIn, reason: str, **extra: str) -> Any:
    return client.post(
        f"/campaigns/check-ins/{check_in.pk}/reverse/", {"reason": reason, **extra}, follow=True
    )


def checked_in(setup: Setup, delegate: Delegate) -> CheckIn:
    eve = setup.world.client_for(setup.world.eve)
    assert scan(eve, setup.point_xa.pk, delegate.code).status_code == 201
    return CheckIn.objects.get(delegate=delegate, reversed_at=None)


def test_desk_staff_reverse_a_wrong_tap_on_the_day_and_the_fact_stays_audited(setup: Setup) -> None:
    an, binh = setup.invite(setup.point_xa, setup.world.m_xa1, setup.world.m_xa2)
    wrong = checked_in(setup, an)
    eve = setup.world.client_for(setup.world.eve)
    page = reverse(eve, wrong, "  Bấm nhầm   người ", back="desk").content.decode()
    assert "Đã hủy lượt điểm danh của Nguyễn Văn An" in page
    wrong.refresh_from_db()  # the row stays, with who, when and why
    assert wrong.reversed_at is not None and wrong.reversed_by == setup.world.eve
    assert wrong.reversal_reason == "Bấm nhầm người"
    entry = AuditEntry.objects.get(action="checkin.reverse")
    assert "Nguyễn Văn An" in entry.summary and "Bấm nhầm người" in entry.summary
    # Back on the desk: An waits in the name list again, and the counter says nobody is here.
    assert f'data-delegate="{an.pk}"' in page and "Có mặt 0/2 đại biểu được mời" in page
    # The desk's queue sending the first check-in again is told it was reversed, not "recorded".
    replay = json.dumps({"code": an.code, "client_id": str(wrong.client_id), "method": "scan"})
    answer = eve.post(
        f"/campaigns/points/{setup.point_xa.pk}/check-in.json", replay, content_type="application/json"
    )
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "reversed"
    assert "đã bị hủy (Bấm nhầm người)" in answer.json()["error"]["message"]
    # A reversed check-in can be checked in again; only the new one counts.
    again = scan(eve, setup.point_xa.pk, an.code)
    assert again.status_code == 201 and again.json()["point_present"] == 1
    assert CheckIn.objects.filter(delegate=an).count() == 2
    assert selectors.point_board(setup.point_xa).total.present == 1
    # Reversing the old one twice says so.
    assert "đã được hủy trước đó" in reverse(eve, wrong, "Lần nữa").content.decode()
    assert AuditEntry.objects.filter(action="checkin.reverse").count() == 1
    assert binh.check_ins.count() == 0


def test_a_reversal_without_a_reason_is_refused_in_vietnamese_and_nothing_changes(setup: Setup) -> None:
    (an,) = setup.invite(setup.point_xa, setup.world.m_xa1)
    wrong = checked_in(setup, an)
    eve = setup.world.client_for(setup.world.eve)
    for blank in ("", "   ", "\t"):
        page = reverse(eve, wrong, blank).content.decode()
        assert REASON_MISSING in page and "lượt điểm danh chưa được hủy" in page
    wrong.refresh_from_db()
    assert wrong.reversed_at is None and not AuditEntry.objects.filter(action="checkin.reverse").exists()


def test_after_the_conference_day_only_the_organisers_reverse(setup: Setup, clock: Clock) -> None:
    (an,) = setup.invite(setup.point_xa, setup.world.m_xa1)
    wrong = checked_in(setup, an)
    clock.set(local(HELD_ON + dt.timedelta(days=1), 9))
    eve = setup.world.client_for(setup.world.eve)
    assert eve.post(f"/campaigns/check-ins/{wrong.pk}/reverse/", {"reason": "Nhầm"}).status_code == 403
    listing = eve.get(f"/campaigns/points/{setup.point_xa.pk}/check-ins/").content.decode()
    assert "Nguyễn Văn An" in listing and "Hủy lượt này" not in listing
    alice = setup.world.client_for(setup.world.alice)  # the province's organisation staff: the organiser
    listing = alice.get(f"/campaigns/points/{setup.point_xa.pk}/check-ins/").content.decode()
    assert "Hủy lượt này" in listing
    page = reverse(alice, wrong, "Đại biểu báo vắng, bàn điểm danh ghi nhầm").content.decode()
    assert "Đã hủy" in page and "Đại biểu báo vắng, bàn điểm danh ghi nhầm" in page
    wrong.refresh_from_db()
    assert wrong.reversed_by == setup.world.alice
    # Someone who cannot see the point is told nothing exists.
    charlie = setup.world.client_for(setup.world.charlie)
    assert charlie.post(f"/campaigns/check-ins/{wrong.pk}/reverse/", {"reason": "x"}).status_code == 404
    assert charlie.get(f"/campaigns/points/{setup.point_xa.pk}/check-ins/").status_code == 404


def test_a_reversed_check_in_counts_nowhere(setup: Setup, clock: Clock) -> None:
    an, dung = setup.invite(setup.point_xa, setup.world.m_xa1, setup.world.m_dave)
    wrong = checked_in(setup, dung)
    checked_in(setup, an)
    services.reverse_check_in(None, wrong, reason="Bấm nhầm")
    # Live boards: the point's and the conference's.
    assert selectors.point_board(setup.point_xa).total.present == 1
    board = selectors.conference_board(setup.conference)
    assert board.total.present == 1 and [
        t.present for t in board.by_point if t.label == "Điểm cầu xã An Hòa"
    ] == [1]
    # After the day: the attendance report (board, xlsx and DOCX figures), the absentees, my invitations.
    clock.set(local(HELD_ON + dt.timedelta(days=1), 9))
    figures = selectors.campaign_attendance(setup.campaign)
    assert (figures.total.present, figures.total.absent) == (1, 1)
    absences = setup.world.client_for(setup.world.eve).get(f"/campaigns/points/{setup.point_xa.pk}/absences/")
    assert "Đặng Văn Dũng" in absences.content.decode() and "Nguyễn Văn An" not in absences.content.decode()
    mine = setup.world.client_for(setup.world.dave).get("/campaigns/my/").content.decode()
    assert '<span class="badge">Đã điểm danh</span>' not in mine and "Chưa điểm danh" in mine
    # A reason for the absence can now be recorded.
    services.record_absence(None, dung, reason="Ốm")
    assert selectors.campaign_attendance(setup.campaign).total.excused == 1


def test_a_make_up_mark_is_reversed_by_the_desk_on_its_day_and_can_be_taken_again(
    setup: Setup, clock: Clock
) -> None:
    (binh,) = setup.invite(setup.point_xa, setup.world.m_xa2)
    session = services.create_makeup_session(None, setup.point_xa, held_on=dt.date(2025, 9, 20))
    clock.set(local(dt.date(2025, 9, 20), 8))
    eve = setup.world.client_for(setup.world.eve)
    eve.post(f"/campaigns/makeup/{session.pk}/", {"delegate": binh.pk})
    mark = MakeUpAttendance.objects.get()
    page = eve.get(f"/campaigns/makeup/{session.pk}/").content.decode()
    assert "Hủy lượt học bù" in page
    empty = eve.post(f"/campaigns/makeup/{session.pk}/", {"action": "reverse", "mark": mark.pk, "reason": ""})
    assert REASON_MISSING in eve.get(empty["Location"]).content.decode()
    response = eve.post(
        f"/campaigns/makeup/{session.pk}/",
        {"action": "reverse", "mark": mark.pk, "reason": "Ghi nhầm người"},
        follow=True,
    )
    assert "Đã hủy lượt học bù của Trần Thị Bình" in response.content.decode()
    mark.refresh_from_db()
    assert mark.reversed_at is not None and mark.reversal_reason == "Ghi nhầm người"
    assert AuditEntry.objects.filter(action="makeup.reverse").count() == 1
    assert selectors.campaign_attendance(setup.campaign).total.made_up == 0
    eve.post(f"/campaigns/makeup/{session.pk}/", {"delegate": binh.pk})  # marked again
    assert MakeUpAttendance.objects.filter(delegate=binh).count() == 2
    assert selectors.campaign_attendance(setup.campaign).total.made_up == 1
    # The next day the desk no longer may; the organisers still do.
    clock.set(local(dt.date(2025, 9, 21), 8))
    eve = setup.world.client_for(setup.world.eve)  # a fresh sign-in: the session idles out overnight
    second = MakeUpAttendance.objects.get(delegate=binh, reversed_at=None)
    body = {"action": "reverse", "mark": second.pk, "reason": "Nhầm"}
    assert eve.post(f"/campaigns/makeup/{session.pk}/", body).status_code == 403
    alice = setup.world.client_for(setup.world.alice)
    alice.post(f"/campaigns/makeup/{session.pk}/", body)
    assert selectors.campaign_attendance(setup.campaign).total.made_up == 0


def test_the_check_in_list_costs_the_same_queries_however_many_rows(
    setup: Setup, django_assert_num_queries: Any
) -> None:
    an, binh = setup.invite(setup.point_xa, setup.world.m_xa1, setup.world.m_xa2)
    eve = setup.world.client_for(setup.world.eve)
    url = f"/campaigns/points/{setup.point_xa.pk}/check-ins/"
    services.reverse_check_in(None, checked_in(setup, an), reason="Nhầm")
    eve.get(url)  # sessions and caches warmed
    with django_assert_num_queries(QUERIES):
        assert eve.get(url).status_code == 200
    checked_in(setup, an)
    checked_in(setup, binh)
    with django_assert_num_queries(QUERIES):
        page = eve.get(url).content.decode()
    assert page.count("<tr") == 4 and page.count("Đã hủy") == 1


# Session, user, roles (desk and organiser checks), the point, the rows, their units' paths, the audit
# of the read.
QUERIES = 8


def test_a_member_whose_check_in_was_reversed_is_shown_the_conference_again(setup: Setup) -> None:
    (dung,) = setup.invite(setup.point_xa, setup.world.m_dave)
    wrong = checked_in(setup, dung)
    dave = setup.world.client_for(setup.world.dave)
    assert f"#inv-{dung.pk}" not in dave.get("/campaigns/").content.decode()
    services.reverse_check_in(None, wrong, reason="Nhầm người")
    assert f"#inv-{dung.pk}" in dave.get("/campaigns/").content.decode()
    assert dung.code_display in dave.get("/campaigns/my/").content.decode()  # the QR code is back


def test_an_invitation_with_a_reversed_check_in_stays_on_the_list(setup: Setup) -> None:
    (an,) = setup.invite(setup.point_xa, setup.world.m_xa1)
    services.reverse_check_in(None, checked_in(setup, an), reason="Nhầm")
    alice = setup.world.client_for(setup.world.alice)
    page = alice.post(f"/campaigns/points/{setup.point_xa.pk}/delegates/{an.pk}/remove/", follow=True)
    assert "có lượt điểm danh đã hủy" in page.content.decode()
    assert Delegate.objects.filter(pk=an.pk).exists()
