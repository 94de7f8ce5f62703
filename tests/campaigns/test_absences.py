"""Absences with reasons and make-up sessions: the four attendance counts on the board."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from quantriet.campaigns import selectors, services
from quantriet.campaigns.models import Absence, MakeUpAttendance, MakeUpSession
from quantriet.orgs.models import AuditEntry
from tests.campaigns.conftest import HELD_ON, Clock, Setup, local

# The server's clock stands in the conference's check-in window unless a test moves it.
pytestmark = pytest.mark.usefixtures("clock")


def test_staff_record_a_reason_and_check_an_absentee_in_at_a_make_up_session(
    setup: Setup, clock: Clock
) -> None:
    world = setup.world
    an, binh, dung = setup.invite(setup.point_xa, world.m_xa1, world.m_xa2, world.m_dave)
    services.check_in_delegate(None, setup.point_xa, an, client_id=uuid.uuid4(), method="name")
    client = world.client_for(world.eve)  # office staff of XA: the point's staff
    url = f"/campaigns/points/{setup.point_xa.pk}/absences/"
    page = client.get(url).content.decode()
    assert "Trần Thị Bình" in page and "Nguyễn Văn An" not in page  # An came
    response = client.post(url, {"action": "absence", "delegate": binh.pk, "reason": "  Đi công tác  "})
    assert response.status_code == 302
    assert Absence.objects.get(delegate=binh).reason == "Đi công tác"
    assert AuditEntry.objects.filter(action="delegate.absence").count() == 1
    response = client.post(url, {"action": "makeup", "held_on": "20/09/2025", "place": "Nhà văn hóa"})
    session = MakeUpSession.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/campaigns/makeup/{session.pk}/"
    clock.set(local(dt.date(2025, 9, 20), 8))  # the make-up session's day
    client = world.client_for(world.eve)
    response = client.post(f"/campaigns/makeup/{session.pk}/", {"delegate": binh.pk})
    assert response.status_code == 302
    assert MakeUpAttendance.objects.filter(session=session, delegate=binh).exists()
    counts = selectors.attendance(setup.conference.delegates.all())
    assert (counts.total.invited, counts.total.present, counts.total.made_up) == (3, 1, 1)
    assert (counts.total.excused, counts.total.absent, counts.total.percent) == (0, 1, 67)
    assert dung.check_ins.count() == 0


def test_the_board_shows_present_made_up_excused_and_absent(setup: Setup, clock: Clock) -> None:
    world = setup.world
    an, binh, dung = setup.invite(setup.point_xa, world.m_xa1, world.m_xa2, world.m_dave)
    (cuong,) = setup.invite(setup.point_xb, world.m_xb1)
    services.check_in_delegate(None, setup.point_xa, an, client_id=uuid.uuid4(), method="name")
    services.record_absence(None, binh, reason="Ốm")
    services.record_absence(None, dung, reason="")  # no reason given
    session = services.create_makeup_session(None, setup.point_xb, held_on=dt.date(2025, 9, 15))
    clock.set(local(dt.date(2025, 9, 15), 8))  # the make-up session's day; the board shows the totals
    services.makeup_check_in(None, session, cuong)
    html = world.client_for(world.alice).get(f"/campaigns/conferences/{setup.conference.pk}/board/")
    text = html.content.decode()
    table = text.split('class="grid responsive attendance"')[1].split("</table>")[0]
    assert "<td>Điểm cầu xã An Hòa</td>" in table.replace(' data-label="Điểm cầu"', "")
    totals = [cell for cell in table.split("<tfoot>")[1].split("<td")[1:]]
    values = [cell.split(">")[1].split("<")[0] for cell in totals]
    assert values == ["4", "1", "1", "1", "1", "50"]


def test_an_absence_is_refused_for_someone_present_and_a_make_up_before_the_conference(setup: Setup) -> None:
    world = setup.world
    (an,) = setup.invite(setup.point_xa, world.m_xa1)
    services.check_in_delegate(None, setup.point_xa, an, client_id=uuid.uuid4(), method="name")
    client = world.client_for(world.eve)
    url = f"/campaigns/points/{setup.point_xa.pk}/absences/"
    response = client.post(url, {"action": "absence", "delegate": an.pk, "reason": "Ốm"}, follow=True)
    assert "đã điểm danh có mặt tại hội nghị nên không ghi vắng được" in response.content.decode()
    assert not Absence.objects.exists()
    before = HELD_ON - dt.timedelta(days=1)
    response = client.post(url, {"action": "makeup", "held_on": before.strftime("%d/%m/%Y")})
    assert response.status_code == 400
    assert "Ngày học bù (09/09/2025) đứng trước ngày hội nghị (10/09/2025)" in response.content.decode()
    assert not MakeUpSession.objects.exists()


def test_present_delegates_and_repeat_make_ups_are_refused(setup: Setup, clock: Clock) -> None:
    world = setup.world
    an, binh = setup.invite(setup.point_xa, world.m_xa1, world.m_xa2)
    services.check_in_delegate(None, setup.point_xa, an, client_id=uuid.uuid4(), method="name")
    first = services.create_makeup_session(None, setup.point_xa, held_on=dt.date(2025, 9, 15))
    second = services.create_makeup_session(None, setup.point_xa, held_on=dt.date(2025, 9, 16))
    clock.set(local(dt.date(2025, 9, 15), 8))
    client = world.client_for(world.eve)
    response = client.post(f"/campaigns/makeup/{first.pk}/", {"delegate": an.pk}, follow=True)
    assert "đã có mặt tại hội nghị, không cần học bù" in response.content.decode()
    client.post(f"/campaigns/makeup/{first.pk}/", {"delegate": binh.pk})
    clock.set(local(dt.date(2025, 9, 16), 8))
    client = world.client_for(world.eve)
    response = client.post(f"/campaigns/makeup/{second.pk}/", {"delegate": binh.pk}, follow=True)
    assert "đã được điểm danh ở một buổi học bù" in response.content.decode()
    assert list(MakeUpAttendance.objects.values_list("session_id", "delegate_id")) == [(first.pk, binh.pk)]


def test_staff_of_another_point_cannot_reach_this_point_absences(setup: Setup) -> None:
    world = setup.world
    (binh,) = setup.invite(setup.point_xa, world.m_xa2)
    session = services.create_makeup_session(None, setup.point_xa, held_on=dt.date(2025, 9, 15))
    client = world.client_for(world.charlie)  # staff of XB's point
    assert client.get(f"/campaigns/points/{setup.point_xa.pk}/absences/").status_code == 404
    response = client.post(
        f"/campaigns/points/{setup.point_xa.pk}/absences/",
        {"action": "absence", "delegate": binh.pk, "reason": "x"},
    )
    assert response.status_code == 404
    assert client.post(f"/campaigns/makeup/{session.pk}/", {"delegate": binh.pk}).status_code == 404
    # A delegate of another point cannot be slipped into this point's form either.
    (cuong,) = setup.invite(setup.point_xb, world.m_xb1)
    response = world.client_for(world.eve).post(
        f"/campaigns/points/{setup.point_xa.pk}/absences/", {"action": "absence", "delegate": cuong.pk}
    )
    assert response.status_code == 404
    assert not Absence.objects.exists() and not MakeUpAttendance.objects.exists()
